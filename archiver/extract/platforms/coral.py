"""Coral Talk: a story's comments from its server's GraphQL endpoint (``/api/graphql``).

Detected by Coral's embed snippet (docs.coralproject.net): ``<div id="coral_thread">`` and
``Coral.createStreamEmbed({ id: "coral_thread", rootURL: "https://coral.example.com",
storyID: "...", storyURL: "..." })`` (``{rootURL}/assets/js/embed.js``). Thread
parameters: ``root`` (rootURL), ``story_id`` and ``story_url`` (either; without both, the
page's canonical URL, as the embed falls back to). Coral is self-hosted: its host is allowed
through a profile's ``allowed_hosts`` unless it is the site's own.

Reads with POSTed queries built from the fields the stream embed itself selects
(coralproject/talk ``src/core/client/stream``: ``AllCommentsTabContainer`` — ``story(id:,
url:) { comments(first, after, orderBy) { edges { node } pageInfo } }`` — and
``ReplyListContainer`` — ``comment(id:) { replies(first, after, orderBy: CREATED_AT_ASC) }``
— and ``CommentContainer_comment``: ``id``, ``body`` (HTML), ``createdAt`` (UTC),
``author { id username }``, ``parent { id }``, ``editing { edited }``, ``deleted``,
``status``, ``actionCounts { reaction { total } }``, ``replyCount``). The story's
top-level comments come 20 a page, oldest first; each comment with replies gets its own
reply query, 50 a page, at every depth. A deleted comment keeps its place (a tombstone).
A GraphQL ``errors`` answer is an error naming the first message.

These are raw queries: a Coral server in production accepts only the persisted queries its
own embed bundle was built with, unless the tenant's ``REDUCED_SECURITY_MODE`` flag is on
(coral-server's ``persistedQueryMiddleware``); without it the server refuses them
(``RawQueryNotAuthorized``), which is recorded as a failure, the thread incomplete.
Reading such a deployment would need the persisted query ids of its bundle.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "coral"
API_HOSTS: tuple[str, ...] = ()  # self-hosted
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
MARKERS = (r"\bCoral\.createStreamEmbed\b", r"^coral_thread$", r"\bcoral-embed\b")
STORY_PAGE = 20  # the stream's own first page
REPLY_PAGE = 50

_CANONICAL = etree.XPath("//link[@rel='canonical']/@href")
_KEY = r"""\b{key}\s*:\s*["']([^"']+)["']"""

_FIELDS = """id body createdAt deleted status replyCount
      author { id username } parent { id } editing { edited }
      actionCounts { reaction { total } }"""
STORY_QUERY = f"""query ArchiverStory($id: ID, $url: String, $first: Int!, $after: Cursor) {{
  story(id: $id, url: $url) {{
    id
    comments(first: $first, after: $after, orderBy: CREATED_AT_ASC) {{
      edges {{ node {{ {_FIELDS} }} }}
      pageInfo {{ hasNextPage endCursor }}
    }}
  }}
}}"""
REPLIES_QUERY = f"""query ArchiverReplies($id: ID!, $first: Int!, $after: Cursor) {{
  comment(id: $id) {{
    id
    replies(first: $first, after: $after, orderBy: CREATED_AT_ASC) {{
      edges {{ node {{ {_FIELDS} }} }}
      pageInfo {{ hasNextPage endCursor }}
    }}
  }}
}}"""


def _value(text: str, key: str) -> str | None:
    found = re.search(_KEY.format(key=key), text)
    return found.group(1).strip() if found else None


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"root", "story_id", "story_url"}`` for a page embedding a Coral stream."""
    for text in page_index(tree).texts("script", "createStreamEmbed"):
        root = _value(text, "rootURL")
        if not root:
            continue
        story_id, story_url = _value(text, "storyID"), _value(text, "storyURL")
        if not story_id and not story_url:
            canonical = _CANONICAL(tree)
            story_url = urljoin(url, canonical[0].strip()) if canonical else url.split("#")[0]
        return {"root": urljoin(url, root).rstrip("/"), "story_id": story_id,
                "story_url": urljoin(url, story_url) if story_url else None}
    return None


def _fetch(thread: Mapping[str, Any], query: str, variables: dict, sort: list[int],
           context: dict) -> dict:
    return {"url": f"{thread['root']}/api/graphql", "platform": NAME, "method": "POST",
            "body": json.dumps({"query": query, "variables": variables}, sort_keys=True),
            "headers": {"Content-Type": "application/json"}, "sort": sort,
            "context": context}


def _story_page(thread: Mapping[str, Any], after: str | None, page: int) -> dict:
    variables = {"id": thread.get("story_id"), "url": thread.get("story_url"),
                 "first": STORY_PAGE, "after": after}
    return _fetch(thread, STORY_QUERY, variables, [page], {"step": "story", "page": page})


def _replies_page(thread: Mapping[str, Any], cid: str, after: str | None,
                  sort: list[int]) -> dict:
    variables = {"id": cid, "first": REPLY_PAGE, "after": after}
    return _fetch(thread, REPLIES_QUERY, variables, sort,
                  {"step": "replies", "comment": cid, "sort": sort})


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The story's first page of top-level comments."""
    if not thread.get("root") or not (thread.get("story_id") or thread.get("story_url")):
        raise ExtractError("coral: the page embeds Coral but names no rootURL or story; "
                           "give them as [comments] params.root and params.story_url")
    return [_story_page(thread, None, 1)]


def _comment(node: Mapping[str, Any]) -> dict:
    deleted = bool(node.get("deleted"))
    author = node.get("author") if isinstance(node.get("author"), Mapping) else {}
    parent = node.get("parent") if isinstance(node.get("parent"), Mapping) else {}
    editing = node.get("editing") if isinstance(node.get("editing"), Mapping) else {}
    counts = node.get("actionCounts") if isinstance(node.get("actionCounts"), Mapping) else {}
    reaction = counts.get("reaction") if isinstance(counts.get("reaction"), Mapping) else {}
    return comment(
        cid=node["id"], parent_id=parent.get("id"), platform=NAME,
        name=None if deleted else author.get("username"), url=None,
        published_raw=node.get("createdAt"),
        html=None if deleted else node.get("body"),
        status="deleted" if deleted else "visible",
        likes=reaction.get("total"), edited=bool(editing.get("edited")),
        user_id=None if deleted or not author.get("id") else str(author["id"]),
        is_guest=False,
    )


def _connection(url: str, data: Any, step: str) -> Mapping[str, Any]:
    if isinstance(data, Mapping) and data.get("errors"):
        first = data["errors"][0] if isinstance(data["errors"], list) else data["errors"]
        message = first.get("message") if isinstance(first, Mapping) else first
        raise ExtractError(f"{url}: Coral answered with an error: {message}")
    root = (data.get("data") or {}) if isinstance(data, Mapping) else {}
    holder = root.get("story" if step == "story" else "comment")
    if holder is None:
        raise ExtractError(f"{url}: Coral knows no such {step}")
    found = holder.get("comments" if step == "story" else "replies")
    if not isinstance(found, Mapping) or not isinstance(found.get("edges"), list):
        raise ExtractError(f"{url}: not a Coral comments connection (no edges)")
    return found


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One page of a story's comments or of a comment's replies, and what follows it."""
    context = fetch.get("context") or {}
    step = "story" if context.get("step") == "story" else "replies"
    found = _connection(url, load_json(url, body), step)
    nodes = [e["node"] for e in found["edges"] if isinstance(e, Mapping)
             and isinstance(e.get("node"), Mapping) and e["node"].get("id")]
    sort = list(fetch.get("sort") or [0])
    more = []
    for index, node in enumerate(nodes):
        if isinstance(node.get("replyCount"), int) and node["replyCount"] > 0:
            # Replies read right after their parent's page, depth first.
            more.append(_replies_page(thread, str(node["id"]), None, [*sort, index, 0]))
    info = found.get("pageInfo") if isinstance(found.get("pageInfo"), Mapping) else {}
    if info.get("hasNextPage") and info.get("endCursor") and nodes:
        if step == "story":
            more.append(_story_page(thread, str(info["endCursor"]), int(context["page"]) + 1))
        else:
            following = [*sort[:-1], sort[-1] + 1]
            more.append(_replies_page(thread, str(context["comment"]),
                                      str(info["endCursor"]), following))
    return {"comments": [_comment(n) for n in nodes], "next": more, "article": {}}
