"""The article's publication and update dates, as raw strings (parsed by normalize).

Structured data first (profile, JSON-LD, <meta>), then date markup (hAtom/microformat
classes, itemprop, RDFa, <time datetime>), then a date printed as text near an old theme's
post title, then htmldate (dates in visible text in many languages, URL paths), which reads
a copy of the page without its comment section.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.article import structured
from archiver.extract.article.body import walls_lifted
from archiver.extract.article.context import PageContext, following, preceding
from archiver.extract.article.lines import line_holding
from archiver.extract.pageindex import page_index
from archiver.extract.text import inline_text

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|^\d{9,13}$|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_META_PUBLISHED = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "date", "dc.date.issued", "dc.date", "dcterms.created",
                   "parsely-pub-date", "sailthru.date", "publish-date", "article.published")
_META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified",
                  "dcterms.modified", "last-modified")
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b.*|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b", re.I)
_MONTHISH = re.compile(r"[A-Za-zÀ-ÿ]{3,}|\d{1,2}[./-]\d{1,2}[./-]")
# Class tests on the attribute axis: they run on class attributes, not on every element.
_DATE_CLASSES = ("post-date", "postdate", "entry-date", "date", "posted-on", "meta-date")
_PRINTED_DATE = etree.XPath(
    "descendant::*/@class[" + " or ".join(
        f"contains(concat(' ', normalize-space(.), ' '), ' {c} ')" for c in _DATE_CLASSES
    ) + "]/parent::*"
)
_PRINTED_META = etree.XPath(
    "descendant::*/@class[" + " or ".join(
        f"contains(concat(' ', normalize-space(.), ' '), ' {c} ')" for c in (
            "postmetadata", "entry-meta", "post-meta")
    ) + "]/parent::* | .//small"
)
# An English date phrase inside a longer sentence ("posted on Sunday, March 15th, 2009 at
# 11:04 pm and is filed under ..."), as old WordPress themes print it.
_DATE_PHRASE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+\d{4}(?:,?\s+(?:at|@)\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?",
    re.I,
)


# "Last edited <date>", "Updated: <date>", "Zuletzt geändert am <date>": a date printed
# after an edit label is when the page was changed (wikis and some CMSs print only that),
# never when it was published.
_EDIT_LABEL = re.compile(
    r"(?:(?:last\s+)?(?:edited|modified|updated|changed|revised)(?:\s+(?:on|at))?"
    r"|zuletzt\s+(?:geändert|bearbeitet|aktualisiert)(?:\s+am)?|(?:aktualisiert|geändert)"
    r"(?:\s+am)?|mis\s+à\s+jour(?:\s+le)?|modifié(?:\s+le)?|actualizado(?:\s+el)?"
    r"|aggiornato(?:\s+il)?|zaktualizowano)\s*:?\s*$", re.I)


def edit_labelled(el: etree._Element) -> bool:
    """Whether the text printed just before `el` labels it as an edit date."""
    previous = el.getprevious()
    if previous is not None:
        before = previous.tail
    else:
        parent = el.getparent()
        before = parent.text if parent is not None else None
    return bool(before) and _EDIT_LABEL.search(before[-40:]) is not None


def _edit_dates(ctx: PageContext) -> list[etree._Element]:
    """The page's date elements that an edit label introduces (memoised per page)."""
    if "edit_dates" not in ctx.memo:
        index = page_index(ctx.tree)  # the page's class words, not one more tree scan
        printed = index.in_order(*(index.with_token("class", c) for c in _DATE_CLASSES))
        found = [el for el in (*sel.dated_times(ctx.tree), *printed) if edit_labelled(el)]
        ctx.memo["edit_dates"] = found
    return ctx.memo["edit_dates"]


def _day(value: str | None) -> str | None:
    from dateutil import parser

    try:
        return parser.parse(value or "", fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


# A class or id word that names a comment or the comments ("comment_default", "comments",
# "comment-12"), not a state of the post ("commented", "comments-open" on <body>).
_COMMENT_WORD = re.compile(r"^(?:comments?|commentlist)(?:$|[-_\d])(?!open|closed)", re.I)


def _in_comment(el: etree._Element) -> bool:
    """Inside an element whose class or id names a comment, taken by the comment extractor
    or not (a lone Contao comment_default): its date is a commenter's, never the post's."""
    for node in el.iterancestors():
        if node.tag in ("body", "html"):
            return False
        words = ((node.get("class") or "") + " " + (node.get("id") or "")).split()
        if any(_COMMENT_WORD.match(word) for word in words):
            return True
    return False


def _in_menu(el: etree._Element) -> bool:
    """Inside a <nav>: a mega-menu's teasers of other posts, each with its own date."""
    return any(True for _ in el.iterancestors("nav"))


def _from_markup(ctx: PageContext, selectors: list[sel.Selector]) -> str | None:
    for selector in selectors:
        el = ctx.first(e for e in selector(ctx.tree, ctx.present)
                       if not _in_comment(e) and not _in_menu(e))
        if el is not None and not (selectors is sel.PUBLISHED and edit_labelled(el)):
            value = structured.date_value(el)
            if value:
                return value
    return None


def _printed(ctx: PageContext, entry: etree._Element) -> str | None:
    """A date printed as text near an old theme's post title ("March 1st, 2024")."""
    for xpath in (_PRINTED_DATE, _PRINTED_META):
        for el in xpath(entry):
            if ctx.walled(el) or edit_labelled(el):
                continue
            text = inline_text(el)
            if not text:
                continue
            match = _DATE_PHRASE.search(text)
            if match:
                return match.group(0)
            if xpath is _PRINTED_DATE and len(text) <= 60 and _DATEISH.search(text) \
                    and _MONTHISH.search(text):
                return text
    return None


_SHORT = 160  # characters: a date line, not a paragraph that mentions a date
_SENTENCE = 400  # characters: the box's sentence naming the post, not a listing of posts
_AFTER, _BEFORE = 80, 20  # elements scanned around the headline


def near_headline(ctx: PageContext, anchor: etree._Element | None, prose: bool = False
                  ) -> str | None:
    """A date printed on a short line right after the headline (or just before it, as a
    Blogger date header), in any of the corpus languages' month names or in digits.

    A date inside a sentence of the body ("the bulletin of 15 April 2020") is weaker than
    any meta line: it is returned only with `prose`, once the meta lines gave nothing."""
    if anchor is None:
        return None
    if "near_headline" not in ctx.memo:
        ctx.memo["near_headline"] = _near_headline(ctx, anchor)
    standalone, in_prose = ctx.memo["near_headline"]
    return in_prose if prose else standalone


def _near_headline(ctx: PageContext, anchor: etree._Element) -> tuple[str | None, str | None]:
    in_prose = None
    for elements, limit in ((following(anchor), _AFTER), (preceding(anchor), _BEFORE)):
        for count, el in enumerate(elements):
            if count > limit or el in ctx.walls:
                break
            if ctx.walled(el):
                continue
            for part, in_tail in ((el.text, False), (el.tail, True)):
                if part and len(part) <= _SHORT:
                    match = sel.PRINTED_DATE.search(part)
                    if not match:
                        continue
                    line = line_holding(el, part, in_tail)
                    if line is None or len(line) <= _SHORT:
                        return match.group(0), in_prose
                    in_prose = in_prose or match.group(0)
    return None, in_prose


def byline_line_date(ctx: PageContext) -> str | None:
    """The date printed on the byline's own line ("Seen by Jane on November 7 2012"), when
    the byline was found away from a headline (byline.authors records the line)."""
    line = ctx.memo.get("byline_line")
    if not isinstance(line, etree._Element):
        return None
    text = inline_text(line)
    match = sel.PRINTED_DATE.search(text) if len(text) <= _SHORT else None
    return match.group(0) if match else None


def _same_page(href: str, url: str) -> bool:
    a, b = urlsplit(urljoin(url, href)), urlsplit(url)
    return (a.netloc.lower(), a.path.rstrip("/"), a.query) == (
        b.netloc.lower(), b.path.rstrip("/"), b.query)


def permalink_line_date(ctx: PageContext) -> str | None:
    """The date in a sentence about the post that starts at its own permalink: "<a
    rel="bookmark" href=POST>TITLE</a> wurde am 19. Mai 2010 um 23:03 Uhr gepostet und unter
    ... abgelegt" (a theme's "about this entry" box, away from the headline)."""
    for link in ctx.tree.iter("a"):
        # (a sidebar box is chrome to every other reader: the permalink says it is about
        # this post; only the comment section is no place for it)
        if "bookmark" not in (link.get("rel") or "").split() or any(
                node in ctx.walls for node in link.iterancestors()):
            continue
        parent = link.getparent()
        if parent is None or not _same_page(link.get("href") or "", ctx.url):
            continue
        line = inline_text(parent)
        if len(line) > _SENTENCE:
            continue
        after = line.partition(inline_text(link))[2]
        match = sel.PRINTED_DATE.search(after)
        if match:
            return match.group(0)
    return None


def htmldate_date(ctx: PageContext) -> str | None:
    """htmldate's reading of the page without its comments (YYYY-MM-DD), or None."""
    from htmldate import find_date

    try:
        with walls_lifted(ctx.tree, ctx.wall_list, noise=False) as page:
            found = find_date(page, url=ctx.url, original_date=True, extensive_search=True)
            if found and found.endswith("-01-01") and find_date(
                    page, url=ctx.url, original_date=True, extensive_search=False) != found:
                # htmldate's last resorts, a "© 2016" or a lone year, come out as 1 January:
                # a year is not a day of publication.
                return None
    except Exception:  # a third-party heuristic over hostile HTML: no date, never a failed page
        return None
    # htmldate reads the visible text: on a page that prints only "Last edited <date>" it
    # answers with that edit.
    edits = {_day(el.get("datetime") or inline_text(el)) for el in _edit_dates(ctx)}
    return None if found and found[:10] in edits else found


def markup_date(ctx: PageContext) -> str | None:
    """A publication date in the page's date markup (not on a listing)."""
    if "markup_date" in ctx.memo:
        return ctx.memo["markup_date"]
    ctx.memo["markup_date"] = value = _markup_date(ctx)
    return value


def _markup_date(ctx: PageContext) -> str | None:
    if len(ctx.entries) > 1:
        return None
    value = _from_markup(ctx, sel.PUBLISHED)
    if not value:
        el = ctx.first([t for t in sel.dated_times(ctx.tree)
                        if not edit_labelled(t) and not _in_comment(t) and not _in_menu(t)])
        value = (el.get("datetime") or "").strip() or None if el is not None else None
    return value


def published(ctx: PageContext, search: bool = True, anchor: etree._Element | None = None
              ) -> tuple[str | None, str]:
    """(the best raw publication date, where it came from). `search`: also read dates
    printed as text (htmldate), which only an article's page should get."""
    value = ctx.prof.string("published", dates=True)
    if value:
        return value, "profile"
    node = ctx.node
    value = structured.text(node.get("datePublished"))
    if value:
        return value, "json-ld"
    value = ctx.meta1(*_META_PUBLISHED)
    if value:
        return value, "meta"
    # When the item was created, not published: after any field that says published (a
    # page's JSON-LD dateCreated five hours after its article:published_time).
    value = structured.text(node.get("dateCreated"))
    if value:
        return value, "json-ld"
    entries = ctx.entries
    # On a page listing several entries, markup dates belong to the entries, not the page.
    if len(entries) > 1:
        return None, "none"
    value, source = markup_date(ctx), "markup"
    if not value and len(entries) == 1:
        value, source = _printed(ctx, entries[0]), "printed"
    if (value and _YEAR.search(value)) or not search:
        return value, source if value else "none"
    # Nothing machine-readable, or a printed date without its year ("Tuesday July 24").
    found = near_headline(ctx, anchor)
    if found:
        return found, "printed"
    found = byline_line_date(ctx) or near_headline(ctx, anchor, prose=True) or \
        permalink_line_date(ctx)
    if found:
        return found, "printed"
    found = htmldate_date(ctx)
    if found:
        return found, "htmldate"
    return value, source if value else "none"


def modified(ctx: PageContext) -> str | None:
    value = ctx.prof.string("modified", dates=True) or structured.text(
        ctx.node.get("dateModified")) or ctx.meta1(*_META_MODIFIED)
    if not value and len(ctx.entries) <= 1:
        value = _from_markup(ctx, sel.MODIFIED)
    if not value and len(ctx.entries) <= 1:
        edits = _edit_dates(ctx)  # wikis print it in the page's footer
        if edits:
            value = (edits[0].get("datetime") or "").strip() or inline_text(edits[0]) or None
    return value
