"""utterances: a post's comments on a GitHub issue, read from GitHub's REST API as the
utterances widget reads them.

Detected by the embed snippet (utteranc.es): ``<script src="https://utteranc.es/client.js"
repo="owner/name" issue-term="pathname">`` (or ``issue-number="N"``; ``data-`` prefixed
attributes are accepted, as client.ts does). The term is worked out from the page as
utterance/utterances ``src/client.ts`` does: ``pathname`` (the path without its leading
slash and extension, ``index`` for the root), ``url`` (the canonical link, else the
page's URL), ``title``, ``og:title``, or any other value taken literally.

Fetches (``src/github.ts``): for a term, ``search/issues?q="TERM" type:issue in:title
repo:OWNER/NAME&sort=created&order=asc``, taking the first issue whose title contains the
term (else the first result; none: no comments yet); then
``repos/OWNER/NAME/issues/N/comments?page=1&per_page=100`` with the ``html+json`` media
type, following the ``Link`` header's ``rel="next"`` until there is none. Comments are
flat (GitHub issues have no replies): ``id``, ``body_html``, ``user`` (``login``, ``id``,
``html_url``), ``created_at`` (UTC), ``reactions["+1"]``. GitHub's API allows 60 requests
an hour without a token (``ARCHIVER_GITHUB_TOKEN``), 10 searches a minute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import page_index
from archiver.extract.platforms.common import comment, header, load_json

NAME = "utterances"
API_HOSTS: tuple[str, ...] = ("api.github.com",)
SETTINGS = {"github_api_base": ("ARCHIVER_GITHUB_API_BASE", "https://api.github.com/"),
            "github_token": ("ARCHIVER_GITHUB_TOKEN", None)}
PAGE_304_CONFIRMS_THREAD = False
HTML_HAS_WHOLE_THREAD = False
# A rate-limited or private repository: recorded, the thread incomplete.
MARKERS = (r"utteranc\.es/client\.js",)
PAGE_SIZE = 100  # GitHub's largest page
ACCEPT = "application/vnd.github.VERSION.html+json,application/vnd.github.v3+json"

_CANONICAL = etree.XPath("//link[@rel='canonical']/@href")
_TITLE = etree.XPath("//title/text()")
_OG_TITLE = etree.XPath("//meta[@property='og:title' or @name='og:title']/@content")
_REPO = re.compile(r"^\s*([\w.-]+)/([\w.-]+)\s*$")
_NEXT = re.compile(r"<([^>]+)>\s*;\s*rel=\"?next\"?")


def _attr(script: etree._Element, name: str) -> str | None:
    value = script.get(name, script.get(f"data-{name}"))
    return value.strip() if value is not None and value.strip() else None


def _term(url: str, tree: etree._Element, setting: str) -> str | None:
    if setting == "pathname":
        path = urlsplit(url).path
        return "index" if len(path) < 2 else re.sub(r"\.\w+$", "", path[1:])
    if setting == "url":
        canonical = _CANONICAL(tree)
        return urljoin(url, canonical[0].strip()) if canonical else url.split("#")[0]
    if setting == "title":
        return "".join(_TITLE(tree)).strip() or None
    if setting == "og:title":
        found = _OG_TITLE(tree)
        return found[0].strip() if found and found[0].strip() else None
    return setting


def detect(url: str, headers: Mapping[str, Any], tree: etree._Element) -> dict | None:
    """``{"repo", "term"}`` or ``{"repo", "number"}`` for a page embedding utterances."""
    for script in page_index(tree).tag("script"):
        if "utteranc.es/client.js" not in (script.get("src") or ""):
            continue
        repo = _REPO.match(_attr(script, "repo") or "")
        if not repo:
            continue
        number = _attr(script, "issue-number")
        if number is not None and number.isdigit():
            return {"repo": f"{repo.group(1)}/{repo.group(2)}", "number": int(number)}
        setting = _attr(script, "issue-term")
        term = _term(url, tree, setting) if setting else None
        if term:
            return {"repo": f"{repo.group(1)}/{repo.group(2)}", "term": term}
    return None


def _headers(config: Mapping[str, Any], accept: str) -> dict[str, str]:
    found = {"Accept": accept}
    if config.get("github_token"):
        found["Authorization"] = f"token {config['github_token']}"
    return found


def _comments_page(thread: Mapping[str, Any], config: Mapping[str, Any], number: int,
                   url: str | None = None, page: int = 1) -> dict:
    base = str(config.get("github_api_base") or "https://api.github.com/")
    first = urljoin(base, f"repos/{thread['repo']}/issues/{number}/comments"
                          f"?page=1&per_page={PAGE_SIZE}")
    return {"url": url or first, "platform": NAME, "sort": [page],
            "headers": _headers(config, ACCEPT),
            "context": {"step": "comments", "issue": number, "page": page}}


def start(thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]:
    """The issue's first comment page, or the search that finds the issue."""
    if not thread.get("repo") or not (thread.get("term") or thread.get("number")):
        raise ExtractError("utterances: the page embeds utterances but names no repository "
                           "or issue; give them as [comments] params.repo and params.term")
    if thread.get("number"):
        return [_comments_page(thread, config, int(thread["number"]))]
    query = f'"{thread["term"]}" type:issue in:title repo:{thread["repo"]}'
    base = str(config.get("github_api_base") or "https://api.github.com/")
    url = urljoin(base, f"search/issues?q={quote(query, safe='')}&sort=created&order=asc")
    return [{"url": url, "platform": NAME, "sort": [0],
             "headers": _headers(config, "application/vnd.github.v3+json"),
             "context": {"step": "search"}}]


def _issue(url: str, data: Any, term: str) -> int | None:
    items = data.get("items") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise ExtractError(f"{url}: not a GitHub issue search result (no 'items' list)")
    issues = [i for i in items if isinstance(i, Mapping) and isinstance(i.get("number"), int)]
    for issue in issues:
        if term.lower() in str(issue.get("title") or "").lower():
            return issue["number"]
    return issues[0]["number"] if issues else None


def _comment(item: Mapping[str, Any]) -> dict:
    user = item.get("user") if isinstance(item.get("user"), Mapping) else {}
    reactions = item.get("reactions") if isinstance(item.get("reactions"), Mapping) else {}
    return comment(cid=item["id"], parent_id=None, platform=NAME, name=user.get("login"),
                   url=user.get("html_url"), published_raw=item.get("created_at"),
                   html=item.get("body_html") if item.get("body_html") is not None
                   else item.get("body"),
                   status="visible", likes=reactions.get("+1"),
                   user_id=None if user.get("id") is None else str(user["id"]),
                   is_guest=False)


def parse(fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any], body: bytes,
          thread: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict:
    """The search (which issue) or one comment page (and the Link header's next page)."""
    config = config or {}
    context = fetch.get("context") or {}
    data = load_json(url, body)
    if context.get("step") == "search":
        number = _issue(url, data, str(thread.get("term") or ""))
        more = [] if number is None else [_comments_page(thread, config, number)]
        return {"comments": [], "next": more, "article": {}}
    if not isinstance(data, list):
        raise ExtractError(f"{url}: not a GitHub issue comment list")
    comments = [_comment(i) for i in data if isinstance(i, Mapping) and i.get("id")]
    following = _NEXT.search(header(headers, "Link") or "")
    more = []
    if following and data:
        page = int(context.get("page") or 1) + 1
        more = [_comments_page(thread, config, int(context["issue"]),
                               urljoin(url, following.group(1)), page)]
    return {"comments": comments, "next": more, "article": {}}
