"""Cusdis: a page's approved comments from the open API its widget calls.

Detected by Cusdis's embed snippet (cusdis.com/doc): ``<div id="cusdis_thread"
data-host="https://cusdis.com" data-app-id="..." data-page-id="...">`` with
``{host}/js/cusdis.es.js``. Thread parameters: ``host``, ``app_id`` and ``page_id``.

Fetches ``{host}/api/open/comments?page=N&appId=APP&pageId=PAGE``, as the widget does
(djyde/cusdis ``widget/Widget.svelte``, ``getComments``): ``{"data": {"data": [...],
"commentCount", "pageSize", "pageCount"}}`` (``pages/api/open/comments.ts``,
``service/comment.service.ts``), 10 top-level comments a page, newest first; page 1 says
how many pages there are and the others are asked for then. Each comment: ``id``,
``createdAt`` (UTC), ``content`` (Markdown) and ``parsedContent`` (its HTML),
``by_nickname``, ``moderatorId`` (a reply by the site's moderator), and ``replies``, the same
wrapper one level down, nested. The server leaves out deleted and unapproved comments
(with their replies), so there are no tombstones. A ``replies`` wrapper that counts more
replies than it holds (the API pages replies with the top-level page number) leaves the
thread incomplete, and says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "cusdis"
# cusdis.com, the hosted service; a self-hosted server is allowed through a profile.
API_HOSTS: tuple[str, ...] = ("cusdis.com",)
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
MARKERS = (r"^cusdis_thread$", r"/js/cusdis(?:\.es|\.umd)?\.js")
HOSTED = "https://cusdis.com"

_THREAD = etree.XPath("//*[@id='cusdis_thread' or @id='cusdis'][@data-app-id]")


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"host", "app_id", "page_id"}`` for a page embedding Cusdis, else None."""
    index = page_index(tree)
    if not (index.with_id("cusdis_thread") or index.with_id("cusdis")):
        return None
    for element in _THREAD(tree):
        app, page = element.get("data-app-id", "").strip(), element.get("data-page-id", "")
        if app and page.strip():
            host = (element.get("data-host") or "").strip() or HOSTED
            return {"host": urljoin(url, host).rstrip("/"), "app_id": app,
                    "page_id": page.strip()}
    return None


def _page(thread: Mapping[str, Any], number: int) -> dict:
    query = urlencode([("page", str(number)), ("appId", thread["app_id"]),
                       ("pageId", thread["page_id"])])
    return {"url": f"{thread['host']}/api/open/comments?{query}", "platform": NAME,
            "sort": [number], "context": {"page": number}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """Page 1 of the thread."""
    if not thread.get("host") or not thread.get("app_id") or not thread.get("page_id"):
        raise ExtractError("cusdis: the page embeds Cusdis but names no app or page id; "
                           "give them as [comments] params.app_id and params.page_id")
    return [_page(thread, 1)]


def _items(wrapper: Any) -> tuple[list[Mapping[str, Any]], int | None]:
    """A wrapper's comments and the count it declares (older servers: a bare list)."""
    if isinstance(wrapper, list):
        return [c for c in wrapper if isinstance(c, Mapping)], None
    if isinstance(wrapper, Mapping) and isinstance(wrapper.get("data"), list):
        count = wrapper.get("commentCount")
        return ([c for c in wrapper["data"] if isinstance(c, Mapping)],
                count if isinstance(count, int) else None)
    return [], None


def _walk(items: list[Mapping[str, Any]], parent: str | None, short: list[str]
          ) -> Iterator[dict]:
    for item in items:
        if not item.get("id"):
            continue
        yield comment(cid=item["id"], parent_id=parent, platform=NAME,
                      name=item.get("by_nickname"), url=None,
                      published_raw=item.get("createdAt"),
                      html=item.get("parsedContent") or item.get("content"),
                      status="visible", is_guest=not item.get("moderatorId"),
                      user_id=None if not item.get("moderatorId") else str(item["moderatorId"]))
        replies, count = _items(item.get("replies"))
        if count is not None and count > len(replies):
            short.append(f"{count - len(replies)} of the {count} replies to {item['id']}")
        yield from _walk(replies, str(item["id"]), short)


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One page of top-level comments with their replies; page 1 queues the others."""
    data = load_json(url, body)
    wrapper = data.get("data") if isinstance(data, Mapping) else None
    if not isinstance(wrapper, list | Mapping):
        raise ExtractError(f"{url}: not a Cusdis comment list (no 'data')")
    items, _count = _items(wrapper)
    short: list[str] = []
    result: dict[str, Any] = {"comments": list(_walk(items, None, short)), "next": [],
                              "article": {}}
    number = int((fetch.get("context") or {}).get("page") or 1)
    pages = wrapper.get("pageCount") if isinstance(wrapper, Mapping) else None
    if number == 1 and isinstance(pages, int) and pages > 1:
        result["next"] = [_page(thread, n) for n in range(2, pages + 1)]
    if short:
        result["incomplete"] = "Cusdis did not serve " + "; ".join(short)
    return result
