"""wpDiscuz, the WordPress comment plugin: its own comment walker's markup.

Read from the plugin's walker (``WpdiscuzWalker::start_el``), both generations:

* ``wpdiscuz`` (wpDiscuz 7, layouts 1-3): ``div#wpd-comm-{ID}_{PARENT}.wpd-comment``
  (``wpd-reply``, ``wpd_comment_level-N``) holding ``div.wpd-comment-wrap`` (its roles:
  ``wpd-blog-post_author``, ``wpd-blog-guest``, ...) and, after
  ``#wpdiscuz_form_anchor-{ID}_{PARENT}``, the replies. Inside the wrap:
  ``.wpd-comment-author`` (a link to the commenter's site or profile, and the
  ``.wpd-user-nicename`` "(@name)" some sites add), ``.wpd-comment-date`` whose ``title`` is
  the date in the site's date and time format (``{POSTED_DATE}``) while its text is that
  date or "2 years ago" (``simpleCommentDate`` off), ``.wpd-comment-text``,
  ``.wpd-comment-last-edited`` (edited), ``.wpd-vote-result`` (votes). Layout 2 puts the
  date in ``.wpd-uinfo-bottom``, layout 3 in ``.wpd-comment-subheader`` or, for a reply,
  in ``.wpd-reply-to``: all inside the wrap, so one reading serves the three.
* ``wpdiscuz-legacy`` (wpDiscuz 5 and older): ``div#wc-comm-{ID}_{PARENT}.wc-comment``
  (``wc-reply``, ``wc_comment_level-N``, the role ``wc-blog-post_author`` on the same
  element), ``.wc-comment-author``, ``.wc-comment-text``, ``.wc-comment-date`` in the
  footer with no ``title``: only the printed text, the site's format or a relative date
  ("1 Monat her"), left to the date normalizer (which marks a relative one approximate).

The parent is the walker's ``{PARENT}`` (0 for a top-level comment): exact even when the
parent is not on the page (a "load more" answer, a deep reply shown alone). Not comments:
the form (``#wpdcom .wpd-form``), the "load more" controls, the inline-feedback quote a
comment carries (``.wpd-inline-feedback-wrapper``), the "read more" link of a shortened
comment (its text keeps the ellipsis: the rest is not in the page), and comments the walker
marks unapproved (shown only to their own writer).
The comments are WordPress's (platform ``wordpress``): the rows the WordPress REST adapter
and the wpDiscuz load-more adapter store for the same thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    Found,
    class_test,
    cleaned_content,
    depth_of,
    first_owned,
    owner_of,
)
from archiver.extract.text import has_class, inline_text

NAME = "wpdiscuz"
PLATFORM = "wordpress"
_UNIQUE_ID = re.compile(r"^(wpd|wc)-comm-(\d+)_(\d+)$")
_LEVEL = re.compile(r"^(?:wpd|wc)_comment_level-(\d+)$")
# What a comment's text block may carry that is not the commenter's text.
_NOT_TEXT = ("wpd-inline-feedback-wrapper", "wpdiscuz-readmore",
             "wc_held_for_moderate", "wpd-comment-last-edited")
_AUTHOR_EXTRAS = ("wpd-user-nicename",)
_BLOCK_IDS = frozenset({"wpdcom", "wpcomm"})


class _Parts:
    """The class names one generation of the walker prints."""

    def __init__(self, prefix: str) -> None:
        self.comment = f"{prefix}-comment"
        self.author = ".//*[" + class_test(f"{prefix}-comment-author") + "]"
        self.date = ".//*[" + class_test(f"{prefix}-comment-date") + "]"
        self.text = ".//*[" + class_test(f"{prefix}-comment-text") + "]"
        self.wrap = ".//*[" + class_test(f"{prefix}-comment-wrap") + "]"
        self.post_author = f"{prefix}-blog-post_author"


_PARTS = {"wpd": _Parts("wpd"), "wc": _Parts("wc")}
_EDITED = ".//*[" + class_test("wpd-comment-last-edited") + "]"
_HELD = ".//*[" + class_test("wc_held_for_moderate") + "]"
_LIKES = ".//*[" + class_test("wpd-vote-result-like") + " or " + class_test(
    "wc-vote-result-like") + "]"
_VOTES = ".//*[" + class_test("wpd-vote-result") + "]"
_DISLIKE_HIDDEN = ".//*[" + class_test("wpd-dislike-hidden") + "]"


def _elements(divs: Iterable[tuple[etree._Element, str | None]],
              scopes: list[etree._Element] | None
              ) -> tuple[Found, dict[etree._Element, tuple[str, str, str]]]:
    """The walker's comment blocks among `divs` (each with its id, in document order) ->
    (generation prefix, id, parent id)."""
    found = Found()
    ids: dict[etree._Element, tuple[str, str, str]] = {}
    chrome: dict = {}
    for el, ident in divs:
        if not ident or not ident.startswith(("wpd-comm-", "wc-comm-")):
            continue
        match = _UNIQUE_ID.match(ident)
        if match is None or not has_class(el, _PARTS[match.group(1)].comment):
            continue
        if not_discussion(el, memo=chrome) or not in_scope(el, scopes):
            continue
        found[el] = match.group(2)
        ids[el] = (match.group(1), match.group(2), match.group(3))
    return found, ids


def _unapproved(el: etree._Element, found: Found) -> bool:
    return has_class(el, "wpd-unapproved-comment") or first_owned(el, _HELD, found) is not None


def _level(el: etree._Element) -> int | None:
    for token in (el.get("class") or "").split():
        match = _LEVEL.match(token)
        if match:
            return int(match.group(1))
    return None


def _number(node: etree._Element | None) -> int | None:
    if node is None:
        return None
    value = (node.get("title") or node.text_content()).strip()
    return int(value) if re.fullmatch(r"-?\d+", value) else None


def _likes(el: etree._Element, found: Found) -> int | None:
    """The like count: printed apart when dislikes are counted apart; the one vote
    result is a like count only where the dislike button is hidden."""
    likes = _number(first_owned(el, _LIKES, found))
    if likes is not None:
        return likes
    if first_owned(el, _DISLIKE_HIDDEN, found) is not None:
        return _number(first_owned(el, _VOTES, found))
    return None


def _comment(el: etree._Element, ids: tuple[str, str, str], found: Found, base: str,
             position: int) -> dict:
    prefix, cid, parent = ids
    parts = _PARTS[prefix]
    author = first_owned(el, parts.author, found)
    name = inline_text(author, skip=_AUTHOR_EXTRAS) or None if author is not None else None
    link = next(iter(author.iter("a")), None) if author is not None else None
    date = first_owned(el, parts.date, found)
    published = None
    if date is not None:
        published = (date.get("title") or "").strip() or inline_text(date) or None
    body = first_owned(el, parts.text, found)
    text, html = cleaned_content(body, _NOT_TEXT) if body is not None else ("", "")
    wrap = first_owned(el, parts.wrap, found) if prefix == "wpd" else el
    roles = wrap if wrap is not None else el
    level = _level(el)
    record = comment_dict(
        cid=cid, parent_id=None if parent == "0" else parent, platform=PLATFORM, name=name,
        url=href_of(link, base), article_url=base, position=position,
        post_author=has_class(roles, parts.post_author) or has_class(el, "bypostauthor"),
        published_raw=published, text=text, html=html,
        depth=level - 1 if level else depth_of(el, found),
    )
    if first_owned(el, _EDITED, found) is not None:
        record["edited"] = True
    likes = _likes(el, found)
    if likes is not None:
        record["likes"] = likes
    return record


def _read(divs: Iterable[tuple[etree._Element, str | None]], base: str,
          scopes: list[etree._Element] | None) -> tuple[list[dict], str | None, Found]:
    found, ids = _elements(divs, scopes)
    if not found:
        return [], None, found
    comments = []
    for el in found:
        if not _unapproved(el, found):
            comments.append(_comment(el, ids[el], found, base, len(comments)))
    prefixes = {prefix for prefix, _, _ in ids.values()}
    return comments, "wpdiscuz" if "wpd" in prefixes else "wpdiscuz-legacy", found


def read_comments(tree: etree._Element, base: str) -> list[dict]:
    """The wpDiscuz comments under `tree` (a page or a load-more ``comment_list``
    fragment) in document order, parents first."""
    return _read(((el, el.get("id")) for el in tree.iter("div")), base, None)[0]


def read(ctx: PageContext) -> Thread | None:
    # The page's elements with an id: its divs among them, without another walk.
    divs = ((el, ident) for el, ident in ctx.ids if el.tag == "div")
    comments, markup, found = _read(divs, ctx.base, ctx.scopes)
    if markup is None:
        return None
    # The plugin's whole block (#wpdcom; #wpcomm before wpDiscuz 7): form, sort buttons and
    # "load more" included, so none of it is read as the article's body.
    sections: list[etree._Element] = []
    for el in found:
        if owner_of(el, found) is None:
            block = next((a for a in el.iterancestors() if a.get("id") in _BLOCK_IDS), None)
            if block is not None and block not in sections:
                sections.append(block)
    return Thread(comments=comments, markup=markup, elements=list(found), sections=sections)
