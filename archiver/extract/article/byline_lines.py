"""Bylines printed on a short meta line with no byline markup, read when byline.authors
found none:

- an author archive link (/author/, /autor/, /auteur/, ...) on a "NAME / DATE / TIME" line
  near the headline, before it (as news CMSs print it above the headline) or after it;
- a "Von NAME am DATE | N Meinungen" / "By NAME on DATE" line in an entry's meta or
  footer block after the text, however far below the headline it is.

Both are the conventions' byline: a short standalone line that names the writer and
dates the post. A lead word or an author link inside a sentence of the body is not one
(lines.is_meta_line), and the line must carry a date, which a sentence naming someone
seldom does on a line this short.
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.article import byline, structured
from archiver.extract.article import selectors as sel
from archiver.extract.article.context import PageContext, following, preceding
from archiver.extract.article.lines import MAX_META_LINE, block_of, line_holding
from archiver.extract.text import classes, collapse, inline_text
from archiver.normalize.authors import clean_name

_AFTER, _BEFORE = 40, 60  # elements scanned after and before the headline for an archive link
_FOOTER_SCAN = 600  # elements after the headline in which an entry footer is looked for
# The parts of a meta line: "Ann Berg / 22.04.2020 / 06:15 | Foto: Agentur".
_PARTS = re.compile(r"\s+[/|·•–—]\s+|\s*[|·•]\s*|,\s+")
# Class or id words of an entry's meta or footer block (asset-meta, entry-footer, postinfo).
_META_BLOCK = re.compile(r"meta|footer|info|posted|details", re.I)


def _dated(line: str) -> bool:
    return sel.PRINTED_DATE.search(line) is not None


def _archive_link_name(ctx: PageContext, link: etree._Element, site: set[str]
                       ) -> list[dict]:
    """The person an author archive link names, when it stands as one part of a short
    dated meta line."""
    href = (link.get("href") or "").strip()
    if not sel.AUTHOR_HREF.search(href) or ctx.walled(link) or ctx.in_comment_markup(link):
        return []
    name = clean_name(inline_text(link))
    if not byline.plausible_name(name, site):
        return []
    line = line_holding(link, inline_text(link))
    if not line or len(line) > MAX_META_LINE or not _dated(line):
        return []
    if name not in (collapse(p) for p in _PARTS.split(line)):
        return []  # the name inside a sentence ("Wie Ann Berg schrieb, ... am 3. Mai 2020")
    ctx.memo["byline_line"] = block_of(link)
    return [{"name": name, "url": structured.join(ctx.url, href)}]


def archive_link_line(ctx: PageContext, anchor: etree._Element | None, site: set[str]
                      ) -> list[dict]:
    """An author archive link on a "NAME / DATE" line near the headline."""
    if anchor is None:
        return []
    for elements, limit, after in ((following(anchor), _AFTER, True),
                                   (preceding(anchor), _BEFORE, False)):
        for count, el in enumerate(elements):
            # The comments follow the post; before its headline a wall is at most a
            # comment-count link on the meta line itself ("✉ 150").
            if count > limit or (after and el in ctx.walls):
                break
            if el.tag == "a":
                names = _archive_link_name(ctx, el, site)
                if names:
                    return names
    return []


def _meta_block(el: etree._Element) -> bool:
    words = " ".join(filter(None, (el.get("class"), el.get("id"))))
    return bool(words) and _META_BLOCK.search(words) is not None \
        and not classes(el) & {"comment-meta", "commentmetadata"}


def entry_footer_line(ctx: PageContext, anchor: etree._Element | None, site: set[str]
                      ) -> list[dict]:
    """A "Von NAME am DATE" line in an entry's meta or footer block after the headline,
    up to the comments or the next post's headline."""
    if anchor is None:
        return []
    for count, el in enumerate(following(anchor)):
        if count > _FOOTER_SCAN or el in ctx.walls:
            break
        if el.tag == anchor.tag and el is not anchor:
            break  # the next post of a listing
        if not _meta_block(el) or ctx.walled(el) or ctx.in_comment_markup(el):
            continue
        text = el.text or ""
        line = line_holding(el, text) if text.strip() else None
        if not line or len(line) > MAX_META_LINE or not _dated(line):
            continue
        if not sel.BY_LEAD.match(line):
            continue
        names = byline.by_word_name(ctx, el, site)
        if names:
            ctx.memo["byline_line"] = el
            return names
    return []


def authors(ctx: PageContext, anchor: etree._Element | None, site: set[str]) -> list[dict]:
    """[{"name", "url"}] from a printed meta line, or []."""
    return archive_link_line(ctx, anchor, site) or entry_footer_line(ctx, anchor, site)
