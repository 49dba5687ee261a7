"""Reddit: the comments of a Reddit thread a page embeds, from Reddit's JSON listings.

Detected by Reddit's embed markup: the embed blockquote (``blockquote.reddit-embed-bq``,
older ``blockquote.reddit-card``) whose link names the thread
(``https://www.reddit.com/r/SUB/comments/ID/slug/``), or an ``embed.reddit.com`` /
``redditmedia.com`` iframe of one. A page that only links to a thread is not a Reddit
thread; a profile gives one as ``[comments] platform = "reddit"`` with ``params.url``
(the thread's URL) or ``params.post`` (its id, ``t3_`` prefix optional).

Fetches, from ``ARCHIVER_REDDIT_BASE`` (``https://www.reddit.com/``):

* ``comments/{id}.json?raw_json=1&sort=old&limit=500``: a pair of listings, the post
  (``t3``) and its comment tree (``t1`` things, replies nested under ``replies``);
* for each ``more`` stub the tree holds, ``api/morechildren.json?api_type=json&link_id=t3_ID
  &children=...&raw_json=1&limit_children=false&sort=old`` with at most 100 ids a request,
  answered as ``{"json": {"errors": [], "data": {"things": [...]}}}``: the comments flat, each
  with its ``parent_id``, possibly with further ``more`` stubs;
* for a "continue this thread" stub (``more`` with ``id`` ``_`` and no children: the
  listing's depth limit), ``comments/{id}/_/{parent}.json?raw_json=1&sort=old``, the subtree
  under that comment, whose replies are read (the comment itself is already archived).

Comment fields (the listing's and morechildren's ``t1`` data): ``id``, ``parent_id``
(``t1_`` a comment; ``t3_`` the post: top level), ``author`` and ``author_fullname`` (user
id), ``created_utc`` (epoch seconds, UTC), ``body_html`` (``raw_json=1``: not
entity-escaped), ``score`` as likes, ``edited`` (false or an epoch), ``is_submitter`` (the
post's author). A body ``[deleted]`` (the author deleted it) or ``[removed]`` (a moderator
removed it) is kept as a tombstone (status ``deleted``, no text); its replies keep their
parent. An author ``[deleted]`` (the account is gone) leaves the comment visible, without
an author.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "reddit"
# Reddit's endpoints are on reddit.com whatever site embeds the thread.
API_HOSTS = ("reddit.com",)
BASE = "https://www.reddit.com/"
SETTINGS = {"reddit_base": ("ARCHIVER_REDDIT_BASE", BASE)}
# The thread lives on Reddit: the embedding page's HTML holds at most one comment.
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# Reddit's widget script without a thread link the page names (registry: "unreadable").
MARKERS = (r"embed\.reddit\.com/widgets\.js", r"(?:^|\s)reddit-embed-bq(?:\s|$)")
BATCH = 100  # morechildren takes at most 100 ids a request
_GONE = ("[deleted]", "[removed]")

_EMBED_LINKS = etree.XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' reddit-embed-bq ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' reddit-card ')]//a/@href"
    " | //iframe[contains(@src, 'embed.reddit.com') or contains(@src, 'redditmedia.com')]/@src")
_THREAD = re.compile(r"^(?:https?:)?//(?:[a-z0-9-]+\.)*(?:reddit\.com|redditmedia\.com)"
                     r"(?:/r/[^/]+)?/comments/([a-z0-9]+)", re.IGNORECASE)
_POST_ID = re.compile(r"^(?:t3_)?([a-z0-9]+)$", re.IGNORECASE)


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"post", "url"}`` of the Reddit thread the page embeds, else None."""
    index = page_index(tree)
    # Most pages have neither: the index rules them out before the XPath's page scan.
    classes = (b.get("class") or "" for b in index.tag("blockquote"))
    sources = index.values("iframe", "src")
    if not any("reddit-embed-bq" in c or "reddit-card" in c for c in classes) and not any(
            "embed.reddit.com" in v or "redditmedia.com" in v for v in sources):
        return None
    for href in _EMBED_LINKS(tree):
        found = _THREAD.search(href.strip())
        if found:
            return {"post": found.group(1).lower(), "url": href.strip()}
    return None


def _post_id(thread: Mapping[str, Any]) -> str:
    given = str(thread.get("post") or "").strip()
    found = _POST_ID.match(given) if given else None
    if found:
        return found.group(1).lower()
    link = _THREAD.search(str(thread.get("url") or "").strip())
    if link:
        return link.group(1).lower()
    raise ExtractError("reddit: no Reddit thread to read; give [comments] params.url (the "
                       "thread's URL) or params.post (its id) in a profile")


def _base(config: Mapping[str, Any] | None) -> str:
    base = str((config or {}).get("reddit_base") or BASE)
    return base if base.endswith("/") else base + "/"


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The thread's listing."""
    post = _post_id(thread)
    query = urlencode([("raw_json", "1"), ("sort", "old"), ("limit", "500")])
    return [{"url": urljoin(_base(config), f"comments/{post}.json") + "?" + query,
             "platform": NAME, "sort": [0], "context": {"step": "listing", "post": post}}]


def _epoch(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _comment(data: Mapping[str, Any]) -> dict | None:
    cid = data.get("id")
    if not isinstance(cid, str) or not cid:
        return None
    parent = str(data.get("parent_id") or "")
    gone = data.get("body") in _GONE  # the comment itself is gone, not just its author
    author = None if data.get("author") in _GONE else data.get("author")
    return comment(
        cid=cid, parent_id=parent[3:] if parent.startswith("t1_") else None, platform=NAME,
        name=author, url=f"https://www.reddit.com/user/{author}/" if author else None,
        published_raw=_epoch(data.get("created_utc")),
        html=None if gone else data.get("body_html"),
        post_author=bool(data.get("is_submitter")) and not gone,
        status="deleted" if gone else "visible",
        likes=data.get("score") if isinstance(data.get("score"), int) else None,
        edited=bool(data.get("edited")),
        user_id=data.get("author_fullname") if author else None, is_guest=False,
    )


def _walk(things: Any, comments: list[dict], stubs: list[Mapping[str, Any]]) -> None:
    """Comments of a listing's things in reading order (replies after their parent), and
    the ``more`` stubs met on the way."""
    stack: list[Iterator[Any]] = [iter(things if isinstance(things, list) else [])]
    while stack:  # iterative: a deep thread must not exhaust the recursion limit
        thing = next(stack[-1], None)
        if thing is None:
            stack.pop()
            continue
        if not isinstance(thing, Mapping) or not isinstance(thing.get("data"), Mapping):
            continue
        data = thing["data"]
        if thing.get("kind") == "more":
            stubs.append(data)
        elif thing.get("kind") == "t1":
            found = _comment(data)
            if found:
                comments.append(found)
            replies = data.get("replies")
            if isinstance(replies, Mapping) and isinstance(replies.get("data"), Mapping):
                stack.append(iter(replies["data"].get("children") or []))


def _expand(stubs: list[Mapping[str, Any]], post: str, base: str, after: list[int]
            ) -> list[dict]:
    """Fetches for the stubs: morechildren batches, and subtrees past the depth limit."""
    fetches: list[dict] = []
    ids: list[str] = []
    for stub in stubs:
        children = [c for c in stub.get("children") or [] if isinstance(c, str) and c]
        if children:
            ids.extend(children)
            continue
        parent = str(stub.get("parent_id") or "")
        if parent.startswith("t1_"):  # "continue this thread"
            query = urlencode([("raw_json", "1"), ("sort", "old")])
            fetches.append({"url": urljoin(base, f"comments/{post}/_/{parent[3:]}.json")
                            + "?" + query, "platform": NAME, "sort": [],
                            "context": {"step": "subtree", "post": post,
                                        "parent": parent[3:]}})
    for offset in range(0, len(ids), BATCH):
        query = urlencode([("api_type", "json"), ("link_id", f"t3_{post}"),
                           ("children", ",".join(ids[offset:offset + BATCH])),
                           ("raw_json", "1"), ("limit_children", "false"), ("sort", "old")])
        fetches.append({"url": urljoin(base, "api/morechildren.json") + "?" + query,
                        "platform": NAME, "sort": [],
                        "context": {"step": "more", "post": post}})
    for n, fetch in enumerate(fetches, start=1):
        fetch["sort"] = [*after, n]  # after the response that showed the stub
    return fetches


def _listings(url: str, data: Any) -> list[Any]:
    if not isinstance(data, list) or len(data) < 2 or not all(
            isinstance(part, Mapping) and isinstance(part.get("data"), Mapping)
            for part in data[:2]):
        raise ExtractError(f"{url}: not a Reddit thread listing (a pair of listings)")
    return data[1]["data"].get("children") or []


def _things(url: str, data: Any) -> list[Any]:
    body = data.get("json") if isinstance(data, Mapping) else None
    if not isinstance(body, Mapping):
        raise ExtractError(f"{url}: not a Reddit morechildren answer (no 'json' object)")
    errors = body.get("errors") or []
    if errors:
        raise ExtractError(f"{url}: Reddit refused the morechildren request: {errors!r:.200}")
    things = (body.get("data") or {}).get("things")
    if not isinstance(things, list):
        raise ExtractError(f"{url}: Reddit morechildren answer has no things list")
    return things


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """A listing, a morechildren batch or a subtree: its comments and the stubs to expand."""
    context = fetch.get("context") or {}
    post = str(context.get("post") or _post_id(thread))
    data = load_json(url, body)
    comments: list[dict] = []
    stubs: list[Mapping[str, Any]] = []
    step = context.get("step")
    if step == "more":
        _walk(_things(url, data), comments, stubs)
    elif step == "subtree":
        tops = _listings(url, data)
        parent = context.get("parent")
        for top in tops:  # the comment itself (already read) holds the subtree
            if isinstance(top, Mapping) and (top.get("data") or {}).get("id") == parent:
                _walk([top], comments, stubs)
        comments = [c for c in comments if c["id"] != parent]
    else:
        _walk(_listings(url, data), comments, stubs)
    after = list(fetch.get("sort") or [0])
    return {"comments": comments, "next": _expand(stubs, post, _base(config), after),
            "article": {}}
