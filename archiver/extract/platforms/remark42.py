"""Remark42: a post's comments from its server's ``/api/v1/find`` endpoint.

Detected by Remark42's embed snippet (remark42.com/docs/getting-started/installation):
``var remark_config = { host: "https://remark42.example.com", site_id: "remark", url: ... }``
with ``<div id="remark42">`` and ``{host}/web/embed.js``. Thread parameters: ``host``,
``site`` (``site_id``, default ``remark`` as in the embed) and ``url`` (the config's ``url``,
else the page's origin and path, as the embed does). Remark42 is self-hosted: its host is
allowed through a profile's ``allowed_hosts`` unless it is the site's own.

Fetches ``{host}/api/v1/find?site=SITE&url=URL&sort=time&format=tree``: the whole thread at
once (the endpoint does not page), ``{"comments": [{"comment": {...}, "replies": [...]}],
"info": {...}}`` as in remark42's own test data (``backend/app/store/service/testdata/
tree_del.json``); a plain list of comments (``format=plain``, older servers) is read too.
A comment (``backend/app/store/comment.go``): ``id``, ``pid`` (its parent, ``""`` at top
level), ``text`` (HTML), ``user`` (``name``, ``id``, ``picture``), ``score``, ``time`` (UTC),
``edit`` (set once edited), ``delete`` (a deleted comment keeps its place in the tree with
its text erased: a tombstone here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "remark42"
API_HOSTS: tuple[str, ...] = ()  # self-hosted
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
MARKERS = (r"\bremark_config\b", r"^remark42$", r"/web/embed\.js")

_EMBED = etree.XPath("//script[contains(@src, '/web/embed.js')]/@src")
_KEY = r"""["']?{key}["']?\s*:\s*["']([^"']*)["']"""


def _value(text: str, key: str) -> str | None:
    found = re.search(_KEY.format(key=key), text)
    return found.group(1).strip() if found and found.group(1).strip() else None


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"host", "site", "url"}`` for a page embedding Remark42, else None."""
    configs = page_index(tree).texts("script", "remark_config")
    if not configs:
        return None
    text = configs[0]
    host = _value(text, "host")
    if host is None:
        embeds = _EMBED(tree)
        if embeds:
            src = urlsplit(urljoin(url, embeds[0].strip()))
            host = f"{src.scheme}://{src.netloc}"
    if host is None:
        return None
    page = urlsplit(url)
    return {"host": urljoin(url, host).rstrip("/"), "site": _value(text, "site_id") or "remark",
            "url": _value(text, "url") or f"{page.scheme}://{page.netloc}{page.path}"}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The thread's one request."""
    if not thread.get("host") or not thread.get("url"):
        raise ExtractError("remark42: the page embeds Remark42 but names no host; give it "
                           "as [comments] params.host in a profile")
    query = urlencode([("site", thread.get("site") or "remark"), ("url", thread["url"]),
                       ("sort", "time"), ("format", "tree")])
    return [{"url": f"{thread['host'].rstrip('/')}/api/v1/find?{query}", "platform": NAME,
             "sort": [0], "context": {}}]


def _walk(nodes: Any) -> Iterator[Mapping[str, Any]]:
    """Each comment of a tree (pre-order) or of a plain list."""
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, Mapping):
            continue
        if isinstance(node.get("comment"), Mapping):
            yield node["comment"]
            yield from _walk(node.get("replies"))
        elif "id" in node:
            yield node


def _comment(item: Mapping[str, Any]) -> dict:
    deleted = bool(item.get("delete"))
    user = item.get("user") if isinstance(item.get("user"), Mapping) else {}
    uid = user.get("id")
    hard = deleted and uid == "deleted"  # a hard delete erases the user too
    return comment(
        cid=item["id"], parent_id=item.get("pid"), platform=NAME,
        name=None if hard else user.get("name"), url=None,
        # Go's zero time (a deleted comment in remark42's own test data): no date.
        published_raw=None if str(item.get("time") or "").startswith("0001-01-01")
        else item.get("time"),
        html=None if deleted else item.get("text"),
        status="deleted" if deleted else "visible",
        likes=item.get("score"), edited=bool(item.get("edit")),
        user_id=None if hard or not uid else str(uid),
        is_guest=not uid or str(uid).startswith("anonymous_"),
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The whole thread, parents before their replies."""
    data = load_json(url, body)
    nodes = data.get("comments") if isinstance(data, Mapping) else data
    if not isinstance(nodes, list):
        raise ExtractError(f"{url}: not a Remark42 comment list (no 'comments' list)")
    return {"comments": [_comment(c) for c in _walk(nodes) if c.get("id")], "next": [],
            "article": {}}
