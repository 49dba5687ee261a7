"""Blogger: a post's comments from its comment feed (GData JSON, ``alt=json``).

Detected by the ``generator`` meta (``Blogger``) or Blogger's comment scripts
(``BLOG_CMT_createIframe``, ``www.blogger.com/static``) together with the post id: the
comment feed's alternate link (``/feeds/POSTID/comments/default``), ``itemprop="postId"``,
the load-more control's ``data-post-id`` or the comment form's ``pageID``/``postID``.

Fetches ``{feed}?alt=json&orderby=published&reverse=false&start-index=N&max-results=50``,
paging with ``start-index`` until ``openSearch$totalResults`` entries are read. The fields
are the ones Blogger's own threaded-comments script reads from that feed (its ``parse``):
the comment id from ``id.$t`` (``tag:blogger.com,1999:blog-B.post-C``), the parent from the
``related`` link (``.../comments/default/PARENT``), ``author[0]`` name and profile URI,
``published.$t`` (ISO 8601 with the blog's offset), ``content.$t`` (or ``summary.$t``), and
``gd$extendedProperty`` ``blogger.contentRemoved`` for a removed comment. The post author's
comments are those whose profile URI is the post's byline profile (the script's
``iswriter``: same name and profile URL).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import PageIndex, page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "blogger"
# The feed is on the blog's own host (blogspot.com or its custom domain).
API_HOSTS: tuple[str, ...] = ()
# The thread is in the feed; the page prints only its first comments (up to 200).
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# A blog whose feeds are switched off ("Allow blog feed: none") or private answers so.
REFUSED_STATUSES = (401, 403, 404)
PAGE_SIZE = 50

_POST_ID = etree.XPath("//meta[@itemprop='postId']/@content | //*[@data-post-id]/@data-post-id")
_FORM = etree.XPath("//a[@id='comment-editor-src']/@href | //iframe[@id='comment-editor']/@src")
_FEED_PATH = re.compile(r"/feeds/(\d+)/comments/default\b")
_FORM_ID = re.compile(r"[?&](?:pageID|postID)=(\d+)")
_ENTRY_ID = re.compile(r"blog-(\d+)\.post-(\d+)")
_PARENT = re.compile(r"/comments/default/(\d+)")
_PROFILE_ID = re.compile(r"/profile/(\d+)")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"feed", "post_id", "author_url"}`` for a Blogger post page, else None."""
    index = page_index(tree)
    blogger = any(g.strip().lower().startswith("blogger")
                  for g in index.values("meta", "content", name="generator")) or any(
        "blogger.com/static" in (s.get("src") or "") or "BLOG_CMT_createIframe" in text
        for s, text in index.scripts())
    if not blogger:
        return None
    feed, post_id = None, None
    for href in index.values("link", "href", rel="alternate"):  # //link[@rel='alternate']
        found = _FEED_PATH.search(href)
        if found:
            feed, post_id = urljoin(url, href.split("?")[0].strip()), found.group(1)
            break
    if post_id is None:
        ids = [v.strip() for v in _POST_ID(tree) if v.strip().isdigit()]
        ids += [m.group(1) for m in (_FORM_ID.search(h) for h in _FORM(tree)) if m]
        post_id = ids[0] if ids else None
    if post_id is None:
        return None  # a listing or a static page: no post, no thread
    if feed is None:
        parts = urlsplit(url)
        feed = f"{parts.scheme}://{parts.netloc}/feeds/{post_id}/comments/default"
    byline = _profile_links(index)
    return {"feed": feed, "post_id": post_id,
            "author_url": byline[0].strip() if byline else None}


def _page_url(feed: str, start: int) -> str:
    query = [("alt", "json"), ("orderby", "published"), ("reverse", "false"),
             ("start-index", str(start)), ("max-results", str(PAGE_SIZE))]
    return f"{feed}?{urlencode(query)}"


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The feed's first page."""
    if not thread.get("feed"):
        raise ExtractError("blogger: the page is a Blogger post but names no comment feed; "
                           "give it as [comments] params.feed in a profile")
    return [{"url": _page_url(thread["feed"], 1), "platform": NAME, "sort": [1],
             "context": {"start": 1}}]


def _text(node: Any) -> str | None:
    value = node.get("$t") if isinstance(node, Mapping) else None
    return value if isinstance(value, str) else None


def _properties(entry: Mapping[str, Any]) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in entry.get("gd$extendedProperty") or []
            if isinstance(p, Mapping)}


def _comment(entry: Mapping[str, Any], post_author_url: str | None) -> dict | None:
    found = _ENTRY_ID.search(_text(entry.get("id")) or "")
    if not found:
        return None
    parent = None
    for link in entry.get("link") or []:
        if isinstance(link, Mapping) and link.get("rel") == "related":
            match = _PARENT.search(link.get("href") or "")
            parent = match.group(1) if match else None
    authors = entry.get("author") or [{}]
    author = authors[0] if isinstance(authors[0], Mapping) else {}
    profile = _text(author.get("uri"))
    removed = _properties(entry).get("blogger.contentRemoved") == "true"
    html = _text(entry.get("content")) or _text(entry.get("summary"))
    user = _PROFILE_ID.search(profile or "")
    return comment(
        cid=found.group(2), parent_id=parent, platform=NAME,
        name=_text(author.get("name")), url=profile,
        published_raw=_text(entry.get("published")),
        html=None if removed else html,
        post_author=bool(profile and post_author_url and profile == post_author_url),
        status="deleted" if removed else "visible",
        user_id=user.group(1) if user else None, is_guest=not profile,
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One feed page: its comments and, while entries remain, the next ``start-index``."""
    data = load_json(url, body)
    feed = data.get("feed") if isinstance(data, Mapping) else None
    if not isinstance(feed, Mapping):
        raise ExtractError(f"{url}: not a Blogger comment feed (no 'feed' object)")
    entries = feed.get("entry", [])  # no key at all: a post without comments
    if not isinstance(entries, list):
        raise ExtractError(f"{url}: Blogger feed entries are not a list")
    comments = [c for c in (_comment(e, thread.get("author_url")) for e in entries
                            if isinstance(e, Mapping)) if c]
    try:
        total = int(_text(feed.get("openSearch$totalResults")) or 0)
    except ValueError:
        total = 0
    first = int((fetch.get("context") or {}).get("start") or 1)
    following = first + len(entries)
    more = []
    if entries and following <= total:
        more = [{"url": _page_url(thread["feed"], following), "platform": NAME,
                 "sort": [following], "context": {"start": following}}]
    return {"comments": comments, "next": more, "article": {}}


def _profile_links(index: PageIndex) -> list[str]:
    """``//*[class_test('post-author')]//a[contains(@href, '/profile/')]/@href`` from the
    page index's class lists: the links under each outermost post-author element."""
    authors = index.with_token("class", "post-author")
    inside = set(authors)
    return [href for el in authors if not any(a in inside for a in el.iterancestors())
            for a in el.iterdescendants("a") if "/profile/" in (href := a.get("href") or "")]
