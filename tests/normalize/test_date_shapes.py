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
