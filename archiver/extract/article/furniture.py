"""A post's furniture: the lines around its text that are not its text (byline, dateline,
tags, share bars, comment counts, related links) and the page's chrome, for the body
readers that have no theme container to tell them apart (body.py)."""

from __future__ import annotations

from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.text import collapse, drop


def is_chrome(el: etree._Element) -> bool:
    found = set((el.get("class") or "").split())
    return (el.tag in sel.CHROME_TAGS or el.get("id") in sel.CHROME_IDS
            or bool(found & sel.CHROME_CLASSES and not found & sel.MAIN_WIDGET_CLASSES))


_LINE_TAGS = frozenset({"p", "div", "span", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                        "h6", "small", "header", "footer", "section", "dl", "dd", "dt", "td"})
# Code and preformatted text are kept whole: a highlighter's <span class="comment">
# is the code's own.
VERBATIM = frozenset({"pre", "code", "samp", "kbd"})


def meta_line(el: etree._Element) -> bool:
    """A short line of the post's meta (its byline, date, tags, share and comment links),
    named so by its class or id or printed as a "By ..." line, wherever it sits."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if el.tag == "time" or (names != " " and sel.META_LINE_NAMES.search(names)):
        return len(el.text_content().split()) <= sel.META_LINE_WORDS
    if sel.BY_WORDS.match(el.text or "x"):
        return _printed_byline(el.text_content())
    return False


_BYLINE_WORDS = 16  # "By Jane Doe and John Roe, Staff Writers | May 3, 2012 | 5 comments"


def _printed_byline(text: str) -> bool:
    """A "By ..." line whose markup does not name it: a byline when it is short and what
    follows "By" starts as a name does (capitalised); a sentence that happens to begin
    with the word ("By <em>then</em> the vote was lost ...") is the post's prose."""
    words = text.split()
    if len(words) > _BYLINE_WORDS:
        return False
    rest = next((w for w in words[1:] if w not in (":", "-", "—")), "")
    return not rest[:1].islower()


def _short_text(el: etree._Element, words: int) -> str | None:
    """The element's text when it has at most `words` words (reading stops past that)."""
    parts: list[str] = []
    count = 0
    for piece in el.itertext():
        count += len(piece.split())
        if count > words:
            return None
        parts.append(piece)
    return collapse("".join(parts))


def _edge_line(el: etree._Element) -> bool:
    """A short line that is the post's furniture when it sits before its first sentence or
    after its last: a dateline or dated byline, a comment count, a row of links (share
    bar, tags, related posts). Inside the text such lines are the post's own (a list of
    links, say)."""
    if el.tag not in _LINE_TAGS:
        return False
    text = _short_text(el, sel.LINKS_LINE_WORDS)
    if not text:
        return False
    if sel.COMMENT_COUNT_LINE.match(text):
        return True
    date = sel.PRINTED_DATE.search(text)
    if date is not None and (len(text.replace(date.group(0), "").split()) <= 3
                             or sel.BY_LEAD.match(text)):  # "by Jane Doe on May 3, 2012"
        return True
    linked = sum(len(collapse(a.text_content())) for a in el.iter("a"))
    return linked >= 0.8 * len(text)


_SENTENCE_WORDS = 8  # a run of text this long is the post's prose, not furniture


def trim_edges(root: etree._Element) -> None:
    """Drop the furniture lines (`_edge_line`) before the post's first run of prose and
    after its last, found in one walk in document order."""
    events: list[etree._Element | None] = []  # a furniture line, or None for prose
    stack: list[tuple[etree._Element, bool]] = [(root, False)]  # (node, its tail only)
    while stack:
        node, tail = stack.pop()
        if tail:
            if len((node.tail or "").split()) >= _SENTENCE_WORDS:
                events.append(None)
            continue
        if node is not root and _edge_line(node):
            events.append(node)
            continue
        if node.tag in VERBATIM:
            events.append(None)
            continue
        if len((node.text or "").split()) >= _SENTENCE_WORDS:
            events.append(None)
        for child in reversed([c for c in node if isinstance(c.tag, str)]):
            stack.append((child, True))
            stack.append((child, False))
    prose = [i for i, event in enumerate(events) if event is None]
    if not prose:
        return
    for index, event in enumerate(events):
        if event is not None and (index < prose[0] or index > prose[-1]):
            drop(event)


def loose_noise(el: etree._Element) -> bool:
    return sel.is_noise(el) or is_chrome(el) or meta_line(el)


def clear(root: etree._Element, chrome: bool = False) -> None:
    """Take the furniture out of a copy of the post (and, with `chrome`, the noise and the
    page's chrome too: for text read without a theme container)."""
    for node in sel.outermost(root, loose_noise if chrome else meta_line, VERBATIM):
        drop(node)
    trim_edges(root)
