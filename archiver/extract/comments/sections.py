"""Where a page's comment section is, and which links lead to its other comment pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from lxml import etree

from archiver.extract.absolute import join_url
from archiver.extract.comments.base import (
    Named,
    any_ancestor,
    article_base_url,
    named_elements,
    not_discussion,
)
from archiver.extract.pageindex import page_index
from archiver.extract.text import classes

# Markup of whole comment sections and forms: walled off from article bodies, and the only
# place a "N comments" title is believed.
SECTION_IDS = ("comments", "comments-section", "comment-section", "disqus_thread",
               "dsq-content", "dsq-comments", "respond", "commentform", "isso-thread",
               "comment-wrapper", "comments-wrapper")
SECTION_CLASSES = ("comments-area", "comment-list", "commentlist", "comments", "comment-respond",
                   "wp-block-comments", "comments-wrapper", "comment-section",
                   "comments-section", "comments-container", "comments-list", "comment-form")


_SECTION_ID_SET = frozenset(SECTION_IDS)
_SECTION_CLASS_SET = frozenset(SECTION_CLASSES)


def _section_candidates(named: list[Named]) -> list[etree._Element]:
    # Over the page's named elements, with a substring test first (every SECTION_CLASSES
    # name holds "comment"): a third of an XPath with contains() over every element.
    out = []
    for el, cls, ident, _prop, _kind in named:
        if ident in _SECTION_ID_SET or (
                cls and "comment" in cls and not set(cls.split()).isdisjoint(
                    _SECTION_CLASS_SET)):
            out.append(el)
    return out


_COMMENT_PAGE = re.compile(r"/comment-page-\d+/?|[?&]cpage=\d+")
# A thread paged by a query parameter of the article's own URL ("?page=2#comments"): a
# comment page only where the comment section's own pagination links it.
_PAGE_PARAMETER = re.compile(r"(?:^|[?&])(?:comments?[_-]?)?page=\d+(?=&|#|$)", re.I)


def _page_links(tree: etree._Element) -> list[etree._Element]:
    """a and link rel=next/prev elements whose href names a comment page, in page order.

    lxml's tag-filtered walk with substring tests: 60% of the XPath union it replaces."""
    out = []
    if tree.getparent() is None and tree is tree.getroottree().getroot():
        links = page_index(tree).hrefs()  # the page's links, listed once
    else:
        links = [(el, el.get("href")) for el in tree.iter("a", "link")]
    for el, href in links:
        if href and ("comment-page-" in href or "page=" in href) and (
                el.tag == "a" or (el.tag == "link" and el.get("rel") in ("next", "prev"))):
            out.append(el)
    return out


_NAV_CLASSES = frozenset({"comment-navigation", "comments-pagination", "comment-nav",
                          "comments-nav", "navigation", "nav-links", "comment-pagination",
                          "pagination"})


def _navigation(el: etree._Element) -> bool:
    return bool(classes(el) & _NAV_CLASSES)


def comment_pages(tree: etree._Element, url: str, sections: list[etree._Element]
                  ) -> list[str]:
    """Other comment pages of this article linked from its comment section or pagination."""
    base = article_base_url(url)
    current = urlunsplit(urlsplit(url)._replace(fragment=""))
    host = urlsplit(url).netloc.lower()
    section_set = set(sections)
    chrome: dict = {}
    # Ancestors' answers shared by the links below them (a pagination of hundreds of pages).
    sectioned: dict = {}
    navigated: dict = {}
    pages: list[str] = []
    for link in _page_links(tree):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if not _COMMENT_PAGE.search(href):
            if not (_PAGE_PARAMETER.search(href) and link.tag == "a"
                    and any_ancestor(link, section_set.__contains__, sectioned)
                    and any_ancestor(link, _navigation, navigated)):
                continue
            absolute = urlunsplit(urlsplit(join_url(url, href))._replace(fragment=""))
            if _unpaged(absolute) != _unpaged(current):
                continue  # another article's, or a listing's
            if _page_number(absolute) == 1:
                absolute = _unpaged(absolute)  # "?page=1" is the article's own URL
            if absolute != current and absolute not in pages:
                pages.append(absolute)
            continue
        if link.tag == "a":
            # Only pagination blocks and the comment section count: a widget's or a
            # listing's links to comment pages are about other articles or other threads.
            in_section = any_ancestor(link, section_set.__contains__, sectioned)
            in_nav = any_ancestor(link, _navigation, navigated)
            if not (in_section or in_nav) or (
                not in_section and not_discussion(link, ("aside",), chrome)
            ):
                continue
        absolute = urlunsplit(urlsplit(join_url(url, href))._replace(fragment=""))
        parts = urlsplit(absolute)
        if parts.netloc.lower() != host or article_base_url(absolute) != base:
            continue  # another article's comment page (a widget's link)
        if absolute == current or absolute in pages:
            continue
        pages.append(absolute)
    return pages



def paged_by_parameter(url: str) -> bool:
    """A comment page named by a page parameter only ("?page=2"), which the crawl's link
    rules cannot tell from a listing's page; "/comment-page-2/" and "cpage=" they can."""
    return not _COMMENT_PAGE.search(url) and _PAGE_PARAMETER.search(urlsplit(url).query) \
        is not None


def _page_number(url: str) -> int | None:
    match = _PAGE_PARAMETER.search(urlsplit(url).query)
    return int(match.group(0).rsplit("=", 1)[1]) if match else None


def _unpaged(url: str) -> str:
    """The URL without its page-number parameter: the article a page of its thread is of."""
    parts = urlsplit(url)
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and not _PAGE_PARAMETER.fullmatch(pair))
    return urlunsplit(parts._replace(query=query, fragment=""))


def comment_sections(tree: etree._Element, named: list[Named] | None = None
                     ) -> list[etree._Element]:
    """Elements that hold the comment section or form (outermost first, widgets excluded);
    `named` is the page's named_elements when the caller has them already."""
    out: list[etree._Element] = []
    chrome: dict = {}
    for el in _section_candidates(named_elements(tree) if named is None else named):
        if el.tag in ("html", "body") or not_discussion(el, ("aside",), chrome):
            continue
        if any(o in el.iterancestors() for o in out):
            continue
        out.append(el)
    return out
