"""Contao's comments (the "Kommentare" content element and the news/blog comments, stock
template ``com_default``), as the Contao manual prints its HTML output::

    <div class="ce_comments block">
      <div class="comment_default first even" id="c1">
        <p class="info">Kommentar von NAME | <time datetime="..." class="date">...</time></p>
        <div class="comment"><p>text</p></div>
      </div>
      ...
      <div class="form">...</div>

The name may be a link (the commenter's website) or, in customised templates, a <span>
followed by a verb ("<span>Nicolai11</span> schrieb:"). The thread is flat. The block's
class is ``comment_default`` (one word with an underscore), which the general reader's
class tests do not take for a comment, and a page often shows a single one.
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.comments.base import (
    PageContext,
    Thread,
    comment_dict,
    href_of,
    in_scope,
    not_discussion,
)
from archiver.extract.comments.families._shared import (
    NOISE_CLASSES,
    class_test,
    clean_copy,
    content_of,
)
from archiver.extract.comments.names import clean_name
from archiver.extract.text import collapse, inline_text

NAME = "contao"
# The comments are the page's own HTML, keyed (site, "html", id) like the general reader's.
PLATFORM = "html"
_BLOCKS = etree.XPath("//div[" + class_test("comment_default") + "]")
_INFO = etree.XPath("./*[" + class_test("info") + "]")
_CONTENT = etree.XPath("./div[" + class_test("comment") + "]")
_DATE = etree.XPath(".//time[@datetime] | .//*[" + class_test("date") + "]")
# The template's label before the name: $this->by, "Kommentar von", "Comment by", ...
_BY_LABEL = re.compile(r"^(?:\w+\s+)?(?:von|by|de|par|di|da|door|por|od|av|af)\s+", re.I)


def _blocks(ctx: PageContext) -> list[etree._Element]:
    chrome: dict = {}
    return [el for el in _BLOCKS(ctx.tree)
            if _INFO(el) and _CONTENT(el) and not not_discussion(el, memo=chrome)
            and in_scope(el, ctx.scopes)]


def _author(info: etree._Element) -> tuple[str | None, etree._Element | None]:
    """(the commenter's name, the link to their website) from the info line."""
    dates = set(_DATE(info))
    for child in info:
        if child.tag in ("a", "span", "strong", "b") and child not in dates \
                and not any(d in dates for d in child.iterdescendants()):
            name = clean_name(inline_text(child))
            if name:
                return name, child if child.tag == "a" else child.find(".//a[@href]")
    # "Kommentar von Jane Doe | <time>": the text before the date, without the label.
    text = collapse(info.text or "").split("|")[0]
    return clean_name(_BY_LABEL.sub("", text.strip())), None


def _comment(el: etree._Element, position: int, base: str) -> dict:
    info = _INFO(el)[0]
    name, link = _author(info)
    when = next(iter(_DATE(info)), None)
    published = None
    if when is not None:
        published = (when.get("datetime") or inline_text(when)).strip() or None
    text, html = content_of(clean_copy(_CONTENT(el)[0], NOISE_CLASSES))
    return comment_dict(
        cid=el.get("id") or None, parent_id=None, platform=PLATFORM, name=name,
        url=href_of(link, base), post_author=False, published_raw=published, text=text,
        html=html, position=position, depth=0, article_url=base)


def read(ctx: PageContext) -> Thread | None:
    found = _blocks(ctx)
    if not found:
        return None
    sections = list(dict.fromkeys(el.getparent() for el in found if el.getparent() is not None))
    return Thread(comments=[_comment(el, position, ctx.base)
                            for position, el in enumerate(found)],
                  markup=NAME, elements=found, sections=sections)
