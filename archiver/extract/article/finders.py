"""Whole-page finders for the article fields, answered from the page index
(archiver.extract.pageindex) instead of whole-tree XPaths: each gives what the XPath in
its docstring gives, in document order (tests/extract/test_pageindex.py compares them)."""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.pageindex import page_index

_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


def has_token(value: str, token: str) -> bool:
    """`token` is one of the value's whitespace-separated words, as cssselect's XPath
    tests a class (``contains(concat(' ', normalize-space(@class), ' '), ' x ')``)."""
    return token in value and token in _XML_SPACE.split(value.strip(" \t\r\n"))


def headings(tree: etree._Element) -> list[etree._Element]:
    """``//h1 | //h2 | //h3``, from the page index."""
    index = page_index(tree)
    return index.in_order(index.tag("h1"), index.tag("h2"), index.tag("h3"))


_NOT_TITLED_TAGS = frozenset({"h1", "h2", "h3", "a", "title", "meta", "body", "html"})


def titled(tree: etree._Element) -> list[etree._Element]:
    """Elements a theme names for a title without using a heading tag (dl.newsTitle > dt
    ...): a class holding "itle", "eadline" or "itre", from the page index."""
    return [el for el, cls, *_ in page_index(tree).named
            if cls is not None and ("itle" in cls or "eadline" in cls or "itre" in cls)
            and el.tag not in _NOT_TITLED_TAGS]


def titles(tree: etree._Element) -> list[etree._Element] | tuple:
    """``//title``, from the page index."""
    return page_index(tree).tag("title")


def dated_times(tree: etree._Element) -> list[etree._Element]:
    """``//time[@datetime]``, from the page index."""
    return [el for el in page_index(tree).tag("time") if el.get("datetime") is not None]


def canonical_links(tree: etree._Element) -> list[str]:
    """``//link[@rel='canonical']/@href``, from the page index."""
    return page_index(tree).values("link", "href", rel="canonical")


def hentries(tree: etree._Element) -> list[etree._Element]:
    """Elements of class hentry or h-entry, from the page index."""
    return [el for el, cls, *_ in page_index(tree).named if cls is not None
            and (has_token(cls, "hentry") or has_token(cls, "h-entry"))]


def jsonld_scripts(tree: etree._Element) -> list[etree._Element]:
    """``//script[@type='application/ld+json']``, from the page index."""
    return [el for el in page_index(tree).tag("script")
            if el.get("type") == "application/ld+json"]


def metas(tree: etree._Element) -> list[etree._Element] | tuple:
    """``//meta``, from the page index."""
    return page_index(tree).tag("meta")


def comment_forms(tree: etree._Element) -> list[etree._Element]:
    """Comment forms: ``//form[contains(@action, 'comment') or @id='commentform' or
    contains(@class, 'comment')] | //*[@id='respond'] | //textarea[contains(@name,
    'comment')]``, from the page index."""
    index = page_index(tree)
    forms = [el for el in index.tag("form") if "comment" in (el.get("action") or "")
             or el.get("id") == "commentform" or "comment" in (el.get("class") or "")]
    areas = [el for el in index.tag("textarea") if "comment" in (el.get("name") or "")]
    return index.in_order(forms, index.with_id("respond"), areas)


_COUNT_CLASSES = ("comments-title", "comment-title", "comments-count", "comment-count",
                  "comment-reply-title", "comments-header")


def count_headings(root: etree._Element) -> list[etree._Element]:
    """The h1-h4 headings and the elements of a comment-count class in `root` (itself
    included), in document order: from the page index, then kept if inside `root`."""
    index = page_index(root)
    found = index.in_order(*(index.tag(h) for h in ("h1", "h2", "h3", "h4")),
                           *(index.with_token("class", c) for c in _COUNT_CLASSES))
    return [el for el in found if el is root or _inside(el, root)]


def _inside(el: etree._Element, root: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is root:
            return True
        parent = parent.getparent()
    return False
