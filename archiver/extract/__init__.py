"""Extraction: one fetched page (bytes) -> the article, its comments and what to fetch next.

Pure code: no Scrapy, no SQL. The output shape is the contract in docs/internals.md, §1.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.absolute import join_url
from archiver.extract.article import article_from_tree, extract_article
from archiver.extract.comments import comments_from_tree, extract_comments, parse_html_tree
from archiver.extract.comments.sections import paged_by_parameter
from archiver.extract.encoding import decode_html, looks_binary
from archiver.extract.pageindex import page_index
from archiver.extract.platforms import Registry, detect_platform
from archiver.extract.platforms.common import header
from archiver.profiles import Profile

logger = logging.getLogger(__name__)

__all__ = ["FEED_TYPES", "decode_html", "extract_article", "extract_comments", "extract_page",
           "page_links"]


def extract_page(url: str, body: bytes, headers: Mapping[str, str] | None = None,
                 profile: Profile | None = None, platforms: Registry | None = None,
                 trees: list[Any] | None = None) -> dict:
    """Extract {"article", "comments", "next"} from one fetched HTML page; `platforms` are
    the crawl's comment platforms (ARCHIVER_COMMENT_PLATFORMS; default the built-ins).
    With `trees`, the parsed page is appended to it, for a caller that reads more from
    the page (the crawl's browser plan) without parsing it again.

    Raises ExtractError when the bytes are not an HTML document at all (empty or binary),
    and when the page defeats the extractor in a way nobody foresaw (a malformed URL deep in
    JSON-LD, say): that page is then recorded and skipped, and never stops a crawl.
    Broken but parseable HTML yields whatever can be found.
    """
    try:
        return _extract_page(url, body, headers, profile, platforms, trees)
    except ExtractError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError,
            OverflowError) as exc:
        logger.debug("extraction failed on %s", url, exc_info=True)
        raise ExtractError(
            f"{url}: could not extract this page ({type(exc).__name__}: {exc})") from exc


def _extract_page(url: str, body: bytes, headers: Mapping[str, str] | None,
                  profile: Profile | None, platforms: Registry | None = None,
                  trees: list[Any] | None = None) -> dict:
    if not body or not body.strip():
        raise ExtractError(f"{url}: empty response body, nothing to extract")
    if looks_binary(body):
        content_type = header(headers, "content-type") or "unknown type"
        raise ExtractError(f"{url}: the response is binary ({content_type}), not an HTML page")
    text, _encoding = decode_html(body, header(headers, "content-type"))
    notes: list[str] = []  # bounds the page met while parsing (archiver.extract.limits)
    try:
        tree = parse_html_tree(text, notes)
    except ExtractError as exc:
        raise ExtractError(f"{url}: {exc}") from None
    if trees is not None:
        trees.append(tree)
    platform = detect_platform(url, headers, tree, profile, platforms)
    comments = comments_from_tree(url, tree, profile)
    article = article_from_tree(url, tree, profile, comments=comments)
    article["comment_markup"] = comments.markup
    # The platform that serves the thread (archiver.extract.platforms), whether or not
    # the page prints comments: an article without comments is still on its platform.
    article["comment_platform"] = platform["name"] if platform else (
        comments.comments[0]["platform"] if comments.comments else None)
    if platform and platform["thread"].get("listing"):
        # The platform knows the page lists posts (WordPress's archive body classes),
        # even when one listed post looks like an article.
        article["is_article"] = False
    hrefs, nofollow_hrefs = _anchor_hrefs(tree)
    links, feeds = page_links(url, tree, hrefs)
    paged = {page for page in comments.next["comment_pages"] if paged_by_parameter(page)}
    if paged:
        # The thread reader fetches these comment pages: not pages of their own.
        links = [link for link in links if link.split("#", 1)[0] not in paged]
    nofollow = [join_url(url, href.strip()) for href in nofollow_hrefs]
    return {"article": article, "comments": comments.comments,
            "next": {**comments.next, "links": links, "feeds": feeds, "nofollow": nofollow},
            "platform": platform, "notes": notes}


_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _anchor_hrefs(tree: etree._Element) -> tuple[list[str], list[str]]:
    """The href of every a and area, in document order, and those of rel=nofollow links.

    rel=nofollow: the site says the link is not for crawlers (reply, vote, login links);
    "ugc" marks a link a commenter wrote, which says nothing about the site's own links.
    One walk serves both (two XPaths cost twice as much).
    """
    hrefs: list[str] = []
    nofollow: list[str] = []
    if tree.getparent() is None and tree is tree.getroottree().getroot():
        links = page_index(tree).hrefs()  # the page's links, listed once
    else:
        links = [(el, href) for el in tree.iter("a", "area", "link")
                 if (href := el.get("href")) is not None]
    for el, href in links:
        if el.tag == "link":
            continue
        hrefs.append(href)
        rel = el.get("rel")
        if rel and el.tag == "a":
            tokens = _XML_SPACE.split(rel.strip(" \t\r\n"))  # XPath's normalize-space
            if "nofollow" in tokens and "ugc" not in tokens:
                nofollow.append(href)
    return hrefs, nofollow


FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


def page_links(url: str, tree: etree._Element, hrefs: list[str] | None = None
               ) -> tuple[list[str], list[str]]:
    """Every link target on the page and its advertised feeds, absolute, first-seen order.

    Read from the extractor's own tree so that the crawler need not parse the page twice;
    `hrefs` are the page's a and area hrefs when the caller has them already.
    """
    base = url
    whole = tree.getparent() is None and tree is tree.getroottree().getroot()
    index = page_index(tree) if whole else None
    # lxml's tag-filtered walks (or the page index's), not XPath: tree.xpath() compiles its
    # expression each call.
    for el in index.tag("base") if index is not None else tree.iter("base"):
        href = el.get("href")
        if href is not None:
            base = urljoin(url, href.strip())
            break
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"

    def absolute(href: str) -> str:
        # Most links are absolute or root-relative: no need for urljoin's full algorithm.
        if href.startswith(("http://", "https://")):
            return href
        if href.startswith("/") and not href.startswith("//") and "/." not in href:
            return origin + href
        return urljoin(base, href)

    links = list(dict.fromkeys(
        absolute(href.strip()) for href in (
            _anchor_hrefs(tree)[0] if hrefs is None else hrefs)
        if href.strip() and not href.startswith("#")
    ))
    feeds = list(dict.fromkeys(
        urljoin(base, link.get("href").strip())
        for link in (index.tag("link") if index is not None else tree.iter("link"))
        if link.get("href") is not None and link.get("type") is not None
        and "alternate" in (link.get("rel") or "").lower().split()
        and link.get("type").strip().lower() in FEED_TYPES and link.get("href").strip()
    ))
    return links, feeds
