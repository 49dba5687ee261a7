"""Substack: a post's comments from the comments endpoint Substack's web client reads.

Detected by the page's preloads, the state Substack's web client starts from:
``window._preloads = JSON.parse("...")`` (older pages: ``window._preloads = {...}``), whose
``post.id`` is the post; together with a Substack asset (``substackcdn.com``) or the
preloads naming Substack, so that another site's ``_preloads`` is not taken for one.
Thread parameters: ``origin`` (the publication's scheme and host, custom domains too) and
``post_id``.

Fetches ``{origin}/api/v1/post/{post_id}/comments?token=&all_comments=true&sort=oldest_first``
(``token`` must be present, empty): the whole thread in one answer, ``{"comments": [...]}``,
replies nested in each comment's ``children``. A comment whose ``children_count`` is more
than the children served leaves the thread incomplete, said so.

Comment fields (the layout the web client and readers of it such as the ACX comment viewer,
maksverver/astral-codex-eleven, consume): ``id``, ``body`` (plain text: paragraphs by blank
lines), ``name``, ``user_id``, ``handle`` (the profile ``substack.com/@handle``), ``date``
(UTC), ``edited_at``, ``deleted`` (a tombstone: no body, no user), ``reaction_count`` as
likes, ``metadata.is_author`` (the post's author), ``children``.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "substack"
# The endpoint is on the publication's own host (substack.com subdomain or custom domain).
API_HOSTS: tuple[str, ...] = ()
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False

_JSON_PARSE = re.compile(r'_preloads\s*=\s*JSON\.parse\(\s*("(?:[^"\\]|\\.)*")\s*\)', re.DOTALL)
_LITERAL = re.compile(r"_preloads\s*=\s*(?=\{)")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def _preloads(text: str) -> Mapping[str, Any] | None:
    try:
        found = _JSON_PARSE.search(text)
        if found:
            data = json.loads(json.loads(found.group(1)))
        else:
            start = _LITERAL.search(text)
            if start is None:
                return None
            data, _ = json.JSONDecoder().raw_decode(text, start.end())
    except ValueError:
        return None
    return data if isinstance(data, Mapping) else None


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"origin", "post_id"}`` for a Substack post page, else None."""
    index = page_index(tree)
    for text in index.texts("script", "_preloads"):
        data = _preloads(text)
        post = data.get("post") if data else None
        post_id = post.get("id") if isinstance(post, Mapping) else None
        if not isinstance(post_id, int) or isinstance(post_id, bool):
            continue
        if not (any("substackcdn.com" in v for v in (*index.values("script", "src"),
                                                    *index.values("link", "href")))
                or "substack" in text.lower()):
            continue
        parts = urlsplit(url)
        return {"origin": f"{parts.scheme}://{parts.netloc}", "post_id": post_id}
    return None


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The post's whole thread."""
    if not thread.get("origin") or not thread.get("post_id"):
        raise ExtractError("substack: the page is a Substack post but names no post id; "
                           "give [comments] params.origin and params.post_id in a profile")
    query = urlencode([("token", ""), ("all_comments", "true"), ("sort", "oldest_first")])
    url = f"{str(thread['origin']).rstrip('/')}/api/v1/post/{int(thread['post_id'])}/comments"
    return [{"url": f"{url}?{query}", "platform": NAME, "sort": [0], "context": {}}]


def _html(body: Any) -> str | None:
    """Substack comment bodies are plain text: paragraphs become ``<p>``, lines ``<br>``."""
    if not isinstance(body, str) or not body.strip():
        return None
    return "".join("<p>" + htmllib.escape(p.strip()).replace("\n", "<br>") + "</p>"
                   for p in _PARAGRAPHS.split(body.strip()))


def _comment(item: Mapping[str, Any], parent: str | None) -> dict | None:
    cid = item.get("id")
    if not isinstance(cid, int | str) or isinstance(cid, bool) or cid == "":
        return None
    gone = bool(item.get("deleted"))
    handle = item.get("handle") if isinstance(item.get("handle"), str) else None
    user = item.get("user_id")
    meta = item.get("metadata") if isinstance(item.get("metadata"), Mapping) else {}
    likes = item.get("reaction_count")
    return comment(
        cid=cid, parent_id=parent, platform=NAME,
        name=None if gone else item.get("name"),
        url=f"https://substack.com/@{handle}" if handle and not gone else None,
        published_raw=item.get("date"), html=None if gone else _html(item.get("body")),
        post_author=bool(meta.get("is_author")) and not gone,
        status="deleted" if gone else "visible",
        likes=likes if isinstance(likes, int) and not isinstance(likes, bool) else None,
        edited=bool(item.get("edited_at")),
        user_id=None if gone or user in (None, "") else str(user),
        is_guest=False,
    )


def _walk(items: list[Any]) -> Iterator[tuple[dict, int, int]]:
    """(comment, children served, children_count) in reading order, replies after parents."""
    stack: list[tuple[Iterator[Any], str | None]] = [(iter(items), None)]
    while stack:  # iterative: a deep thread must not exhaust the recursion limit
        item = next(stack[-1][0], None)
        if item is None:
            stack.pop()
            continue
        if not isinstance(item, Mapping):
            continue
        found = _comment(item, stack[-1][1])
        if found is None:
            continue
        children = [c for c in item.get("children") or [] if isinstance(c, Mapping)]
        count = item.get("children_count")
        yield found, len(children), count if isinstance(count, int) else len(children)
        stack.append((iter(children), found["id"]))


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The whole thread: every comment, replies under their parents."""
    data = load_json(url, body)
    items = data.get("comments") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise ExtractError(f"{url}: not a Substack comments answer (no 'comments' list)")
    comments, short = [], []
    for found, served, count in _walk(items):
        comments.append(found)
        if count > served:
            short.append(f"{found['id']} ({served} of {count})")
    result: dict[str, Any] = {"comments": comments, "next": [], "article": {}}
    if short:
        result["incomplete"] = ("replies were served in part for comment(s) "
                                + ", ".join(short[:10]))
    return result
