"""The article's authors: profile, JSON-LD Person, the byline near the headline, meta.

A byline is found by evidence, not by one theme's class names: an element named for an
author or byline (in the class, itemprop or rel; never one inside a comment), tried nearest
the headline first, else a "By ..." line printed right after the headline, in the words the
web's languages use (by, von, par, por, di, przez, автор, ...). Inside a byline the names are
the explicit name elements or the links; link titles ("View all posts by ..."), site and
section names, dates and roles are never names.
"""

from __future__ import annotations

import re
from itertools import chain
from urllib.parse import urlsplit

from lxml import etree

from archiver.extract.article import headline, structured
from archiver.extract.article import selectors as sel
from archiver.extract.article.byline_text import plausible_name, without_dates, without_links
from archiver.extract.article.context import PageContext, following
from archiver.extract.article.lines import is_meta_line
from archiver.extract.pageindex import page_index
from archiver.extract.text import classes, collapse, inline_text
from archiver.normalize.authors import clean_name, split_byline

# On the attribute axis: the tests run on the attributes, not on every element.
_BYLINE_CLASS = re.compile("uthor|yline|auteur|autor|submitted|posted-by")  # substrings


def _byline_markup(ctx: PageContext) -> list[etree._Element]:
    """Elements whose class names a byline or author, or whose itemprop or rel names an
    author, in document order (one pass over the page index's named elements)."""
    index = page_index(ctx.tree)
    by_class = index.searched("class", _BYLINE_CLASS)
    return [el for el, _cls, _id, itemprop, rel in index.named
            if el in by_class
            or (itemprop is not None and ("author" in itemprop or "creator" in itemprop))
            or (rel is not None and "author" in rel)]


_NOT_BYLINE = re.compile(r"comment|avatar|bio|about|related|widget|box|list|more|social|prep"
                         r"|follow|share|footer|authors-page", re.I)
_BYLINE_NAMES_XPATH = tuple((xpath, etree.XPath(xpath)) for xpath in sel.BYLINE_NAMES)
_HAS_DIGIT = re.compile(r"\d")
# "Seen by Jane", "Posted 8:11 AM by Jane": the lead word inside a byline's text.
_MID_LEAD = re.compile(r"(?:^|\s)(?:by|von|par|por|przez|автор:?|текст:)\s+(\S.*)$", re.I)
_NEAR = 40  # elements after the headline in which a printed "By ..." line is looked for
_REPEATED = 3  # different names under one byline markup: a list, not the article's byline


def _person_link(ctx: PageContext, link: etree._Element) -> bool:
    """False for links that name something other than a person: tags and categories, the
    site or a section (links up to an ancestor of this URL), another site's home page,
    this page's comments."""
    href = (link.get("href") or "").strip()
    if sel.AUTHOR_HREF.search(href):
        return True
    rel = (link.get("rel") or "").split()
    if "tag" in rel or "category" in rel or "bookmark" in rel or sel.TAG_HREF.search(href):
        return False
    if not href:
        return True
    target = structured.join(ctx.url, href) or ""
    parts = urlsplit(target)
    if parts.fragment.lower().startswith(("comment", "respond", "disqus", "reply")):
        return False
    here = urlsplit(ctx.url)
    if (parts.netloc, parts.path.rstrip("/")) == (here.netloc, here.path.rstrip("/")):
        return False  # the permalink: a date or the headline, never the author
    if parts.path.strip("/") == "" and not parts.query:
        return False
    return not headline.links_up(ctx, link)


def _names_in(ctx: PageContext, el: etree._Element, site: set[str]) -> list[dict]:
    """The people a byline element names."""
    for xpath, compiled in _BYLINE_NAMES_XPATH:
        found = compiled(el)
        if xpath == ".//a":
            found = found or ([el] if el.tag == "a" else [])
            found = [a for a in found if _person_link(ctx, a)]
            authorish = [a for a in found if sel.AUTHOR_HREF.search(a.get("href") or "")]
            found = authorish or found
        names = []
        for node in found:
            if ctx.walled(node) and node is not el and not _in_article_column(ctx, el):
                continue
            name = inline_text(node, skip=("screen-reader-text", "avatar"))
            name = clean_name(_strip_lead(name))
            link = node if node.tag == "a" else next(iter(node.iter("a")), None)
            href = (link.get("href") or "").strip() if link is not None else ""
            if plausible_name(name, site):
                names.append({"name": name, "url": structured.join(ctx.url, href)
                              if href else None})
        if names:
            return names
    undated = without_dates(el)
    skip = ("screen-reader-text", "avatar")
    # A byline wholly inside its permalink keeps its text.
    text = inline_text(without_links(undated), skip=skip) or inline_text(undated, skip=skip)
    return _printed_byline(text, site)


def _printed_byline(text: str, site: set[str], need_lead: bool = False) -> list[dict]:
    """A printed byline kept whole (normalize splits it into people) once it is known to
    name at least one person; its date and section tail cut off."""
    names = _names_from_text(text, site, need_lead)
    if not names or len(names) < len(split_byline(_after_lead(text))):
        return []  # every part of a byline names a person, or it is not a byline
    text = collapse(text)
    middle = None if sel.BY_LEAD.match(text) else _MID_LEAD.search(text)
    if middle:
        text = text[middle.start():].strip()  # "Posted 8:11 AM by Jane": from the "by"
    return [{"name": sel.BYLINE_TAIL.sub("", text).strip(" ,;:|·•-–—"), "url": None}]


def _strip_lead(text: str) -> str:
    match = sel.BY_LEAD.match(text)
    return match.group(1) if match else text


def _after_lead(text: str) -> str:
    text = collapse(text)
    match = sel.BY_LEAD.match(text) or _MID_LEAD.search(text)
    return sel.BYLINE_TAIL.sub("", match.group(1) if match else text)


def _names_from_text(text: str, site: set[str], need_lead: bool = False) -> list[str]:
    text = collapse(text)
    if need_lead and len(text) > 120:
        return []
    match = sel.BY_LEAD.match(text)
    if not match and not need_lead:
        match = _MID_LEAD.search(text)
    if match:
        text = match.group(1)
    elif need_lead or _HAS_DIGIT.search(text):
        return []
    first = text.split()[0] if text.split() else ""
    # "By noon the wind dropped": a byline names someone, a sentence goes on in lower case.
    if first[:1].islower() and len(sel.BYLINE_TAIL.sub("", text).split()) > 1:
        return []
    text = sel.BYLINE_TAIL.sub("", text).strip(" ,;:|·•-–—")
    names = [clean_name(n) for n in split_byline(text)]
    return [n for n in names if plausible_name(n, site)]


def _byline_elements(ctx: PageContext, anchor: etree._Element | None,
                     body_line: int | None = None) -> list[etree._Element]:
    found = []
    # (No _NOT_BYLINE word holds a space: the class and the id are searched apart, each
    # column of the page index in one scan.)
    index = page_index(ctx.tree)
    not_byline = index.searched("class", _NOT_BYLINE) | index.searched("id", _NOT_BYLINE)
    for el in _byline_markup(ctx):
        if el in not_byline or el.tag in ("meta", "link", "body"):
            continue
        if ctx.walled(el) and not _in_article_column(ctx, el):
            continue
        if ctx.in_comment_markup(el) or _in_page_footer(el, anchor):
            continue
        found.append(el)
    # The same byline markup naming one person after another is a list's (comments the
    # comment extractor did not take, teasers); only its instance above the body can be the
    # article's byline.
    texts: dict[tuple, set[str]] = {}
    for el in found:
        texts.setdefault((el.tag, el.get("class")), set()).add(inline_text(el))
    found = [el for el in found if len(texts[(el.tag, el.get("class"))]) < _REPEATED
             or (body_line is not None and (el.sourceline or 0) <= body_line)]
    if anchor is None or not found:
        return found
    # Source lines order the candidates around the headline without walking the tree.
    at = anchor.sourceline or 0
    around = set(anchor.iterancestors())
    after = [el for el in found if (el.sourceline or 0) >= at and el not in around]
    before = [el for el in found if (el.sourceline or 0) < at]
    return after + before[::-1]


def _in_article_column(ctx: PageContext, el: etree._Element) -> bool:
    """An hCard or rel=author byline walled only by a column of the article's own markup
    (a theme's left column named "sidebar" inside the <article>): still the article's."""
    if "author" not in (el.get("rel") or "").split() and "vcard" not in classes(el):
        return False
    for node in el.iterancestors():
        if node in ctx.walls:
            return False
        if node.tag == "article":
            return not ctx.walled(node) and not ctx.in_comment_markup(node)
    return False


def _in_page_footer(el: etree._Element, anchor: etree._Element | None) -> bool:
    """Inside the page's own <footer> (team lists, imprint), not an article's footer."""
    footer = next((a for a in el.iterancestors("footer")), None)
    if footer is None or any(True for _ in footer.iterancestors("article")):
        return False
    return anchor is None or not any(a is footer for a in anchor.iterancestors())


_LEAD_WORD = re.compile(r"(?:posted\s+|written\s+)?(?:by|von|par|por|przez|di)", re.I)


def by_word_name(ctx: PageContext, el: etree._Element, site: set[str]) -> list[dict]:
    """A printed byline in `el`'s own text or tail: "By Jane Doe", or a lead word with the
    name in the link that follows it ("Posted by <a>Jane</a>", "Seen <em>by</em> <a>...")."""
    for is_text, part in ((True, el.text), (False, el.tail)):
        if not part or not part.strip():
            continue
        stripped = part.strip()
        names = _lead_word_link(ctx, el, is_text, stripped, site) \
            or _printed_byline(_NUMERIC_DATE_FIRST.sub("", stripped), site, need_lead=True)
        # "ein Tuch von Barbour, passend dazu ...": in a sentence, not a byline (the line
        # is looked at only once the words read as a byline: it costs a walk of the block)
        if names and is_meta_line(el, stripped, in_tail=not is_text):
            return names
    return []


def _lead_word_link(ctx: PageContext, el: etree._Element, is_text: bool, stripped: str,
                    site: set[str]) -> list[dict]:
    """A lead word alone with the name in the link after it: "Posted by <a>Jane</a>"."""
    if _LEAD_WORD.fullmatch(stripped):
        if is_text and len(el):
            link = el[0]
        elif is_text and not (el.tail or "").strip():
            link = el.getnext()  # the lead word set apart: <em>by</em> <a>Name</a>
        else:
            link = None if is_text else el.getnext()
        if link is not None and link.tag == "a":
            name = clean_name(inline_text(link))
            if plausible_name(name, site):
                return [{"name": name, "url": structured.join(
                    ctx.url, (link.get("href") or "").strip())}]
    return []


# "11.05.2012, 10:22 von jovelstefan": a theme's date printed before the lead word.
_NUMERIC_DATE_FIRST = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}[,\s]*(?:\d{1,2}:\d{2}\s*)?"
                                 r"(?=(?:by|von|par|por|przez|di)\s)", re.I)


def _printed_by_line(ctx: PageContext, anchor: etree._Element | None, site: set[str]
                     ) -> list[dict]:
    """A "By Jane Doe" line printed after the headline without any byline markup."""
    if anchor is None:
        return []
    seen = 0
    # The headline's own tail first: "<h2>Title</h2> Posted by NAME under <a>Category</a>"
    for el in chain([anchor], following(anchor)):
        seen += 1
        if seen > _NEAR or ctx.walled(el):
            break
        names = by_word_name(ctx, el, site) if el is not anchor else _tail_byline(el, site)
        if names:
            return names
    return []


def _tail_byline(headline: etree._Element, site: set[str]) -> list[dict]:
    """The text right after the headline, led by "By/Posted by": the headline's own meta
    line, however long its category and tag links make it (no body sentence starts there)."""
    tail = (headline.tail or "").strip()
    return _printed_byline(tail, site, need_lead=True) if tail else []


_LINE_TAGS = frozenset({"h2", "h3", "h4", "p", "div", "header", "span"})


def _comment_section_header(ctx: PageContext, site: set[str]) -> list[dict]:
    """The post's byline printed as the comment section's heading, before its first comment
    ("Seen by <a>Jane</a> on May 3. There are 12 comments."), as tumblelog and photo-post
    themes do. Only a lead word with the name linked to a person's page is taken there; the
line is kept for its date (dates.byline_line_date)."""
    comments = set(ctx.comments.elements)
    for section in ctx.comments.sections:
        for el in section.iterdescendants():
            if el in comments or not isinstance(el.tag, str):
                break
            names = by_word_name(ctx, el, site)
            if names and sel.AUTHOR_HREF.search(names[0]["url"] or ""):
                line = next((a for a in el.iterancestors() if a.tag in _LINE_TAGS), el)
                ctx.memo["byline_line"] = line
                return names
    return []


def _author_page_link(ctx: PageContext, anchor: etree._Element | None, site: set[str]
                      ) -> list[dict]:
    """A link to an author's page printed just after the headline (no byline markup)."""
    if anchor is None:
        return []
    for count, el in enumerate(following(anchor)):
        if count > _NEAR or el in ctx.walls:
            break
        if el.tag == "a" and sel.AUTHOR_HREF.search(el.get("href") or "") \
                and not ctx.walled(el):
            name = clean_name(inline_text(el))
            if plausible_name(name, site):
                return [{"name": name, "url": structured.join(ctx.url, el.get("href").strip())}]
    return []


def authors(ctx: PageContext, anchor: etree._Element | None, site: set[str],
            body: etree._Element | None = None) -> tuple[list[dict], str | None]:
    """(authors as {"name", "url"}, the byline text as printed)."""
    found: list[dict] = []
    for root in ctx.prof.results("authors"):
        if isinstance(root, str):
            if collapse(root):
                found.append({"name": collapse(root), "url": None})
        else:
            name = inline_text(root)
            link = root if root.tag == "a" else next(iter(root.iter("a")), None)
            href = link.get("href") if link is not None else None
            if name:
                found.append({"name": name, "url": structured.join(ctx.url, href)
                              if href else None})
    byline_raw = None
    marked = _byline_elements(ctx, anchor, body.sourceline if body is not None else None)
    from_markup: list[dict] = []
    for el in marked:
        names = _names_in(ctx, el, site)
        if names:
            from_markup = names
            if classes(el) & sel.BYLINE_CONTAINERS:  # a printed byline, not a bare name
                byline_raw = inline_text(without_dates(el), skip=(
                    "screen-reader-text", "meta-icon", "avatar")) or None
            break
    if not found and ctx.node:
        found = structured.jsonld_authors(ctx.node, ctx.index, ctx.url)
        by_name = {a["name"].casefold(): a["url"] for a in from_markup if a["url"]}
        for author in found:
            if not author["url"]:
                author["url"] = by_name.get(author["name"].casefold())
    if not found:
        found = from_markup
    if not found:
        found = _printed_by_line(ctx, anchor, site)
    if not found:
        found = _author_page_link(ctx, anchor, site)
    if not found:
        found = _comment_section_header(ctx, site)
    if not found:
        name = ctx.meta1("author", "article:author", "parsely-author", "sailthru.author",
                         "dc.creator")
        if name and not re.match(r"https?://", name) and plausible_name(clean_name(name), site):
            found = [{"name": name, "url": None}]
    return dedupe(found), byline_raw


def signed(body_text: str, site: set[str]) -> list[dict]:
    """A writer who signs at the end of the text, as Korean, Chinese and Japanese news
    copy does ("정덕현 칼럼니스트", "记者 王小明", "田中記者"), when no byline was found."""
    tail = body_text[-400:]
    match = sel.SIGNATURE.search(tail)
    if not match:
        return []
    name = next(g for g in match.groups() if g)
    return [{"name": name, "url": None}] if plausible_name(name, site) else []


def structured_authors(ctx: PageContext) -> list[dict]:
    """Authors the page states outside its visible text (profile, JSON-LD, meta)."""
    found = [{"name": n, "url": None} for n in ctx.prof.strings("authors")]
    if not found and ctx.node:
        found = structured.jsonld_authors(ctx.node, ctx.index, ctx.url)
    if not found:
        name = ctx.meta1("author", "article:author", "parsely-author", "sailthru.author")
        if name and not re.match(r"https?://", name):
            found = [{"name": name, "url": None}]
    return dedupe(found)


def dedupe(found: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for author in found:
        key = author["name"].casefold()
        if key not in seen:
            seen[key] = dict(author)
        elif not seen[key]["url"] and author["url"]:
            seen[key]["url"] = author["url"]
    return list(seen.values())
