"""Printed date shapes that the parsers misread, rewritten into shapes they read right.

Kept apart from ``dates`` (the parsing itself): each rule here is a plain text rewrite of
one shape seen on real sites, applied before any parser sees the text.
"""

from __future__ import annotations

import re

# "17.07, 2011": the "d.m, Y" date format of some WordPress themes; both parsers give up on
# the comma between day.month and the year.
_DAY_MONTH_COMMA_YEAR = re.compile(r"^(\d{1,2})\.(\d{1,2}),\s*(\d{4})\b")
# "07.08.09": dateparser resolves a two-digit year against its relative base, so the
# two-base probe in ``dates`` read "09" as 1909. Written out with strptime's %y pivot
# (69-99 -> 19xx, 00-68 -> 20xx), the same on every machine and every day.
_DOTTED_SHORT_YEAR = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")


# "9. Dezember 2013 at 14:57": WordPress prints "%1$s at %2$s" with its own connector
# word, and a partly translated theme mixes languages; dateparser reads one language at a
# time. The connector between a year and a time says nothing: it goes.
_AT = r"at|um|à|a las|alle|om|às|o|kl\.?"  # the word before a time: "at 14:57", "um 9:05"
_YEAR_CONNECTOR_TIME = re.compile(
    rf"(?<=\d{{4}}),?\s+(?:{_AT}|klo)\s+(?=\d{{1,2}}[:.h]\d{{2}}\b)", re.I)
# "22:38", "um 22:38 Uhr", "10:15 pm": a time of day with no date at all.
_BARE_TIME = re.compile(
    rf"^(?:(?:{_AT})\s+)?(\d{{1,2}})[:.h](\d{{2}})"
    r"(?:\s*(?:uhr|h))?(?:\s*([ap])\.?\s?m\.?)?$", re.I)


def bare_time(text: str) -> tuple[int, int] | None:
    """(hour, minute) of a text that is a time of day and nothing else, else None."""
    m = _BARE_TIME.match(text)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2])
    if m[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[3].lower() == "p" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def _full_year(m: re.Match) -> str:
    year = int(m[3])
    return f"{m[1]}.{m[2]}.{1900 + year if year >= 69 else 2000 + year}"


def rewrite(text: str) -> str:
    """`text` (whitespace already collapsed) with the known misread shapes rewritten."""
    text = _DAY_MONTH_COMMA_YEAR.sub(r"\1.\2.\3", text)
    text = _YEAR_CONNECTOR_TIME.sub(" ", text)
    return _DOTTED_SHORT_YEAR.sub(_full_year, text)
