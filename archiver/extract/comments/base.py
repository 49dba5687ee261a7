"""What every comment reader shares: the page context, the result, ids and the comment dict."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.comments import vocabulary as vocab
from archiver.extract.limits import parse_document
from archiver.extract.pageindex import page_index
from archiver.extract.text import classes, has_class
from archiver.profiles import Profile

_COMMENT_PAGE_PATH = re.compile(r"/comment-page-\d+/?$")

_PINGBACK_CLASSES = ("pingback", "trackback", "type-pingback", "type-trackback")
_NOT_DISCUSSION_CLASSES = frozenset({"sidebar", "widget", "widget-area", "widget_recent_comments",
                                     "recentcomments", "widget_comments", "recent-comments"})
_NOT_DISCUSSION_IDS = frozenset({"recentcomments", "sidebar", "secondary", "respond",
                                 "commentform"})


@dataclass
class CommentsResult:
    """What the comment extractor found, plus the elements to wall off from the body."""

    comments: list[dict]
    next: dict
    markup: str | None
    sections: list[etree._Element] = field(default_factory=list)
    elements: list[etree._Element] = field(default_factory=list)


@dataclass
class PageContext:
    """One page as the comment readers see it: its URL, tree, profile scope and sections."""

    url: str
    tree: etree._Element
    profile: Profile | None = None
    scopes: list[etree._Element] | None = None
    sections: list[etree._Element] = field(default_factory=list)
    # Each element's Roles (evidence.roles), found once for every reader of the page.
    roles: dict = field(default_factory=dict)

    @cached_property
    def base(self) -> str:
        return article_base_url(self.url)

    @cached_property
    def named(self) -> list[Named]:
        """The page's elements that carry a class, id, itemprop or itemtype (named_elements)."""
        return named_elements(self.tree)

    @cached_property
    def ids(self) -> list[tuple[etree._Element, str]]:
        """The page's elements with an id, with it, in document order: where the markup
        families look for their comment blocks (a small part of the named elements)."""
        return [(el, ident) for el, _cls, ident, _prop, _kind in self.named if ident]

    def in_scope(self, el: etree._Element) -> bool:
        return in_scope(el, self.scopes)


# An element with its class, id, itemprop and itemtype values (None when absent).
Named = tuple[etree._Element, str | None, str | None, str | None, str | None]


def named_elements(tree: etree._Element) -> list[Named]:
    """Every element with a class, id, itemprop or itemtype, in document order, with those
    values: one walk of the page for the scans that look for comment sections, comment-named
    regions and comment ids (each walk of a page costs about a third of parsing it): the
    page index's walk (archiver.extract.pageindex), for a part of a page its rows in it."""
    named = page_index(tree).named_values()
    if tree.getparent() is None and tree is tree.getroottree().getroot():
        return named
    inside = set(tree.iter(etree.Element))  # a part of the page: only what is in it
    return [row for row in named if row[0] in inside]


@dataclass
class Thread:
    """A markup family's or the general reader's answer for one page."""

    comments: list[dict]
    markup: str
    elements: list[etree._Element]
    sections: list[etree._Element] = field(default_factory=list)


def parse_html_tree(html_text: str, notes: list[str] | None = None) -> etree._Element:
    """Parse HTML text into an lxml tree; ExtractError when nothing parseable is there.

    Deep threads are read whole and the parser's work is bounded (archiver.extract.limits);
    when a bound is met, a line saying so is appended to `notes`."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", html_text, count=1)
    if not text.strip():
        raise ExtractError("the page is empty: nothing to parse as HTML")
    try:
        return parse_document(text, notes)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"the page cannot be parsed as HTML: {exc}") from None


@lru_cache(maxsize=1024)
def article_base_url(url: str) -> str:
    """The article URL behind a comment page: fragment, /comment-page-N/ and cpage dropped."""
    parts = urlsplit(url)
    path = _COMMENT_PAGE_PATH.sub("/", parts.path)
    query = parts.query
    if "cpage=" in query:  # rebuild only when needed: re-encoding would alter other params
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                           if k != "cpage"])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def comment_id_hash(article_url: str, author: str | None, published_raw: str | None,
                    text: str, parent_id: str | None) -> str:
    """Stable id for a comment the page gives no id: "h:" + 16 hex of sha1 of its content.

    A relative date ("5 hours ago") is left out: the next fetch prints another one."""
    words = " ".join(text.split()[:20])
    if published_raw and vocab.RELATIVE_DATE.search(published_raw):
        published_raw = None
    key = "\x1f".join([article_base_url(article_url), author or "", published_raw or "", words,
                       parent_id or ""])
    return "h:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def comment_dict(*, cid: str | None, parent_id: str | None, platform: str, name: str | None,
                 url: str | None, post_author: bool, published_raw: str | None, text: str,
                 html: str, position: int, depth: int, article_url: str) -> dict:
    """One comment in the extractor's output shape (docs/internals.md, §1)."""
    if cid is None:
        cid_value = comment_id_hash(article_url, name, published_raw, text, parent_id)
        source = "hash"
    else:
        cid_value, source = cid, "page"
    return {
        "id": cid_value,
        "id_source": source,
        "parent_id": parent_id,
        "platform": platform,
        "author": {"name": name, "url": url},
        "author_is_post_author": post_author,
        "published_raw": published_raw,
        "text": text,
        "html": html,
        "position": position,
        "depth": depth,
    }


@lru_cache(maxsize=4096)
def words_of(token: str) -> tuple[str, ...]:
    """A class or id token as lower-case words: ``commentBody-2`` -> (comment, body, 2)."""
    return tuple(w.lower() for w in vocab.WORD_SPLIT.split(token) if w)


def element_words(el: etree._Element) -> frozenset[str]:
    """Every word of the element's class and id tokens, plus the whole tokens themselves."""
    return attribute_words(el.get("class"), el.get("id"))


@lru_cache(maxsize=16384)
def attribute_words(cls: str | None, ident: str | None) -> frozenset[str]:
    out: set[str] = set()
    for value in (cls, ident):
        if value:
            for token in value.split():
                out.add(token.lower())
                out.update(words_of(token))
    return frozenset(out)


def last_words(el: etree._Element) -> frozenset[str]:
    """The last word of each class token: what the token names (``comment-body`` -> body)."""
    return class_last_words(el.get("class"))


@lru_cache(maxsize=8192)
def class_last_words(cls: str | None) -> frozenset[str]:
    out = set()
    for token in (cls or "").split():
        words = words_of(token)
        if words:
            out.add(words[-1])
    return frozenset(out)


def not_discussion(el: etree._Element, chrome_tags: tuple[str, ...] = ("aside", "form", "nav"),
                   memo: dict | None = None) -> bool:
    """True when the element sits in a sidebar, widget, form or other non-thread place.

    Pass the same `memo` (a dict, one per page and `chrome_tags`) for many elements of a page:
    each ancestor is then tested once, not once per element below it (a deep reply chain).
    """
    def chrome(node: etree._Element) -> bool:
        return (node.tag in chrome_tags or node.get("id") in _NOT_DISCUSSION_IDS
                or bool(classes(node) & _NOT_DISCUSSION_CLASSES))

    return any_ancestor(el, chrome, {} if memo is None else memo)


def any_ancestor(el: etree._Element, test: Callable[[etree._Element], bool], memo: dict
                 ) -> bool:
    """True when `test` holds for an ancestor of `el` (nearest first, stopping at the first).

    `memo` maps an element to whether it or one of its ancestors passes: elements sharing
    ancestors reuse the answer, so a page costs one test per element, whatever its depth.
    """
    path = []
    node = el.getparent()
    found = False
    while node is not None:
        known = memo.get(node)
        if known is not None:
            found = known
            break
        if test(node):
            memo[node] = found = True
            break
        path.append(node)
        node = node.getparent()
    for node in path:
        memo[node] = found
    return found


def is_pingback(el: etree._Element, memo: dict | None = None) -> bool:
    """A pingback or trackback entry, or one inside such an entry (`memo`: see any_ancestor)."""
    if has_class(el, *_PINGBACK_CLASSES):
        return True
    return any_ancestor(el, _pingback_block, {} if memo is None else memo)


def _pingback_block(node: etree._Element) -> bool:
    return node.tag in ("li", "div") and has_class(node, *_PINGBACK_CLASSES)


def nearest_comment(el: etree._Element, found: dict | set) -> etree._Element | None:
    for node in el.iterancestors():
        if node in found:
            return node
    return None


def href_of(node: etree._Element | None, base: str) -> str | None:
    if node is None:
        return None
    href = (node.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return _joined(base, href)


@lru_cache(maxsize=1024)  # (base, href): bases are one article's pages
def _joined(base: str, href: str) -> str:
    # A commenter's link is looked up for each of its candidate roles: urljoin once.
    return urljoin(base, href)


def in_scope(el: etree._Element, scopes: list[etree._Element] | None) -> bool:
    """True when no profile scope is set or the element lies inside one."""
    if scopes is None:
        return True
    return any(el is s or s in el.iterancestors() for s in scopes)
