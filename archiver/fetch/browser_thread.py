"""The spider's side of the headless browser: which article is rendered, and what its
rendering means for the thread (archiver.crawl.threads.ThreadFetch).

The spider asks ``BrowserHook.plan`` after extracting an article page; a plan becomes a
"render" request (a local ``data:`` request, answered by BrowserMiddleware; `make` builds
it, as archiver.crawl.render does from the request kind RENDER) unless the
browser is off, missing or used up (``ARCHIVER_BROWSER_MAX_PAGES``): then the article is
stored with what its HTML printed and the reason ``browser_off`` (or ``capped``), and a
missing browser is said once, in one error row. ``read`` takes the rendered page's comments
in place of the HTML's: the thread is complete only if the clicking stopped before a bound
and the widget's requests did not fail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import scrapy

from archiver.crawl.threads import ThreadFetch
from archiver.fetch.browser_middleware import OUTCOME_META, RENDER_META
from archiver.fetch.browser_plan import BrowserSettings, RenderPlan, plan_render
from archiver.items import ErrorItem

# The reasons a browser can do better than: a successful render replaces them.
_UNREAD = (None, "no_adapter", "unreadable")


class BrowserHook:
    def __init__(self, config: BrowserSettings, crawler: Any = None) -> None:
        self.config = config
        self.crawler = crawler  # its stats exist only once the crawl starts
        self.rendered = 0
        self.said: set[str] = set()  # one error row per cause, not one per article
        self._missing: str | bool | None = False  # False: not checked yet

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserHook:
        return cls(BrowserSettings.from_settings(crawler.settings), crawler)

    def plan(self, url: str, body: bytes, headers: Mapping[str, Any],
             extracted: dict[str, Any], registry: Any, tree: Any = None) -> RenderPlan | None:
        """Whether this article's thread is the browser's to read."""
        return plan_render(url, body, headers, extracted, registry,
                           list(self.config.builtins), self.config.mode, tree)

    def request(self, url: str, body: bytes, content_type: str, fetch: ThreadFetch,
                plan: RenderPlan, make: Callable[[dict[str, Any]], scrapy.Request]
                ) -> tuple[scrapy.Request | None, list[ErrorItem]]:
        """The render request for the page, or None and the article marked why not."""
        self._count(f"planned/{plan.why}")
        if self.config.mode == "off":
            _mark(fetch, "browser_off")
            return None, []
        missing = self.missing()
        if missing is not None:
            _mark(fetch, "browser_off")
            return None, self._say(url, missing)
        if self.config.max_pages and self.rendered >= self.config.max_pages:
            _mark(fetch, "capped")
            return None, self._say(url, f"not rendered: ARCHIVER_BROWSER_MAX_PAGES="
                                        f"{self.config.max_pages} pages rendered already")
        self.rendered += 1
        # Out until the rendered page comes back: a crawl closing first stores the article
        # as interrupted (ThreadFetch.abandon), not as read.
        fetch.in_flight = {"url": url, "platform": "browser"}
        request = make({RENDER_META: {"url": url, "body": body, "content_type": content_type,
                                      "why": plan.why}})
        return request, []

    def read(self, url: str, meta: Mapping[str, Any], fetch: ThreadFetch,
             comments: list[dict[str, Any]] | None, plan_why: str) -> list[ErrorItem]:
        """Take the rendered page's comments for the thread; the error rows to record."""
        outcome = meta.get(OUTCOME_META) or {}
        if outcome.get("unavailable"):
            self._missing = outcome["unavailable"]
            _mark(fetch, "browser_off")
            return self._say(url, outcome["unavailable"])
        if outcome.get("error") or comments is None:
            fetch.incomplete("failed")  # an unparseable DOM was recorded by the spider
            return [ErrorItem(url, "browser", f"rendering failed: {outcome['error']}")
                    ] if outcome.get("error") else []
        for comment in comments:
            comment.setdefault("source_url", url)
        key = next(iter(fetch.pages), (1,))
        fetch.pages = {key: comments}
        article = fetch.item.extracted["article"]
        if not article.get("comment_platform"):
            # No comment system named: the page's own scripts serve the thread. Named so,
            # a 304 on the page never confirms it (archiver.store.history): its comments
            # do not come with the page.
            article["comment_platform"] = "browser"
        errors = []
        if outcome.get("capped"):
            bound = {"clicks": "ARCHIVER_BROWSER_MAX_CLICKS",
                     "seconds": "ARCHIVER_BROWSER_MAX_SECONDS"}[outcome["capped"]]
            _mark(fetch, "capped")
            errors.append(ErrorItem(url, "browser", f"thread still growing after "
                                                    f"{outcome.get('clicks', 0)} clicks: "
                                                    f"{bound} reached"))
        elif outcome.get("failed"):
            failed = outcome["failed"]
            fetch.incomplete("failed")  # a no_adapter thread keeps that reason
            errors.append(ErrorItem(url, "browser", f"{len(failed)} request(s) of the comment "
                                                    f"widget failed, first {failed[0]}"))
        elif comments or plan_why in ("control", "on"):
            if fetch.incomplete_reason in _UNREAD:
                fetch.complete, fetch.incomplete_reason = True, None
        # A comment system that rendered nothing readable (its thread in a cross-origin
        # iframe, say) keeps its reason: its thread was not read.
        return errors

    def missing(self) -> str | None:
        if self._missing is False:
            self._missing = self.config.missing()
        return self._missing or None

    def _say(self, url: str, message: str) -> list[ErrorItem]:
        if message in self.said:
            return []
        self.said.add(message)
        return [ErrorItem(url, "browser", message)]

    def _count(self, key: str) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(f"archiver/browser/{key}")


def _mark(fetch: ThreadFetch, reason: str) -> None:
    """Not read, for `reason`: it replaces a reason the browser would have overcome."""
    fetch.complete = False
    if fetch.incomplete_reason in _UNREAD:
        fetch.incomplete_reason = reason
