"""An article's thread while its comment pages are fetched: pure bookkeeping, no Scrapy.

The spider (archiver/spiders/commentary.py) asks `ThreadFetch.queue` what to request next
and turns the answer into requests (archiver.crawl.articles starts and finishes a thread,
archiver.crawl.platform reads a comment platform's endpoints into it); everything a thread
could not read is kept in `ThreadFetch.gaps` as (URL, reason), so that the spider records
one error row per page not archived and hands the article on, marked incomplete, with what
was read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archiver.discover.urls import canonicalize
from archiver.items import PageItem


def fetch_identity(pending: dict[str, Any]) -> str:
    """What makes two fetches the same: the URL of a GET; method, URL and body otherwise
    (one GraphQL endpoint answers every page of a thread, each asked for by its body)."""
    method = str(pending.get("method") or "GET").upper()
    if method == "GET":
        return pending["url"]
    body = pending.get("body") or b""
    body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    return f"{method} {pending['url']} {hashlib.sha1(body).hexdigest()}"


@dataclass
class ThreadFetch:
    """An article whose comment pages are still being fetched.

    A pending fetch is plain data (picklable for a crawl queue on disk): ``{"url",
    "platform", "sort", "context"}``, where platform "html" is one of the article's own
    comment pages and any other name is the adapter (archiver.extract.platforms) that
    parses the response. A platform fetch may also carry ``method`` (default GET),
    ``body`` (str or bytes) and ``headers`` (a dict): APIs such as GraphQL endpoints or
    WordPress's admin-ajax are read by POST. ``pages`` maps each fetch's sort key to its
    comments.
    """

    item: PageItem
    pages: dict[tuple[int, ...], list[dict[str, Any]]] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    queued: set[str] = field(default_factory=set)  # the URLs in `pending`, for dedup
    complete: bool = True  # False once a page of the thread could not be read
    # Why not (the first cause): no_adapter, unreadable, refused, capped, failed,
    # interrupted (the crawl closed first), browser_off (only a browser shows the thread,
    # and it is off or not installed: archiver.fetch.browser_thread); stored on the article.
    incomplete_reason: str | None = None
    # The thread's platform ({"name", "thread"}) while its endpoints are being read.
    platform: dict[str, Any] | None = None
    # The article page's own comments and comment-page links, for when the platform's
    # endpoints refuse or fail: the HTML is then read instead.
    html_pages: dict[tuple[int, ...], list[dict[str, Any]]] = field(default_factory=dict)
    html_links: list[str] = field(default_factory=list)
    # The fetch whose request is out; None between requests. A request that never comes
    # back (a middleware swallowed it) is found by this when the crawl goes idle.
    in_flight: dict[str, Any] | None = None
    # Pages of the thread not archived, (url, reason), not yet recorded.
    gaps: list[tuple[str, str]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # URLs already in gaps, once each

    def use_platform(self, platform: dict[str, Any], html_links: list[str]) -> None:
        """Read the thread from its platform's endpoints, keeping the article page's own
        comments and comment-page links for a fall back."""
        self.platform = platform
        self.html_pages, self.pages = self.pages, {}
        self.html_links = list(html_links)

    def incomplete(self, reason: str) -> None:
        """The thread will not be read whole, for `reason` (the first one is kept)."""
        self.complete = False
        self.incomplete_reason = self.incomplete_reason or reason

    def fall_back_to_html(self, whole_thread: bool, reason: str = "failed") -> list[str]:
        """The platform failed or refused: the HTML pages are read instead (the links to
        queue). Only when they print the whole thread (WordPress) does it stay complete."""
        if not whole_thread:
            self.incomplete(reason)
        self.platform = None
        self.pages = self.html_pages
        self.pending = [p for p in self.pending if p["platform"] == "html"]
        self.queued = {fetch_identity(p) for p in self.pending}
        return self.html_links

    def refuse(self, url: str, reason: str, cause: str = "failed") -> None:
        """A page of the thread that will not be read: the thread is incomplete (`cause`
        is the article's reason: capped, failed, interrupted)."""
        self.incomplete(cause)
        if url not in self.refused:
            self.refused.add(url)
            self.gaps.append((url, reason))

    def take_gaps(self) -> list[tuple[str, str]]:
        gaps, self.gaps = self.gaps, []
        return gaps

    def queue(self, found: list[Any], *, max_pages: int, max_url_length: int) -> None:
        """Queue what a page pointed to (comment page URLs or platform fetches), refusing
        what must not or cannot be requested, each refusal kept in `gaps`."""
        for entry in found:
            pending = entry if isinstance(entry, dict) else {"url": entry, "platform": "html"}
            url = pending["url"]
            if not url.startswith(("http://", "https://")):
                # Endpoints come from page content: never a local file or another scheme.
                self.refuse(url[:200], "not an HTTP endpoint, not fetched")
                continue
            try:
                # A platform's URL is its API's to define: it is requested as given.
                key = canonicalize(url) if pending["platform"] == "html" else url
                urlsplit(key).port  # noqa: B018 - raises on a port out of range
            except ValueError as exc:
                self.refuse(url[:200], f"malformed URL, not fetched ({exc})")
                continue
            identity = fetch_identity({**pending, "url": key})
            if identity in self.seen or identity in self.queued:
                continue
            if max_url_length and len(key) > max_url_length:
                # Scrapy's UrlLengthMiddleware would drop it without a word.
                self.refuse(key, f"URL of {len(key)} characters, longer than "
                                 f"URLLENGTH_LIMIT ({max_url_length}): not fetched")
                continue
            if len(self.seen) + len(self.pending) >= max_pages:
                self.refuse(key, f"comment page cap reached (ARCHIVER_MAX_COMMENT_PAGES="
                                 f"{max_pages}): not fetched", "capped")
                continue
            self.queued.add(identity)
            self.pending.append({**pending, "url": key})

    def next_fetch(self) -> dict[str, Any] | None:
        """The next pending fetch, now in flight; None when the thread is read."""
        if not self.pending:
            return None
        pending = self.pending.pop(0)
        identity = fetch_identity(pending)
        self.queued.discard(identity)
        self.seen.add(identity)
        self.in_flight = pending
        return pending

    def abandon(self, reason: str) -> None:
        """Nothing more will be read (the crawl is closing): every page still out or
        queued is a gap."""
        for pending in ([self.in_flight] if self.in_flight else []) + self.pending:
            self.refuse(pending["url"], reason, "interrupted")
        self.in_flight = None
        self.pending = []
        self.queued = set()

    def comments(self) -> list[dict[str, Any]]:
        """The thread's comments in reading order: WordPress numbers comment pages oldest
        first, platform adapters give each response a sort key."""
        return [c for key in sorted(self.pages) for c in self.pages[key]]
