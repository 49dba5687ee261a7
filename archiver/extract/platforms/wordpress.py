"""WordPress: a post's approved comments through the REST API (wp/v2).

Detected by the REST API's discovery link (``Link: <.../wp-json/>; rel="https://api.w.org/"``
header or ``<link rel="https://api.w.org/">``), the ``generator`` meta, or ``wp-content``
assets. The post id comes from ``<link rel="alternate" type="application/json"
href=".../wp/v2/posts/ID">``, the shortlink ``?p=ID`` or the body class ``postid-ID``.

Fetches: ``wp/v2/posts/ID?_embed=author,wp:term`` (the post's author, for "post author"
flags, and its byline and terms), then ``wp/v2/comments?post=ID&per_page=100&page=N&
orderby=id&order=asc`` for N up to the ``X-WP-TotalPages`` header. Anonymous requests see
approved comments only; ``type`` defaults to ``comment``, so pingbacks stay out.

Comments come out exactly as the HTML path reads them (extract.comments, ``wordpress-html5``),
so an archive does not depend on which path a crawl took: the id is WordPress's comment id,
the date is the local time with the site's offset (what ``<time datetime>`` prints, derived
from ``date`` and ``date_gmt``), and the commenter is keyed by URL or name, never by the
WordPress user id, which the HTML does not show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, header, load_json

NAME = "wordpress"
# Self-hosted: its endpoints are on the site or on a host the user allows.
API_HOSTS: tuple[str, ...] = ()
SETTINGS = {"wordpress_rest": ("ARCHIVER_WORDPRESS_REST", True)}
# WordPress prints the whole thread in its pages (the REST API is a cleaner copy): a 304
# confirms it, and a site that turned its API off (401/403/404) is read from the HTML.
PAGE_304_CONFIRMS_THREAD = True
HTML_HAS_WHOLE_THREAD = True
REFUSED_STATUSES = (401, 403, 404)

_API_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?https://api\.w\.org/"?')
_POST_ROUTE = re.compile(r"(?:/wp-json/|rest_route=/?)wp/v2/(posts|pages)/(\d+)")
_SHORTLINK = re.compile(r"[?&]p(?:age_id)?=(\d+)")
_BODY_ID = re.compile(r"\b(?:postid|page-id)-(\d+)\b")
_LAST_NUMBER = re.compile(r"(\d+)\D*$")
_LISTING_CLASSES = frozenset({"archive", "blog", "search", "search-results", "error404",
                              "paged"})

# The class tests on the attribute axis: they run on class attributes, not every element.
_CURRENT_PAGE = etree.XPath(
    "//@class[contains(., 'nav-links') or contains(., 'comment-navigation')"
    " or contains(., 'comments-pagination')]/parent::*"
    "/descendant::*/@class[contains(concat(' ', normalize-space(.), ' '), ' current ')]"
    "/parent::*"
)

# 100 comments a page: far beyond any real thread, and a bound on what a header can ask.
MAX_COMMENT_PAGES = 10_000


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"rest_root", "post_route", "post_id", "html_page", "listing"}`` for a WordPress
    page, else None."""
    index = page_index(tree)
    rest_root = None
    link = header(headers, "link")
    if link:
        found = _API_LINK.search(link)
        if found:
            rest_root = urljoin(url, found.group(1).strip())
    if rest_root is None:
        hrefs = index.values("link", "href", rel="https://api.w.org/")
        rest_root = urljoin(url, hrefs[0].strip()) if hrefs else None
    generator = any(g.strip().lower().startswith("wordpress") for g in
                    index.values("meta", "content", name="generator"))
    if rest_root is None and not generator and not any(
            "/wp-content/" in v or "/wp-includes/" in v
            for v in (*index.values("link", "href"), *index.values("script", "src"))):
        return None

    route, post_id = "posts", None
    for href in index.values("link", "href", rel="alternate", type="application/json"):
        found = _POST_ROUTE.search(href)
        if found:
            route, post_id = found.group(1), int(found.group(2))
            break
    if post_id is None:
        for href in index.values("link", "href", rel="shortlink"):
            found = _SHORTLINK.search(href)
            if found:
                post_id = int(found.group(1))
                break
    body = tree.find(".//body")
    body_classes = set((body.get("class") or "").split()) if body is not None else set()
    if post_id is None:
        found = _BODY_ID.search(" ".join(body_classes))
        if found:
            post_id = int(found.group(1))
    return {"rest_root": rest_root, "post_route": route, "post_id": post_id,
            "html_page": current_comment_page(tree),
            # WordPress's body classes say what the page is: an archive (tag, category,
            # date, author), the blog's front page or a search lists posts; it is none.
            "listing": bool(body_classes & _LISTING_CLASSES)
            and not body_classes & {"single", "singular", "page"}}


def current_comment_page(tree: etree._Element) -> int | None:
    """The comment page a page shows, from its pagination ("Page 5" marked current).

    A site set to show the newest comments first serves its last comment page at the
    article's own URL; without this number it would be read as page 1.
    """
    classes = page_index(tree).classes
    if not any("nav-links" in c or "comment-navigation" in c or "comments-pagination" in c
               for c in classes):
        return None  # no pagination: the index rules the page out before the XPath's scan
    for node in _CURRENT_PAGE(tree):
        found = _LAST_NUMBER.search("".join(node.itertext()).strip())
        if found:
            return int(found.group(1))
    return None


def rest_url(root: str, route: str, query: list[tuple[str, str]]) -> str:
    """A REST route under the API root, for pretty (``/wp-json/``) and plain
    (``?rest_route=/``) permalinks alike."""
    parts = urlsplit(root)
    params = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "rest_route" for key, _ in params):
        params = [(k, v) for k, v in params if k != "rest_route"]
        return urlunsplit(parts._replace(query=urlencode(
            [*params, ("rest_route", "/" + route), *query])))
    base = root if root.endswith("/") else root + "/"
    return urljoin(base, route) + ("?" + urlencode(query) if query else "")


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The post itself first (its author decides the "post author" flags); [] without REST."""
    if not config.get("wordpress_rest", True):
        return []
    root, post_id = thread.get("rest_root"), thread.get("post_id")
    if not root or not post_id:
        return []
    route = thread.get("post_route") or "posts"
    return [{
        "url": rest_url(root, f"wp/v2/{route}/{int(post_id)}", [("_embed", "author,wp:term")]),
        "platform": NAME, "sort": [0], "context": {"step": "post"},
    }]


def _comments_fetch(thread: Mapping[str, Any], page: int, post_author: Any) -> dict:
    query = [("post", str(int(thread["post_id"]))), ("per_page", "100"), ("page", str(page)),
             ("orderby", "id"), ("order", "asc")]
    return {"url": rest_url(thread["rest_root"], "wp/v2/comments", query), "platform": NAME,
            "sort": [page], "context": {"step": "comments", "page": page,
                                        "post_author": post_author}}


def local_iso(date: str | None, date_gmt: str | None) -> str | None:
    """WordPress's local time with the site's offset then: ``2024-03-01T11:00:00+01:00``.

    The REST API gives the local time and the GMT time apart; together they are the
    instant and the offset that ``<time datetime>`` prints on the page.
    """
    if not date:
        return None
    try:
        local = datetime.fromisoformat(date)
        utc = datetime.fromisoformat(date_gmt) if date_gmt else None
    except ValueError:
        return date
    if utc is None or utc.year < 1000:  # "0000-00-00 00:00:00": no GMT time stored
        return date
    minutes = round((local - utc).total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{local.isoformat()}{sign}{hours:02d}:{rest:02d}"


def _rendered(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("rendered")
    return value if isinstance(value, str) else None


def _article(post: Mapping[str, Any]) -> dict:
    """Byline and terms from the post's embedded author and taxonomies."""
    embedded = post.get("_embedded") or {}
    authors = [{"name": a.get("name"), "url": a.get("link")}
               for a in embedded.get("author") or [] if isinstance(a, Mapping) and a.get("name")]
    categories: list[str] = []
    tags: list[str] = []
    for group in embedded.get("wp:term") or []:
        for term in group or []:
            if not isinstance(term, Mapping) or not term.get("name"):
                continue
            (categories if term.get("taxonomy") == "category" else tags).append(term["name"])
    return {"authors": authors, "tags": tags, "section": categories[0] if categories else None,
            "link": post.get("link")}


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One REST response: the post (-> first comment page) or a page of comments."""
    data = load_json(url, body)
    context = fetch.get("context") or {}
    if isinstance(data, Mapping) and "code" in data and "message" in data:
        raise ExtractError(f"{url}: WordPress REST error {data['code']}: {data['message']}")
    if context.get("step") == "post":
        if not isinstance(data, Mapping) or "id" not in data:
            raise ExtractError(f"{url}: not a WordPress post object")
        return {"comments": [], "article": _article(data),
                "next": [_comments_fetch(thread, 1, data.get("author"))]}

    if not isinstance(data, list):
        raise ExtractError(f"{url}: expected a list of comments")
    post_author = context.get("post_author")
    comments = []
    for item in data:
        if not isinstance(item, Mapping) or item.get("type", "comment") not in ("comment", ""):
            continue
        author_id = item.get("author") or 0
        comments.append(comment(
            cid=item.get("id"), parent_id=item.get("parent"), platform=NAME,
            name=item.get("author_name"), url=item.get("author_url"),
            published_raw=local_iso(item.get("date"), item.get("date_gmt")),
            html=_rendered(item.get("content")),
            post_author=bool(author_id) and author_id == post_author,
        ))
    next_fetches = []
    if context.get("page") == 1:
        try:
            total = int(header(headers, "x-wp-totalpages") or 1)
        except ValueError:
            total = 1
        # The header is the server's word; a thread of a million pages is not a thread.
        total = min(total, MAX_COMMENT_PAGES)
        next_fetches = [_comments_fetch(thread, page, post_author)
                        for page in range(2, total + 1)]
    return {"comments": comments, "next": next_fetches, "article": {}}


def discover(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The first page of ``wp/v2/posts``: every published post, once per REST root."""
    root = thread.get("rest_root")
    if not config.get("wordpress_rest", True) or not root:
        return []
    return [{"url": posts_listing(root), "context": {"root": root, "page": 1}}]


def parse_discovery(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any],
                    body: bytes) -> dict:
    """``{"links", "next"}``: a listing page's post links and, from page 1, the others."""
    links, total = parse_posts_listing(url, headers, body)
    context = fetch.get("context") or {}
    more = []
    if context.get("page") == 1:
        more = [{"url": posts_listing(context["root"], number),
                 "context": {"root": context["root"], "page": number}}
                for number in range(2, min(total, MAX_COMMENT_PAGES) + 1)]
    return {"links": links, "next": more}


def posts_listing(root: str, page: int = 1) -> str:
    """``wp/v2/posts`` page N, links only: every published post, for discovery."""
    return rest_url(root, "wp/v2/posts", [("per_page", "100"), ("page", str(page)),
                                         ("_fields", "id,link")])


def parse_posts_listing(url: str, headers: Mapping[str, Any], body: bytes
                        ) -> tuple[list[str], int]:
    """(post links, total pages) of a ``wp/v2/posts`` response."""
    data = load_json(url, body)
    if not isinstance(data, list):
        raise ExtractError(f"{url}: expected a list of posts")
    links = [item["link"] for item in data
             if isinstance(item, Mapping) and isinstance(item.get("link"), str)]
    try:
        total = int(header(headers, "x-wp-totalpages") or 1)
    except ValueError:
        total = 1
    return links, total
