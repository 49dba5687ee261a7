"""Shared helpers: HTML element -> plain text, element -> cleaned HTML, class tests."""

from __future__ import annotations

import functools
import html as _html
import re
from collections.abc import Callable, Iterable

import nh3
from lxml import etree

__all__ = [
    "BODY_ATTRIBUTES",
    "BODY_TAGS",
    "COMMENT_ATTRIBUTES",
    "COMMENT_TAGS",
    "classes",
    "clean_html",
    "collapse",
    "element_text",
    "has_class",
    "heading_text",
    "inline_text",
    "inner_html",
]

# Elements that start a new paragraph in plain text.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "caption", "body", "html",
    }
)
# Never text, whatever the page says.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg",
                       "iframe", "object", "embed", "canvas", "select", "button", "textarea",
                       "input", "math"})

COMMENT_TAGS = frozenset({"a", "em", "strong", "b", "i", "blockquote", "p", "br", "code",
                          "pre", "ul", "ol", "li"})
COMMENT_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}}

BODY_TAGS = frozenset(
    COMMENT_TAGS
    | {"h1", "h2", "h3", "h4", "h5", "h6", "div", "figure", "figcaption", "img", "table",
       "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "sup", "sub", "u", "s",
       "del", "ins", "q", "cite", "abbr", "dl", "dt", "dd", "small", "mark"}
)
BODY_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
# Content-bearing tags whose whole content goes, not just the tag.
_DROP_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "embed",
                 "svg", "math", "textarea", "select", "button", "title", "head"}

_BR = "\x00"  # stands for <br> until whitespace is collapsed
_AROUND_BR = re.compile(r" ?\x00 ?")


def collapse(text: str) -> str:
    """Collapse runs of whitespace (including newlines and nbsp) to one space, strip."""
    # str.split() splits on what `\s` matches (both are Py_UNICODE_ISSPACE) and drops the
    # ends: the same as re.sub(r"\s+", " ", text).strip(), at a quarter of the cost.
    return " ".join(text.split())


def classes(el: etree._Element) -> set[str]:
    """The element's class tokens."""
    value = el.get("class")
    return set(value.split()) if value else set()


def has_class(el: etree._Element, *names: str) -> bool:
    """True when the element carries any of the given class tokens."""
    value = el.get("class")
    if not value:
        return False
    return not _class_tokens(value).isdisjoint(names)


@functools.lru_cache(maxsize=4096)  # a thread's blocks repeat their classes
def _class_tokens(value: str) -> frozenset[str]:
    return frozenset(value.split())


def inline_text(el: etree._Element | None, skip: Iterable[str] = ()) -> str:
    """All visible text of an element on one line (scripts, styles and `skip` classes out)."""
    if el is None:
        return ""
    skip_classes = frozenset(skip)
    tag = el.tag
    if not len(el) and isinstance(tag, str) and tag not in SKIP_TAGS:
        # A leaf (most names, dates and links): its own text, no walk.
        if not (skip_classes and classes(el) & skip_classes):
            return collapse(text) if (text := el.text) else ""
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag
        if tag == "br":
            parts.append(" ")  # a line break is a space on one line: "24 janvier 2017<br>12h10"
        elif isinstance(tag, str) and tag not in SKIP_TAGS and not (
            skip_classes and classes(node) & skip_classes
        ):
            # (each .text or .tail is decoded anew: read once)
            if text := node.text:
                parts.append(text)
            for child in node:
                walk(child)
                if tail := child.tail:
                    parts.append(tail)
        # comments/PIs and skipped tags contribute nothing themselves

    walk(el)
    return collapse("".join(parts))


def element_text(el: etree._Element | None) -> str:
    """Plain text of an element: block elements' texts joined by a blank line.

    Inline whitespace collapses to single spaces, ``<br>`` becomes a newline, ``<pre>``
    keeps its lines.
    """
    if el is None:
        return ""
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            # collapse(): a space left at either end would go with the strip below, or
            # with the <br> beside it.
            text = " ".join("".join(buf).split())
            if _BR in text:
                text = _AROUND_BR.sub(_BR, text).replace(_BR, "\n").strip()
            if text:
                blocks.append(text)
            buf.clear()

    def walk(node: etree._Element) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            return
        if tag == "br":
            buf.append(_BR)
            return
        if tag == "pre":
            flush()
            text = node.text_content().strip("\n").rstrip()
            if text.strip():
                blocks.append(text)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if text := node.text:
            buf.append(text)
        for child in node:
            walk(child)
            if tail := child.tail:
                buf.append(tail)
        if block:
            flush()

    walk(el)
    flush()
    return "\n\n".join(blocks)


def drop(node: etree._Element, keep_tail: bool = True) -> None:
    """Remove an element; the text after it (its tail) belongs to the parent and stays."""
    parent = node.getparent()
    if parent is None:
        return
    if keep_tail and node.tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def inner_html(el: etree._Element) -> str:
    """The element's content serialized as HTML (without the element's own tag)."""
    parts = [_html.escape(text, quote=False)] if (text := el.text) else []
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


# Text with no tag, entity or character the sanitizer's parser or serializer rewrites
# (markup, &, no-break space, controls, carriage returns, a byte-order mark).
_PLAIN_TEXT = re.compile(r"[^<>&\x00-\x08\x0b-\x1f\x7f-\xa0\ufeff]*")


def clean_html(html: str, tags: Iterable[str], attributes: dict[str, set[str]]) -> str:
    """Sanitize HTML to an allowlist: no scripts, styles, event handlers or foreign schemes."""
    if _PLAIN_TEXT.fullmatch(html):
        return html.strip()  # no markup, nothing to escape: the sanitizer would return it
    if attributes is COMMENT_ATTRIBUTES and tags is COMMENT_TAGS:
        # (every comment: no allowlist key of sets to build, sort and hash per call)
        return _comment_cleaner()(html).strip()
    return _cleaner_for(tags, attributes)(html).strip()


def _cleaner_for(tags: Iterable[str], attributes: dict[str, set[str]]) -> Callable[[str], str]:
    return _cleaner(frozenset(tags), tuple(sorted((tag, frozenset(names))
                                                  for tag, names in attributes.items())))


@functools.cache
def _comment_cleaner() -> Callable[[str], str]:
    """The sanitizer for COMMENT_TAGS and COMMENT_ATTRIBUTES (constants: never modified)."""
    return _cleaner_for(COMMENT_TAGS, COMMENT_ATTRIBUTES)


@functools.lru_cache(maxsize=16)
def _cleaner(tags: frozenset[str], attributes: tuple[tuple[str, frozenset[str]], ...]
             ) -> Callable[[str], str]:
    """nh3's sanitizer for one allowlist, built once: building it is two thirds of the cost
    of cleaning one comment (nh3.Cleaner, nh3 0.2.18+; nh3.clean builds it every call)."""
    options = {"tags": set(tags), "clean_content_tags": set(_DROP_CONTENT - tags),
               "attributes": {tag: set(names) for tag, names in attributes},
               "link_rel": "nofollow noopener", "url_schemes": {"http", "https", "mailto"}}
    if hasattr(nh3, "Cleaner"):
        return nh3.Cleaner(**options).clean
    return functools.partial(nh3.clean, **options)


def heading_text(el: etree._Element | None) -> str:
    """A heading's own text: inline content up to the first block element.

    Broken pages leave headings unclosed, so the parser nests the rest of the page (body,
    comments) inside them; a title must stop where the heading's line would have ended.
    """
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> bool:
        """Append text; return False once a block element is met."""
        if text := node.text:
            parts.append(text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                if tag in BLOCK_TAGS:
                    return False
                if tag not in SKIP_TAGS and not walk(child):
                    return False
            if tail := child.tail:
                parts.append(tail)
        return True

    walk(el)
    return collapse("".join(parts))
