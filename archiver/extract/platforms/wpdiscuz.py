"""wpDiscuz: the comments a WordPress page prints, then the rest through its "load more".

wpDiscuz prints the first comments in the page (``#wpdcom .wpd-thread-list``, one
``div.wpd-comment`` per comment, ``id="wpd-comm-{ID}_{PARENT}"``, replies nested) and
loads the others when the reader clicks "load more" (or scrolls). Detected by the plugin's
settings object (``var wpdiscuzAjaxObj = {...}``, printed by ``wp_localize_script``: its
``url`` / ``customAjaxUrl``, ``isNativeAjaxEnabled``, ``wc_post_id``) when the page says
more comments remain (the thread template's ``#wpdiscuzHasMoreComments`` with value 1 and
its ``.wpd-load-more-submit`` button) or loads them all by AJAX (``firstLoadWithAjax``). A wpDiscuz
page that prints its whole thread is no thread of this platform: the page readers (or
WordPress's REST API) read it.

Fetches what the plugin's script (``assets/js/wpdiscuz.js``, ``wpdiscuzLoadComments``)
sends: ``POST`` to ``url`` (admin-ajax.php; ``customAjaxUrl`` when native AJAX is off) with
``action=wpdLoadMoreComments``, ``sorting`` (the active sort button's), ``offset`` (1, then
one more per load), ``lastParentId`` (the button's ``data-lastparentid``, then the last
answer's ``last_parent_id``), ``isFirstLoad``, ``wpdType``, ``postId`` and
``wpdiscuz_nonce``; the answer is ``{"success": true, "data": {"comment_list": HTML,
"is_show_load_more": bool, "last_parent_id": ...}}``, loaded again while
``is_show_load_more``.

Comments are read from the plugin's markup, in the page and in ``comment_list`` alike, by
the page reader's wpDiscuz markup family (``archiver.extract.comments.families.wpdiscuz``:
id and parent from ``wpd-comm-{ID}_{PARENT}``, author and link, the date's ``title``,
text, post author, edited, likes); they are WordPress's comments (platform
``wordpress``: the rows the WordPress REST adapter stores for them). With
``isLoadOnlyParentComments`` on, replies wait for a click the crawl does not make: the
thread is recorded as incomplete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

import lxml.html
from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.comments.families import wpdiscuz as markup_family
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import load_json

NAME = "wpdiscuz"
# admin-ajax.php is on the WordPress site itself.
API_HOSTS: tuple[str, ...] = ()
PAGE_304_CONFIRMS_THREAD = False
# The page prints the first comments only.
HTML_HAS_WHOLE_THREAD = False
MAX_LOADS = 10_000
HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
           "X-Requested-With": "XMLHttpRequest"}

_SETTINGS = re.compile(r"\bwpdiscuzAjaxObj\s*=\s*(?=\{)")
# The flag the thread template prints: a hidden input's value (data-is_show_load_more in
# some versions' markup).
_HAS_MORE = etree.XPath("//*[@id='wpdiscuzHasMoreComments']/@data-is_show_load_more"
                        " | //input[@id='wpdiscuzHasMoreComments']/@value")
_LOAD_MORE = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' wpd-load-more-submit ')]")
_SORTING = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' wpdiscuz-sort-button-active ')]"
    "/@data-sorting")
def _settings(tree: etree._Element) -> Mapping[str, Any] | None:
    for text in page_index(tree).texts("script", "wpdiscuzAjaxObj"):
        found = _SETTINGS.search(text)
        if found is None:
            continue
        try:
            data, _ = json.JSONDecoder().raw_decode(text, found.end())
        except ValueError:
            continue
        if isinstance(data, Mapping):
            return data
    return None


def _flag(value: Any) -> bool:
    return str(value).strip() not in ("", "0", "false", "False", "None")


def read_comments(tree: etree._Element, base: str) -> list[dict]:
    """The wpDiscuz comments of a page or of a ``comment_list`` fragment, parents first:
    read by the page reader's wpDiscuz markup family, so a thread read through "load more"
    and one read from the page alone are the same comments."""
    return markup_family.read_comments(tree, base)


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """The load-more parameters of a wpDiscuz page with more comments to load, else None."""
    settings = _settings(tree)
    if settings is None:
        return None
    first_by_ajax = _flag(settings.get("firstLoadWithAjax"))
    flags = [v for v in _HAS_MORE(tree)]
    buttons = _LOAD_MORE(tree)
    more = _flag(flags[0]) if flags else bool(buttons)
    post_id = str(settings.get("wc_post_id") or "").strip()
    native = _flag(settings.get("isNativeAjaxEnabled", 1))
    endpoint = settings.get("url") if native else settings.get("customAjaxUrl")
    if not (more or first_by_ajax) or not post_id.isdigit() or not isinstance(endpoint, str):
        return None
    sorting = _SORTING(tree)
    return {
        "endpoint": urljoin(url, endpoint), "post_id": int(post_id),
        "last_parent_id": str(buttons[0].get("data-lastparentid") or "0") if buttons else "0",
        "sorting": sorting[0] if sorting else None,
        "nonce": settings.get("wpdiscuz_nonce"),
        "first_by_ajax": first_by_ajax,
        "parents_only": _flag(settings.get("isLoadOnlyParentComments")),
        # What the page prints: the thread's start, unless the first load replaces it.
        "shown": [] if first_by_ajax else read_comments(tree, url),
    }


def _load(thread: Mapping[str, Any], offset: int, last_parent_id: str, first: bool) -> dict:
    form = [("action", "wpdLoadMoreComments")]
    if thread.get("sorting"):
        form.append(("sorting", str(thread["sorting"])))
    form += [("offset", str(offset)), ("lastParentId", last_parent_id),
             ("isFirstLoad", "1" if first else "0"), ("wpdType", ""),
             ("postId", str(int(thread["post_id"])))]
    if thread.get("nonce"):
        form.append(("wpdiscuz_nonce", str(thread["nonce"])))
    return {"url": thread["endpoint"], "method": "POST", "body": urlencode(form),
            "headers": dict(HEADERS), "platform": NAME, "sort": [offset],
            "context": {"offset": offset, "last_parent_id": last_parent_id}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The first "load more"."""
    if not thread.get("endpoint") or not thread.get("post_id"):
        raise ExtractError("wpdiscuz: the page's wpDiscuz settings name no AJAX URL or post id")
    return [_load(thread, 1, str(thread.get("last_parent_id") or "0"),
                  bool(thread.get("first_by_ajax")))]


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One load: its comments (the first load also the page's own) and the next load."""
    data = load_json(url, body)
    if not isinstance(data, Mapping) or not isinstance(data.get("data"), Mapping) \
            or data.get("success") is not True:
        raise ExtractError(f"{url}: wpDiscuz did not load more comments "
                           f"(answer starts {body[:80].decode('utf-8', 'replace')!r})")
    answer = data["data"]
    listing = answer.get("comment_list")
    loaded: list[dict] = []
    if isinstance(listing, str) and listing.strip():
        fragment = lxml.html.fragment_fromstring(listing, create_parent="div")
        loaded = read_comments(fragment, url)
    context = fetch.get("context") or {}
    offset = int(context.get("offset") or 1)
    shown = list(thread.get("shown") or []) if offset == 1 else []
    following = []
    last = str(answer.get("last_parent_id") or "")
    if loaded and answer.get("is_show_load_more") and offset < MAX_LOADS \
            and last and last != context.get("last_parent_id"):
        following = [_load(thread, offset + 1, last, False)]
    result: dict[str, Any] = {"comments": shown + loaded, "next": following, "article": {}}
    if offset == 1 and thread.get("parents_only"):
        result["incomplete"] = ("wpDiscuz loads replies only on a click "
                                "(isLoadOnlyParentComments): replies were not archived")
    return result
