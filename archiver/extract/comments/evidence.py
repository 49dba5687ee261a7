"""Role evidence of the elements in a comment region: who, when and how much text.

One walk over a region gives every element a count of the person and time markers and the
text under it; comment entries are then told apart from their parts by those counts, with no
per-entry scans of the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import attribute_words, class_last_words
from archiver.extract.text import SKIP_TAGS as TEXT_SKIP_TAGS
from archiver.extract.text import collapse, inline_text

INLINE_TAGS = frozenset({"a", "span", "b", "strong", "em", "i", "time", "abbr", "img", "br",
                         "small", "cite", "font", "u", "sup", "sub", "label", "input", "button",
                         "svg", "path", "use", "meta", "link", "script", "style", "noscript",
                         "select", "option", "textarea", "iframe", "h1", "h2", "h3", "h4", "h5",
                         "h6", "p", "q", "code", "pre", "hr", "strike", "s", "del", "ins",
                         "picture", "source", "blockquote", "template"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "textarea",
                       "iframe", "object", "embed", "input", "button", "form"})
# The reply form's wrapper: its labels ("Name", "Comment") are not a comment.
FORM_BLOCK_WORDS = frozenset({"respond", "comment-respond", "commentform", "reply-form",
                              "comment-form", "comments-form"})


# Letters that make an entry's text more than a floor number or a separator.
PLAIN_ENOUGH = 2


@dataclass
class Marks:
    """Per element: markers of a person and of a time at or under it, and its text length."""

    person: dict[etree._Element, int] = field(default_factory=dict)
    time: dict[etree._Element, int] = field(default_factory=dict)
    text: dict[etree._Element, int] = field(default_factory=dict)
    # Letters outside person and time elements: what a comment's body adds to its header,
    # counted up to PLAIN_ENOUGH per element.
    plain: dict[etree._Element, int] = field(default_factory=dict)

    def update(self, other: Marks) -> None:
        self.person.update(other.person)
        self.time.update(other.time)
        self.text.update(other.text)
        self.plain.update(other.plain)


_ROLE_LABEL = frozenset({"label", "badge", "badges", "role", "status"})


# What one element says about its role: (its class and id words, names a person, the
# machine-readable instant it carries or None, names a time by its tag or words, its
# itemprop or None).
Roles = tuple[frozenset[str], bool, str | None, bool, str | None]
_NO_WORDS: frozenset[str] = frozenset()


def roles(el: etree._Element, memo: dict | None = None) -> Roles:
    """The element's Roles; `memo` (one dict per page) keeps them for the next reader."""
    if memo is not None:
        known = memo.get(el)
        if known is None:
            known = memo[el] = roles(el)
        return known
    items = el.items()
    tag = el.tag
    if not items:
        return _NO_WORDS, tag == "cite", None, tag == "time", None
    if len(items) == 1 and items[0][0] == "class":
        return _class_roles(tag, items[0][1])  # a thread's blocks repeat their classes
    return _attribute_roles(tag, dict(items))


@lru_cache(maxsize=4096)
def _class_roles(tag: str, cls: str) -> Roles:
    return _attribute_roles(tag, {"class": cls})


def _attribute_roles(tag: str, attrs: dict[str, str]) -> Roles:
    cls, ident = attrs.get("class"), attrs.get("id")
    words = attribute_words(cls, ident) if (cls or ident) else _NO_WORDS
    return (words, _person(tag, attrs, words), _instant(tag, attrs, words),
            named_time(tag, words), attrs.get("itemprop"))


def _person(tag: str, attrs: dict[str, str], words: frozenset[str]) -> bool:
    if tag == "cite":
        return True
    prop = attrs.get("itemprop") or ""
    if prop in ("author", "creator"):
        return True
    # The role a class token names is its last word: "comment-author", "user-name" name a
    # person, "field-name-comment-body" a body.
    if words & _ROLE_LABEL:
        return False  # "Author", "Admin" badges beside the name
    if words and class_last_words(attrs.get("class")) & vocab.AUTHOR_WORDS and tag not in (
            "time", "abbr", "img", "ul", "ol", "li", "form", "input", "textarea", "label"):
        return True
    if tag != "a":
        return False
    if {"author", "external"} & set((attrs.get("rel") or "").split()):
        return True
    return bool(vocab.PROFILE_HREF.search(attrs.get("href") or "")
                or vocab.PROFILE_TITLE.search(attrs.get("title") or ""))


# Every instant is read from one of these.
_INSTANT_ATTRIBUTES = frozenset({"datetime", "title", "content", *vocab.EPOCH_ATTRIBUTES})


def _instant(tag: str, attrs: dict[str, str], words: frozenset[str]) -> str | None:
    """The machine-readable instant the element carries, if any."""
    if _INSTANT_ATTRIBUTES.isdisjoint(attrs):
        return None
    stamp = (attrs.get("datetime") or "").strip()
    if stamp and (tag == "time" or (vocab.ISO_LIKE.match(stamp) and tag not in ("ins", "del"))):
        # also on a link or span ("<a class=time datetime=...>2 weeks ago</a>"): themes put
        # it there though HTML allows it on <time> only (and on <ins>/<del>: an edit's time)
        return stamp
    title = attrs.get("title") or ""
    if (tag == "abbr" or words & vocab.TIME_WORDS) and vocab.ISO_LIKE.match(title):
        return title.strip()
    content = attrs.get("content") or ""
    if content and vocab.ISO_LIKE.match(content) and (attrs.get("property")
                                                       or attrs.get("itemprop")):
        return content.strip()
    for attr in (a for a in vocab.EPOCH_ATTRIBUTES if a in attrs):
        value = attrs[attr]
        if value and vocab.EPOCH.match(value):
            return value.strip()
    return None


def named_time(tag: str, words: frozenset[str]) -> bool:
    """A time element, or one whose class or id names a time: a time for an element whose
    instant is known to be None."""
    if tag == "time":
        return True
    return bool(words & vocab.TIME_WORDS) and tag not in ("ul", "ol", "li", "form")


_DIGIT_OR_AGO = re.compile(r"\d|ago|il y a|temu|назад", re.I)


# Every alternative of vocabulary.DATE_TEXT but one needs a digit; that one is these words.
# Most text has no digit, and this is a fraction of the full expression's cost.
_DIGIT = re.compile(r"\d")
_DATE_WORDS = re.compile(r"\b(?:ago|il y a|temu|geleden|назад)", re.I)


def date_text(text: str) -> bool:
    """vocabulary.DATE_TEXT finds a visible date or time in `text`."""
    if _DIGIT.search(text) is None:
        return _DATE_WORDS.search(text) is not None
    return vocab.DATE_TEXT.search(text) is not None


def _dated(text: str) -> bool:
    """A short text that reads as a date (the cheap test first: most text has no digit)."""
    return _DIGIT_OR_AGO.search(text) is not None and date_text(text)


def mark(region: etree._Element, memo: dict | None = None) -> Marks:
    """Count person and time markers and text length under every element of the region
    (`memo`: see roles)."""
    memo = {} if memo is None else memo
    persons: dict[etree._Element, int] = {}
    times: dict[etree._Element, int] = {}
    texts: dict[etree._Element, int] = {}
    plains: dict[etree._Element, int] = {}
    # Each element with its parent in the walk (None for the region): no getparent later.
    # Two parallel lists each (no pair per element).
    order: list[etree._Element] = []
    order_parents: list[etree._Element | None] = []
    stack: list[etree._Element] = [region]
    stack_parents: list[etree._Element | None] = [None]
    while stack:
        el = stack.pop()
        parent = stack_parents.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            continue
        known = memo.get(el)
        if known is None:
            known = memo[el] = roles(el)
        words, names_person, instant, names_time, _prop = known
        if parent is not None and words & FORM_BLOCK_WORDS:
            continue
        order.append(el)
        order_parents.append(parent)
        person = persons[el] = 1 if names_person else 0
        own_time = names_time or instant is not None
        own_text = el.text
        text = len(own_text.strip()) if own_text else 0
        # (no date in a text of white space: most texts between tags)
        if not own_time and own_text and len(own_text) < 80 and not own_text.isspace() \
                and _dated(own_text):
            own_time = True
        children = list(el)  # one pass over the children serves tails, letters and the walk
        tails: list[str] = []
        if children:
            tails = [tail for child in children if (tail := child.tail)]  # (read once)
            for tail in tails:
                tail = tail.strip()
                text += len(tail)
                if not own_time and tail and len(tail) < 80 and _dated(tail):
                    own_time = True  # a date printed as a bare text node
            children.reverse()
            stack += children
            stack_parents += [el] * len(children)
        times[el] = 1 if own_time else 0
        texts[el] = text
        # Letters only: a floor number ("#2") or a separator is not a body.
        plains[el] = 0 if own_time or person else _letters(own_text, tails)
    # Elements that are themselves a name or a date: their text is header, not body.
    header = {el for el in order if persons[el] or times[el]}
    for el, parent in zip(reversed(order), reversed(order_parents), strict=True):
        if parent is None:
            continue
        persons[parent] += persons[el]
        times[parent] += times[el]
        texts[parent] += texts[el]
        if el not in header:
            plains[parent] += plains[el]
    return Marks(person=persons, time=times, text=texts, plain=plains)


def _letters(text: str | None, tails: list[str]) -> int:
    """The letters of an element's own text and of its children's tails, counted up to
    PLAIN_ENOUGH: a comment's body is told from its header by having that many, so a long
    text need not be counted through (and a sum of such counts still reaches it exactly
    when the full counts' sum does)."""
    count = 0
    for piece in (text, *tails) if tails else (text,):
        if not piece or piece.isspace():
            continue
        for char in piece:
            if char.isalpha():
                count += 1
                if count == PLAIN_ENOUGH:
                    return count
    return count


class _Enough(Exception):
    pass


def inline_head(el: etree._Element, limit: int) -> tuple[str, bool]:
    """(text, whole): inline_text(el) (whole is True), or the same for the first text
    pieces, once their non-space characters reach `limit` (whole is False). Such a head is
    a prefix of the whole text at least `limit` long, so a comment's paragraphs need not be
    read through to see what they start with or that they are no short date."""
    if not len(el):  # a leaf (most names, dates and links): its own text, no walk
        tag = el.tag
        text = el.text if isinstance(tag, str) and tag not in TEXT_SKIP_TAGS else None
        if not text:
            return "", True
        return collapse(text), len("".join(text.split())) < limit
    parts: list[str] = []
    solid = 0

    def add(text: str) -> None:
        nonlocal solid
        parts.append(text)
        solid += len("".join(text.split()))
        if solid >= limit:
            raise _Enough

    def walk(node: etree._Element) -> None:
        tag = node.tag
        if tag == "br":
            parts.append(" ")  # as inline_text reads a line break
            return
        if not isinstance(tag, str) or tag in TEXT_SKIP_TAGS:
            return
        if text := node.text:
            add(text)
        for child in node:
            walk(child)
            if tail := child.tail:
                add(tail)

    whole = True
    try:
        walk(el)
    except _Enough:
        whole = False
    return collapse("".join(parts)), whole


def is_noise(el: etree._Element, words: frozenset[str]) -> bool:
    """A part of a comment that is not what the reader wrote (widgets, links, headers)."""
    if el.tag in ("form", "button", "time", "img", "input", "textarea", "select"):
        return True
    if words & vocab.NOISE_WORDS and not words & vocab.BODY_WORDS:
        return True
    if el.tag == "a" and vocab.NOT_A_NAME.match(inline_text(el)) and not len(el):
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style
