"""One comment's fields read by role: author, time, text, in one walk of its own elements.

"Own" elements are those of the entry that are not inside a nested reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import last_words
from archiver.extract.comments.evidence import (
    SKIP_TAGS,
    date_text,
    inline_head,
    is_noise,
    roles,
)
from archiver.extract.comments.names import (
    author_by_role,
    author_in_header,
    first_name_like,
    name_before_date,
)
from archiver.extract.text import (
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
    collapse,
    element_text,
    inline_text,
    inner_html,
)
from archiver.extract.text import SKIP_TAGS as TEXT_SKIP_TAGS
from archiver.normalize.date_shapes import bare_time

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PROSE = 40  # characters: longer than a date or a "Posted by" line
_BLOCKS = _HEADINGS | {"div", "p", "ul", "ol", "li", "dl", "blockquote", "table", "section",
                       "article", "pre", "form"}
_NAME_SKIP = ("says", "screen-reader-text", "avatar", "comment-reply-link", "reply", "uid",
              "badge", "user-badge")
_NOT_BODY = frozenset({"avatar", "hovercard", "popover", "dropdown", "tooltip", "meta",
                       "header", "footer", "author", "signature", "sig", "form", "badge",
                       "badges", "bio", "fans"})
_BODY_FIRST = frozenset({"content", "text", "message", "msg", "cbody", "commentbody",
                         "commenttext", "texte", "texto", "tekst", "inhalt"})


@dataclass
class Entry:
    name: str | None
    url: str | None
    published: str | None
    text: str
    html: str
    post_author: bool


@dataclass
class _Own:
    """An entry's own elements (nested replies left out) with their class/id words, and
    what the field readers look for among them, found in the same walk."""

    elements: list[tuple[etree._Element, frozenset[str]]]
    texts: list[etree._Element]  # itemprop=text and the like, the entry itself excepted
    bodies: list[etree._Element]  # blocks whose class names a body
    persons: list[tuple[int, etree._Element, frozenset[str]]]  # (index, element, words)


_NOT_BODY_TAGS = frozenset({"a", "span", "time", "img", "ul", "ol", "li"})
_TEXT_PROPS = frozenset({"text", "commentText", "reviewBody"})


def _own(parts: list[etree._Element], members: set, memo: dict) -> _Own:
    """The entry's own elements in one walk; each element's Roles are left in `memo`."""
    own = _Own([], [], [], [])
    first = parts[0]
    for part in parts:
        _visit(part, first, own, memo)
        stack = list(reversed(part))
        while stack:
            el = stack.pop()
            tag = el.tag
            if not isinstance(tag, str) or tag in SKIP_TAGS or el in members:
                continue
            _visit(el, first, own, memo)
            stack.extend(reversed(el))
    return own


def _visit(el: etree._Element, first: etree._Element, own: _Own, memo: dict) -> None:
    known = memo.get(el)
    if known is None:
        known = memo[el] = roles(el)
    words, person, _instant, _names_time, prop = known
    if person:
        own.persons.append((len(own.elements), el, words))
    own.elements.append((el, words))
    if el is first:
        return
    if prop in _TEXT_PROPS:
        own.texts.append(el)
    if words and el.tag not in _NOT_BODY_TAGS and last_words(el) & vocab.BODY_WORDS \
            and not words & _NOT_BODY:
        own.bodies.append(el)


def _published(parts: list[etree._Element], own: list, body_nodes: set, memo: dict
               ) -> tuple[str | None, etree._Element | None]:
    for part in parts:
        value = memo[part][2]
        if value:
            return _instant(value), None
    visible: etree._Element | None = None
    outside = [(el, words) for el, words in own if el not in body_nodes]
    # A body block that also holds the header ("media-body"): its part before the text.
    header: list = []
    for el, words in own:
        if el in body_nodes:
            if el.tag in ("p", "blockquote", "pre") and not date_text(
                    inline_head(el, 200)[0][:200]):
                break
            header.append((el, words))
    own = outside + header
    for el, words in own:
        if el in parts:
            continue  # its instant is read above; its words name the entry's state
            # ("comment-published", Drupal), not a time printed in it
        _words, _person, value, names_time, _prop = memo[el]
        if names_time and words & _HIDDEN:
            continue  # not shown: a share widget's data ("comment_share_N_data_title")
        if value:
            return _instant(value), el
        # No instant here: only the element's tag or words can say it is a time.
        if (visible is None and names_time and el.tag not in ("a",)) or (
                visible is None and el.tag == "a" and words & vocab.TIME_WORDS):
            visible = el
    if visible is None:
        for el, _words in own:
            if el in parts:
                continue
            leaf = el.tag in ("div", "p", "td") and not any(
                isinstance(c.tag, str) and c.tag in _BLOCKS for c in el)
            text = _short_inline_text(el, _DATE_LINE) if leaf or el.tag in (
                "a", "span", "small", "em", "i", "b", "font", "strong") else None
            if text and date_text(text):
                visible = _date_piece(el)
                break
    if visible is not None:
        text = inline_text(visible, skip=(*_NAME_SKIP, "comment-edit-link", "edit-link"))
        text = _trim(vocab.DATE_DECORATION.sub("", _trim(text)))
        text, visible = _with_day(collapse(text), visible)
        return (text or None), visible
    return None, None


_HIDDEN = frozenset({"hidden", "hide"})
# A line that holds a date and little else: "Soumis par marianne ARNAUD, le lundi 29 octobre
# 2012 à 16h30" is 60 characters; a paragraph of text is longer.
_DATE_LINE = 100
_DECORATION = " ()[]|·•—–-"


def _trim(text: str) -> str:
    """`text` without the brackets and separators around a date ("(2 days ago)", "| DATE"),
    a bracket it opens kept closed ("23 seconds ago ( 4:28 PM)")."""
    trimmed = text.strip(_DECORATION)
    if trimmed.count("(") > trimmed.count(")") and text.rstrip().endswith(")"):
        trimmed += ")"
    return trimmed


def _date_piece(line: etree._Element) -> etree._Element:
    """The element of a meta line that holds its date alone, when the line's other pieces
    are no date ("<small><a>NAME</a> | <span>5 hours ago</span> | 2 Replies</small>"); the
    line itself when its date is spread over several pieces ("<a>May 4</a> at <a>9:15</a>")."""
    while True:
        dated = [child for child in line if isinstance(child.tag, str)
                 and (text := _short_inline_text(child, 60)) and date_text(text)]
        if len(dated) != 1:
            return line
        rest = collapse(inline_text(line)).replace(collapse(inline_text(dated[0])), " ", 1)
        if date_text(rest):
            return line
        line = dated[0]


_SHOW_COMMENT = re.compile(r"[?&]showComment=(\d{13})\b")


def _permalink_instant(own: list) -> str | None:
    """Blogger prints a comment's time of day only ("11:08 PM"); its permalink carries the
    instant in milliseconds (``?showComment=1331780911270``)."""
    for el, _words in own:
        if el.tag == "a":
            match = _SHOW_COMMENT.search(el.get("href") or "")
            if match:
                return _instant(match.group(1))
    return None


def _with_day(text: str, visible: etree._Element) -> tuple[str, etree._Element]:
    """A time of day printed after its date in an element of its own ("<b>18. 05. 2014</b>
    <b class="time">22:38</b>"): both, and their line when it holds nothing else."""
    before = visible.getprevious()
    if before is None or bare_time(text) is None:
        return text, visible
    day = _short_inline_text(before, 40)
    if not day or not date_text(day):
        return text, visible
    line = visible.getparent()
    if line is not None and collapse(inline_text(line)) == collapse(f"{day} {text}"):
        return f"{day} {text}", line
    return f"{day} {text}", visible


def _short_inline_text(el: etree._Element, limit: int) -> str | None:
    """inline_text(el) when it is shorter than `limit`, else None."""
    text, whole = inline_head(el, limit)
    return text if whole and len(text) < limit else None


def _instant(value: str) -> str:
    match = vocab.EPOCH.match(value)
    if not match:
        return value
    seconds = int(match.group(1))
    if len(match.group(1)) == 13:
        seconds //= 1000
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(own: _Own, parts: list[etree._Element]) -> etree._Element | None:
    """The element holding what the commenter wrote, if the markup names one."""
    if len(parts) > 1:  # dt + dd: the text is in a dd
        dds = [p for p in parts[1:] if last_words(p) & vocab.BODY_WORDS] or parts[1:2]
        return dds[0]
    if own.texts:
        return own.texts[0]  # schema.org microdata names the text
    bodies = own.bodies
    best: tuple[tuple[bool, int], etree._Element] | None = None
    for el in bodies:
        # The largest: a summary/full pair or a body wrapping its content keeps everything;
        # but not a "content" box that also holds the author and a smaller body of its own.
        beside = len(bodies) > 1 and _holds_author_beside_body(el, own.elements)
        key = (not beside, len(el.text_content()))
        if best is None or key > best[0]:
            best = (key, el)
    return best[1] if best else None


def _holds_author_beside_body(el: etree._Element, own: list) -> bool:
    inside = set(el.iterdescendants())
    return any(d in inside and last_words(d) & vocab.AUTHOR_WORDS for d, _w in own) and any(
        d in inside and last_words(d) & vocab.BODY_WORDS for d, _w in own)


def _copy(src: etree._Element, dst: etree._Element, skip: set, members: set) -> None:
    """Copy src's content under dst, leaving out skipped elements (their tails kept)."""
    if text := src.text:
        _append_text(dst, text)
    for child in src:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIP_TAGS and child not in skip \
                and child not in members:
            new = etree.SubElement(dst, tag)
            href = child.get("href")
            if href:
                new.set("href", href)
            _copy(child, new, skip, members)
        if tail := child.tail:
            _append_text(dst, tail)


# What a copy leaves out or element_text reads apart (a <pre>'s lines): a body holding
# none of them is read as it is. The copy keeps only href; of the other attributes the
# sanitizer keeps its generic ones (ammonia's default: lang, title).
_NOT_AS_IS = SKIP_TAGS | TEXT_SKIP_TAGS | {"pre"}


def _copies_whole(body: etree._Element, body_nodes: set, skip: set, members: set) -> bool:
    """True when _copy of the body would leave nothing out (no skipped element, nested
    reply, script-like element, comment node, empty href, title or lang under it)."""
    if body.tag in _NOT_AS_IS or body.tag == "br" or not skip.isdisjoint(body_nodes):
        return False
    for node in body_nodes:
        if node is body:
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in _NOT_AS_IS or node in members:
            return False
        if node.get("href") == "" or node.get("title") is not None \
                or node.get("lang") is not None:
            return False
    return True


def _append_text(dst: etree._Element, text: str) -> None:
    if len(dst):
        dst[-1].tail = (dst[-1].tail or "") + text
    else:
        dst.text = (dst.text or "") + text


def read_entry(parts: list[etree._Element], members: set, base: str, url: str,
               memo: dict | None = None) -> Entry | None:
    """The fields of one comment entry; None when it holds no text at all.

    `memo`: one dict per page for the elements' Roles (evidence.roles), shared with mark."""
    memo = {} if memo is None else memo
    found = _own(parts, members, memo)
    own = found.elements
    body = _body(found, parts)
    body_nodes = set(body.iter()) if body is not None else set()
    name, link, author_el = author_by_role(found.persons, len(own), body_nodes, base, url)
    header_el = None
    if name is None:
        name, link, header_el = author_in_header(own, body_nodes, base)
    if name is None:
        name, link, header_el = first_name_like(own, base)
    # The meta lines are looked at only when the usual places gave no author or no date.
    meta = _meta_lines(own, body, body_nodes) if name is None else set()
    if name is None and meta:
        name, link, author_el = author_by_role(found.persons, len(own), body_nodes - meta,
                                               base, url)
        if name is None:
            name, link, header_el = author_in_header(own, body_nodes - meta, base)
    published, time_el = _published(parts, own, body_nodes, memo)
    if published is None and not meta:
        meta = _meta_lines(own, body, body_nodes)
    if published is None and meta:
        published, time_el = _published(parts, own, body_nodes - meta, memo)
    if name is None and time_el is not None:
        name, link, author_el = name_before_date(time_el, body_nodes, base)
    if published and name and time_el is not None and name in published:
        # A meta line holding both: "Posted by: NAME | DATE", "DATE — NAME".
        published = _date_part(published, name)
    if published and bare_time(published) is not None:
        published = _permalink_instant(own) or published
    skip = set()
    for el, words in own:
        if el in body_nodes and el is not body:
            if is_noise(el, words) and not (el.tag == "a" and el.get("href") and len(el) == 0
                                             and not words):
                skip.add(el)
            elif el.tag in ("p", "div", "span", "em") and vocab.MODERATION.match(
                    el.text or ""):
                skip.add(el)
            continue
        if body is None and ((is_noise(el, words) and not _holds_prose(el))
                             or el.tag in _HEADINGS or el.tag == "cite"):
            skip.add(el)
    for el in (author_el, time_el, header_el):
        if el is not None:
            skip.add(el)
    if body is not None and _copies_whole(body, body_nodes, skip, members):
        root = body  # its copy would be itself: same text, same cleaned HTML
    else:
        root = etree.Element("div")
        for part in ([body] if body is not None else parts):
            _copy(part, root, skip, members)
    text = element_text(root)
    if body is None and name:
        text = _strip_lead(text, name)
    html = clean_html(inner_html(root), COMMENT_TAGS, COMMENT_ATTRIBUTES)
    if not text.strip():
        # A title-only comment (the body holds just a signature): its title is what it says.
        subject = next((el for el, words in own if el not in body_nodes and (
            el.tag in _HEADINGS or words & {"title", "subject"}) and inline_text(el)), None)
        if subject is None:
            return None
        text = inline_text(subject)
        html = clean_html(f"<p>{escape(text)}</p>", COMMENT_TAGS, COMMENT_ATTRIBUTES)
    if vocab.PLACEHOLDER.match(text):
        return None  # a stand-in for an unpublished or removed comment: nothing was said
    post_author = any("bypostauthor" in (p.get("class") or "").split() for p in parts)
    return Entry(name=name, url=link, published=published, text=text, html=html,
                 post_author=post_author)


def _holds_prose(el: etree._Element) -> bool:
    """A paragraph of text inside: a wrapper named like a meta line ("comment-info") that
    holds the whole comment, name and date and text, is not a meta line."""
    return any(len(collapse(p.text_content())) >= _PROSE
               for p in el.iterdescendants("p", "blockquote", "pre"))


def _meta_lines(own: list, body: etree._Element | None, body_nodes: set) -> set:
    """The meta lines a "content" box holds after the text ("Kommentar von <cite>NAME</cite>
    am DATE"): noise to the text, but where the author and the date are printed."""
    return {node for el, words in own if el in body_nodes and el is not body
            and is_noise(el, words) for node in el.iter()}


def _strip_lead(text: str, name: str) -> str:
    """A header line left in a body-less entry ("NAME wrote:") is not comment text."""
    first, _, rest = text.partition("\n")
    if name in first and len(first) < len(name) + 40 and rest:
        return rest.strip()
    return text


def _date_part(text: str, name: str) -> str | None:
    head, _, tail = text.partition(name)
    head = vocab.BY_PREFIX.sub("", head).strip(" |—–-·•:,")
    tail = tail.strip(" |—–-·•:,")
    if tail.lower().startswith(("at ", "on ", "am ", "um ")):
        tail = tail[3:]
    for part in (tail, head):
        if part and date_text(part):
            return collapse(vocab.DATE_DECORATION.sub("", part))
    return collapse(head or tail) or None


