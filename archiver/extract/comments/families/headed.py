"""Comments announced by a header line of comment vocabulary: "#1 Kommentar von NAME".

Hand-written CMSs (fan sites, club pages, early PHP blogs) print each comment as a block
without any comment class or id: a line saying that it is a comment and by whom, a date as
bare text, then the text. The general reader wants repeated, marked blocks and misses such
a thread (above all a thread of one), so this reader runs after it, only when nothing else
found a thread. A header counts only under a comments title ("Kommentare", "3 Comments") or
when it carries the comment's number, so that an opinion piece's "Kommentar von NAME" byline
is not taken for a reader comment.
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import PageContext, Thread, comment_dict, not_discussion
from archiver.extract.text import (
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
    collapse,
    element_text,
    inline_text,
)

NAME = "html"
MARKUP = "headed"

HEADER = re.compile(
    r"^\s*(?P<number>#\s*\d{1,4}\s*[.:)–-]?\s*)?"
    r"(?:kommentar|comment|commentaire|comentario|commento|komentarz|reactie|reaktion)\s+"
    r"(?:von|by|from|de|par|di|od|van)\s+(?P<name>\S.{0,59}?)\s*:?\s*$", re.I)
_HEADER_TAGS = ("h2", "h3", "h4", "h5", "h6", "dt", "strong", "b")
_TEXT_TAGS = frozenset({"p", "div", "blockquote", "pre", "ul", "ol", "dd"})
_TITLE_NOISE = re.compile(r"[\d\s():#.]+")


def _under_comments_title(header: etree._Element) -> bool:
    """A heading or title bar saying "Kommentare"/"Comments" comes before the header's block."""
    for node in header.iterancestors():
        for before in node.itersiblings(preceding=True):
            if not isinstance(before.tag, str):
                continue
            title = _TITLE_NOISE.sub(" ", inline_text(before)).strip().lower()
            if title in vocab.THREAD_SECTION_WORDS:
                return True
    return False


def _date(header: etree._Element) -> str | None:
    """The bare date after the header: its tail text, or the next short inline element."""
    candidates = [header.tail or ""]
    following = header.getnext()
    if following is not None and following.tag == "br":
        candidates.append(following.tail or "")  # "<b>Comment by NAME</b><br/>DATE"
    elif following is not None and following.tag in ("span", "small", "em", "i", "time", "a"):
        candidates.append(inline_text(following))
    for text in candidates:
        text = collapse(vocab.DATE_DECORATION.sub("", collapse(text)))
        if text and len(text) < 60 and vocab.DATE_TEXT.search(text):
            return text
    return None


def _body(header: etree._Element) -> list[etree._Element]:
    body = []
    for el in header.itersiblings():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _HEADER_TAGS and HEADER.match(inline_text(el)):
            break  # the next comment of the same block
        if el.tag in _TEXT_TAGS and inline_text(el):
            body.append(el)
    return body


def read(ctx: PageContext) -> Thread | None:
    comments: list[dict] = []
    blocks: list[etree._Element] = []
    chrome: dict = {}
    for header in ctx.tree.iter(*_HEADER_TAGS):
        m = HEADER.match(inline_text(header))
        if m is None or vocab.NOT_A_NAME.match(m["name"]) or not ctx.in_scope(header):
            continue
        if not_discussion(header, memo=chrome) or not (m["number"] or
                                                       _under_comments_title(header)):
            continue
        body = _body(header)
        if not body:
            continue
        text = "\n\n".join(element_text(el) for el in body)
        html = clean_html("".join(etree.tostring(el, encoding="unicode", with_tail=False)
                                  for el in body), COMMENT_TAGS, COMMENT_ATTRIBUTES)
        comments.append(comment_dict(
            cid=None, parent_id=None, platform="html", name=collapse(m["name"]), url=None,
            post_author=False, published_raw=_date(header), text=text, html=html,
            position=len(comments), depth=0, article_url=ctx.base))
        blocks.append(header.getparent())
    if not comments:
        return None
    return Thread(comments=comments, markup=MARKUP, elements=blocks)
