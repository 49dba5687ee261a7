"""giscus: a post's comments on a GitHub Discussion, from the giscus API its widget calls.

Detected by the embed snippet (giscus.app): ``<script src="https://giscus.app/client.js"
data-repo="owner/name" data-repo-id data-category data-category-id data-mapping="pathname"
data-term data-strict>`` (a self-hosted giscus serves its own ``client.js``: the API is on
the script's origin, as giscus/giscus ``client.ts`` has it). The term is worked out from
the page as client.ts does: ``pathname`` (the path without its leading slash and extension,
``index`` for the root), ``url`` (the page's URL without its fragment), ``title``,
``og:title``, ``specific`` (``data-term``), or ``number`` (``data-term`` is the discussion
number).

Fetches ``{origin}/api/discussions?repo=&term=|number=&category=&strict=&first=15``, then
``after={endCursor}`` while ``pageInfo.hasNextPage`` (``services/giscus/discussions.ts``,
``pages/api/discussions/index.ts``). The answer is ``IGiscussion`` (``lib/types/adapter.ts``):
``discussion.comments``, each with ``id``, ``author`` (``login``, ``url``; GitHub's ghost
user for a deleted account), ``createdAt`` (UTC), ``lastEditedAt``, ``deletedAt``,
``isMinimized``, ``bodyHTML``, ``upvoteCount``, ``replyCount`` and ``replies`` (each with
``replyToId``, one level: GitHub Discussions nest no deeper). A comment whose ``replies``
hold fewer than its ``replyCount`` leaves the thread incomplete. A page with no discussion
yet is answered 404 (``Discussion not found``): recorded as an error, thread incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, load_json

NAME = "giscus"
API_HOSTS: tuple[str, ...] = ("giscus.app",)
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
MARKERS = (r"giscus\.app/client\.js",)
PAGE_SIZE = 15  # what the widget asks for

_TITLE = etree.XPath("//title/text()")
_OG_TITLE = etree.XPath("//meta[@property='og:title']/@content | //meta[@name='title']/@content")
_REPO = re.compile(r"^\s*([\w.-]+)/([\w.-]+)\s*$")


def _term(url: str, tree: etree._Element, mapping: str, term: str | None) -> dict | None:
    if mapping == "number":
        return {"number": int(term)} if term and term.isdigit() else None
    if mapping == "specific":
        return {"term": term} if term else None
    if mapping == "url":
        return {"term": url.split("#")[0]}
    if mapping == "title":
        title = "".join(_TITLE(tree)).strip()
        return {"term": title} if title else None
    if mapping == "og:title":
        found = [v.strip() for v in _OG_TITLE(tree) if v.strip()]
        return {"term": found[0]} if found else None
    path = urlsplit(url).path
    return {"term": "index" if len(path) < 2 else re.sub(r"\.\w+$", "", path[1:])}


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"origin", "repo", "category", "strict", "term"|"number"}`` for a giscus page."""
    for script in page_index(tree).tag("script"):
        src = script.get("src") or ""
        if script.get("data-repo") is None or "client.js" not in src or not (
                "giscus" in src or script.get("data-repo-id") is not None
                or script.get("data-category-id") is not None):
            continue
        repo = _REPO.match(script.get("data-repo", ""))
        if not repo:
            continue
        found = _term(url, tree, (script.get("data-mapping") or "pathname").strip(),
                      (script.get("data-term") or "").strip() or None)
        if found is None:
            continue
        src = urlsplit(urljoin(url, script.get("src", "").strip()))
        return {"origin": f"{src.scheme}://{src.netloc}",
                "repo": f"{repo.group(1)}/{repo.group(2)}",
                "category": (script.get("data-category") or "").strip(),
                "strict": (script.get("data-strict") or "0").strip() == "1", **found}
    return None


def _page(thread: Mapping[str, Any], after: str | None, page: int) -> dict:
    params: list[tuple[str, str]] = [("repo", thread["repo"])]
    if thread.get("number"):
        params.append(("number", str(thread["number"])))
    else:
        params.append(("term", str(thread.get("term") or "")))
    if thread.get("category"):
        params.append(("category", thread["category"]))
    params += [("strict", "true" if thread.get("strict") else "false"),
               ("first", str(PAGE_SIZE))]
    if after:
        params.append(("after", after))
    return {"url": f"{thread['origin'].rstrip('/')}/api/discussions?{urlencode(params)}",
            "platform": NAME, "sort": [page], "context": {"page": page}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The discussion's first comments."""
    if not thread.get("origin") or not thread.get("repo") or not (
            thread.get("term") or thread.get("number")):
        raise ExtractError("giscus: the page embeds giscus but names no repository or term; "
                           "give them as [comments] params.repo and params.term")
    return [_page(thread, None, 1)]


def _comment(item: Mapping[str, Any], parent: str | None) -> dict:
    deleted = bool(item.get("deletedAt"))
    author = item.get("author") if isinstance(item.get("author"), Mapping) else {}
    return comment(
        cid=item["id"], parent_id=parent, platform=NAME,
        name=None if deleted else author.get("login"),
        url=None if deleted else author.get("url"),
        published_raw=item.get("createdAt"),
        html=None if deleted else item.get("bodyHTML"),
        status="deleted" if deleted else
        "removed-by-moderator" if item.get("isMinimized") else "visible",
        likes=item.get("upvoteCount"), edited=bool(item.get("lastEditedAt")),
        user_id=None if deleted or not author.get("login") else str(author["login"]),
        is_guest=False,
    )


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """One page of the discussion's comments, each followed by its replies."""
    data = load_json(url, body)
    discussion = data.get("discussion") if isinstance(data, Mapping) else None
    if not isinstance(discussion, Mapping) or not isinstance(discussion.get("comments"), list):
        error = data.get("error") if isinstance(data, Mapping) else None
        raise ExtractError(f"{url}: not a giscus discussion"
                           + (f" ({error})" if error else " (no discussion.comments)"))
    comments, short = [], []
    for item in discussion["comments"]:
        if not isinstance(item, Mapping) or not item.get("id"):
            continue
        comments.append(_comment(item, None))
        replies = [r for r in item.get("replies") or [] if isinstance(r, Mapping) and r.get("id")]
        comments += [_comment(r, r.get("replyToId") or item["id"]) for r in replies]
        count = item.get("replyCount")
        if isinstance(count, int) and count > len(replies):
            short.append(f"{count - len(replies)} of the {count} replies to {item['id']}")
    info = discussion.get("pageInfo") if isinstance(discussion.get("pageInfo"), Mapping) else {}
    page = int((fetch.get("context") or {}).get("page") or 1)
    more = []
    if info.get("hasNextPage") and info.get("endCursor") and discussion["comments"]:
        more = [_page(thread, str(info["endCursor"]), page + 1)]
    result: dict[str, Any] = {"comments": comments, "next": more, "article": {}}
    if short:
        result["incomplete"] = "giscus did not serve " + "; ".join(short)
    return result
