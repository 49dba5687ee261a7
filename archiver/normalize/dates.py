"""Turn the date strings printed by commentary sites into sortable UTC values.

`parse_date` never raises. Its result keeps the raw text next to the parsed value and says
how much to trust it:

- ``zone``: "given" when the text carried an offset or zone name, "assumed" when a naive
  time was read in the site's time zone, None for date-only values (and for failures).
- ``approximate``: the value depends on when the page was fetched ("3 hours ago",
  "yesterday", "March 1" without a year).
- ``unparsed``: there was text but nothing trustworthy could be read from it.

Order of attempts, cheapest first: ISO 8601 (the large majority: JSON-LD, ``<time
datetime>``, APIs), epoch seconds/milliseconds, python-dateutil for English and numeric
forms, then dateparser for relative and non-English expressions.

Ambiguous numeric dates such as ``03/04/2024``: month first when the (first) language is
English without a region or with a month-first region (US, CA, PH) or unknown; day first for
every other language or English region. Dotted dates (``01.03.2024``) are always day first:
no month-first locale writes them that way.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from archiver.normalize.date_shapes import bare_time, in_own_words
from archiver.normalize.date_shapes import rewrite as rewrite_shapes
from archiver.normalize.zones import dateutil_tz, zone_named

# Languages tried by dateparser when the site gives none. Kept short on purpose: dateparser
# tries each in turn, so every extra language costs time on every unparseable string.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "nl", "pt", "ru", "pl", "sv", "da", "nb", "fi", "cs",
)

_MONTH_FIRST_ENGLISH_REGIONS = frozenset({"", "us", "ca", "ph"})


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"\s?(?:Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$"
)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_DOTTED_DATE = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_HAS_LETTER_OR_DIGIT = re.compile(r"\w")

# Two bases far apart: a result that differs between them depends on the base, i.e. the
# expression is relative ("3 hours ago") or lacks a year ("March 1").
_PROBE_A = datetime(2001, 6, 15, 13, 37, 11)
_PROBE_B = datetime(2003, 9, 20, 5, 11, 43)


# No printed date is this long ("Published on Wednesday, 12 September 2024 at 10:15 am
# Central European Summer Time" is 85): longer text is page content caught by a loose
# selector, and dateparser's time grows with length (46,000 characters took 16 s).
MAX_DATE_CHARS = 256
# A relative or yearless date is read as one before the fetch; a reading later than this
# after it (a day, for time zones) is a misreading, not a date.
_AHEAD = timedelta(days=1)

# A web page published before the year 1000 is a placeholder (.NET's DateTime.MinValue
# 0001-01-01, zero dates) or a typo ("0224"), not a date: storing it would make it the
# archive's oldest article. It is kept raw and flagged unparsed instead.
MIN_PLAUSIBLE_YEAR = 1000


def _result(raw: Any, value: str | None = None, zone: str | None = None,
            approximate: bool = False, unparsed: bool = False) -> dict:
    if value is not None and value[:4].isdigit() and int(value[:4]) < MIN_PLAUSIBLE_YEAR:
        value, zone, approximate, unparsed = None, None, False, True
    return {"value": value, "raw": raw, "zone": zone, "approximate": approximate,
            "unparsed": unparsed}


def format_instant(dt: datetime) -> str:
    """An aware datetime as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (sub-seconds dropped).

    Always four year digits (``0999-...``), so that instants sort as text; strftime's
    ``%Y`` writes year 999 as ``999`` on glibc.
    """
    return dt.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def utc_now() -> str:
    """The current instant as the archive writes every instant (see format_instant)."""
    return format_instant(datetime.now(UTC))


def given_offset(raw: Any) -> str | None:
    """The UTC offset an ISO 8601 instant is written in ("2014-11-20T21:57:15+02:00" ->
    "+02:00"), a zone name `parse_date` reads; None when it names none or is not ISO."""
    if not isinstance(raw, str) or not _ISO_DATETIME.match(raw.strip()):
        return None
    try:
        offset = datetime.fromisoformat(raw.strip().replace("z", "Z")).utcoffset()
    except ValueError:
        return None
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _localize(naive: datetime, tz: str | None) -> datetime:
    # fold=0: an ambiguous wall time (autumn) is the first occurrence; a nonexistent one
    # (spring gap) takes the offset in force before the jump. zoneinfo does both.
    return naive.replace(tzinfo=zone_named(tz), fold=0)


_INVALID = {"value": None, "zone": None}  # ISO-shaped but impossible: do not guess further


def _parse_iso(text: str, tz: str | None) -> dict | None:
    """None when `text` is not ISO-shaped; `_INVALID` when it is but names no real time."""
    m = _ISO_DATE.match(text)
    if m:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return _INVALID
        return {"value": d.isoformat(), "zone": None}
    if not _ISO_DATETIME.match(text):
        return None
    cleaned = text.replace(",", ".").replace(" UTC", "Z").replace("UTC", "Z")
    if cleaned.endswith("z"):
        cleaned = cleaned[:-1] + "Z"
    try:
        dt = datetime.fromisoformat(cleaned)
    except ValueError:
        return _INVALID
    if dt.tzinfo is None:
        return {"value": format_instant(_localize(dt, tz)), "zone": "assumed"}
    return {"value": format_instant(dt), "zone": "given"}


def _parse_epoch(value: int | float | str) -> str | None:
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    # 1e8 s is 1973, 1e11 s is year 5138: beyond that the number must be milliseconds.
    if 1e11 <= n < 1e14:
        n /= 1000
    elif not 1e8 <= n < 1e11:
        return None
    try:
        return format_instant(datetime.fromtimestamp(n, UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _normalize_languages(languages: Any) -> tuple[str, ...]:
    """Primary subtags known to dateparser, in the given order, English appended."""
    known = _known_languages()
    if isinstance(languages, str):
        languages = [languages]
    out: list[str] = []
    for lang in languages or ():
        if not isinstance(lang, str) or not lang.strip():
            continue
        code = lang.strip().replace("_", "-").split("-")[0].lower()
        if code in known and code not in out:
            out.append(code)
    if not out:
        return DEFAULT_LANGUAGES
    if "en" not in out:
        # Widgets and themes are often left in English on non-English sites.
        out.append("en")
    return tuple(out)


@lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    from dateparser.data.languages_info import language_order

    return frozenset(language_order)


def _month_first(languages: Any) -> bool:
    if isinstance(languages, str):
        languages = [languages]
    first = next((lang for lang in languages or () if isinstance(lang, str) and lang), None)
    if first is None:
        return True
    parts = first.replace("_", "-").lower().split("-")
    if parts[0] != "en":
        return False
    region = parts[1] if len(parts) > 1 else ""
    return region in _MONTH_FIRST_ENGLISH_REGIONS


_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)


def _parse_dateutil(text: str, tz: str | None, dayfirst: bool) -> dict | None:
    from dateutil import parser as du

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = du.parse(text, default=_DEFAULT_A, dayfirst=dayfirst, tzinfos=dateutil_tz)
            b = du.parse(text, default=_DEFAULT_B, dayfirst=dayfirst, tzinfos=dateutil_tz)
    except (ValueError, OverflowError, TypeError):
        return None
    # Fields that differ between the two defaults were not in the text.
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # no full date: let dateparser try (it knows "March 1" needs a base)
    if a.hour != b.hour:
        return {"value": a.date().isoformat(), "zone": None}  # date only: no midnight
    if a.tzinfo is None:
        return {"value": format_instant(_localize(a, tz)), "zone": "assumed"}
    return {"value": format_instant(a), "zone": "given"}


@lru_cache(maxsize=256)
def _date_parser(languages: tuple[str, ...], base: datetime) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(languages),
        try_previous_locales=False,
        use_given_order=True,
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "TIMEZONE": "UTC",
            # No "timestamp" (we handle epochs) and no "no-spaces-time" (slow, greedy).
            "PARSERS": ["relative-time", "absolute-time"],
        },
    )


def _dateparser(text: str, languages: tuple[str, ...], base: datetime) -> tuple[datetime, str]:
    """(datetime, period) or raise ValueError."""
    data = _date_parser(languages, base).get_date_data(text)
    if data is None or data.date_obj is None:
        raise ValueError(text)
    return data.date_obj, data.period or "day"


def _parse_dateparser(text: str, tz: str | None, fetched: datetime | None,
                      languages: tuple[str, ...]) -> dict | None:
    try:
        a, period = _dateparser(text, languages, _PROBE_A)
        b, _ = _dateparser(text, languages, _PROBE_B)
    except ValueError:
        return None
    if a == b:
        # Absolute: only a full date or date+time counts ("March 2024" is not a date).
        if period not in ("day", "time"):
            return None
        if period == "day":
            return {"value": a.date().isoformat(), "zone": None}
        if a.tzinfo is not None:
            return {"value": format_instant(a), "zone": "given"}
        return {"value": format_instant(_localize(a, tz)), "zone": "assumed"}

    if fetched is None:
        return None  # relative, and nothing to resolve it against
    carried = a.time() == _PROBE_A.time() and b.time() == _PROBE_B.time()
    if period in ("month", "year") and not carried:
        return None  # "March", "12": a month or year name, not a relative expression
    if period == "time" and (a - _PROBE_A) == (b - _PROBE_B):
        # A pure duration ("3 hours ago"): subtract it from the real instant, which stays
        # correct across DST changes.
        delta = a - _PROBE_A
        return {"value": format_instant(fetched + delta), "zone": "given", "approximate": True}
    # Anchored on the site's calendar ("yesterday", "gestern um 10:15", "March 1").
    zone = zone_named(tz)
    base_local = fetched.astimezone(zone).replace(tzinfo=None)
    try:
        local, period = _dateparser(text, languages, base_local)
    except ValueError:
        return None
    if period == "time":
        instant = local if local.tzinfo is not None else _localize(local, tz)
        if instant > fetched + _AHEAD:
            return None  # dateparser's reading of "12.05." weeks after the fetch: not a date
        return {"value": format_instant(instant), "zone": "given" if local.tzinfo else
                "assumed", "approximate": True}
    if local.date() > (fetched + _AHEAD).date():
        return None
    return {"value": local.date().isoformat(), "zone": None, "approximate": True}


def _parse_fetched_at(fetched_at: Any) -> datetime | None:
    if isinstance(fetched_at, datetime):
        return fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    if not isinstance(fetched_at, str) or not fetched_at.strip():
        return None
    text = fetched_at.strip().replace("z", "Z")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def parse_date(raw: Any, *, tz: str | None = "UTC", tz_source: str = "default",
               fetched_at: str | None = None, languages: list[str] | None = None) -> dict:
    """Parse a printed date into ``{"value", "raw", "zone", "approximate", "unparsed"}``.

    `tz` (IANA name) reads naive times; `fetched_at` (UTC ISO) resolves relative dates;
    `languages` (e.g. ``["de"]``) guides non-English words and numeric day/month order.
    `tz_source` is accepted for symmetry with the site record; it does not change parsing.
    """
    del tz_source  # the zone flag says "assumed" either way; the site record says why
    try:
        return _parse_date(raw, tz=tz, fetched_at=fetched_at, languages=languages)
    except Exception:  # a parser bug must never lose the raw text or stop a crawl
        return _result(raw, unparsed=True)


def _parse_date(raw: Any, *, tz: str | None, fetched_at: Any, languages: Any) -> dict:
    if raw is None or isinstance(raw, bool):
        return _result(raw)
    if isinstance(raw, int | float):
        value = _parse_epoch(raw)
        return _result(raw, value, "given" if value else None, unparsed=value is None)
    if not isinstance(raw, str):
        return _result(raw, unparsed=True)
    text = raw.strip()
    if not text:
        return _result(raw)
    if len(text) > MAX_DATE_CHARS:
        return _result(raw, unparsed=True)

    # Fast path: most inputs are ISO 8601 from markup or APIs.
    iso = _parse_iso(text, tz)
    if iso is not None:
        return _result(raw, iso["value"], iso["zone"], unparsed=iso["value"] is None)
    if _EPOCH.match(text):
        value = _parse_epoch(text)
        if value is not None:
            return _result(raw, value, "given")
    if not _HAS_LETTER_OR_DIGIT.search(text):
        return _result(raw, unparsed=True)

    cleaned = rewrite_shapes(text)
    clock = bare_time(cleaned)
    if clock is not None:
        return _at_latest(raw, clock, tz, _parse_fetched_at(fetched_at))
    dayfirst = bool(_DOTTED_DATE.match(cleaned)) or not _month_first(languages)
    parsed = _parse_dateutil(cleaned, tz, dayfirst) if cleaned.isascii() else None
    if parsed is None:
        parsed = _parse_dateparser(cleaned, tz, _parse_fetched_at(fetched_at),
                                   _normalize_languages(languages))
    if parsed is None and languages:
        parsed = _foreign_ago(cleaned, tz, _parse_fetched_at(fetched_at),
                              _normalize_languages(languages))
    if parsed is None and languages:
        # A month named in another language than the page's ("15. Dezember 2017" on an
        # English page) is a date all the same.
        parsed = _parse_dateparser(cleaned, tz, _parse_fetched_at(fetched_at),
                                   _normalize_languages(None))
    if parsed is None:
        return _result(raw, unparsed=True)
    return _result(raw, parsed["value"], parsed["zone"], parsed.get("approximate", False))


def _foreign_ago(text: str, tz: str | None, fetched: datetime | None,
                 languages: tuple[str, ...]) -> dict | None:
    """"5 heures ago": the units in the page's language, "ago" in English (date_shapes)."""
    for language in languages:
        own = in_own_words(text, language)
        if own is not None:
            parsed = _parse_dateparser(own, tz, fetched, (language,))
            if parsed is not None:
                return parsed
    return None


def _at_latest(raw: str, clock: tuple[int, int], tz: str | None, fetched: datetime | None
               ) -> dict:
    """A bare time of day ("22:38"): sites print it for today's comments, so it is the
    last such time before the fetch, approximate; with no fetch time, nothing is known."""
    if fetched is None:
        return _result(raw, unparsed=True)
    zone = zone_named(tz)
    local = fetched.astimezone(zone)
    at = local.replace(hour=clock[0], minute=clock[1], second=0, microsecond=0, tzinfo=None)
    if _localize(at, tz) > fetched:
        at -= timedelta(days=1)
    return _result(raw, format_instant(_localize(at, tz)), "assumed", approximate=True)


def date_fields(prefix: str, result: dict) -> dict:
    """Flatten a `parse_date` result into the record's ``<prefix>``, ``<prefix>_raw``,
    ``<prefix>_zone``, ``<prefix>_approximate`` and ``<prefix>_unparsed`` fields."""
    return {
        prefix: result.get("value"),
        f"{prefix}_raw": result.get("raw"),
        f"{prefix}_zone": result.get("zone"),
        f"{prefix}_approximate": bool(result.get("approximate")),
        f"{prefix}_unparsed": bool(result.get("unparsed")),
    }
