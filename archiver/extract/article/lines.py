"""Printed lines: the text a reader sees on one line of a block, for the rules that must
tell a short standalone meta line ("Von Christian am 03.05.2013") from a sentence of the
body that happens to hold the same words ("ein Tuch von Barbour, passend dazu ...")."""

from __future__ import annotations

from lxml import etree

from archiver.extract.text import BLOCK_TAGS, SKIP_TAGS, collapse, inline_text

MAX_META_LINE = 120  # characters: a byline or date line, not a paragraph


def own_lines(el: etree._Element) -> list[str]:
    """The element's own lines of text: its text and its inline children's, cut at every
    block child (whose lines are its own) and without scripts."""
    lines, current = [], [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str) or child.tag in SKIP_TAGS:
            pass
        elif child.tag in BLOCK_TAGS or child.tag == "br":
            lines.append(collapse("".join(current)))
            current = []
        else:
            current.append(" " + inline_text(child) + " ")
        current.append(child.tail or "")
    lines.append(collapse("".join(current)))
    return [line for line in lines if line]


def block_of(el: etree._Element) -> etree._Element:
    """The element itself when it is a block, else its nearest block ancestor."""
    node: etree._Element | None = el
    while node is not None:
        if node.tag in BLOCK_TAGS or node.tag in ("body", "td", "th"):
            return node
        node = node.getparent()
    return el


def line_holding(el: etree._Element, text: str, in_tail: bool = False) -> str | None:
    """The printed line on which `text` (the element's text, or its tail) stands, or None
    when it is not found there."""
    holder = el.getparent() if in_tail and el.getparent() is not None else el
    needle = collapse(text)[:40]
    if not needle:
        return None
    return next((line for line in own_lines(block_of(holder)) if needle in line), None)


def is_meta_line(el: etree._Element, text: str, in_tail: bool = False) -> bool:
    """Whether `text` stands on a short line of its own (not inside a paragraph's
    sentence). Text whose line cannot be told is taken as standalone."""
    line = line_holding(el, text, in_tail)
    return line is None or len(line) <= MAX_META_LINE
