"""Waline (https://waline.js.org/): a self-hosted comment server with a JSON API.

Detected by its client: the ``@waline/client`` script or module import (``waline.js``,
``waline.umd.js``), ``Waline.init({...})`` / ``init({...})`` with a ``serverURL``, or the
``#waline`` element the stock snippet mounts on. Thread parameters: ``server`` (the
``serverURL`` option, resolved against the page) and ``path`` (the ``path`` option when it
is a string literal, else the page's path: the client's default ``location.pathname``, which
it passes through ``decodeURI``).

Fetches what the client's ``getComment`` asks (``@waline/api``): ``GET
{server}/api/comment?path=PATH&pageSize=N&page=P&sortBy=insertedAt_asc``. The answer is
``{"errno", "errmsg", "data": {"page", "totalPages", "pageSize", "count", "data": [...]}}``:
one page of root comments, each with all its replies flattened into ``children`` (a reply's
``pid`` is the comment it answers, its ``rid`` the root). Oldest first, so that comments
posted during a crawl land on later pages instead of shifting the ones still to read; the
pages are read one after another until ``totalPages``, and ``count`` (every comment served)
is checked against what was read.

A comment: ``objectId``, ``nick``, ``link``, ``user_id`` (a registered user, else a guest),
``time`` (milliseconds since the epoch, UTC; servers answering old clients send
``insertedAt`` instead), ``comment`` (HTML the server rendered from Markdown), ``like``,
``status``. Anonymous readers are served approved comments only: Waline does not show
``waiting`` (held for moderation) or ``spam`` comments to them, and it deletes a comment
together with its replies, so there are no tombstones to keep.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "waline"
# Self-hosted: the server is on the site or on a host the user allows.
API_HOSTS: tuple[str, ...] = ()
# The thread is on the Waline server: a 304 on the page says nothing about it.
PAGE_304_CONFIRMS_THREAD = False
# The server caps pageSize at 100 (its logic/comment.js); the client asks 10.
SETTINGS = {"waline_page_size": ("ARCHIVER_WALINE_PAGE_SIZE", 100)}
# The embed markup, also when detect cannot read a server URL from it.
MARKERS = (r"@waline/client", r"/waline(?:\.umd)?\.m?js\b", r"\bWaline\.init\b",
           r"^waline$")

_CLIENT_SRC = re.compile(r"@waline/client|/waline(?:\.umd)?\.m?js(?:[?#]|$)")
_INIT = re.compile(r"@waline/client|\bWaline\.init\s*\(|/waline(?:\.umd)?\.m?js\b")
_OPTION = r"""(?<![\w$])["']?{name}["']?\s*:\s*(["'`])((?:(?!\1).)*)\1"""
_SERVER = re.compile(_OPTION.format(name="serverURL"))
_PATH = re.compile(_OPTION.format(name="path"))
_SCHEME = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
# decodeURI leaves the escapes of these characters as they are.
_RESERVED_ESCAPE = re.compile(r"%(?:2[346BCFbcf]|3[ABDFabdf]|40)")


def _decode_uri(path: str) -> str:
    """JavaScript's ``decodeURI``: what the client does to ``location.pathname``."""
    pieces = _RESERVED_ESCAPE.split(path)
    kept = _RESERVED_ESCAPE.findall(path)
    decoded = [unquote(piece, errors="strict") for piece in pieces]
    return "".join(d + k for d, k in zip(decoded, [*kept, ""], strict=True))


def _page_path(url: str) -> str:
    path = urlsplit(url).path or "/"
    try:
        return _decode_uri(path)
    except UnicodeDecodeError:
        return path  # decodeURI throws on a broken escape; the client then keeps it as is


def _server(url: str, value: str) -> str:
    value = value.strip().rstrip("/")
    # The client prefixes https:// to a serverURL without a scheme (its getServerURL).
    return urljoin(url, value if _SCHEME.match(value) else "https://" + value)


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"server", "path"}`` for a page that embeds the Waline client, else None."""
    index = page_index(tree)
    evidence = bool(index.with_id("waline"))
    # (names Waline itself, server, path) per script with a serverURL option
    options: list[tuple[bool, str, str | None]] = []
    for script, text in index.scripts():
        if _CLIENT_SRC.search(script.get("src") or ""):
            evidence = True
        if "serverURL" not in text and "waline" not in text.lower():
            continue
        is_waline = bool(_INIT.search(text))
        evidence = evidence or is_waline
        found = _SERVER.search(text)
        if found and found.group(2).strip():
            literal = _PATH.search(text)
            options.append((is_waline, _server(url, found.group(2)),
                            literal.group(2) if literal else None))
    if not evidence:
        return None
    # Another widget's serverURL option may come first: the init call next to Waline wins.
    options.sort(key=lambda option: not option[0])
    _, server, path = options[0] if options else (False, None, None)
    return {"server": server, "path": path if path is not None else _page_path(url)}


def _page_size(config: Mapping[str, Any] | None) -> int:
    try:
        size = int((config or {}).get("waline_page_size") or 100)
    except (TypeError, ValueError):
        size = 100
    return min(max(size, 1), 100)


def _fetch(thread: Mapping[str, Any], config: Mapping[str, Any] | None, page: int,
           seen: int) -> dict:
    query = urlencode({"path": thread["path"], "pageSize": _page_size(config), "page": page,
                       "lang": "en-US", "sortBy": "insertedAt_asc"}, quote_via=quote)
    return {"url": f"{thread['server'].rstrip('/')}/api/comment?{query}", "platform": NAME,
            "sort": [page], "context": {"page": page, "seen": seen}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The first page of root comments, with their replies."""
    if not thread.get("server"):
        raise ExtractError("waline: the page embeds Waline but no serverURL could be read "
                           "from it; give it as [comments] params.server in a profile")
    if not thread.get("path"):
        raise ExtractError("waline: no page path for the Waline thread; give it as "
                           "[comments] params.path in a profile")
    return [_fetch(thread, config, 1, 0)]


def _published(item: Mapping[str, Any]) -> str | None:
    if isinstance(item.get("time"), int | float) and not isinstance(item.get("time"), bool):
        return str(int(item["time"]))
    inserted = item.get("insertedAt")
    return str(inserted) if inserted else None


def _comment(item: Mapping[str, Any]) -> dict:
    user = item.get("user_id")
    return comment(
        cid=item["objectId"], parent_id=item.get("pid"), platform=NAME,
        name=item.get("nick"), url=item.get("link"),
        published_raw=_published(item), published_tz="UTC",
        html=item.get("comment"), status="visible",
        likes=item.get("like") if isinstance(item.get("like"), int) else None,
        user_id=None if user in (None, "") else str(user), is_guest=user in (None, ""),
    )


def _order(children: list[Mapping[str, Any]], root: Any) -> list[Mapping[str, Any]]:
    """A root's flat ``children`` as a tree walk: each reply after the one it answers."""
    def key(item: Mapping[str, Any]) -> tuple:
        # Served newest first; time is to the second, so ties go by id (numeric in SQL
        # storages, strings in LeanCloud or MongoDB).
        cid = item["objectId"]
        return (_published(item) or "", (0, cid, "") if isinstance(cid, int) else (1, 0, str(cid)))

    ordered = sorted(children, key=key)
    by_parent: dict[str, list[Mapping[str, Any]]] = {}
    for item in ordered:
        by_parent.setdefault(str(item.get("pid") or root), []).append(item)
    walked: list[Mapping[str, Any]] = []
    placed: set[str] = set()

    def walk(parent: str) -> None:
        for item in by_parent.get(parent, []):
            if str(item["objectId"]) not in placed:
                placed.add(str(item["objectId"]))
                walked.append(item)
                walk(str(item["objectId"]))

    walk(str(root))
    # A reply whose parent is not served under this root (Waline's issue 2518) keeps its pid.
    return walked + [item for item in ordered if str(item["objectId"]) not in placed]


def _items(url: str, data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping) and data.get("errno"):
        raise ExtractError(f"{url}: the Waline server answered error {data.get('errno')}: "
                           f"{data.get('errmsg')}")
    page = data.get("data") if isinstance(data, Mapping) else None
    if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
        raise ExtractError(f"{url}: not a Waline comment list (no data.data list)")
    return page


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One page: its root comments, each followed by its replies; then the next page."""
    page = _items(url, load_json(url, body))
    comments: list[dict] = []
    for root in page["data"]:
        if not isinstance(root, Mapping) or root.get("objectId") is None:
            continue
        comments.append(_comment(root))
        children = [c for c in root.get("children") or []
                    if isinstance(c, Mapping) and c.get("objectId") is not None]
        comments.extend(_comment(c) for c in _order(children, root["objectId"]))
    context = fetch.get("context") or {}
    number = int(context.get("page") or 1)
    seen = int(context.get("seen") or 0) + len(comments)
    result: dict[str, Any] = {"comments": comments, "next": [], "article": {}}
    total_pages = page.get("totalPages")
    if isinstance(total_pages, int) and number < total_pages and comments:
        result["next"] = [_fetch(thread, config, number + 1, seen)]
    elif isinstance(page.get("count"), int) and seen != page["count"]:
        result["incomplete"] = (f"the Waline server counts {page['count']} comments on "
                                f"{thread.get('path')!r} but its pages served {seen}")
    return result
