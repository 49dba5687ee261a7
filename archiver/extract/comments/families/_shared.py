"""Helpers of the markup families ported from the first reader (WordPress, Disqus).

They read a comment's parts by XPath, each part assigned to its nearest enclosing comment,
and clean a copy of the content element; the general reader does neither.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterable

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import nearest_comment
from archiver.extract.pageindex import PageIndex, page_index
from archiver.extract.text import (
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
    drop,
    element_text,
    inline_text,
    inner_html,
)

NOISE_CLASSES = ("reply", "comment-reply-link", "comment-reply", "comment-awaiting-moderation",
                  "comment-edit-link", "edit-link", "comment-footer-meta", "says",
                  "screen-reader-text", "children", "comment-respond", "by-post-author")
META_CLASSES = ("comment-author", "vcard", "comment-meta", "commentmetadata",
                 "comment-metadata", "avatar", "comment-awaiting-moderation", "reply",
                 "comment-reply-link", "comment-edit-link", "children", "says")




def class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_XML_SPACE = re.compile(r"[ \t\r\n]+")


def xml_classes(el: etree._Element) -> frozenset[str]:
    """The class tokens as class_test reads them (split on XML whitespace only)."""
    value = el.get("class")
    return _class_words(value) if value else frozenset()


@functools.lru_cache(maxsize=4096)  # a thread's blocks repeat their classes
def _class_words(value: str) -> frozenset[str]:
    return frozenset(_XML_SPACE.split(value.strip(" \t\r\n")))


def has_descendant(el: etree._Element, names: frozenset[str], tag: str | None = None) -> bool:
    """`.//*[class_test(name) or ...]` is not empty: stops at the first match, where the
    XPath collects every match of a whole nested thread."""
    return any(not names.isdisjoint(xml_classes(node)) for node in el.iterdescendants(tag))


def has_ancestor(el: etree._Element, names: frozenset[str]) -> bool:
    """`ancestor::*[class_test(name) or ...]` is not empty."""
    return any(not names.isdisjoint(xml_classes(node)) for node in el.iterancestors())




@functools.lru_cache(maxsize=64)
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


_CLASS_TEST = re.compile(r"contains\(concat\(' ', normalize-space\(@class\), ' '\), "
                         r"' ([^' ]+) '\)")
_ANY_WITH_CLASSES = re.compile(r"\.//\*\[(" + _CLASS_TEST.pattern + r"(?: or "
                               + _CLASS_TEST.pattern + r")*)\]")
_TAG = re.compile(r"\.//([a-z][a-z0-9]*)")


@functools.lru_cache(maxsize=256)
def _indexed(xpath: str) -> Callable[[PageIndex], list[etree._Element]] | None:
    """For a descendant XPath of the shapes the families ask (``.//*[class_test(a) or
    class_test(b)]``, ``.//cite``, ``.//time[@datetime]``, unions of those), the page
    index's answer over the whole page, in document order; None for any other XPath."""
    lookups: list[Callable[[PageIndex], Iterable[etree._Element]]] = []
    for part in xpath.split(" | "):
        part = part.strip()
        if _ANY_WITH_CLASSES.fullmatch(part):
            names = _CLASS_TEST.findall(part)
            lookups += [functools.partial(_with_class, name=name) for name in names]
        elif part == ".//time[@datetime]":
            lookups.append(_dated_times)
        elif _TAG.fullmatch(part):
            lookups.append(functools.partial(_with_tag, name=part[3:]))
        else:
            return None
    if len(lookups) == 1:
        return lambda index: list(lookups[0](index))
    return lambda index: index.in_order(*(lookup(index) for lookup in lookups))


def _with_class(index: PageIndex, name: str) -> Iterable[etree._Element]:
    return index.with_token("class", name)


def _with_tag(index: PageIndex, name: str) -> Iterable[etree._Element]:
    return index.tag(name)


def _dated_times(index: PageIndex) -> list[etree._Element]:
    return [el for el in index.tag("time") if el.get("datetime") is not None]


class Found(dict):
    """Comment element -> id, plus each XPath's first match per comment, computed once.

    Looking a part up comment by comment re-scans every nested reply under each comment
    (quadratic in thread depth); one run per thread root, with every match assigned to its
    nearest comment, gives the same first match for all comments at once.
    """

    def __init__(self) -> None:
        super().__init__()
        self.memo: dict[str, dict[etree._Element, etree._Element]] = {}
        self.depths: dict[etree._Element, int] = {}
        self.owners: dict[etree._Element, etree._Element | None] = {}

    def owner(self, node: etree._Element) -> etree._Element | None:
        """nearest_comment(node, self), remembered for every element on the way up: the
        matches of a thread's XPaths share their ancestors. Ask it only once every comment
        is in."""
        owners = self.owners
        path = [node]
        parent = node.getparent()
        found = None
        while parent is not None:
            if parent in self:
                found = parent
                break
            known = owners.get(parent, _UNKNOWN)
            if known is not _UNKNOWN:
                found = known
                break
            path.append(parent)
            parent = parent.getparent()
        for el in path:
            owners[el] = found
        return found

    def first(self, xpath: str) -> dict[etree._Element, etree._Element]:
        table = self.memo.get(xpath)
        if table is None:
            table = {}
            lookup = _indexed(xpath)
            if lookup is not None and self:
                # Every match on the page, in document order, from the page index: a node
                # has a nearest comment exactly when it lies under one of the thread roots
                # the XPath would run from, so the first match per comment is the same.
                for node in lookup(page_index(next(iter(self)))):
                    owner = self.owner(node)
                    if owner is not None and owner not in table:
                        table[owner] = node
            else:
                table = self.first_by_xpath(xpath)
            self.memo[xpath] = table
        return table

    def first_by_xpath(self, xpath: str) -> dict[etree._Element, etree._Element]:
        """first(xpath) by running the XPath from each thread root."""
        table: dict[etree._Element, etree._Element] = {}
        compiled = _compiled(xpath)
        for root in [el for el in self if self.owner(el) is None]:
            for node in compiled(root):
                owner = self.owner(node)
                if owner is not None and owner not in table:
                    table[owner] = node
        return table


_UNKNOWN = object()


def owner_of(el: etree._Element, found: dict) -> etree._Element | None:
    """The comment of `found` nearest above `el` (Found remembers the answers)."""
    return found.owner(el) if isinstance(found, Found) else nearest_comment(el, found)


def first_owned(el: etree._Element, xpath: str, found: dict) -> etree._Element | None:
    """The first node under `el` matching `xpath` whose nearest enclosing comment is `el`."""
    if isinstance(found, Found):
        return found.first(xpath).get(el) if el in found else None
    for node in _compiled(xpath)(el):
        if nearest_comment(node, found) is el:
            return node
    return None


def clean_copy(el: etree._Element, drop_classes: Iterable[str], drop_meta_tails: bool = False
                ) -> etree._Element:
    """A copy of a comment's content without replies, reply links, notices and scripts."""
    dup = copy.deepcopy(el)
    dup.tail = None
    names = frozenset(drop_classes)
    # In document order; a dropped element's own elements are not looked at: they left the
    # copy with it (a nested reply's whole thread, in the older WordPress markup).
    stack = list(dup)
    stack.reverse()
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        kind = _dropped(node, names)
        if kind is _WHOLE:
            drop(node)
        elif kind is _PART:
            drop(node, keep_tail=not drop_meta_tails)
        elif len(node):
            children = list(node)
            children.reverse()
            stack += children
    # Line breaks left behind by removed headers and notices.
    while len(dup) and dup[0].tag == "br" and not (dup.text or "").strip():
        drop(dup[0])
    while len(dup) and dup[-1].tag == "br" and not (dup[-1].tail or "").strip():
        drop(dup[-1], keep_tail=False)
    return dup


_WHOLE, _PART = object(), object()  # dropped with its tail kept; with it as asked


def _dropped(node: etree._Element, names: frozenset[str]) -> object | None:
    """How clean_copy drops an element of the content (None: kept)."""
    tag = node.tag
    if tag in ("script", "style", "form", "noscript", "template"):
        return _WHOLE
    cls = node.get("class")
    if (cls and not names.isdisjoint(cls.split())) or (node.get("id") or "").startswith(
        ("comment-", "li-comment-", "dsq-comment-")
    ):
        return _PART
    if tag in ("em", "p", "div", "span", "strong", "i") and _moderation_notice(node):
        return _PART
    if tag == "a" and "replytocom=" in (node.get("href") or ""):
        return _WHOLE
    return None


def cleaned_content(el: etree._Element, drop_classes: Iterable[str]) -> tuple[str, str]:
    """content_of(clean_copy(el, drop_classes)), without the copy when it would leave
    everything in (most comments): the same text and cleaned HTML, read from `el`."""
    names = frozenset(drop_classes)
    if len(el) and (
            (el[0].tag == "br" and not (el.text or "").strip())
            or (el[-1].tag == "br" and not (el[-1].tail or "").strip())
            or any(isinstance(node.tag, str) and _dropped(node, names) is not None
                   for node in el.iterdescendants())):
        return content_of(clean_copy(el, names))
    return content_of(el)


def _moderation_notice(node: etree._Element) -> bool:
    """vocabulary.MODERATION matches the element's text; its first letter decides most
    elements without joining their text ("your comment ..." or "comment ...")."""
    own = node.text
    head = own.lstrip() if own else ""
    if head:  # the first piece of text is the element's own: no iteration needed
        if head[0] not in "yYcC":
            return False
    else:
        for piece in node.itertext():
            head = piece.lstrip()
            if head:
                if head[0] not in "yYcC":
                    return False
                break
        else:
            return False
    return vocab.MODERATION.match("".join(node.itertext())) is not None


def content_of(el: etree._Element) -> tuple[str, str]:
    """(text, cleaned html) of a cleaned content element."""
    return element_text(el), clean_html(inner_html(el), COMMENT_TAGS, COMMENT_ATTRIBUTES)



def author_name(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    name = vocab.SAYS_EN.sub("", inline_text(node, skip=("says", "screen-reader-text")))
    return name or None



def depth_of(el: etree._Element, found: dict) -> int:
    """How many comments of `found` enclose `el`: one more than its nearest enclosing one's.

    A Found remembers the answers, so a thread read in document order costs one ancestor
    walk up to the parent comment per comment, not a walk to the root.
    """
    depths = found.depths if isinstance(found, Found) else {}
    chain = []
    node: etree._Element | None = el
    depth = -1
    while node is not None:
        known = depths.get(node)
        if known is not None:
            depth = known
            break
        chain.append(node)
        node = owner_of(node, found)
    for node in reversed(chain):
        depth += 1
        depths[node] = depth
    return depth

