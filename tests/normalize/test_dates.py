"""parse_date: what users see in the archive's published columns."""

from __future__ import annotations

import time

import pytest

from archiver.normalize.dates import date_fields, parse_date

FETCHED = "2024-03-10T12:00:00Z"  # a Sunday, noon UTC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01T10:15:30+01:00", "2024-03-01T09:15:30Z"),
        ("2024-03-01T10:15:30.123456-05:00", "2024-03-01T15:15:30Z"),
        ("2024-03-01T10:15:30Z", "2024-03-01T10:15:30Z"),
        ("2024-03-01T10:15:30+0100", "2024-03-01T09:15:30Z"),
        ("2024-03-01 23:30:00+00:00", "2024-03-01T23:30:00Z"),
        ("Fri, 01 Mar 2024 10:15:00 +0100", "2024-03-01T09:15:00Z"),
        ("March 1, 2024 10:15 EST", "2024-03-01T15:15:00Z"),
        ("1. März 2024 10:15 MEZ", "2024-03-01T09:15:00Z"),
    ],
)
def test_times_with_an_offset_become_utc_and_say_the_zone_was_given(raw, expected):
    result = parse_date(raw, tz="America/Los_Angeles", languages=["de", "en"])
    assert result == {"value": expected, "raw": raw, "zone": "given", "approximate": False,
                      "unparsed": False}


@pytest.mark.parametrize(
    ("raw", "tz", "languages", "expected"),
    [
        ("March 1, 2024 at 10:15 am", "America/New_York", None, "2024-03-01T15:15:00Z"),
        ("March 1, 2024 at 10:15 pm", "America/New_York", None, "2024-03-02T03:15:00Z"),
        ("2024-03-01 10:15", "Europe/Berlin", None, "2024-03-01T09:15:00Z"),
        ("2024-03-01T10:15:00", "Europe/Berlin", None, "2024-03-01T09:15:00Z"),
        ("01.03.2024 10:15", "Europe/Berlin", ["de"], "2024-03-01T09:15:00Z"),
        ("01.03.2024 10:15", "Europe/Berlin", None, "2024-03-01T09:15:00Z"),
        ("1 mars 2024 à 10 h 15", "Europe/Paris", ["fr"], "2024-03-01T09:15:00Z"),
        ("1. März 2024 um 10:15 Uhr", "Europe/Berlin", ["de"], "2024-03-01T09:15:00Z"),
        ("1 de marzo de 2024 10:15", "Europe/Madrid", ["es"], "2024-03-01T09:15:00Z"),
        ("Posted on March 1, 2024 at 10:15 am", "UTC", None, "2024-03-01T10:15:00Z"),
        ("July 4, 2024 9:00 am", "America/New_York", None, "2024-07-04T13:00:00Z"),
    ],
)
def test_naive_times_are_read_in_the_site_time_zone(raw, tz, languages, expected):
    result = parse_date(raw, tz=tz, tz_source="profile", languages=languages)
    assert (result["value"], result["zone"]) == (expected, "assumed")
    assert not result["approximate"] and not result["unparsed"]


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        # Europe/Berlin springs forward 2024-03-31 02:00 -> 03:00.
        ("2024-03-31 01:59", "Europe/Berlin", "2024-03-31T00:59:00Z"),
        ("2024-03-31 03:00", "Europe/Berlin", "2024-03-31T01:00:00Z"),
        # 02:30 does not exist; fold=0 reads it with the offset before the jump (+01:00).
        ("2024-03-31 02:30", "Europe/Berlin", "2024-03-31T01:30:00Z"),
        # Falls back 2024-10-27 03:00 -> 02:00: 02:30 happens twice; fold=0 = the first (+02:00).
        ("2024-10-27 02:30", "Europe/Berlin", "2024-10-27T00:30:00Z"),
        ("2024-10-27 03:30", "Europe/Berlin", "2024-10-27T02:30:00Z"),
        # America/New_York: spring forward 2024-03-10 02:00, fall back 2024-11-03 02:00.
        ("March 10, 2024 1:30 am", "America/New_York", "2024-03-10T06:30:00Z"),
        ("March 10, 2024 3:30 am", "America/New_York", "2024-03-10T07:30:00Z"),
        ("March 10, 2024 2:30 am", "America/New_York", "2024-03-10T07:30:00Z"),
        ("November 3, 2024 1:30 am", "America/New_York", "2024-11-03T05:30:00Z"),
        ("November 3, 2024 2:30 am", "America/New_York", "2024-11-03T07:30:00Z"),
    ],
)
def test_daylight_saving_edges_resolve_deterministically(raw, tz, expected):
    assert parse_date(raw, tz=tz)["value"] == expected


@pytest.mark.parametrize(
    ("raw", "languages", "expected"),
    [
        ("2024-03-01", None, "2024-03-01"),
        ("March 1, 2024", None, "2024-03-01"),
        ("1 March 2024", None, "2024-03-01"),
        ("Friday, March 1, 2024", None, "2024-03-01"),
        ("1. März 2024", ["de"], "2024-03-01"),
        ("1er mars 2024", ["fr"], "2024-03-01"),
        ("01.03.2024", ["de"], "2024-03-01"),
        ("2024/03/01", None, "2024-03-01"),
    ],
)
def test_date_only_input_gives_a_date_without_an_invented_midnight(raw, languages, expected):
    result = parse_date(raw, tz="Pacific/Auckland", languages=languages)
    assert result == {"value": expected, "raw": raw, "zone": None, "approximate": False,
                      "unparsed": False}


@pytest.mark.parametrize(
    ("languages", "expected"),
    [
        (None, "2024-03-04"),
        (["en"], "2024-03-04"),
        (["en-US"], "2024-03-04"),
        (["en-GB"], "2024-04-03"),
        (["de"], "2024-04-03"),
        (["fr-FR"], "2024-04-03"),
    ],
)
def test_ambiguous_numeric_dates_follow_the_site_language(languages, expected):
    assert parse_date("03/04/2024", languages=languages)["value"] == expected


def test_unambiguous_numeric_dates_ignore_the_language_order():
    assert parse_date("13/04/2024", languages=["en"])["value"] == "2024-04-13"
    assert parse_date("04/13/2024", languages=["de"])["value"] == "2024-04-13"


@pytest.mark.parametrize(
    ("raw", "languages", "expected"),
    [
        ("3 hours ago", ["en"], "2024-03-10T09:00:00Z"),
        ("an hour ago", ["en"], "2024-03-10T11:00:00Z"),
        ("5 minutes ago", None, "2024-03-10T11:55:00Z"),
        ("just now", ["en"], "2024-03-10T12:00:00Z"),
        ("vor 3 Stunden", ["de"], "2024-03-10T09:00:00Z"),
        ("3 Stunden her", ["de"], "2024-03-10T09:00:00Z"),
        ("il y a 5 minutes", ["fr"], "2024-03-10T11:55:00Z"),
        ("hace 3 horas", ["es"], "2024-03-10T09:00:00Z"),
        ("3 ore fa", ["it"], "2024-03-10T09:00:00Z"),
        ("3 uur geleden", ["nl"], "2024-03-10T09:00:00Z"),
        ("3 часа назад", ["ru"], "2024-03-10T09:00:00Z"),
        ("há 2 horas", ["pt"], "2024-03-10T10:00:00Z"),
    ],
)
def test_hour_granular_relative_dates_become_approximate_instants(raw, languages, expected):
    result = parse_date(raw, tz="Europe/Berlin", fetched_at=FETCHED, languages=languages)
    assert result["value"] == expected
    assert result["approximate"] is True and result["unparsed"] is False


@pytest.mark.parametrize(
    ("raw", "languages", "expected"),
    [
        ("yesterday", ["en"], "2024-03-09"),
        ("today", ["en"], "2024-03-10"),
        ("2 days ago", ["en"], "2024-03-08"),
        ("last week", ["en"], "2024-03-03"),
        ("gestern", ["de"], "2024-03-09"),
        ("vor 2 Tagen", ["de"], "2024-03-08"),
        ("2 Wochen her", ["de"], "2024-02-25"),
        ("1 Monat her", ["de"], "2024-02-10"),
        ("il y a 2 jours", ["fr"], "2024-03-08"),
        ("hier", ["fr"], "2024-03-09"),
        ("hace 2 días", ["es"], "2024-03-08"),
        ("ieri", ["it"], "2024-03-09"),
        ("2 dagen geleden", ["nl"], "2024-03-08"),
        ("2 дня назад", ["ru"], "2024-03-08"),
        ("2 days ago", None, "2024-03-08"),
        ("il y a 2 jours", None, "2024-03-08"),
    ],
)
def test_day_granular_relative_dates_become_approximate_dates(raw, languages, expected):
    result = parse_date(raw, tz="UTC", fetched_at=FETCHED, languages=languages)
    assert result == {"value": expected, "raw": raw, "zone": None, "approximate": True,
                      "unparsed": False}


def test_yesterday_is_the_sites_yesterday_not_utcs():
    # 02:00 UTC on March 10 is still the evening of March 9 in New York.
    early = "2024-03-10T02:00:00Z"
    assert parse_date("yesterday", tz="America/New_York", fetched_at=early)["value"] == (
        "2024-03-08")
    assert parse_date("yesterday", tz="UTC", fetched_at=early)["value"] == "2024-03-09"


def test_relative_hours_are_counted_in_real_time_across_a_dst_jump():
    # New York jumped from 02:00 to 03:00 at 07:00 UTC; 3 hours before 08:30 UTC is 05:30 UTC.
    result = parse_date("3 hours ago", tz="America/New_York",
                        fetched_at="2024-03-10T08:30:00Z", languages=["en"])
    assert result["value"] == "2024-03-10T05:30:00Z"


def test_relative_day_with_a_clock_time_is_read_in_the_site_zone():
    result = parse_date("gestern um 10:15", tz="Europe/Berlin", fetched_at=FETCHED,
                        languages=["de"])
    assert result["value"] == "2024-03-09T09:15:00Z"
    assert result["zone"] == "assumed" and result["approximate"] is True


def test_a_date_without_a_year_takes_the_most_recent_past_year():
    result = parse_date("December 24", fetched_at=FETCHED, languages=["en"])
    assert result["value"] == "2023-12-24" and result["approximate"] is True


def test_relative_date_without_a_fetch_time_is_kept_unparsed():
    result = parse_date("3 hours ago", languages=["en"])
    assert result["value"] is None and result["unparsed"] is True
    assert result["raw"] == "3 hours ago"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1700000000", "2023-11-14T22:13:20Z"),
        (1700000000, "2023-11-14T22:13:20Z"),
        ("1700000000123", "2023-11-14T22:13:20Z"),
        (1700000000123, "2023-11-14T22:13:20Z"),
        (1700000000.5, "2023-11-14T22:13:20Z"),
    ],
)
def test_epoch_seconds_and_milliseconds_are_instants(raw, expected):
    result = parse_date(raw)
    assert result["value"] == expected and result["zone"] == "given"
    assert result["raw"] == raw


@pytest.mark.parametrize(
    "raw",
    ["sometime last spring", "garbage", "Reply", "12", "March 2024", "2024-02-30",
     "!!!", "42", 7, "2024-13-01T10:00:00Z", object()],
)
def test_unreadable_dates_keep_their_raw_text_and_are_flagged(raw):
    result = parse_date(raw, fetched_at=FETCHED)
    assert result["value"] is None and result["unparsed"] is True
    assert result["raw"] is raw and result["approximate"] is False


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_missing_dates_are_not_parse_failures(raw):
    assert parse_date(raw) == {"value": None, "raw": raw, "zone": None, "approximate": False,
                               "unparsed": False}


def test_bad_time_zone_names_and_fetch_times_do_not_raise():
    assert parse_date("2024-03-01 10:00", tz="Not/AZone")["value"] == "2024-03-01T10:00:00Z"
    assert parse_date("3 hours ago", fetched_at="not a time")["unparsed"] is True
    assert parse_date("2024-03-01", languages=["xx", 3, None])["value"] == "2024-03-01"


def test_iso_strings_parse_in_microseconds():
    parse_date("2024-03-01T10:15:30+01:00")
    n = 2000
    start = time.perf_counter()
    for _ in range(n):
        parse_date("2024-03-01T10:15:30+01:00")
        parse_date("2024-03-01")
    per_call = (time.perf_counter() - start) / (2 * n)
    assert per_call < 50e-6, f"{per_call * 1e6:.1f} µs per ISO parse"


def test_date_fields_flattens_a_result_under_one_prefix():
    result = parse_date("yesterday", fetched_at=FETCHED, languages=["en"])
    assert date_fields("published", result) == {
        "published": "2024-03-09",
        "published_raw": "yesterday",
        "published_zone": None,
        "published_approximate": True,
        "published_unparsed": False,
    }
    assert date_fields("modified", parse_date(None))["modified_unparsed"] is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 March 2024 10:00 GMT+2", "2024-03-01T08:00:00Z"),
        ("1 March 2024 10:00 UTC-5", "2024-03-01T15:00:00Z"),
        ("1 March 2024 10:00 GMT+02:00", "2024-03-01T08:00:00Z"),
        ("1 March 2024 10:00 GMT", "2024-03-01T10:00:00Z"),
    ],
)
def test_gmt_and_utc_offsets_mean_ahead_of_or_behind_utc(raw, expected):
    result = parse_date(raw, tz="Europe/Berlin")
    assert (result["value"], result["zone"]) == (expected, "given")
