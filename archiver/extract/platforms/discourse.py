"""Discourse: the replies of a topic embedded as a blog's comments, from its JSON API.

Detected by Discourse's embed snippet: ``DiscourseEmbed = { discourseUrl: '...', topicId: N }``
(or ``discourseEmbedUrl``, the page's URL, with ``#discourse-comments``). Thread parameters:
``base`` (the forum's root URL) and ``topic`` (the topic id). Without a topic id in the page
(the forum maps the embed URL to its topic privately) the thread is recorded as not read
(``unreadable``); a profile can give ``[comments] params.topic``.

Fetches ``{base}t/{topic}.json``: its ``post_stream.posts`` (the first chunk) and
``post_stream.stream`` (every post id, in order); then the ids not yet read, 20 at a time,
from ``{base}t/{topic}/posts.json?post_ids[]=...``, whose posts may come in any order and may
be fewer than asked (a post deleted or hidden meanwhile: the thread is then incomplete).

Posts kept: ``post_type`` 1 (regular) and 2 (moderator); post 1, the topic's opening post,
is the embedded article itself and is not a comment. A comment's id is its
``post_number`` and its parent ``reply_to_post_number`` (a reply to post 1 is top-level);
``created_at`` is UTC; ``deleted_at`` or ``user_deleted`` makes a tombstone (status
``deleted``, no text); ``version`` > 1 marks it edited; ``like_count`` its likes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "discourse"
# Self-hosted: the forum's host is allowed through a profile's allowed_hosts.
API_HOSTS: tuple[str, ...] = ()
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# The embed markup without the topic id (registry: recorded as "unreadable").
MARKERS = (r"\bDiscourseEmbed\b", r"^discourse-comments$")
BATCH = 20  # Discourse's chunk_size, and what its client asks posts.json for at a time

_BASE = re.compile(r"""discourseUrl\s*:\s*["']([^"']+)["']""")
_TOPIC = re.compile(r"""topicId\s*:\s*["']?(\d+)""")
_KEPT_TYPES = (1, 2)


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"base", "topic"}`` for a page embedding a Discourse topic by id, else None."""
    for text in page_index(tree).texts("script", "DiscourseEmbed"):
        base, topic = _BASE.search(text), _TOPIC.search(text)
        if base and topic:
            root = urljoin(url, base.group(1).strip())
            return {"base": root if root.endswith("/") else root + "/",
                    "topic": int(topic.group(1))}
    return None


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The topic itself: its first posts and the ids of all of them."""
    if not thread.get("base") or not thread.get("topic"):
        raise ExtractError("discourse: the page embeds a Discourse topic but names no forum "
                           "or topic id; give them as [comments] params.base and params.topic")
    url = urljoin(thread["base"], f"t/{int(thread['topic'])}.json")
    return [{"url": url, "platform": NAME, "sort": [0], "context": {"step": "topic"}}]


def _comment(post: Mapping[str, Any]) -> dict | None:
    number = post.get("post_number")
    if not isinstance(number, int) or number <= 1 or post.get("post_type") not in _KEPT_TYPES:
        return None
    deleted = bool(post.get("deleted_at") or post.get("user_deleted"))
    parent = post.get("reply_to_post_number")
    return comment(
        cid=number, parent_id=None if parent in (None, 1) else parent, platform=NAME,
        name=None if deleted else (post.get("name") or post.get("username")), url=None,
        published_raw=post.get("created_at"), html=None if deleted else post.get("cooked"),
        status="deleted" if deleted else "visible",
        likes=post.get("like_count"), edited=(post.get("version") or 1) > 1,
        user_id=None if post.get("user_id") is None else str(post["user_id"]),
        is_guest=False,
    )


def _posts(url: str, data: Any) -> list[Mapping[str, Any]]:
    stream = data.get("post_stream") if isinstance(data, Mapping) else None
    posts = stream.get("posts") if isinstance(stream, Mapping) else None
    if not isinstance(posts, list):
        raise ExtractError(f"{url}: not a Discourse post stream (no post_stream.posts list)")
    return [p for p in posts if isinstance(p, Mapping)]


def _comments(posts: list[Mapping[str, Any]]) -> list[dict]:
    ordered = sorted(posts, key=lambda p: p.get("post_number") or 0)  # served in any order
    return [c for c in (_comment(p) for p in ordered) if c]


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The topic (its first chunk, and a posts.json batch per 20 ids left) or one batch."""
    data = load_json(url, body)
    posts = _posts(url, data)
    context = fetch.get("context") or {}
    if context.get("step") != "topic":
        asked = set(context.get("ids") or ())
        missing = sorted(asked - {p.get("id") for p in posts})
        result: dict[str, Any] = {"comments": _comments(posts), "next": [], "article": {}}
        if missing:
            result["incomplete"] = (f"{len(missing)} of {len(asked)} posts asked for were "
                                    f"not served ({', '.join(map(str, missing[:10]))})")
        return result
    stream = data["post_stream"].get("stream") or []
    read = {p.get("id") for p in posts}
    left = [i for i in stream if isinstance(i, int) and i not in read]
    batches = []
    for n, offset in enumerate(range(0, len(left), BATCH), start=1):
        ids = left[offset:offset + BATCH]
        query = urlencode([("post_ids[]", str(i)) for i in ids])
        batches.append({"url": urljoin(thread["base"], f"t/{int(thread['topic'])}/posts.json")
                        + "?" + query, "platform": NAME, "sort": [n],
                        "context": {"step": "posts", "ids": ids}})
    return {"comments": _comments(posts), "next": batches, "article": {}}
