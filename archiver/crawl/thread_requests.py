"""An article's thread, request by request: the next comment page or platform endpoint,
what came back or did not, and the article handed on once nothing is pending.

The bookkeeping is ThreadFetch's (archiver.crawl.threads) and the platform's answers are
PlatformReader's (archiver.crawl.platform); this turns them into Scrapy requests and rows,
and finds the requests that never come back (a middleware or the scheduler swallowed them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import scrapy

from archiver.crawl.articles import add_comment_page, gap_rows
from archiver.crawl.kinds import RequestKind, Requests
from archiver.crawl.platform import Next, PlatformReader
from archiver.crawl.responses import describe, failed_response, refused_by_robots
from archiver.crawl.threads import ThreadFetch
from archiver.items import ErrorItem

LOCAL = "data:,"  # a request nothing downloads or captures


class ThreadRequests:
    def __init__(self, requests: Requests, reader: PlatformReader, *, max_pages: int,
                 max_url_length: int,
                 finished: Callable[[ThreadFetch, bool], Iterator[Any]],
                 crawl: Callable[[scrapy.Request], Any]) -> None:
        self.requests = requests
        self.reader = reader
        self.max_pages = max_pages
        self.max_url_length = max_url_length
        self.finished = finished  # (thread, closing) -> the article item and its rows
        self.crawl = crawl  # schedules a request from outside a callback (the engine's)
        # Threads with a request out, by id(), with that request: one that never comes
        # back is found.
        self.open: dict[int, tuple[ThreadFetch, scrapy.Request]] = {}

    @classmethod
    def from_settings(cls, settings: Any, requests: Requests, reader: PlatformReader,
                      finished: Callable[[ThreadFetch, bool], Iterator[Any]],
                      crawl: Callable[[scrapy.Request], Any]) -> ThreadRequests:
        return cls(requests, reader, max_pages=settings.getint("ARCHIVER_MAX_COMMENT_PAGES"),
                   max_url_length=settings.getint("URLLENGTH_LIMIT"), finished=finished,
                   crawl=crawl)

    def then(self, fetch: ThreadFetch, step: Next) -> Iterator[Any]:
        yield from step.errors
        yield from self.next(fetch, step.found)

    def next(self, fetch: ThreadFetch, found: list[Any]) -> Iterator[Any]:
        """Queue what a page pointed to (URLs of comment pages, or platform fetches) and
        request the next one; once nothing is pending, hand the article on."""
        fetch.in_flight = None
        fetch.queue(found, max_pages=self.max_pages, max_url_length=self.max_url_length)
        yield from gap_rows(fetch)
        pending = fetch.next_fetch()
        if pending is None:
            self.open.pop(id(fetch), None)
            yield from self.finished(fetch, False)
            return
        html = pending["platform"] == "html"
        body = pending.get("body")
        request = self.requests.make(
            RequestKind.COMMENT_PAGE if html else RequestKind.PLATFORM, pending["url"],
            method=str(pending.get("method") or "GET").upper(),
            body=body.encode("utf-8") if isinstance(body, str) else body,
            headers=pending.get("headers"), cb_kwargs={"fetch": fetch, "pending": pending})
        self.open[id(fetch)] = (fetch, request)
        yield request

    def page_read(self, fetch: ThreadFetch, url: str, extracted: dict[str, Any]
                  ) -> Iterator[Any]:
        """One of the article's own comment pages, extracted."""
        add_comment_page(fetch, url, extracted)
        yield from self.next(fetch, extracted["next"]["comment_pages"])

    def page_failed(self, fetch: ThreadFetch, url: str, message: str) -> Iterator[Any]:
        fetch.incomplete("failed")
        yield ErrorItem(url, "comment_page", message)
        yield from self.next(fetch, [])

    def request_failed(self, failure: Any) -> Iterator[Any]:
        """A thread's request that failed: a platform's falls back to the HTML pages."""
        request = failure.request
        fetch: ThreadFetch = request.cb_kwargs["fetch"]
        pending = request.cb_kwargs.get("pending") or {}
        if pending.get("platform", "html") == "html" or fetch.platform is None:
            yield from self.page_failed(fetch, request.url, describe(failure))
            return
        response = failed_response(failure)
        yield from self.then(fetch, self.reader.request_failed(
            fetch, request.url, describe(failure), robots=refused_by_robots(failure),
            status=response.status if response is not None else None))

    # --- requests that never came back ---------------------------------------------------

    def resume_lost(self) -> bool:
        """The crawl is idle, so nothing is in flight: a thread still waiting had its
        request swallowed on the way out (a spider middleware returned nothing:
        DepthMiddleware does). Those threads go on without that page; any?"""
        # A thread whose resuming request was itself swallowed is not tried again: it is
        # stored as the crawl closes (unfinished), rather than idling forever.
        lost = [(f, r) for f, r in self.open.values()
                if f.in_flight is not None and r.url != LOCAL]
        for fetch, request in lost:
            self._resume(fetch, request, "the request was dropped before it was sent")
        return bool(lost)

    def dropped(self, request: scrapy.Request) -> None:
        """The scheduler refused a request (a duplicate, a full queue): if it was a
        thread's, the thread goes on without that page."""
        fetch = request.cb_kwargs.get("fetch")
        if isinstance(fetch, ThreadFetch) and fetch.in_flight is request.cb_kwargs.get(
                "pending"):
            self._resume(fetch, request, "the request was dropped by the scheduler")

    def _resume(self, fetch: ThreadFetch, request: scrapy.Request, reason: str) -> None:
        # Signal handlers cannot yield items: a local request carries the thread back into
        # a callback, at the lost request's parent's depth, so that DEPTH_LIMIT still
        # counts what follows.
        depth = max(0, request.meta.get("depth", 1) - 1)
        resume = self.requests.make(
            RequestKind.RESUME, LOCAL, meta={"depth": depth},
            cb_kwargs={"fetch": fetch, "lost": fetch.in_flight, "reason": reason})
        self.open[id(fetch)] = (fetch, resume)
        self.crawl(resume)

    def resumed(self, fetch: ThreadFetch, lost: dict[str, Any], reason: str
                ) -> Iterator[Any]:
        if fetch.in_flight is not lost:
            return  # the thread moved on meanwhile (its request did come back)
        if lost["platform"] != "html" and fetch.platform is not None:
            yield from self.then(fetch, self.reader.failed(fetch, lost["url"], reason))
            return
        fetch.refuse(lost["url"], reason)
        yield from self.next(fetch, [])

    def unfinished(self, reason: str) -> list[Any]:
        """The articles whose threads are still being read, each with what was read,
        marked incomplete, and a row for every page not read."""
        items: list[Any] = []
        for fetch, _request in list(self.open.values()):
            fetch.abandon(f"not fetched: {reason}")
            items.extend(gap_rows(fetch))
            self.open.pop(id(fetch), None)
            items.extend(self.finished(fetch, True))
        return items
