"""A name printed beside the article's own date on one meta line, split from it by a bar
or a dot: "24. März 2004, 19:49 | Genesis", "Malte Welding | 29.07.2006 um 14:26",
"15. Dezember 2017 · Pamela".

Old CMS templates and hand-made themes print the byline so, with no class, rel or lead
word for the byline reader to go by. The evidence is the date: one side of the bar must
read as the day the page was published, the other as a person's name, and the line must
sit in the article itself (between its headline and the end of its text's container),
never in the comments or a sidebar. Read only when no other byline was found.
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.article import byline
from archiver.extract.article.context import PageContext
from archiver.extract.article.lines import own_lines
from archiver.extract.text import SKIP_TAGS
from archiver.normalize.dates import parse_date

_MAX_LINE = 90
# The marks themes print between a meta line's date and name: a bar, a middle dot, a bullet.
_SEPARATOR = re.compile(r"\s*[|·•]\s*")


def _day(text: str, languages: list[str] | None) -> str | None:
    value = parse_date(text, languages=languages).get("value")
    return value[:10] if value else None


def _scope(heading: etree._Element, container: etree._Element | None
           ) -> etree._Element | None:
    """The smallest element holding both the headline and the text's container (the
    headline's parent when no container was found), never the whole page."""
    if container is None:
        container = heading.getparent()
        if container is None:
            return None
    inside = {id(a) for a in container.iterancestors()} | {id(container)}
    for el in (heading, *heading.iterancestors()):
        if id(el) in inside:
            return el if el.tag not in ("body", "html") else None
    return None


def author(ctx: PageContext, heading: etree._Element | None,
           container: etree._Element | None, published_raw: str | None,
           site: set[str], language: str | None) -> list[dict]:
    """[{"name", "url"}] for the one "DATE | NAME" (or "NAME | DATE") line of the article
    whose date is its published day, or []."""
    if heading is None or not published_raw:
        return []
    scope = _scope(heading, container)
    languages = [language] if language else None
    published = _day(published_raw, languages)
    if scope is None or published is None:
        return []
    found = []
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or ctx.walled(el):
            continue
        for line in own_lines(el):
            parts = [p.strip() for p in _SEPARATOR.split(line)]
            if len(line) > _MAX_LINE or len(parts) != 2:
                continue
            for date_part, name_part in (parts, parts[::-1]):
                if (byline.plausible_name(name_part, site)
                        and _day(date_part, languages) == published):
                    found.append(name_part)
    names = list(dict.fromkeys(found))
    return [{"name": names[0], "url": None}] if len(names) == 1 else []
