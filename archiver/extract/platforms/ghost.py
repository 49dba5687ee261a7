"""Ghost: a post's native member comments, from the members comments API comments-ui calls.

Detected by the script Ghost's ``{{comments}}`` helper prints (core/frontend/helpers/
comments.js): ``<script defer src=".../comments-ui.min.js" data-ghost-comments="SITE_URL"
data-post-id="POST_ID" ...>``. Thread parameters: ``site`` (``data-ghost-comments``, the
site's URL) and ``post_id``. The comments-ui script without a post id is recorded as
``unreadable``.

Fetches what comments-ui (apps/comments-ui/src/utils/api.ts) asks for:

* ``{site}/members/api/comments/post/{post_id}/?limit=20&page=N``: top-level comments,
  newest first, each with its first replies (``replies``, at most 3) and
  ``count.replies``; paged by ``meta.pagination`` (``page``, ``pages``). From page 2 on, the
  client's ``filter=created_at:<=FIRST`` (the first comment's ``created_at``) keeps
  comments posted meanwhile from shifting the pages;
* for a comment with more replies than it came with,
  ``{site}/members/api/comments/{id}/replies/?limit=100&filter=id:>'LAST'`` (the last reply
  read), again while ``meta.pagination.pages`` says more remain.

Comment fields (Ghost's members comments serializer, as its e2e API snapshots record it):
``id``, ``html``, ``status`` (``published``; ``deleted`` or ``hidden`` kept as a tombstone
when it has replies: status ``deleted``, no text), ``created_at`` (UTC), ``edited_at``
(edited), ``member`` (``id``, ``name``; null once the member is deleted), ``count.likes``,
``in_reply_to_id`` (the reply a reply answers; otherwise its parent is the top-level
comment: Ghost nests one level).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "ghost"
# The members API is on the Ghost site itself.
API_HOSTS: tuple[str, ...] = ()
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# The comments-ui script without the post id detect needs (registry: "unreadable").
MARKERS = (r"comments-ui(?:\.min)?\.js",)
PAGE_SIZE = 20  # what comments-ui asks for
REPLIES_SIZE = 100



def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"site", "post_id"}`` for a Ghost post showing member comments, else None."""
    for script in page_index(tree).tag("script"):
        if script.get("data-ghost-comments") is None:
            continue
        post_id = (script.get("data-post-id") or "").strip()
        if post_id:
            site = urljoin(url, (script.get("data-ghost-comments") or "").strip() or "/")
            return {"site": site.rstrip("/") + "/", "post_id": post_id}
    return None


def _endpoint(thread: Mapping[str, Any], resource: str, query: list[tuple[str, str]]) -> str:
    return urljoin(str(thread["site"]), f"members/api/{resource}/") + "?" + urlencode(query)


def _page_fetch(thread: Mapping[str, Any], page: int, first_at: str | None) -> dict:
    query = [("limit", str(PAGE_SIZE))]
    if first_at:
        query.append(("filter", f"created_at:<={first_at}"))
    query.append(("page", str(page)))
    return {"url": _endpoint(thread, f"comments/post/{thread['post_id']}", query),
            "platform": NAME, "sort": [page],
            "context": {"step": "comments", "page": page, "first_at": first_at}}


def _replies_fetch(thread: Mapping[str, Any], parent: str, after: str, sort: list[int]
                   ) -> dict:
    query = [("limit", str(REPLIES_SIZE)), ("filter", f"id:>'{after}'")]
    return {"url": _endpoint(thread, f"comments/{parent}/replies", query), "platform": NAME,
            "sort": sort, "context": {"step": "replies", "parent": parent}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The first page of the post's comments."""
    if not thread.get("site") or not thread.get("post_id"):
        raise ExtractError("ghost: the page shows Ghost comments but names no site or post "
                           "id; give them as [comments] params.site and params.post_id")
    return [_page_fetch(thread, 1, None)]


def _comment(item: Mapping[str, Any], parent: str | None) -> dict | None:
    cid = item.get("id")
    if not isinstance(cid, str) or not cid:
        return None
    gone = item.get("status") not in (None, "published")
    member = item.get("member") if isinstance(item.get("member"), Mapping) else {}
    counts = item.get("count") if isinstance(item.get("count"), Mapping) else {}
    reply_to = item.get("in_reply_to_id")
    return comment(
        cid=cid, parent_id=reply_to if parent and isinstance(reply_to, str) else parent,
        platform=NAME, name=member.get("name"), url=None,
        published_raw=item.get("created_at"), html=None if gone else item.get("html"),
        status="deleted" if gone else "visible",
        likes=counts.get("likes") if isinstance(counts.get("likes"), int) else None,
        edited=bool(item.get("edited_at")),
        user_id=member.get("id") if isinstance(member.get("id"), str) else None,
        is_guest=False,
    )


def _items(url: str, data: Any) -> tuple[list[Mapping[str, Any]], Mapping[str, Any]]:
    items = data.get("comments") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise ExtractError(f"{url}: not a Ghost comments answer (no 'comments' list)")
    meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
    pagination = meta.get("pagination") if isinstance(meta.get("pagination"), Mapping) else {}
    return [i for i in items if isinstance(i, Mapping)], pagination


def _more_pages(pagination: Mapping[str, Any], page: int) -> bool:
    pages = pagination.get("pages")
    return isinstance(pages, int) and page < pages


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """A page of comments (with their first replies) or a page of one comment's replies."""
    items, pagination = _items(url, load_json(url, body))
    context = fetch.get("context") or {}
    sort = list(fetch.get("sort") or [0])
    comments: list[dict] = []
    more: list[dict] = []
    if context.get("step") == "replies":
        parent = str(context.get("parent"))
        comments = [c for c in (_comment(i, parent) for i in items) if c]
        if items and _more_pages(pagination, 1):
            more.append(_replies_fetch(thread, parent, comments[-1]["id"], [*sort[:-1],
                                                                            sort[-1] + 1]))
        return {"comments": comments, "next": more, "article": {}}
    page = int(context.get("page") or 1)
    first_at = context.get("first_at") or (items[0].get("created_at") if items else None)
    for n, item in enumerate(items, start=1):
        top = _comment(item, None)
        if top is None:
            continue
        comments.append(top)
        replies = [r for r in (item.get("replies") or []) if isinstance(r, Mapping)]
        comments.extend(c for c in (_comment(r, top["id"]) for r in replies) if c)
        total = (item.get("count") or {}).get("replies") if isinstance(item.get("count"),
                                                                        Mapping) else None
        if isinstance(total, int) and total > len(replies):
            after = replies[-1].get("id") if replies else ""
            # Right after this page, before the next one: replies sort under their page.
            more.append(_replies_fetch(thread, top["id"], str(after), [page, n, 1]))
    if items and _more_pages(pagination, page):
        more.append(_page_fetch(thread, page + 1, first_at))
    return {"comments": comments, "next": more, "article": {}}
