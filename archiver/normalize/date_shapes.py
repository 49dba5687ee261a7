"""Printed date shapes that the parsers misread, rewritten into shapes they read right.

Kept apart from ``dates`` (the parsing itself): each rule here is a plain text rewrite of
one shape seen on real sites, applied before any parser sees the text (``rewrite``), and
``bare_time`` tells a time of day printed without its date.
"""

from __future__ import annotations

import re

_LEADING_LABEL = re.compile(
    r"^(?:posted|published|updated|last updated|written|submitted|veröffentlicht|"
    r"aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato)"
    r"(?:\s+(?:on|at|am|le|el|il))?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
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
# "27 Sep 2011 | 15:22": a theme's separator between the date and its time.
_YEAR_BAR_TIME = re.compile(r"(?<=\d{4})\s*[|·•]\s*(?=\d{1,2}[:.h]\d{2}\b)")
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


# "5 heures ago", "1ヶ月 ago": an app that translates the units but prints "ago" in English
# (django-comments-dab's templates). dateparser reads neither half with the other; the
# language's own word order for "N units ago" reads it.
_ENGLISH_AGO = re.compile(r"^(?P<stem>.*\S)\s+ago$", re.I)
_AGO_FORMS = {
    "fr": "il y a {}", "de": "vor {}", "es": "hace {}", "it": "{} fa", "pt": "há {}",
    "nl": "{} geleden", "pl": "{} temu", "ru": "{} назад", "cs": "před {}", "sv": "för {} sedan",
    "da": "for {} siden", "nb": "for {} siden", "fi": "{} sitten", "ja": "{}前", "zh": "{}前",
}


def in_own_words(text: str, language: str) -> str | None:
    """"5 heures ago" in French's own words ("il y a 5 heures"), None when `text` is not
    "... ago" or the language has no form here."""
    match = _ENGLISH_AGO.match(text)
    form = _AGO_FORMS.get(language)
    return form.format(match["stem"]) if match and form else None


def _full_year(m: re.Match) -> str:
    year = int(m[3])
    return f"{m[1]}.{m[2]}.{1900 + year if year >= 69 else 2000 + year}"


# "GMT+2" means two hours ahead of GMT, but dateutil reads "GMT+2" POSIX-style (the sign
# inverted); dropping the GMT/UTC word leaves "+2", which it reads as people mean it.
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?=[+-]\d)")
# "Juni 19th, 2018": dateparser reads no ordinal suffix in a non-English date.
_ORDINAL_DAY = re.compile(r"(?<=\b\d)(?:st|nd|rd|th)\b|(?<=\b\d\d)(?:st|nd|rd|th)\b", re.I)
# Colloquial German "2 Wochen her" (wpDiscuz's German strings, forum software): dateparser
# knows only "vor 2 Wochen".
_GERMAN_AGO = re.compile(
    r"^(\d+)\s+(sekunden?|minuten?|stunden?|tage?n?|wochen?|monate?n?|jahre?n?)\s+her$", re.I)
# "23 seconds ago ( 4:28 PM)" (HuffPost's comments): the clock in brackets is the server's
# local time of an unknown zone, and dateparser reads it alone as today's; the relative part
# says the same instant from the fetch.
_AGO_CLOCK = re.compile(
    r"^(.+?\b(?:ago|her|temu|geleden))\s*\(\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?\s*\)?$", re.I)
# "10 h 15", "10h15" (French) -> "10:15", which dateparser understands.
_FRENCH_HOURS = re.compile(r"\b(\d{1,2})\s*h\s*(\d{2})\b")


def rewrite(text: str) -> str:
    """`text` with its whitespace collapsed, a leading "Posted on" label dropped and the
    known misread shapes rewritten: what the parsers are given."""
    text = _LEADING_LABEL.sub("", " ".join(text.split()))
    text = _DAY_MONTH_COMMA_YEAR.sub(r"\1.\2.\3", text)
    text = _YEAR_CONNECTOR_TIME.sub(" ", text)
    text = _YEAR_BAR_TIME.sub(" ", text)
    text = _DOTTED_SHORT_YEAR.sub(_full_year, text)
    text = _GMT_OFFSET.sub("", text)
    text = _ORDINAL_DAY.sub("", text)
    text = _AGO_CLOCK.sub(r"\1", text)
    text = _GERMAN_AGO.sub(r"vor \1 \2", text)
    return _FRENCH_HOURS.sub(r"\1:\2", text)
