"""Time zones of printed dates: IANA names, fixed offsets, and the abbreviations sites
print next to times.

A zone is named by a string throughout (profiles, settings, the site record): an IANA name
("Europe/Berlin"), or a fixed offset ("+02:00") where only the page's own instants tell it
(``dates.given_offset``).
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

# Zone abbreviations commonly printed next to times. dateutil would otherwise map a name
# that matches the *machine's* zone to local time, which makes parsing host-dependent.
_TZ_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
    "BST": 1, "CET": 1, "MET": 1, "WEST": 1, "MEZ": 1,
    "CEST": 2, "MEST": 2, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "IST": 5 * 60 + 30,  # India, the most common reading on news sites
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    "AEST": 10, "AEDT": 11, "ACST": 9 * 60 + 30, "AWST": 8, "JST": 9, "KST": 9,
    "NZST": 12, "NZDT": 13,
}

_FIXED_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@lru_cache(maxsize=64)
def zone_named(name: str | None) -> tzinfo:
    """The IANA zone, a fixed offset ("+02:00", see `dates.given_offset`), or UTC for a missing or
    unknown name (never raise on bad profiles)."""
    if not name or name.upper() in ("UTC", "Z", "ETC/UTC"):
        return UTC
    fixed = _FIXED_OFFSET.match(name)
    if fixed:
        minutes = int(fixed[2]) * 60 + int(fixed[3])
        return timezone(timedelta(minutes=-minutes if fixed[1] == "-" else minutes))
    try:
        return ZoneInfo(name)
    except Exception:
        return UTC


def dateutil_tz(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's ``tzinfos`` callback: the zone of an offset or abbreviation it read."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    if name:
        hours = _TZ_ABBREVIATIONS.get(name.upper())
        if hours is not None:
            minutes = hours if abs(hours) > 24 else hours * 60
            return timezone(timedelta(minutes=minutes))
    return None  # unknown name: treat the time as naive (zone assumed)
