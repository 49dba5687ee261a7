"""Commento: a page's comments from the ``/api/comment/list`` endpoint its client calls.

Detected by Commento's embed snippet: ``<script src=".../js/commento.js">`` (commento.io's
``cdn.commento.io``, or a self-hosted server) with ``<div id="commento">`` (or the element
named by ``data-id-root``). Thread parameters: ``origin`` (the API's root), ``domain`` (the
page's host) and ``path`` (``data-page-id``, else the page's path), exactly the
``{"domain": parent.location.host, "path": pageId}`` that commento.js
(adtac/commento ``frontend/js/commento.js``, ``commentsGet``) POSTs to
``{origin}/api/comment/list``. A self-hosted server serves commento.js from its origin
(``COMMENTO_CDN_PREFIX`` defaults to ``COMMENTO_ORIGIN``); one whose CDN prefix differs needs
``[comments] params.origin`` in a profile.

The response (``api/comment_list.go``): ``success``, ``comments`` (every approved comment of
the page, unpaginated: ``commentHex``, ``commenterHex``, ``html``, ``parentHex`` — ``root``
for a top-level one —, ``score``, ``creationDate`` in UTC, ``deleted``) and ``commenters``
(by ``commenterHex``: ``name``, ``link`` — ``"undefined"`` when none).
A deleted comment keeps its place with ``html`` ``[deleted]`` and the anonymous commenter
(``api/comment_delete.go``): a tombstone here. ``success: false`` is an error (an unknown
domain, a frozen site).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "commento"
# commento.io, the hosted service; a self-hosted origin is allowed through a profile.
API_HOSTS: tuple[str, ...] = ("commento.io",)
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
MARKERS = (r"^commento$", r"/js/commento\.js")

_HOSTED_CDN = "cdn.commento.io"
_HOSTED_ORIGIN = "https://commento.io"
_NO_LINK = ("", "undefined", "https://undefined")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"origin", "domain", "path"}`` for a page embedding commento.js, else None."""
    scripts = [s for s in page_index(tree).tag("script")
               if "/js/commento.js" in (s.get("src") or "")]
    if not scripts:
        return None
    script = scripts[0]
    src = urlsplit(urljoin(url, script.get("src", "").strip()))
    origin = _HOSTED_ORIGIN if src.hostname == _HOSTED_CDN else f"{src.scheme}://{src.netloc}"
    page = urlsplit(url)
    return {"origin": origin, "domain": page.netloc,
            "path": (script.get("data-page-id") or "").strip() or page.path or "/"}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The one list request: Commento serves a page's whole thread at once."""
    if not thread.get("origin") or not thread.get("domain"):
        raise ExtractError("commento: the page embeds Commento but names no server; give it "
                           "as [comments] params.origin in a profile")
    body = json.dumps({"commenterToken": "anonymous", "domain": thread["domain"],
                       "path": thread.get("path") or "/"})
    return [{"url": thread["origin"].rstrip("/") + "/api/comment/list", "platform": NAME,
             "method": "POST", "body": body,
             "headers": {"Content-Type": "application/x-www-form-urlencoded"},
             "sort": [0], "context": {}}]


def _comment(item: Mapping[str, Any], commenters: Mapping[str, Any]) -> dict:
    deleted = bool(item.get("deleted"))
    person = commenters.get(item.get("commenterHex")) or {}
    person = person if isinstance(person, Mapping) else {}
    anonymous = item.get("commenterHex") in (None, "", "anonymous")
    link = person.get("link")
    return comment(
        cid=item["commentHex"],
        parent_id=None if item.get("parentHex") in (None, "", "root") else item["parentHex"],
        platform=NAME,
        name=None if deleted else person.get("name"),
        url=None if deleted or link in _NO_LINK else link,
        published_raw=item.get("creationDate"),
        html=None if deleted else item.get("html"),
        status="deleted" if deleted else "visible",
        likes=item.get("score"),
        user_id=None if deleted or anonymous else str(item["commenterHex"]),
        is_guest=anonymous,
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The page's comments, in creation order (parents are named, order is not)."""
    data = load_json(url, body)
    if not isinstance(data, Mapping) or "success" not in data:
        raise ExtractError(f"{url}: not a Commento comment list (no 'success')")
    if not data["success"]:
        raise ExtractError(f"{url}: Commento refused the list: {data.get('message') or '?'}")
    items = data.get("comments") or []
    commenters = data.get("commenters") or {}
    if not isinstance(items, list) or not isinstance(commenters, Mapping):
        raise ExtractError(f"{url}: Commento comments are not a list")
    kept = [i for i in items if isinstance(i, Mapping) and i.get("commentHex")]
    kept.sort(key=lambda i: str(i.get("creationDate") or ""))
    return {"comments": [_comment(i, commenters) for i in kept], "next": [], "article": {}}
