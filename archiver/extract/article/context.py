"""`PageContext`: everything the field functions share about one page, computed once."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.article import structured
from archiver.extract.comments import CommentsResult
from archiver.extract.text import classes, collapse
from archiver.profiles import Profile

_COMMENTISH = ("comment", "Comment", "forum", "reaction", "discussion", "reply", "replies")


def _in_comments(el: etree._Element) -> bool:
    """Inside a container named for comments (hAtom-marked comments the comment extractor
    did not take are still not posts)."""
    for node in el.iterancestors():
        words = ((node.get("class") or "") + " " + (node.get("id") or "")).split()
        if any(w.startswith(_COMMENTISH) for w in words):
            return True
    return False


def _comment_class(node: etree._Element) -> bool:
    return node.tag not in ("body", "html") and any(
        t.startswith(("comment", "Comment")) for t in (node.get("class") or "").split())


def _inherited(node: etree._Element, test: Callable[[etree._Element], bool],
               cache: dict[etree._Element, bool]) -> bool:
    """True when `test` holds for the node or an ancestor (memoized: asked for many
    elements; iterative: broken pages nest deeper than Python recursion allows)."""
    chain: list[etree._Element] = []
    found = False
    current: etree._Element | None = node
    while current is not None:
        known = cache.get(current)
        if known is not None:
            found = known
            break
        chain.append(current)
        if test(current):
            found = True
            break
        current = current.getparent()
    for member in chain:
        cache[member] = found
    return found


@dataclass
class PageContext:
    """One parsed page with its metadata readers and the walls (comment sections and
    comment elements) that no article field may read from."""

    url: str
    tree: etree._Element
    profile: Profile | None
    comments: CommentsResult
    walls: set = field(init=False)
    wall_list: list = field(init=False)
    prof: structured.ProfileSelectors = field(init=False)
    meta: dict[str, list[str]] = field(init=False)
    present: frozenset[str] = field(init=False)
    nodes: list[dict] = field(init=False)
    index: dict[str, dict] = field(init=False)
    node: dict = field(init=False)
    node_type: str | None = field(init=False)
    memo: dict[str, object] = field(init=False, default_factory=dict)  # field results reused

    def __post_init__(self) -> None:
        self._closed_cache: dict[etree._Element, bool] = {}
        self._comment_cache: dict[etree._Element, bool] = {}
        self.wall_list = list(self.comments.sections) + list(self.comments.elements)
        self.walls = set(self.wall_list)
        self.prof = structured.ProfileSelectors(self.tree, self.profile)
        self.meta = structured.meta_tags(self.tree)
        self.present = sel.page_tokens(self.tree)
        self.nodes = structured.jsonld_nodes(self.tree)
        self.index = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str)}
        self.node, self.node_type = {}, None
        for candidate in self.nodes:
            kinds = [t for t in structured.types(candidate) if t in sel.ARTICLE_TYPES]
            if kinds:
                self.node, self.node_type = candidate, kinds[0]
                break

    # --- readers -----------------------------------------------------------------------------

    def meta1(self, *keys: str) -> str | None:
        """The first non-empty <meta> content among `keys`."""
        for key in keys:
            values = self.meta.get(key)
            if values:
                return collapse(values[0]) or None
        return None

    def select(self, selector: sel.Selector) -> list[etree._Element]:
        """The selector's matches outside the walls and the site's chrome."""
        return [el for el in selector(self.tree, self.present) if not self.walled(el)]

    def first(self, els: Iterable[etree._Element]) -> etree._Element | None:
        for el in els:
            if not self.walled(el):
                return el
        return None

    def walled(self, el: etree._Element) -> bool:
        """True when the element is inside the comment section or the site's chrome."""
        if el in self.walls:
            return True
        parent = el.getparent()
        return parent is not None and self._closed(parent)

    def _closed(self, node: etree._Element) -> bool:
        """The node is a wall or chrome, or inside one."""
        return _inherited(node, self._is_chrome, self._closed_cache)

    def in_comment_markup(self, el: etree._Element) -> bool:
        """Inside an element whose class names a comment (one the comment extractor did not
        take): its bylines and dates are a commenter's."""
        parent = el.getparent()
        return parent is not None and _inherited(parent, _comment_class, self._comment_cache)

    def _is_chrome(self, node: etree._Element) -> bool:
        found = classes(node)
        if node.tag in sel.CHROME_TAGS and any(True for _ in node.iterancestors("article")):
            return node in self.walls  # an <aside> of the article itself: its meta box
        return (node in self.walls or node.tag in sel.CHROME_TAGS
                or node.get("id") in sel.CHROME_IDS
                # Blogger's posts live in a "widget Blog": a widget holding the content.
                or bool(found & sel.CHROME_CLASSES and not found & sel.MAIN_WIDGET_CLASSES))

    @functools.cached_property
    def entries(self) -> list[etree._Element]:
        """hAtom/h-entry posts outside the walls (one on a post, several on a listing)."""
        if not {"class:hentry", "class:h-entry"} & self.present:
            return []
        return [el for el in sel.hentries(self.tree) if not self.walled(el)
                and not _in_comments(el)]

    @functools.cached_property
    def body_classes(self) -> set[str]:
        body = self.tree.find("body")
        return classes(body) if body is not None else set()

    @functools.cached_property
    def site_origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


# --- walking the page around the headline -------------------------------------------------


def preceding(anchor: etree._Element) -> Iterator[etree._Element]:
    """Elements before `anchor`, nearest first (its ancestors excluded)."""
    node = anchor
    while node is not None:
        prev = node.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None:
            yield from (d for d in reversed(list(prev.iter())) if isinstance(d.tag, str))
            node = prev
        else:
            node = node.getparent()


def following(anchor: etree._Element) -> Iterator[etree._Element]:
    """Elements after `anchor` in document order (its own descendants excluded)."""
    node = anchor
    while node is not None:
        nxt = node.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            yield nxt
            yield from (d for d in nxt.iterdescendants() if isinstance(d.tag, str))
            node = nxt
        else:
            node = node.getparent()
