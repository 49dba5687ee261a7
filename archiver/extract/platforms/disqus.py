"""Disqus: a thread read from Disqus's embed page, or from API 3.0 with a key.

Detected by ``#disqus_thread``, ``disqus_shortname`` / ``disqus_config`` in a script, the
Disqus WordPress plugin's ``embedVars``, or a ``SHORTNAME.disqus.com/embed.js`` script.
Thread parameters: ``shortname`` (the forum), ``identifier`` (``this.page.identifier``),
``url`` (``this.page.url``, else the page's URL); a profile can give any of them.

Fetches, endpoint bases from settings (``ARCHIVER_DISQUS_EMBED_BASE``,
``ARCHIVER_DISQUS_API_BASE``, ``ARCHIVER_DISQUS_API_KEY``):

* with an API key: ``{api}threads/listPosts.json?forum=F&thread:ident=I`` (or
  ``thread:link=URL``) ``&limit=100&order=asc``, following ``cursor.next`` while
  ``cursor.hasNext``;
* without: ``{embed}?base=default&f=F&t_i=I&t_u=URL``, the page Disqus's iframe loads: its
  ``<script id="disqus-threadData">`` JSON holds the thread, the first posts and the
  cursor; further pages come from ``{api}threads/listPostsThreaded.json?thread=ID&forum=F&
  order=...&cursor=...`` (with the key when there is one).

Post fields kept: id, parent, author (name, profile URL, id or username, ``isAnonymous``),
``createdAt`` (UTC without an offset, so read as UTC), ``message`` (HTML), likes,
``isDeleted`` (status ``deleted``) and ``isEdited``; posts flagged ``isSpam`` are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.encoding import decode_html
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "disqus"
# Hosts the crawler may request for a Disqus thread on any site (archiver.discover.scope).
API_HOSTS = ("disqus.com",)

EMBED_BASE = "https://disqus.com/embed/comments/"
API_BASE = "https://disqus.com/api/3.0/"
# config key -> (setting, default): the endpoints, so that tests point them at loopback.
SETTINGS = {
    "disqus_api_base": ("ARCHIVER_DISQUS_API_BASE", API_BASE),
    "disqus_api_key": ("ARCHIVER_DISQUS_API_KEY", None),
    "disqus_embed_base": ("ARCHIVER_DISQUS_EMBED_BASE", EMBED_BASE),
}
# The thread is on Disqus's servers: a 304 on the page says nothing about it, and the
# page's HTML holds at most the plugin's partial copy.
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False

_EMBED_SRC = re.compile(r"//([A-Za-z0-9_-]+)\.disqus\.com/(?:embed|count)\.js")
_ASSIGN = {
    "shortname": re.compile(
        r"""(?:disqus_shortname|["']?disqusShortname["']?)\s*[=:]\s*["']([^"']+)["']"""),
    "identifier": re.compile(
        r"""(?:disqus_identifier|page\.identifier|["']?disqusIdentifier["']?)\s*[=:]\s*"""
        r"""["']([^"']+)["']"""),
    "url": re.compile(
        r"""(?:disqus_url|page\.url|["']?disqusUrl["']?)\s*[=:]\s*["']([^"']+)["']"""),
    "title": re.compile(
        r"""(?:disqus_title|page\.title|["']?disqusTitle["']?)\s*[=:]\s*["']([^"']+)["']"""),
}
# A literal each _ASSIGN match contains: scripts without one are not searched (a pattern
# that opens with an alternation is tried at every position of a 100 KB script).
_ASSIGN_NEEDS = {
    "shortname": ("disqus_shortname", "isqusShortname"),
    "identifier": ("disqus_identifier", "page.identifier", "isqusIdentifier"),
    "url": ("disqus_url", "page.url", "isqusUrl"),
    "title": ("disqus_title", "page.title", "isqusTitle"),
}
_THREAD_DATA = etree.XPath("//script[@id='disqus-threadData']")


def _unescape(value: str) -> str:
    # Plugins write these values as JSON strings: "https:\/\/blog.example\/post\/".
    return value.replace("\\/", "/")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"shortname", "identifier", "url", "title"}`` for a Disqus page, else None."""
    found: dict[str, str] = {}
    index = page_index(tree)
    evidence = bool(index.with_id("disqus_thread"))
    for script, text in index.scripts():
        src = script.get("src") or ""
        match = _EMBED_SRC.search(src) or ("disqus" in text and _EMBED_SRC.search(text))
        if match:
            evidence = True
            found.setdefault("shortname", match.group(1))
        if "disqus" not in text and "page." not in text:
            continue  # every _ASSIGN pattern needs one of these: skip big JSON blobs fast
        for key, pattern in _ASSIGN.items():
            if not any(literal in text for literal in _ASSIGN_NEEDS[key]):
                continue
            match = pattern.search(text)
            if match:
                evidence = evidence or key == "shortname"
                found.setdefault(key, _unescape(match.group(1)))
    if not evidence:
        return None
    return {"shortname": found.get("shortname"), "identifier": found.get("identifier"),
            "url": found.get("url") or url, "title": found.get("title")}


def _base(config: Mapping[str, Any], key: str, default: str) -> str:
    value = config.get(key) or default
    return value if value.endswith("/") else value + "/"


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The API's first page when a key is configured, else the embed page."""
    shortname = thread.get("shortname")
    if not shortname:
        raise ExtractError("disqus: the page has a Disqus thread but names no forum shortname; "
                           "give it as [comments] params.shortname in a profile")
    key = config.get("disqus_api_key")
    if key:
        query = [("api_key", key), ("forum", shortname), ("limit", "100"), ("order", "asc")]
        if thread.get("identifier"):
            query.append(("thread:ident", thread["identifier"]))
        else:
            query.append(("thread:link", thread.get("url") or ""))
        url = _base(config, "disqus_api_base", API_BASE) + "threads/listPosts.json?" + \
            urlencode(query)
        return [{"url": url, "platform": NAME, "sort": [0], "context": {"step": "api"}}]
    query = [("base", "default"), ("f", shortname)]
    if thread.get("identifier"):
        query.append(("t_i", thread["identifier"]))
    query.append(("t_u", thread.get("url") or ""))
    if thread.get("title"):
        query.append(("t_d", thread["title"]))
    query.append(("s_o", "default"))
    url = _base(config, "disqus_embed_base", EMBED_BASE) + "?" + urlencode(query)
    return [{"url": url, "platform": NAME, "sort": [0], "context": {"step": "embed"}}]


def _comment(post: Mapping[str, Any]) -> dict | None:
    if post.get("isSpam") or post.get("id") is None:
        return None
    author = post.get("author") if isinstance(post.get("author"), Mapping) else {}
    anonymous = bool(author.get("isAnonymous"))
    user_id = None if anonymous else (author.get("id") or author.get("username"))
    deleted = bool(post.get("isDeleted"))
    return comment(
        cid=post["id"], parent_id=post.get("parent"), platform=NAME,
        name=author.get("name"), url=author.get("profileUrl") or None,
        published_raw=post.get("createdAt"), html=post.get("message"),
        published_tz="UTC",
        status="deleted" if deleted else "visible",
        likes=post.get("likes"), edited=bool(post.get("isEdited")),
        user_id=None if user_id is None else str(user_id), is_guest=anonymous,
    )


def _next(cursor: Any, thread_id: Any, fetch: Mapping[str, Any], config: Mapping[str, Any],
          thread: Mapping[str, Any], order: str, endpoint: str) -> list[dict]:
    if not isinstance(cursor, Mapping) or not cursor.get("hasNext") or not cursor.get("next"):
        return []
    query = [("forum", thread.get("shortname") or ""), ("limit", "100"), ("order", order),
             ("cursor", str(cursor["next"]))]
    if thread_id is not None:
        query.insert(0, ("thread", str(thread_id)))
    elif thread.get("identifier"):
        query.insert(0, ("thread:ident", thread["identifier"]))
    else:
        query.insert(0, ("thread:link", thread.get("url") or ""))
    if config.get("disqus_api_key"):
        query.insert(0, ("api_key", config["disqus_api_key"]))
    page = int((fetch.get("sort") or [0])[0]) + 1
    url = _base(config, "disqus_api_base", API_BASE) + endpoint + "?" + urlencode(query)
    return [{"url": url, "platform": NAME, "sort": [page],
             "context": {"step": "api", "thread_id": thread_id, "order": order,
                         "endpoint": endpoint}}]


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """An embed page or an API page: its posts and the cursor's next page."""
    config = config or {}
    context = fetch.get("context") or {}
    if context.get("step") == "embed":
        text, _ = decode_html(body, None)
        scripts = _THREAD_DATA(parse_html_tree(text))
        if not scripts:
            raise ExtractError(f"{url}: a Disqus embed page without its thread data "
                               "(script#disqus-threadData)")
        data = load_json(url, (scripts[0].text or "").encode("utf-8"))
        response = data.get("response") if isinstance(data, Mapping) else None
        if not isinstance(response, Mapping):
            raise ExtractError(f"{url}: Disqus thread data without a response")
        posts = response.get("posts") or []
        thread_info = response.get("thread") if isinstance(response.get("thread"), Mapping) \
            else {}
        thread_id = thread_info.get("id")
        order = response.get("order") or "asc"
        endpoint = "threads/listPostsThreaded.json"
    else:
        data = load_json(url, body)
        if not isinstance(data, Mapping) or data.get("code") not in (0, None):
            message = data.get("response") if isinstance(data, Mapping) else None
            raise ExtractError(f"{url}: Disqus API error: {message}")
        posts = data.get("response") or []
        thread_id = context.get("thread_id")
        order = context.get("order") or "asc"
        endpoint = context.get("endpoint") or "threads/listPosts.json"
    if not isinstance(posts, list):
        raise ExtractError(f"{url}: Disqus posts are not a list")
    comments = [c for c in (_comment(p) for p in posts if isinstance(p, Mapping)) if c]
    return {"comments": comments, "article": {},
            "next": _next(data.get("cursor"), thread_id, fetch, config, thread, order,
                          endpoint)}
