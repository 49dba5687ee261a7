"""isso (https://isso-comments.de/): a self-hosted comment server with a JSON API.

Detected by its embed script (``<script data-isso="https://comments.example/"
src=".../js/embed.min.js">``) or its thread element (``<section id="isso-thread">``).
The endpoint is the script's ``data-isso`` attribute, else the script's URL without
``/js/...``; the thread key is the section's ``data-isso-id``, else the page's path (what
isso's embed script sends).

Fetches: ``GET {endpoint}/?uri=PATH``, which answers every top-level comment with its
replies nested one level (isso attaches a reply to a reply to the top-level comment), and
``GET {endpoint}/?uri=PATH&parent=ID`` for a comment whose ``hidden_replies`` is not 0.
A deleted comment that still has replies is served as a tombstone (``mode`` 4, no author
or text) and kept with status ``deleted``. ``created`` is a Unix timestamp (UTC).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "isso"
# Self-hosted: its endpoints are on the site or on a host the user allows.
API_HOSTS: tuple[str, ...] = ()
# The thread is on the isso server: a 304 on the page says nothing about it.
PAGE_304_CONFIRMS_THREAD = False

# //script[@data-isso or contains(@src, ...)] and //*[@id=...], from the page index
_EMBED_SRC = re.compile(r"/js/embed\.(?:min|dev)\.js")
_EMBED_PATH = re.compile(r"/js/embed\.(?:min|dev)\.js(?:\?.*)?$")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"endpoint", "uri"}`` for a page that embeds isso, else None."""
    index = page_index(tree)
    scripts = [s for s in index.tag("script") if s.get("data-isso") is not None
               or _EMBED_SRC.search(s.get("src") or "")]
    sections = index.with_id("isso-thread")
    if not scripts and not sections:
        return None
    endpoint = None
    for script in scripts:
        if script.get("data-isso"):
            endpoint = urljoin(url, script.get("data-isso").strip())
            break
        src = script.get("src") or ""
        if _EMBED_PATH.search(src):
            endpoint = urljoin(url, _EMBED_PATH.sub("", src.strip()))
            break
    uri = None
    if sections and sections[0].get("data-isso-id"):
        uri = sections[0].get("data-isso-id").strip()
    return {"endpoint": endpoint.rstrip("/") if endpoint else None,
            "uri": uri or urlsplit(url).path or "/"}


def _fetch_url(thread: Mapping[str, Any], **extra: Any) -> str:
    return f"{thread['endpoint'].rstrip('/')}/?" + urlencode({"uri": thread["uri"], **extra})


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The whole thread in one request."""
    if not thread.get("endpoint"):
        raise ExtractError("isso: the page has an isso thread but no isso script says where "
                           "the server is; give it as [comments] params.endpoint in a profile")
    return [{"url": _fetch_url(thread), "platform": NAME, "sort": [0], "context": {}}]


def _comment(item: Mapping[str, Any]) -> dict:
    deleted = item.get("mode") == 4
    created = item.get("created")
    return comment(
        cid=item.get("id"), parent_id=item.get("parent"), platform=NAME,
        name=None if deleted else item.get("author"),
        url=None if deleted else item.get("website"),
        published_raw=None if created is None else str(created),
        html=None if deleted else item.get("text"),
        status="deleted" if deleted else "visible",
        likes=item.get("likes"),
        edited=item.get("modified") is not None,
        is_guest=True,
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """Top-level comments, each followed by its replies (the order isso shows them)."""
    data = load_json(url, body)
    if not isinstance(data, Mapping) or not isinstance(data.get("replies"), list):
        raise ExtractError(f"{url}: not an isso thread (no 'replies' list)")
    comments: list[dict] = []
    more: list[dict] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if not isinstance(item, Mapping) or item.get("id") is None:
                continue
            comments.append(_comment(item))
            walk(item.get("replies") or [])
            if item.get("hidden_replies"):
                more.append({"url": _fetch_url(thread, parent=item["id"]), "platform": NAME,
                             "sort": [*fetch.get("sort", [0]), len(more) + 1],
                             "context": {"parent": item["id"]}})

    walk(data["replies"])
    return {"comments": comments, "next": more, "article": {}}
