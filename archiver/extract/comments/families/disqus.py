"""The Disqus plugin's server-rendered WordPress fallback.

``#dsq-content > ul#dsq-comments > li#dsq-comment-N``; the plugin's template prints no dates.
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
    is_pingback,
    not_discussion,
)
from archiver.extract.comments.families._shared import (
    NOISE_CLASSES,
    Found,
    author_name,
    class_test,
    cleaned_content,
    depth_of,
    first_owned,
    owner_of,
)
from archiver.extract.text import has_class

NAME = "disqus"
_DSQ_ID = re.compile(r"^dsq-comment-(\d+)$")
# Compiled once: element.xpath(string) compiles the expression on every comment.
_CITED_NAME = etree.XPath(".//cite//a | .//cite//span")
_CITE = etree.XPath(".//cite")


def _disqus_elements(ids: list[tuple[etree._Element, str]],
                     scopes: list[etree._Element] | None) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = Found()
    pingbacks: dict = {}
    chrome: dict = {}
    # The page's elements with an id (document order), not an XPath over every element.
    for el, ident in ids:
        if el.tag != "li" or not ident.startswith("dsq-comment-"):
            continue
        match = _DSQ_ID.match(ident)
        if match and not is_pingback(el, pingbacks) and not not_discussion(
                el, memo=chrome) and in_scope(el, scopes):
            found[el] = match.group(1)
    return found


def _parse_disqus(found: dict, base: str) -> list[dict]:
    comments = []
    for position, (el, cid) in enumerate(found.items()):
        parent = owner_of(el, found)
        header = first_owned(el, ".//*[" + class_test("dsq-comment-header") + "]", found)
        who = None
        if header is not None:
            who = next(iter(_CITED_NAME(header)), None)
            if who is None:
                who = next(iter(_CITE(header)), None)
        name = author_name(who)
        url = href_of(who, base) if who is not None and who.tag == "a" else None
        # The plugin's fallback template prints no date; newer or themed copies may.
        published = None
        time_el = first_owned(el, ".//time[@datetime]", found)
        if time_el is not None:
            published = time_el.get("datetime").strip() or None
        message = first_owned(el, ".//*[" + class_test("dsq-comment-message") + "]", found)
        text, html = cleaned_content(message, NOISE_CLASSES) if message is not None \
            else ("", "")
        comments.append(comment_dict(
            cid=cid, parent_id=found[parent] if parent is not None else None, platform="disqus",
            name=name, url=url, post_author=has_class(el, "bypostauthor"),
            published_raw=published, text=text, html=html, position=position,
            depth=depth_of(el, found), article_url=base,
        ))
    return comments



def read(ctx: PageContext) -> Thread | None:
    found = _disqus_elements(ctx.ids, ctx.scopes)
    if not found:
        return None
    return Thread(comments=_parse_disqus(found, ctx.base), markup="disqus-wordpress",
                  elements=list(found))
