"""Threads only a browser shows: the article's render request and its reading back.

After the platform reader's first step (archiver.crawl.platform), an article whose thread
no adapter reads is offered to the browser hook (archiver.fetch.browser_thread): a plan
becomes a RENDER request, answered by BrowserMiddleware with the rendered DOM; otherwise,
or with the browser off, missing or used up, the thread goes on as the HTML printed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scrapy.http import Response

from archiver.crawl.kinds import RequestKind, Requests
from archiver.crawl.platform import Next
from archiver.crawl.responses import headers_of
from archiver.crawl.thread_requests import LOCAL, ThreadRequests
from archiver.crawl.threads import ThreadFetch
from archiver.errors import ExtractError
from archiver.fetch.browser_thread import BrowserHook
from archiver.items import ErrorItem


class RenderRequests:
    def __init__(self, hook: BrowserHook, requests: Requests, threads: ThreadRequests,
                 registry: Any) -> None:
        self.hook = hook
        self.requests = requests
        self.threads = threads
        self.registry = registry

    def begin(self, fetch: ThreadFetch, response: Response, extracted: dict[str, Any],
              step: Next, tree: Any = None) -> Iterator[Any]:
        """The thread's first step, or the article's render request in its place (`tree`:
        the page as extraction parsed it)."""
        headers = headers_of(response)
        plan = None if fetch.platform is not None else self.hook.plan(
            response.url, response.body, headers, extracted, self.registry, tree)
        if plan is None:
            yield from self.threads.then(fetch, step)
            return
        yield from step.errors
        cb_kwargs = {"fetch": fetch, "links": step.found, "why": plan.why}
        request, errors = self.hook.request(
            response.url, response.body, headers.get("Content-Type", "text/html"), fetch, plan,
            make=lambda meta: self.requests.make(RequestKind.RENDER, LOCAL, meta=meta,
                                                 cb_kwargs=cb_kwargs))
        yield from errors
        if request is None:  # off, missing or used up: the article says so
            yield from self.threads.next(fetch, step.found)
            return
        self.threads.open[id(fetch)] = (fetch, request)
        yield request

    def read(self, response: Response, fetch: ThreadFetch, links: list[str], why: str,
             extract: Callable[[Response], dict[str, Any]]) -> Iterator[Any]:
        """The rendered page's comments into the thread, which then goes on."""
        comments = None
        try:
            comments = extract(response)["comments"]
        except ExtractError as exc:
            yield ErrorItem(response.url, "browser", str(exc))
        yield from self.hook.read(response.url, response.meta, fetch, comments, why)
        yield from self.threads.next(fetch, links)
