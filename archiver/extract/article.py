"""The article of a page: title, byline, dates, section, tags, body, language, evidence.

Sources, best first: profile selectors, JSON-LD, OpenGraph/meta, microformats (hentry,
``time.published`` ...), then plain HTML heuristics. Raw strings are kept as found; dates
and bylines are parsed later by ``archiver.normalize``.

The body never contains comment text: the comment section, forms, navigation, asides and
scripts are removed from a copy of the body container before any text is taken.
"""

from __future__ import annotations

import copy
import functools
import html as _html
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from archiver.discover.urls import path_and_query
from archiver.extract.html_comments import (
    CommentsResult,
    article_base_url,
    comments_from_tree,
    parse_html_tree,
)
from archiver.extract.text import (
    BODY_ATTRIBUTES,
    BODY_TAGS,
    classes,
    clean_html,
    collapse,
    drop,
    element_text,
    heading_text,
    inline_text,
    inner_html,
)
from archiver.profiles import Profile

__all__ = ["ARTICLE_TYPES", "article_from_tree", "extract_article", "normalize_language"]

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "OpinionNewsArticle", "ReportageNewsArticle",
    "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
    "SatiricalArticle", "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting",
    "SocialMediaPosting", "DiscussionForumPosting", "AdvertiserContentArticle",
})

_ID_VALUES = etree.XPath("//@id", smart_strings=False)
_TOKEN_VALUES = tuple((name, etree.XPath(f"//@{name}", smart_strings=False))
                      for name in ("class", "itemprop", "rel"))
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NEEDED_CLASS = re.compile(r"\.([\w-]+)")
_NEEDED_ID = re.compile(r"#([\w-]+)")
_NEEDED_TOKEN = re.compile(r"\[(itemprop|rel)~=['\"]?([\w-]+)")


def _page_tokens(tree: etree._Element) -> frozenset[str]:
    """Every class/itemprop/rel token and id on the page, as "class:x", "id:y" ... (one scan
    per attribute, plain strings: this runs on every page)."""
    out = {"id:" + value for value in _ID_VALUES(tree)}
    for name, values in _TOKEN_VALUES:
        out.update([f"{name}:{token}" for token in " ".join(values(tree)).split()])
    return frozenset(out)


class _Selector:
    """A CSS selector group that skips the alternatives the page cannot match.

    Each whole-tree CSS scan costs about as much as parsing the page; most of the themes'
    alternatives name a class, id, itemprop or rel token the page does not carry at all, so
    only the alternatives whose tokens are all present are evaluated (one XPath union, so
    results stay in document order, exactly as the full selector would give them).
    """

    def __init__(self, css: str) -> None:
        self.css = css
        self.alternatives: list[tuple[str, frozenset[str]]] = []
        for alternative in (a.strip() for a in css.split(",")):
            plain = _BRACKETS.sub("", alternative)
            needs = {f"class:{c}" for c in _NEEDED_CLASS.findall(plain)}
            needs |= {f"id:{i}" for i in _NEEDED_ID.findall(plain)}
            needs |= {f"{a}:{t}" for a, t in _NEEDED_TOKEN.findall(alternative)}
            self.alternatives.append((alternative, frozenset(needs)))

    def __call__(self, tree: etree._Element, present: frozenset[str]) -> list[etree._Element]:
        wanted = tuple(a for a, needs in self.alternatives if needs <= present)
        if not wanted:
            return []
        return _css(", ".join(wanted))(tree)


@functools.lru_cache(maxsize=256)
def _css(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


# The theme's entry container, most specific first.
_CONTAINERS = [_Selector(css) for css in (
    "[itemprop~=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-body",
    ".article-content",
    ".article__body",
    ".post-body",
    ".entry-body",
    ".story-body",
    ".single-content",
    ".post-entry",
    ".td-post-content",
    ".c-entry-content",
    ".e-content",
    "article .content",
    "div.entry",
)]
# Never part of a body, wherever they sit.
_BODY_NOISE = etree.XPath(
    "//form | //nav | //aside | //script | //style | //noscript | //template | //iframe"
    " | //button | //input | //textarea | //select | //*[@data-archiver-wall]"
    " | //*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in (
            "sharedaddy", "jp-relatedposts", "screen-reader-text", "comments-link",
            "sd-sharing-enabled", "wp-block-comments", "post-navigation", "navigation",
            "postmetadata", "entry-meta", "post-meta", "wp-block-post-comments-form")
    ) + "]"
)
_WALL_MARK = "data-archiver-wall"

_TITLE_SELECTORS = [_Selector(css) for css in (
    "h1.entry-title", ".entry-title", "h1.p-name", "h1.post-title", "h1.article-title",
    "h1.headline", "[itemprop~=headline]",
)]
_BYLINE_SELECTOR = _Selector(
    ".byline, .article-byline, .post-byline, .entry-byline, .author-byline, .c-byline,"
    " .post-author, .entry-author, .meta-author, .by-author, .byline-author"
)
_AUTHOR_LINKS = _Selector(
    "a[rel~=author], .byline a, .author a, .vcard .fn, .p-author a, .h-card.p-author"
)
_PUBLISHED_SELECTORS = [_Selector(css) for css in (
    "time.published", "time.entry-date", ".dt-published", "time[pubdate]",
    "[itemprop~=datePublished]", ".published", "abbr.published",
)]
_MODIFIED_SELECTORS = [_Selector(css) for css in (
    "time.updated", ".dt-updated", "[itemprop~=dateModified]", ".updated",
)]
_CATEGORY_LINKS = _Selector("a[rel~=category]")
_SECTION_LINKS = _Selector(
    ".cat-links a, .entry-categories a, .post-categories a, .kicker a, .kicker, .section-label"
)
_TAG_LINKS = _Selector("a[rel~=tag]")
_BREADCRUMB_LINKS = _Selector(
    ".breadcrumb a, .breadcrumbs a, nav[aria-label~=breadcrumb] a, nav[aria-label~=Breadcrumb] a,"
    " [itemtype$='BreadcrumbList'] a, .yoast-breadcrumbs a, #breadcrumbs a"
)
_HENTRY = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')]"
)
_JSONLD = etree.XPath("//script[@type='application/ld+json']")
_META = etree.XPath("//meta")
_LINK_CANONICAL = etree.XPath("//link[@rel='canonical']/@href")
_TIME_DATETIME = etree.XPath("//time[@datetime]")
_H1 = etree.XPath("//h1")
_TITLE = etree.XPath("//title")
_COUNT_HEADINGS = etree.XPath(
    "descendant-or-self::*[self::h1 or self::h2 or self::h3 or self::h4 or " + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in (
            "comments-title", "comment-title", "comments-count", "comment-count",
            "comment-reply-title", "comments-header")
    ) + "]"
)

_NUMBER_WORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNT_TEXT = re.compile(
    r"^\s*(\d[\d,.]*|no|zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:comments?|thoughts?|responses?|replies|reply|reactions?|kommentare?|commentaires?"
    r"|r[ée]ponses?|antworten|comentarios?|respuestas?|reacties?|commenti|commento|risposte"
    r"|coment[áa]rios?)\b",
    re.I,
)
_COUNT_PAREN = re.compile(
    r"\b(?:comments?|responses?|replies|kommentare?|commentaires?)\s*[(\[]\s*(\d[\d,.]*)\s*[)\]]",
    re.I,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«·•]\s+|\s+::\s+")
_CHROME_CLASSES = frozenset({"sidebar", "widget", "widget-area", "site-footer", "site-header"})
_CHROME_IDS = frozenset({"sidebar", "secondary", "colophon", "masthead"})


# --- helpers ------------------------------------------------------------------------------------


def normalize_language(value: str | None) -> str | None:
    """BCP 47 spelling of a language tag: "en_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"."""
    if not value or not isinstance(value, str):
        return None
    parts = [p for p in re.split(r"[-_]", value.strip()) if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,8}", parts[0]):
        return None
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def _text(value: Any) -> str | None:
    """A JSON-LD/meta value as a clean one-line string, or None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = collapse(_html.unescape(value))
    return value or None


def _types(node: dict) -> list[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)]


def _walled(el: etree._Element, walls: set) -> bool:
    """True when the element is inside the comment section or the site's chrome."""
    if el in walls:
        return True
    for node in el.iterancestors():
        if node in walls or node.tag == "aside" or node.get("id") in _CHROME_IDS:
            return True
        if classes(node) & _CHROME_CLASSES:
            return True
    return False


def _first(els: Iterable[etree._Element], walls: set) -> etree._Element | None:
    for el in els:
        if not _walled(el, walls):
            return el
    return None


def _date_value(el: etree._Element) -> str | None:
    for attr in ("datetime", "content", "title"):
        value = (el.get(attr) or "").strip()
        if value:
            return value
    return inline_text(el) or None


# --- JSON-LD --------------------------------------------------------------------------------


def _jsonld_nodes(tree: etree._Element) -> list[dict]:
    """All JSON-LD objects of the page, @graph members and mainEntity objects flattened."""
    nodes: list[dict] = []
    for script in _JSONLD(tree):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            try:
                from extruct.jsonld import JsonLdExtractor

                data = list(JsonLdExtractor()._extract_items(script))
            except Exception:  # extruct's lenient parser raises many types on junk
                continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[0:0] = item
                continue
            if not isinstance(item, dict):
                continue
            nodes.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = graph
            main = item.get("mainEntity")
            if isinstance(main, dict) and "@type" in main:
                stack.append(main)
    return nodes


def _join(base: str, href: str) -> str | None:
    """An absolute URL, or None for one the page wrote unusably (``http://[::1``)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _resolve(value: Any, index: dict[str, dict]) -> Any:
    """Follow a bare {"@id": ...} reference to the node it names (Yoast's @graph style)."""
    if (isinstance(value, dict) and isinstance(value.get("@id"), str) and len(value) <= 2
            and "name" not in value):
        return index.get(value["@id"], value)
    return value


def _jsonld_authors(node: dict, index: dict[str, dict], base: str) -> list[dict]:
    raw = node.get("author") or node.get("creator")
    values = raw if isinstance(raw, list) else [raw]
    authors: list[dict] = []
    for value in values:
        value = _resolve(value, index)
        if isinstance(value, str):
            name, url = _text(value), None
        elif isinstance(value, dict):
            name = _text(value.get("name"))
            url_value = value.get("url")
            if isinstance(url_value, list):
                url_value = url_value[0] if url_value else None
            url = _join(base, url_value) if isinstance(url_value, str) and url_value else None
        else:
            continue
        if name:
            authors.append({"name": name, "url": url})
    return authors


def _jsonld_comment_count(node: dict) -> int | None:
    value = node.get("commentCount")
    if value is None:
        stats = node.get("interactionStatistic")
        for stat in stats if isinstance(stats, list) else [stats]:
            if isinstance(stat, dict) and "Comment" in str(stat.get("interactionType", "")):
                value = stat.get("userInteractionCount")
                break
    return _count(str(value)) if value is not None else None


# --- meta -----------------------------------------------------------------------------------


def _meta(tree: etree._Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for el in _META(tree):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None and content.strip():
            out.setdefault(key.strip().lower(), []).append(content.strip())
    return out


# --- profile selectors ----------------------------------------------------------------------


class _ProfileSelectors:
    """Profile CSS selectors (parsel, so ::text and ::attr(x) work) over the shared tree."""

    def __init__(self, tree: etree._Element, profile: Profile | None) -> None:
        self.css = dict(profile.selectors) if profile is not None else {}
        self._sel = None
        if self.css:
            from parsel import Selector

            self._sel = Selector(root=tree, type="html")

    def results(self, name: str) -> list[Any]:
        css = self.css.get(name)
        if not css or self._sel is None:
            return []
        return [r.root for r in self._sel.css(css)]

    def strings(self, name: str, dates: bool = False) -> list[str]:
        out = []
        for root in self.results(name):
            if isinstance(root, str):
                value = collapse(root)
            elif dates:
                value = _date_value(root) or ""
            else:
                value = inline_text(root)
            if value:
                out.append(value)
        return out

    def string(self, name: str, dates: bool = False) -> str | None:
        values = self.strings(name, dates)
        return values[0] if values else None


# --- body -----------------------------------------------------------------------------------


def _walled_copy(el: etree._Element, walls: Iterable[etree._Element]) -> etree._Element:
    """A copy of `el` without comment sections, forms, navigation, asides and scripts."""
    marked = []
    try:
        for wall in walls:
            if wall.get(_WALL_MARK) is None:
                wall.set(_WALL_MARK, "1")
                marked.append(wall)
        dup = copy.deepcopy(el)
    finally:
        for wall in marked:
            del wall.attrib[_WALL_MARK]
    dup.tail = None
    for node in _BODY_NOISE(dup):
        if node is not dup:
            drop(node)
    return dup


_EMPTY_BLOCK = re.compile(r"<(div|p|figure)>\s*</\1>")


def _body_from_element(el: etree._Element, base: str) -> tuple[str, str]:
    el.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    html = clean_html(inner_html(el), BODY_TAGS, BODY_ATTRIBUTES)
    # Wrappers emptied by the noise removal (share boxes, sign-up forms) say nothing.
    return element_text(el), _EMPTY_BLOCK.sub("", html)


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{_html.escape(p, quote=False)}</p>" for p in text.split("\n\n"))


def _trafilatura_body(tree: etree._Element, url: str, walls: list[etree._Element]
                      ) -> tuple[str, str]:
    import trafilatura

    dup = _walled_copy(tree, walls)
    result = trafilatura.extract(
        dup, url=url, output_format="html", favor_precision=True, include_comments=False,
        include_links=True, include_formatting=True, include_tables=True, with_metadata=False,
    )
    if not result:
        return "", ""
    fragment = lxml.html.fragment_fromstring(result, create_parent="div")
    for h in fragment.iter("head", "title"):
        h.getparent().remove(h)
    return _body_from_element(fragment, url)


# --- the extractor --------------------------------------------------------------------------


def article_from_tree(url: str, tree: etree._Element, profile: Profile | None = None,
                      comments: CommentsResult | None = None) -> dict:
    """Extract the article fields from an already parsed page (the tree is not modified).

    `comments` is the comment extractor's result for the same tree; it is computed when not
    given. Its sections and comment elements are walled off from everything here.
    """
    if comments is None:
        comments = comments_from_tree(url, tree, profile)
    wall_list = list(comments.sections) + list(comments.elements)
    walls = set(wall_list)
    prof = _ProfileSelectors(tree, profile)
    meta = _meta(tree)
    present = _page_tokens(tree)
    evidence: list[str] = []

    # JSON-LD: the first node typed as an article.
    nodes = _jsonld_nodes(tree)
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    node: dict = {}
    for candidate in nodes:
        types = [t for t in _types(candidate) if t in ARTICLE_TYPES]
        if types:
            node = candidate
            evidence.append(f"json-ld:{types[0]}")
            break

    def meta1(*keys: str) -> str | None:
        for key in keys:
            values = meta.get(key)
            if values:
                return collapse(values[0]) or None
        return None

    # canonical URL
    canonical = None
    for value in (
        *(_LINK_CANONICAL(tree)[:1]),
        meta1("og:url"),
        node.get("url") if isinstance(node.get("url"), str) else None,
        _resolve(node.get("mainEntityOfPage"), index).get("@id")
        if isinstance(node.get("mainEntityOfPage"), dict) else node.get("mainEntityOfPage"),
    ):
        joined = _join(url, value.strip()) if isinstance(value, str) and value.strip() else None
        if joined:
            # A comment page (/comment-page-2/#comments) is the same article.
            canonical = article_base_url(joined)
            break

    # title
    title = prof.string("title") or _text(node.get("headline")) or _text(node.get("name")) \
        or meta1("og:title", "twitter:title")
    if not title:
        for selector in _TITLE_SELECTORS:
            el = _first(selector(tree, present), walls)
            if el is not None and heading_text(el):
                title = heading_text(el)
                break
    entries = [el for el in _HENTRY(tree) if not _walled(el, walls)] \
        if {"class:hentry", "class:h-entry"} & present else []
    if not title and len(entries) == 1:
        # Old themes title a single post with an h2 inside the hentry (h1 is the blog name).
        heading = next(iter(entries[0].xpath(".//h1 | .//h2")), None)
        title = heading_text(heading) or None if heading is not None else None
    if not title:
        title = _title_generic(tree, walls, meta1("og:site_name", "application-name"))

    # byline and authors
    byline_el = _first(_BYLINE_SELECTOR(tree, present), walls)
    byline_raw = None
    if byline_el is not None:
        byline_raw = inline_text(_without_dates(byline_el),
                                 skip=("screen-reader-text", "meta-icon", "avatar")) or None
    authors: list[dict] = []
    for root in prof.results("authors"):
        if isinstance(root, str):
            if collapse(root):
                authors.append({"name": collapse(root), "url": None})
        else:
            name = inline_text(root)
            link = root if root.tag == "a" else next(iter(root.iter("a")), None)
            href = link.get("href") if link is not None else None
            if name:
                authors.append({"name": name, "url": _join(url, href) if href else None})
    links = _byline_links(tree, present, walls, url)
    if not authors and node:
        authors = _jsonld_authors(node, index, url)
        # JSON-LD often names the author without a URL that the byline link has.
        by_name = {a["name"].casefold(): a["url"] for a in links if a["url"]}
        for author in authors:
            if not author["url"]:
                author["url"] = by_name.get(author["name"].casefold())
    if not authors:
        authors = links
    if not authors:
        name = meta1("author", "article:author", "parsely-author", "sailthru.author")
        if name and not re.match(r"https?://", name):
            authors = [{"name": name, "url": None}]
    if not authors and byline_raw:
        authors = [{"name": byline_raw, "url": None}]
    authors = _dedupe_authors(authors)

    # dates
    published = prof.string("published", dates=True) or _text(node.get("datePublished")) \
        or _text(node.get("dateCreated")) or meta1(
            "article:published_time", "og:published_time", "datepublished", "pubdate",
            "publishdate", "date", "dc.date.issued", "dc.date", "dcterms.created",
            "parsely-pub-date", "sailthru.date")
    # On a page listing several entries, markup dates belong to the entries, not the page.
    listing = len(entries) > 1
    if not published and not listing:
        published = _date_from(tree, present, _PUBLISHED_SELECTORS, walls)
    if not published and not listing:
        el = _first(_TIME_DATETIME(tree), walls)
        published = el.get("datetime").strip() or None if el is not None else None
    if not published and len(entries) == 1:
        published = _printed_date(entries[0], walls)
    modified = prof.string("modified", dates=True) or _text(node.get("dateModified")) or meta1(
        "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
        "last-modified")
    if not modified and not listing:
        modified = _date_from(tree, present, _MODIFIED_SELECTORS, walls)

    # section and tags
    section = prof.string("section") or _text(node.get("articleSection")) \
        or meta1("article:section") or _section_from_links(tree, present, walls, url,
                                                                   canonical)
    tags = prof.strings("tags")
    if not tags:
        tags = _keywords(node.get("keywords"))
    if not tags:
        tags = [collapse(t) for t in meta.get("article:tag", []) if collapse(t)]
    if not tags:
        tags = [inline_text(a) for a in _TAG_LINKS(tree, present)
                if "category" not in (a.get("rel") or "").split() and not _walled(a, walls)
                and inline_text(a)]
    tags = list(dict.fromkeys(tags))

    # language
    html_lang = tree.get("lang") or tree.get("xml:lang") \
        or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    in_language = node.get("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    language = normalize_language(html_lang) or normalize_language(_text(in_language)) \
        or normalize_language(meta1("og:locale")) or normalize_language(
            meta1("content-language", "language", "dc.language"))

    # evidence
    if (meta1("og:type") or "").lower() == "article":
        evidence.append("og:type")
    if len(entries) == 1:
        evidence.append("h-entry" if "h-entry" in classes(entries[0]) else "hentry")
    if meta.get("article:published_time"):
        evidence.append("article:published_time")
    if comments.comments or comments.sections:
        evidence.append("comment-section")

    # body: only for pages that are articles by their evidence or by the profile. A listing's
    # "body" would be its first teaser, and finding it (trafilatura) is the costliest step.
    body_text = body_html = ""
    if evidence or (profile is not None and (
            "body" in profile.selectors or profile.is_article_url(path_and_query(url)))):
        body_text, body_html = _body(tree, present, url, node, prof, walls, wall_list)

    # declared comment count
    declared = _jsonld_comment_count(node) if node else None
    if declared is None:
        declared = _count_from_sections(comments.sections)

    return {
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "authors": authors,
        "byline_raw": byline_raw,
        "published_raw": published,
        "modified_raw": modified,
        "section": section,
        "tags": tags,
        "body_text": body_text,
        "body_html": body_html,
        "language": language,
        "declared_comment_count": declared,
        "is_article": bool(evidence),
        "evidence": evidence,
    }


def extract_article(url: str, html_text: str, profile: Profile | None = None) -> dict:
    """The article fields of the contract (docs/internals.md, section 1) for one page."""
    return article_from_tree(url, parse_html_tree(html_text), profile)


# --- field helpers --------------------------------------------------------------------------


def _without_dates(el: etree._Element) -> etree._Element:
    """A byline without its date parts ("By Jane Doe · <time>March 1</time>")."""
    if not any(True for _ in el.iter("time")) and not el.xpath(
        ".//*[contains(@class, 'posted-on') or contains(@class, 'date')]"
    ):
        return el
    dup = copy.deepcopy(el)
    dup.tail = None
    for node in dup.xpath(".//time | .//*[contains(@class, 'posted-on') or "
                          "contains(@class, 'date')]"):
        if node.getparent() is not None:
            node.getparent().remove(node)
    return dup


def _byline_links(tree: etree._Element, present: frozenset[str], walls: set, base: str
                  ) -> list[dict]:
    authors = []
    for el in _AUTHOR_LINKS(tree, present):
        if _walled(el, walls):
            continue
        link = el if el.tag == "a" else next(iter(el.iter("a")), None)
        if link is None:
            link = next(el.iterancestors("a"), None)
        name = inline_text(el, skip=("screen-reader-text", "avatar"))
        if not name:
            continue
        href = (link.get("href") or "").strip() if link is not None else ""
        authors.append({"name": name, "url": _join(base, href) if href else None})
    return authors


def _dedupe_authors(authors: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for author in authors:
        key = author["name"].casefold()
        if key not in seen:
            seen[key] = dict(author)
        elif not seen[key]["url"] and author["url"]:
            seen[key]["url"] = author["url"]
    return list(seen.values())


def _date_from(tree: etree._Element, present: frozenset[str], selectors: list[_Selector],
               walls: set) -> str | None:
    for selector in selectors:
        el = _first(selector(tree, present), walls)
        if el is not None:
            value = _date_value(el)
            if value:
                return value
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    else:
        return []
    return [t for t in (collapse(_html.unescape(i)) for i in items) if t]


def _section_from_links(tree: etree._Element, present: frozenset[str], walls: set, url: str,
                        canonical: str | None) -> str | None:
    for a in _CATEGORY_LINKS(tree, present):
        if not _walled(a, walls) and inline_text(a):
            return inline_text(a)
    for el in _SECTION_LINKS(tree, present):
        if not _walled(el, walls) and inline_text(el):
            return inline_text(el)
    crumbs = [a for a in _BREADCRUMB_LINKS(tree, present) if not _walled(a, walls)]
    here = {url.rstrip("/"), (canonical or url).rstrip("/")}
    crumbs = [a for a in crumbs if (_join(url, a.get("href") or "") or "").rstrip("/") not in here]
    if len(crumbs) >= 2:  # the first crumb is the home page
        return inline_text(crumbs[-1]) or None
    return None


def _title_from_head(tree: etree._Element, site_name: str | None) -> tuple[str | None,
                                                                         str | None]:
    """(<title> without the site's name, the site name part) ."""
    el = next(iter(_TITLE(tree)), None)
    title = collapse("".join(el.itertext())) if el is not None else ""
    if not title:
        return None, None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        last = parts[-1].strip()
        if (site_name and last.casefold() == site_name.casefold()) or len(last) < len(parts[0]):
            return title[: title.rfind(last)].rstrip(" |-–—:»«·•").strip() or title, last
    return title, None


def _title_generic(tree: etree._Element, walls: set, site_name: str | None) -> str | None:
    """The first h1 that is not the site's name, else <title> without the site suffix."""
    head_title, suffix = _title_from_head(tree, site_name)
    names = {n.casefold() for n in (site_name, suffix) if n}
    for h1 in _H1(tree):
        if _walled(h1, walls):
            continue
        text = heading_text(h1)
        if text and text.casefold() not in names:
            return text
    return head_title


_DATEISH = re.compile(
    r"\b(?:19|20)\d\d\b.*|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b", re.I
)
_MONTHISH = re.compile(r"[A-Za-zÀ-ÿ]{3,}|\d{1,2}[./-]\d{1,2}[./-]")
_PRINTED_DATE = etree.XPath(
    ".//*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in (
            "post-date", "postdate", "entry-date", "date", "posted-on", "meta-date")
    ) + "]"
)
_PRINTED_META = etree.XPath(
    ".//*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in (
            "postmetadata", "entry-meta", "post-meta")
    ) + "] | .//small"
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


def _printed_date(entry: etree._Element, walls: set) -> str | None:
    """A date printed as text near an old theme's post title ("March 1st, 2024")."""
    # Elements that are only a date first, then meta lines that mention one.
    for xpath in (_PRINTED_DATE, _PRINTED_META):
        for el in xpath(entry):
            if _walled(el, walls):
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


def _count_from_sections(sections: list[etree._Element]) -> int | None:
    for section in sections:
        for heading in _COUNT_HEADINGS(section):
            text = inline_text(heading, skip=("screen-reader-text",))
            match = _COUNT_TEXT.match(text)
            if match:
                word = match.group(1).lower()
                if word in _NUMBER_WORDS:
                    return _NUMBER_WORDS[word]
                return _count(word)
            match = _COUNT_PAREN.search(text)
            if match:
                return _count(match.group(1))
    return None


def _count(printed: str) -> int | None:
    digits = re.sub(r"[,.\s]", "", printed)
    # A count nobody's thread reaches is a page's noise, not a comment count.
    return int(digits) if digits.isdigit() and len(digits) <= 9 else None


def _body(tree: etree._Element, present: frozenset[str], url: str, node: dict,
          prof: _ProfileSelectors, walls: set, wall_list: list[etree._Element]
          ) -> tuple[str, str]:
    container = None
    for root in prof.results("body"):
        if isinstance(root, etree._Element):
            container = root
            break
    if container is None:
        for selector in _CONTAINERS:
            container = _first(selector(tree, present), walls)
            if container is not None:
                break
    text = html = ""
    if container is not None:
        text, html = _body_from_element(_walled_copy(container, wall_list), url)
    article_body = node.get("articleBody")
    if isinstance(article_body, str) and article_body.strip():
        paragraphs = [collapse(p) for p in re.split(r"\n\s*\n|\r?\n", article_body)]
        jsonld_text = "\n\n".join(p for p in paragraphs if p)
        # JSON-LD articleBody is the author's text without the theme's share buttons and
        # related-post boxes; prefer it unless it is a truncated teaser.
        if jsonld_text and len(jsonld_text) >= 0.5 * len(text):
            return jsonld_text, html or _paragraphs_html(jsonld_text)
    if container is not None:
        return text, html
    return _trafilatura_body(tree, url, wall_list)
