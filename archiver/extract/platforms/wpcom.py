"""WordPress.com: a hosted blog's comments through WordPress.com's public REST API (v1.1).

Detected by the ``generator`` meta WordPress.com prints (``WordPress.com``) with the post id
from the markup WordPress itself prints (wordpress.detect: the ``application/json``
alternate link, the shortlink, ``postid-N``), the comment form's ``comment_post_ID`` or the
stats call ``_stq.push(['view', {..., post: 'N'}])``. Thread parameters: ``site`` (the
blog's host: the API takes a site's domain or id) and ``post_id``.

A self-hosted blog with Jetpack comments is not this platform: it prints its comments in
its own HTML (only the form is Jetpack's iframe), read by the WordPress REST adapter or the
page readers, never recorded as a system without an adapter.

Fetches, from ``ARCHIVER_WPCOM_API_BASE`` (``https://public-api.wordpress.com/rest/v1.1/``),
the endpoints Automattic's API serves (jetpack ``json-endpoints/``):

* ``sites/{site}/posts/{id}?fields=ID,author,URL``: the post's author, for "post author";
* ``sites/{site}/posts/{id}/replies/?number=100&page=N&order=ASC``: ``{"found", "site_ID",
  "comments"}``, approved comments only to an anonymous reader, paged until ``found`` are
  read (a page short of 100 ends it when ``found`` is unknown, -1).

Comments come out as the HTML path and the WordPress REST adapter read them (platform
``wordpress``: the same stored rows), so an archive does not depend on the path: ``ID``
(WordPress's comment id), ``parent.ID``, ``author.name`` and ``author.URL`` (the
commenter's website; the commenter is keyed by URL or name, as the HTML shows no user id),
``date`` (ISO 8601 with the blog's offset), ``content`` HTML, ``like_count``; pingbacks
and trackbacks are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms import wordpress
from archiver.extract.platforms.common import comment, load_json

NAME = "wpcom"
API_HOSTS = ("public-api.wordpress.com",)
API_BASE = "https://public-api.wordpress.com/rest/v1.1/"
SETTINGS = {"wpcom_api_base": ("ARCHIVER_WPCOM_API_BASE", API_BASE)}
# The blog prints its whole thread in its pages, as WordPress does: a 304 confirms it, and
# an API that refuses (a private blog, a post gone) leaves the HTML, complete.
PAGE_304_CONFIRMS_THREAD = True
HTML_HAS_WHOLE_THREAD = True
REFUSED_STATUSES = (401, 403, 404)
PAGE_SIZE = 100  # the endpoint's limit
MAX_PAGES = 10_000

_FORM_POST_ID = etree.XPath("//input[@name='comment_post_ID']/@value")
_STATS = etree.XPath("//script[contains(., '_stq')]/text()")
_STATS_POST = re.compile(r"""["']?post["']?\s*:\s*["']?(\d+)""")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"site", "post_id"}`` for a post of a WordPress.com-hosted blog, else None."""
    if not any(g.strip().lower().startswith("wordpress.com") for g in
               page_index(tree).values("meta", "content", name="generator")):
        return None
    found = wordpress.detect(url, headers, tree) or {}
    post_id = found.get("post_id")
    if post_id is None:
        ids = [v.strip() for v in _FORM_POST_ID(tree) if v.strip().isdigit()]
        ids += [m.group(1) for m in (_STATS_POST.search(t) for t in _STATS(tree)) if m]
        post_id = int(ids[0]) if ids else None
    if post_id is None or found.get("listing"):
        return None  # the front page, an archive: no post, no thread
    return {"site": urlsplit(url).hostname, "post_id": int(post_id)}


def _base(config: Mapping[str, Any] | None) -> str:
    base = str((config or {}).get("wpcom_api_base") or API_BASE)
    return base if base.endswith("/") else base + "/"


def _replies_fetch(thread: Mapping[str, Any], config: Mapping[str, Any] | None, page: int,
                   post_author: Any) -> dict:
    route = f"sites/{thread['site']}/posts/{int(thread['post_id'])}/replies/"
    query = urlencode([("number", str(PAGE_SIZE)), ("page", str(page)), ("order", "ASC")])
    return {"url": urljoin(_base(config), route) + "?" + query, "platform": NAME,
            "sort": [page], "context": {"step": "replies", "page": page,
                                        "post_author": post_author}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The post first: its author decides the "post author" flags."""
    if not thread.get("site") or not thread.get("post_id"):
        raise ExtractError("wpcom: the page is a WordPress.com post but names no post id; "
                           "give [comments] params.site and params.post_id in a profile")
    route = f"sites/{thread['site']}/posts/{int(thread['post_id'])}"
    return [{"url": urljoin(_base(config), route) + "?fields=ID,author,URL",
             "platform": NAME, "sort": [0], "context": {"step": "post"}}]


def _ref_id(value: Any) -> Any:
    return value.get("ID") if isinstance(value, Mapping) else None


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The post (-> the first page of replies) or a page of replies."""
    data = load_json(url, body)
    if not isinstance(data, Mapping):
        raise ExtractError(f"{url}: not a WordPress.com API object")
    if "error" in data and "message" in data:
        raise ExtractError(f"{url}: WordPress.com API error {data['error']}: {data['message']}")
    context = fetch.get("context") or {}
    if context.get("step") == "post":
        return {"comments": [], "article": {},
                "next": [_replies_fetch(thread, config, 1, _ref_id(data.get("author")))]}
    items = data.get("comments")
    if not isinstance(items, list):
        raise ExtractError(f"{url}: not a WordPress.com replies answer (no 'comments' list)")
    post_author = context.get("post_author")
    comments = []
    for item in items:
        if not isinstance(item, Mapping) or item.get("type", "comment") != "comment":
            continue
        author = item.get("author") if isinstance(item.get("author"), Mapping) else {}
        author_id = author.get("ID") or 0
        comments.append(comment(
            cid=item.get("ID"), parent_id=_ref_id(item.get("parent")),
            # WordPress's own comments, whichever way read: the same rows as the HTML path.
            platform=wordpress.NAME,
            name=author.get("name"), url=author.get("URL"), published_raw=item.get("date"),
            html=item.get("content") if isinstance(item.get("content"), str) else None,
            post_author=bool(author_id) and author_id == post_author,
            likes=item.get("like_count") if isinstance(item.get("like_count"), int) else None,
        ))
    page = int(context.get("page") or 1)
    found = data.get("found")
    more = (page * PAGE_SIZE < found) if isinstance(found, int) and found >= 0 \
        else len(items) >= PAGE_SIZE
    following = [_replies_fetch(thread, config, page + 1, post_author)] \
        if items and more and page < MAX_PAGES else []
    return {"comments": comments, "next": following, "article": {}}
