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


def _full_year(m: re.Match) -> str:
    year = int(m[3])
    return f"{m[1]}.{m[2]}.{1900 + year if year >= 69 else 2000 + year}"


def rewrite(text: str) -> str:
    """`text` (whitespace already collapsed) with the known misread shapes rewritten."""
    text = _DAY_MONTH_COMMA_YEAR.sub(r"\1.\2.\3", text)
    return _DOTTED_SHORT_YEAR.sub(_full_year, text)
