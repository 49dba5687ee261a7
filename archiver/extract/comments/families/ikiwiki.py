"""ikiwiki's comments plugin (its stock ``comment.tmpl``).

One block per comment, flat (a comment answers its page, never another comment)::

    <div class="comment" id="comment-<md5>">            (<article> with html5)
      <div class="comment-subject"><a href="PAGE#comment-<md5>">subject</a></div>
      <div class="inlinecontent">text</div>
      <div class="comment-header">Comment by <span class="author">name</span>
        &mdash; <span class="date">Tue Mar  5 09:30:00 2024</span></div>  (<time datetime>)

The plugin's "recent comments" pages (an inline of ``comment(*)``) print the same blocks,
each linked to its own page: a block whose permalink (the link to its own id) points to
another page is shown here as a copy, and belongs to that page's thread.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

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
    cleaned_content,
    xml_classes,
)
from archiver.extract.text import inline_text

NAME = "ikiwiki"
# The comments are the page's own HTML, as the general reader saw them before this family:
# keyed (site, "html", id), archives made then are updated in place, not doubled.
PLATFORM = "html"
# comments.pm's page_to_id: "comment-" and the md5 of the comment's page name.
_ID = re.compile(r"^comment-([0-9a-f]{32})$")
_CONTENT = etree.XPath("./*[" + class_test("inlinecontent") + "]")
_HEADER = etree.XPath("./*[" + class_test("comment-header") + "]")
_SUBJECT_LINKS = etree.XPath("./*[" + class_test("comment-subject") + "]//a[@href]")
_AUTHOR = etree.XPath(".//*[" + class_test("author") + "]")
_DATE = etree.XPath(".//time[@datetime] | .//*[" + class_test("date") + "]")


def _page_path(url: str) -> str:
    path = urlsplit(url).path
    return re.sub(r"(?:/index\.html?)?/*$", "", path)


def shown_elsewhere(block: etree._Element, base: str) -> bool:
    """The block's permalink (a link to its own id) names another page than this one.

    Paths are compared, not hosts: a site copied or crawled under another name keeps
    absolute permalinks to the name it was built for."""
    own = block.get("id")
    for link in _SUBJECT_LINKS(block):
        href = urljoin(base, link.get("href", "").strip())
        parts = urlsplit(href)
        if parts.fragment == own:
            return _page_path(href) != _page_path(base)
    return False


def candidates(ctx: PageContext) -> list[tuple[etree._Element, str]]:
    """Each div or article of class "comment" with the plugin's id, with the id's md5, in
    document order: from the page's elements with an id (listed once per page), not one
    more XPath over the whole page."""
    out = []
    for el, ident in ctx.ids:
        match = _ID.match(ident)
        if match is not None and el.tag in ("div", "article") and \
                "comment" in xml_classes(el):
            out.append((el, match.group(1)))
    return out


def _blocks(ctx: PageContext) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = {}
    chrome: dict = {}
    for el, md5 in candidates(ctx):
        # The template's two parts that no other "comment" block carries together.
        if (_CONTENT(el) and _HEADER(el) and not not_discussion(el, memo=chrome)
                and in_scope(el, ctx.scopes)):
            found[el] = md5
    return found


def _comment(el: etree._Element, cid: str, position: int, base: str) -> dict:
    header = _HEADER(el)[0]
    who = next(iter(_AUTHOR(header)), None)
    name = inline_text(who) or None if who is not None else None
    link = who.find(".//a[@href]") if who is not None else None
    when = next(iter(_DATE(header)), None)
    published = None
    if when is not None:
        published = (when.get("datetime") or inline_text(when)).strip() or None
    text, html = cleaned_content(_CONTENT(el)[0], NOISE_CLASSES)
    return comment_dict(
        cid=cid, parent_id=None, platform=PLATFORM, name=name, url=href_of(link, base),
        post_author=False, published_raw=published, text=text, html=html,
        position=position, depth=0, article_url=base)


def read(ctx: PageContext) -> Thread | None:
    found = _blocks(ctx)
    if not found:
        return None
    own = [(el, cid) for el, cid in found.items() if not shown_elsewhere(el, ctx.base)]
    # A page of other pages' comments is recognised, and holds none of its own.
    return Thread(comments=[_comment(el, cid, position, ctx.base)
                            for position, (el, cid) in enumerate(own)],
                  markup=NAME, elements=[el for el, _ in own])
