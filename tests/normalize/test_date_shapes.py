"""Printed date shapes of blog themes that the parsers used to misread or not read at all."""

from __future__ import annotations

import pytest

from archiver.normalize.dates import parse_date


@pytest.mark.parametrize(("raw", "expected"), [
    # WordPress "d.m, Y" date format followed by "@ H:i" (Kubrick-era themes).
    ("17.07, 2011 @ 13:04", "2011-07-17T11:04:00Z"),
    ("18.07, 2011 @ 00:43", "2011-07-17T22:43:00Z"),
    ("3.2, 2010", "2010-02-03"),
])
def test_day_month_comma_year_dates_are_read(raw, expected):
    result = parse_date(raw, tz="Europe/Berlin", languages=["de"])
    assert (result["value"], result["unparsed"]) == (expected, False)


@pytest.mark.parametrize(("raw", "languages", "expected"), [
    # dateparser resolved the two-digit year against its probe base and said 1909.
    ("07.08.09 um 10:25", ["de"], "2009-08-07T08:25:00Z"),
    ("07.08.09", ["de"], "2009-08-07"),
    ("31.12.99 um 23:59", ["de"], "1999-12-31T22:59:00Z"),
    ("01.02.69", ["de"], "1969-02-01"),
])
def test_two_digit_years_of_dotted_dates_follow_the_strptime_pivot(raw, languages, expected):
    assert parse_date(raw, tz="Europe/Berlin", languages=languages)["value"] == expected


def test_four_digit_and_iso_dates_are_left_alone():
    assert parse_date("07.08.2009 um 10:25", tz="UTC", languages=["de"])["value"] == \
        "2009-08-07T10:25:00Z"
    assert parse_date("2011-07-17", languages=["de"])["value"] == "2011-07-17"
    # Versions and decimals that merely contain dots are not dates.
    assert parse_date("12.5, 2011 votes", languages=["en"])["value"] != "2011-05-12"


@pytest.mark.parametrize("raw, expected", [
    ("9. Dezember 2013 at 14:57", "2013-12-09T13:57:00Z"),  # WordPress "%1$s at %2$s", de
    ("22. Juli 2019 um 16:25", "2019-07-22T14:25:00Z"),
    ("12 mars 2014 à 10h15", "2014-03-12T09:15:00Z"),
])
def test_a_connector_word_between_the_year_and_the_time_does_not_hide_the_date(raw, expected):
    assert parse_date(raw, tz="Europe/Berlin", languages=["de"])["value"] == expected


@pytest.mark.parametrize("raw, expected", [
    ("22:38", "2026-11-30T21:38:00Z"),  # later in the day than the fetch: the day before
    ("9:05", "2026-12-01T08:05:00Z"),
    ("um 9:05 Uhr", "2026-12-01T08:05:00Z"),
    ("10:15 pm", "2026-11-30T21:15:00Z"),
])
def test_a_bare_time_of_day_is_its_last_occurrence_before_the_fetch(raw, expected):
    result = parse_date(raw, tz="Europe/Berlin", fetched_at="2026-12-01T10:00:00Z")
    assert (result["value"], result["approximate"]) == (expected, True)


def test_a_bare_time_of_day_without_a_fetch_time_is_kept_unparsed():
    result = parse_date("22:38", tz="Europe/Berlin")
    assert (result["value"], result["unparsed"], result["raw"]) == (None, True, "22:38")


def test_a_reading_weeks_after_the_fetch_is_no_date():
    # dateparser reads "12.05." as a clock time on a day weeks ahead: kept raw, unparsed
    result = parse_date("12.05.", tz="Europe/Berlin", languages=["de"],
                        fetched_at="2026-12-01T10:00:00Z")
    assert (result["value"], result["unparsed"], result["raw"]) == (None, True, "12.05.")


@pytest.mark.parametrize(("raw", "expected"), [
    ("27 Sep 2011 | 15:22", "2011-09-27T15:22:00Z"),  # a theme's bar between date and time
    ("23 seconds ago ( 4:28 PM)", "2026-12-01T09:59:37Z"),  # the relative part, not the clock
])
def test_separators_and_bracketed_clocks_around_a_date(raw, expected):
    assert parse_date(raw, fetched_at="2026-12-01T10:00:00Z")["value"] == expected


def test_a_fixed_offset_is_a_zone_to_read_naive_dates_in():
    assert parse_date("May 5, 2020 2:30 pm", tz="-05:30")["value"] == "2020-05-05T20:00:00Z"


@pytest.mark.parametrize(("raw", "language", "expected"), [
    ("5 heures ago", "fr", "2026-12-01T05:00:00Z"),
    ("3 Tage ago", "de", "2026-11-28"),
    ("2 settimane ago", "it", "2026-11-17"),
    ("1ヶ月 ago", "ja", "2026-11-01"),
])
def test_units_in_the_pages_language_with_ago_in_english(raw, language, expected):
    # an app that translates the units but prints "ago" in English (django-comments-dab)
    result = parse_date(raw, fetched_at="2026-12-01T10:00:00Z", languages=[language])
    assert (result["value"], result["approximate"]) == (expected, True)
