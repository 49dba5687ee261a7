"""Hyvor Talk: a page's comments from the ``/init`` call its embed makes.

Everything here comes from the embed's own source, hyvor/hyvor-talk-comments (the v3
``<hyvor-talk-comments>`` custom element that ``talk.hyvor.com/embed/embed.js`` defines):

* ``src/index.tsx`` (commit 12edcbe90f5b5fcd4ea976d89fc7717235ed3251): the element reads
  ``website-id``, ``page-id`` (the page's identifier), ``page-url``, ``page-title``,
  ``page-language``, ``page-author`` and ``ht-domain`` (the server; ``App.tsx`` defaults it
  to ``https://talk.hyvor.com``);
* ``src/App.tsx`` (commit 3c5245704bbea0ee1ab4b3411018db7f22dd0792) and
  ``src/services/ApiService.ts`` (commit 96766d64cd9abfa3cec195dc66370e1cfb8d818b): one
  ``POST {ht-domain}/api/embed/v3/{website-id}/init``, JSON body ``{"page": {identifier,
  url, title, language, author}, "sso": null}``; a status other than 200 is an error whose
  JSON may carry ``error``;
* ``src/types.ts`` (commit ff92057c35c9a718dc6f855613d184e08a947fd1): the answer
  (``InitCallResponse``) has ``page``, ``website``, ``language``, ``user_page_state``,
  ``user`` and ``comments``: ``list`` (``"PARENT"`` -> the top-level ids in order, and each
  comment id -> its replies' ids in order), ``indexed`` (id -> ``Comment``: ``id``,
  ``created_at`` as a UNIX timestamp in seconds (``TimeAgo.tsx`` multiplies by 1000),
  ``parent_id``, ``content``, ``content_html``, ``is_featured``, ``is_loved``, ``upvotes``,
  ``downvotes``, ``depth``, ``user``: ``type`` ``hyvor``/``sso``/null, ``id``, ``name``,
  ``username``, ``picture_url``, ``website_url``...) and ``has_more_ids`` (the lists with
  more to load: ``"PARENT"`` or a comment id).

What the stored source does not show, so what this module does not do: the request behind
"load more comments" / "more replies" (``LoadMore.tsx`` is a button with no handler): a
thread whose ``has_more_ids`` is not empty is recorded incomplete, naming those lists; a
deleted or unapproved comment (``Comment`` has no status or deleted flag): every comment
served is ``visible``, and an id listed without its comment in ``indexed`` leaves the
thread incomplete.

The older embed (``<div id="hyvor-talk-view">`` with ``var HYVOR_TALK_WEBSITE = N`` and
``var HYVOR_TALK_CONFIG = {url, id}``, loaded from ``talk.hyvor.com/web-api/embed`` or
``/embed/embed.js``) is Hyvor Talk version 2, which loaded the thread in an iframe and is
deprecated (the hyvor/hyvor-talk-react README). It names the same website id and page
identifier, but no stored source shows the API that iframe calls: its thread is read
through the v3 ``/init`` call above
(``HYVOR_TALK_CONFIG.id`` as the identifier, ``.url`` as the URL, each only when a string
literal; ``false`` stands for "this page", so the page's URL is sent). Whether
talk.hyvor.com answers v3 ``/init`` for a site set up with the old embed is not known.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "hyvor-talk"
API_HOSTS: tuple[str, ...] = ("talk.hyvor.com",)
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# (?m): the registry compiles markers without flags, and page_markers is one line per sign.
MARKERS = (r"(?m)^hyvor-talk-comments$", r"(?m)^hyvor-talk-view$",
           r"talk\.hyvor\.com/embed/embed\.js", r"talk\.hyvor\.com/web-api/embed",
           r"\bHYVOR_TALK_WEBSITE\b")

DEFAULT_ORIGIN = "https://talk.hyvor.com"  # App.tsx: htDomain's default
_TOP = "PARENT"  # types.ts CommentsListIndex: the top-level list's key
_INLINE = etree.XPath("//script[not(@src)]/text()")
_WEBSITE = re.compile(r"\bHYVOR_TALK_WEBSITE\s*=\s*[\"']?(\d+)")
_CONFIG = re.compile(r"\bHYVOR_TALK_CONFIG\s*=\s*\{(.*?)\}", re.DOTALL)
_PAGE_ATTRIBUTES = ("identifier", "url", "title", "language", "author")


def _literal(config: str, key: str) -> str | None:
    """`key`'s value in the HYVOR_TALK_CONFIG object literal, when it is a string literal."""
    found = re.search(rf"""(?:^|[\s,{{])["']?{key}["']?\s*:\s*(["'])(.*?)\1""", config, re.DOTALL)
    return found.group(2).strip() or None if found else None


def _v3(url: str, element: etree._Element) -> dict | None:
    website = (element.get("website-id") or "").strip()
    if not website.isdigit():
        return None
    page = {key: (element.get(f"page-{'id' if key == 'identifier' else key}") or "").strip()
            or None for key in _PAGE_ATTRIBUTES}
    if not page["identifier"] and not page["url"]:
        page["url"] = url.split("#")[0]  # the embed leaves the page to the server
    origin = (element.get("ht-domain") or "").strip().rstrip("/") or DEFAULT_ORIGIN
    return {"origin": origin, "website_id": int(website), "page": page, "embed": "v3"}


def _old(url: str, tree: etree._Element) -> dict | None:
    if not page_index(tree).with_id("hyvor-talk-view"):
        return None
    scripts = "\n".join(_INLINE(tree))
    website = _WEBSITE.search(scripts)
    if not website:
        return None
    config = _CONFIG.search(scripts)
    body = config.group(1) if config else ""
    page = dict.fromkeys(_PAGE_ATTRIBUTES)
    page["identifier"] = _literal(body, "id")
    page["url"] = _literal(body, "url") or url.split("#")[0]
    page["title"] = _literal(body, "title")
    page["language"] = _literal(body, "language")
    return {"origin": DEFAULT_ORIGIN, "website_id": int(website.group(1)), "page": page,
            "embed": "hyvor-talk-view"}


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"origin", "website_id", "page", "embed"}`` for a page embedding Hyvor Talk, else
    None (its markers then record the thread as unreadable)."""
    elements = [el for el in page_index(tree).tag("hyvor-talk-comments")
                if el.get("website-id") is not None]
    if elements:
        return _v3(url, elements[0])
    return _old(url, tree)


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The one ``/init`` call: the embed's first and, in the stored source, only request."""
    if not thread.get("website_id"):
        raise ExtractError("hyvor-talk: the page embeds Hyvor Talk but names no website id")
    origin = str(thread.get("origin") or DEFAULT_ORIGIN).rstrip("/")
    page = {key: (thread.get("page") or {}).get(key) for key in _PAGE_ATTRIBUTES}
    return [{"url": f"{origin}/api/embed/v3/{thread['website_id']}/init", "platform": NAME,
             "method": "POST", "body": json.dumps({"page": page, "sso": None}),
             "headers": {"Content-Type": "application/json;charset=UTF-8"},
             "sort": [0], "context": {}}]


def _published(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def _comment(item: Mapping[str, Any], parent: str | None) -> dict:
    user = item.get("user") if isinstance(item.get("user"), Mapping) else {}
    body = item.get("content_html")
    if not isinstance(body, str) or not body.strip():
        text = item.get("content")
        body = f"<p>{html.escape(text)}</p>" if isinstance(text, str) and text.strip() else None
    uid = user.get("id")
    return comment(
        cid=item["id"],
        parent_id=item.get("parent_id") or parent,
        platform=NAME,
        name=user.get("name") or user.get("username"),
        url=user.get("website_url"),
        published_raw=_published(item.get("created_at")),
        html=body,
        status="visible",
        likes=item.get("upvotes") if isinstance(item.get("upvotes"), int) else None,
        user_id=f"{user.get('type') or 'user'}:{uid}" if uid not in (None, "") else None,
        is_guest=user.get("type") is None and uid in (None, ""),
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The thread as the embed shows it: each top-level comment followed by its replies."""
    data = load_json(url, body)
    comments = data.get("comments") if isinstance(data, Mapping) else None
    if not isinstance(comments, Mapping):
        error = data.get("error") if isinstance(data, Mapping) else None
        raise ExtractError(f"{url}: not a Hyvor Talk init answer"
                           + (f" ({error})" if error else " (no comments)"))
    lists, indexed = comments.get("list"), comments.get("indexed")
    if not isinstance(lists, Mapping) or not isinstance(indexed, Mapping):
        raise ExtractError(f"{url}: Hyvor Talk comments have no list/indexed objects")
    out: list[dict] = []
    missing: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, str | None]] = [(str(i), None) for i in
                                           reversed(_ids(lists.get(_TOP)))]
    while stack:  # depth first, in list order: the order CommentsList renders
        cid, parent = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        item = indexed.get(cid)
        if not isinstance(item, Mapping) or item.get("id") in (None, ""):
            missing.append(cid)
            continue
        out.append(_comment(item, parent))
        stack += [(str(r), cid) for r in reversed(_ids(lists.get(cid)))]
    result: dict[str, Any] = {"comments": out, "next": [], "article": {}}
    more = [str(i) for i in comments.get("has_more_ids") or [] if isinstance(i, int | str)]
    short = []
    if more:
        short.append("more to load under " + ", ".join(
            "the top level" if m == _TOP else f"comment {m}" for m in more)
            + " (no stored embed source shows the request)")
    if missing:
        short.append("listed without a comment: " + ", ".join(missing))
    if short:
        result["incomplete"] = "Hyvor Talk: " + "; ".join(short)
    return result


def _ids(value: Any) -> list:
    return [i for i in value if isinstance(i, int | str) and not isinstance(i, bool)] \
        if isinstance(value, list) else []
