"""The kinds of request the spider sends, named, each with its priority, its callbacks and
its robots.txt rule, in one table instead of bare numbers spread through the spider.

A new kind is one row here (and the spider methods it names); `Requests.make` builds every
request of the crawl from its kind, and marks it with the kind's name in
``request.meta["archiver_kind"]`` so that middlewares can judge a request by what it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import scrapy

KIND_META = "archiver_kind"


@dataclass(frozen=True)
class Kind:
    name: str
    # Higher first: a thread's next comment page before new articles, so that threads
    # finish (and their articles are stored) rather than pile up in memory.
    priority: int
    callback: str  # spider method names: requests stay serialisable for a disk queue
    errback: str | None
    # A boolean setting that, when false, lets this kind bypass robots.txt; None: obeyed
    # whenever ROBOTSTXT_OBEY is.
    robots_setting: str | None = None
    # Asked for on purpose more than once (a thread's own bookkeeping decides), or local.
    dont_filter: bool = False


class RequestKind(Enum):
    START = Kind("start", 10, "parse_page", "on_error")
    ROBOTS = Kind("robots", 20, "parse_robots", "on_optional_error")
    SITEMAP = Kind("sitemap", 20, "parse_sitemap", "on_optional_error")
    LINKED_SITEMAP = Kind("linked_sitemap", 3, "parse_sitemap", "on_optional_error")
    LINKED_FEED = Kind("linked_feed", 3, "parse_feed", "on_optional_error")
    # Pages a sitemap, a feed, a platform's listing or the refresh schedule names.
    LISTED_PAGE = Kind("listed_page", 5, "parse_page", "on_error")
    PAGE = Kind("page", 0, "parse_page", "on_error")  # a link on a page
    DISCOVERY = Kind("discovery", 15, "parse_discovery", "on_discovery_error")
    COMMENT_PAGE = Kind("comment_page", 30, "parse_comment_page", "on_comment_page_error",
                        dont_filter=True)
    # A comment platform's endpoint, often on another host: its host's robots.txt is
    # obeyed unless the user opts out.
    PLATFORM = Kind("platform", 30, "parse_platform_page", "on_comment_page_error",
                    robots_setting="ARCHIVER_PLATFORM_ROBOTSTXT_OBEY", dont_filter=True)
    # Local `data:` requests (nothing downloads or captures them) that carry work from a
    # signal handler back into a callback, where it may yield.
    RELEASE = Kind("release", 5, "release_backlog", None, dont_filter=True)
    RESUME = Kind("resume", 30, "resume_thread", None, dont_filter=True)
    # An article page rendered in headless Chromium (a local request BrowserMiddleware
    # answers; the page's own response is already captured).
    RENDER = Kind("render", 30, "parse_rendered", "on_comment_page_error", dont_filter=True)


class Requests:
    """Builds the spider's requests from their kinds and the crawl's settings."""

    def __init__(self, spider: Any, settings: Any = None) -> None:
        self.spider = spider
        self.unobeyed = {kind for kind in RequestKind if kind.value.robots_setting
                         and settings is not None
                         and not settings.getbool(kind.value.robots_setting, True)}

    def make(self, kind: RequestKind, url: str, *, meta: dict[str, Any] | None = None,
             cb_kwargs: dict[str, Any] | None = None, **kwargs: Any) -> scrapy.Request:
        spec = kind.value
        meta = {KIND_META: spec.name, **(meta or {})}
        if kind in self.unobeyed:
            meta["dont_obey_robotstxt"] = True
        return scrapy.Request(
            url, callback=getattr(self.spider, spec.callback),
            errback=getattr(self.spider, spec.errback) if spec.errback else None,
            priority=spec.priority, dont_filter=kwargs.pop("dont_filter", spec.dont_filter),
            meta=meta, cb_kwargs=cb_kwargs or {}, **kwargs)


def kind_of(request: scrapy.Request) -> str | None:
    """The name of a request's kind, None for one the spider did not build."""
    return request.meta.get(KIND_META)
