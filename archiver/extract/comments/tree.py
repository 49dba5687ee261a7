"""The reply tree of a thread's entries: nesting, parent ids, replies placed after, depth."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import element_words

_BARE_ID_DIGITS = 4  # fewer is a layout's counter ("1", "2"), not a database id
# Elements of an entry, from its start, where its anchor or indentation cell stands.
_LEAD_ELEMENTS = 6


def _lead(el: etree._Element) -> islice:
    """The entry and its first elements, in document order."""
    return islice(el.iter(etree.Element), _LEAD_ELEMENTS)


def _before(el: etree._Element, past_anchors: bool = False) -> etree._Element | None:
    """The element right before `el`, past HTML comments and empty layout boxes: Drupal
    themes print `<a id="comment-N"></a> <!-- start comment --> <div class="comment_margin">
    </div>` before the entry. `past_anchors`: also past line breaks, scripts and links
    without text (the anchor itself, when what is looked for is the entry before it)."""
    prev = el.getprevious()
    while prev is not None and (not isinstance(prev.tag, str) or _between(prev, past_anchors)):
        prev = prev.getprevious()
    return prev


def _between(node: etree._Element, past_anchors: bool) -> bool:
    tag = node.tag
    if tag in ("div", "span"):
        return not len(node) and not (node.text or "").strip()
    return past_anchors and (tag in ("br", "script", "hr") or (
        tag == "a" and not (node.text or "").strip()))


def page_id(el: etree._Element) -> str | None:
    for attr in vocab.ID_ATTRIBUTES:
        value = (el.get(attr) or "").strip()
        if value:
            return value
    ident = el.get("id") or ""
    match = vocab.ITEM_ID.search(ident)
    if match:
        return match.group(1)
    if len(ident) >= _BARE_ID_DIGITS and ident.isdigit():
        return ident  # an entry's id that is a number and nothing else (Hacker News rows)
    prev = _before(el)
    if prev is not None and prev.tag == "a" and not (prev.text or "").strip():
        match = vocab.ITEM_ID.search(prev.get("id") or prev.get("name") or "")
        if match:
            return match.group(1)
    # the anchor an entry starts with: <li><div class="metadata"><a name="comment-388384">
    for node in _lead(el):
        if node.tag == "a" and node.get("name") and not (node.text or "").strip():
            match = vocab.ITEM_ID.search(node.get("name"))
            if match:
                return match.group(1)
    return None


def _depth_class(el: etree._Element) -> int | None:
    """The nesting level an entry's class, or a depth attribute on it or on the cell it
    starts with, gives; None when neither says."""
    for node in _lead(el):
        for attr in vocab.DEPTH_ATTRIBUTES if node is el else vocab.LEAD_DEPTH_ATTRIBUTES:
            value = (node.get(attr) or "").strip()
            if value.isdigit() and len(value) < 3:
                return int(value)
    for token in (el.get("class") or "").split():
        match = vocab.DEPTH_TOKEN.search(token)
        if match:
            return int(match.group(1))
        if token != (el.get("class") or "").split()[0] and vocab.INDENTED_TOKEN.search(token):
            return 1
    return None


def _replies_container_parent(el: etree._Element, members: set, stop: set,
                              signature: Callable[[etree._Element], str]
                              ) -> etree._Element | None:
    """The comment right before the container of replies that holds `el`: the comment's
    entry itself, or the one entry of the wrapper before a container named for replies
    (a layout row holding the entry beside its avatar or menu)."""
    for node in el.iterancestors():
        if node in members or node in stop:
            return None
        # (nor an empty layout box: Drupal themes print <div class="clearer"></div>)
        prev = _before(node, past_anchors=True)
        if prev is None:
            continue
        if prev in members:
            return prev
        if signature(prev) == signature(node):
            continue  # an earlier reply's wrapper beside this one: the container is above
        if element_words(node) & vocab.CHILDREN_WORDS:
            held = [m for m in prev.iter(etree.Element) if m in members]
            if len(held) == 1:
                return held[0]
        return None
    return None


def _reply_link_target(el: etree._Element, members: set, by_anchor: dict
                       ) -> etree._Element | None:
    """The entry an "in reply to <a href="#c12">" link of this entry points at."""
    for link in el.iter("a"):
        href = link.get("href") or ""
        if "#" not in href:
            continue
        prev = link.getprevious()
        parent = link.getparent()
        before = (prev.tail if prev is not None else parent.text if parent is not None
                  else "") or ""
        own = " ".join((link.text or "").split())
        if not (vocab.IN_REPLY_TO.search(before) or vocab.IN_REPLY_TO_START.match(own)):
            continue
        target = by_anchor.get(href.rsplit("#", 1)[1])
        if target is not None and target is not el and next(
                (a for a in link.iterancestors() if a in members), None) is el:
            return target
    return None


def parents_of(members: list[etree._Element], found: list[etree._Element],
               signature: Callable[[etree._Element], str]
               ) -> dict[etree._Element, etree._Element | None]:
    """Each entry's parent entry (None at top level), in the thread's document order."""
    position = {el: i for i, el in enumerate(members)}
    member_set = set(members)
    stop = set(found)
    by_page_id: dict[str, etree._Element] = {}
    by_anchor: dict[str, etree._Element] = {}
    for el in members:
        pid = page_id(el)
        if pid is not None:
            by_page_id.setdefault(pid, el)
        if el.get("id"):
            by_anchor.setdefault(el.get("id"), el)
        prev = el.getprevious()
        if prev is not None and prev.tag == "a" and (prev.get("name") or prev.get("id")):
            by_anchor.setdefault(prev.get("name") or prev.get("id"), el)
    parents: dict[etree._Element, etree._Element | None] = {}
    last_at_depth: dict[int, etree._Element] = {}
    depths = [_depth_class(el) for el in members]
    base_depth = 0 if None in depths else min(depths, default=0)
    kinds = {signature(el) for el in members}
    for el in members:
        # The nearest enclosing entry; one left out (a hidden placeholder) means the reply
        # answers a comment that is not rendered: top level.
        parent = next((a for a in el.iterancestors()
                       if a in member_set or signature(a) in kinds), None)
        if parent is not None and parent not in member_set:
            parents[el] = None
            continue
        if parent is None:
            for attr in vocab.PARENT_ATTRIBUTES:
                value = (el.get(attr) or "").strip()
                if value:
                    parent = by_page_id.get(value)
                    break
            else:
                parent = _reply_link_target(el, member_set, by_anchor)
                if parent is None:
                    parent = _replies_container_parent(el, member_set, stop, signature)
                if parent is None:
                    depth = _depth_class(el)
                    if depth is not None and depth > base_depth:
                        parent = last_at_depth.get(depth - 1 - base_depth)
        if parent is not None and position[parent] > position[el]:
            parent = None
        parents[el] = parent
        depth = _depth_class(el)
        level = 0 if depth is None else depth - base_depth
        last_at_depth[level] = el
        for deeper in [d for d in last_at_depth if d > level]:
            del last_at_depth[deeper]  # a new branch: older deep entries answer nothing here
    return parents
