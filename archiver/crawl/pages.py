"""Requests for pages: each URL asked for once, none the profile excludes, none once the
crawl's article budget is spent.

Pages come from links (archiver.crawl.follow), sitemaps (the backlog), feeds and platform
listings; all of them pass here, so that the seen-URL filter sees every page request of the
crawl before Scrapy does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import scrapy

from archiver.crawl.follow import Follow
from archiver.crawl.kinds import RequestKind, Requests
from archiver.discover.seen import SeenURLs
from archiver.discover.urls import canonicalize, path_and_query
from archiver.profiles import Profile

# Feed dates kept for pages not read yet: feeds list tens of items, so this bound is only
# reached by a crawl of a huge site whose feeds list far ahead of the pages it reads.
_LISTED_DATES_AT_MOST = 100_000

DEPTH_META = "archiver_depth"  # link hops from a start URL, for TrapGuard
LASTMOD_META = "archiver_lastmod"  # a sitemap entry's lastmod, for incremental crawls


class PageRequests:
    def __init__(self, requests: Requests, profile: Profile | None,
                 done: Callable[[], bool], links_ahead: int = 256,
                 scheduled: Callable[[], int] = lambda: 0) -> None:
        self.requests = requests
        self.profile = profile
        self.done = done  # the article budget (--max-articles) is spent
        # Page links waiting as (URL, depth): listings yield links faster than pages are
        # read, and as requests in Scrapy's queue they held memory in proportion to the
        # site. Released while fewer than `links_ahead` requests wait in the scheduler.
        self.links: deque[tuple[str, int]] = deque()
        self.links_ahead = links_ahead
        self.scheduled = scheduled  # requests waiting in Scrapy's scheduler
        # Every page URL this crawl asked for, so that the hundred links a page repeats
        # never become requests for Scrapy's dupefilter to throw away.
        self.requested = SeenURLs()
        self.listed_dates: dict[str, str] = {}  # canonical page URL -> a feed's date for it
        # Feeds a page linked, asked for and not read yet: page links wait for them, so
        # that a post printing no date of its own is read after the feed that dates it.
        self.feeds_awaited = 0

    def wanted(self, url: str) -> bool:
        # Pages that are not articles by the profile's patterns are still fetched: they are
        # the listings that lead to articles. Only explicit exclusions are never fetched.
        return not self.done() and (
            self.profile is None or not self.profile.is_excluded(path_and_query(url)))

    def admit(self, url: str) -> bool:
        """A listed page (sitemap, feed, platform listing): wanted and not asked for yet?
        (It is then counted as asked for.)"""
        return self.wanted(url) and self.requested.add(canonicalize(url))

    def page(self, url: str, *, depth: int = 1, kind: RequestKind = RequestKind.PAGE,
             meta: dict[str, Any] | None = None) -> scrapy.Request:
        """The request for a page at `depth` hops (sitemap and feed entries are 1)."""
        return self.requests.make(kind, canonicalize(url),
                                  meta={DEPTH_META: depth, **(meta or {})})

    def listed(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        """The pages a feed or a platform's listing names, each once."""
        return (self.page(url, kind=RequestKind.LISTED_PAGE) for url in urls
                if self.admit(url))

    def remember_dates(self, entries: Iterable[tuple[str, str | None]]) -> None:
        """The publication dates a feed gives its items, for pages that print none."""
        for url, published in entries:
            if published and len(self.listed_dates) < _LISTED_DATES_AT_MOST:
                self.listed_dates.setdefault(canonicalize(url), published)

    def listed_date(self, url: str) -> str | None:
        """A feed's date for the page at `url` (forgotten once asked: a page is read once)."""
        return self.listed_dates.pop(canonicalize(url), None) if self.listed_dates else None

    def released(self, entries: Iterable[tuple[str, str | None]]
                 ) -> Iterator[scrapy.Request]:
        """Sitemap entries released from the backlog (already admitted), with lastmod:
        incremental crawls refetch a known article whose lastmod is newer."""
        return (self.page(url, kind=RequestKind.LISTED_PAGE, meta={LASTMOD_META: lastmod})
                for url, lastmod in entries)

    def followed(self, follow: Follow) -> Iterator[scrapy.Request]:
        """The requests for a page's links that the link follower kept."""
        for url in follow.feeds:
            self.feeds_awaited += 1
            yield self.requests.make(RequestKind.LINKED_FEED, url)
        yield from (self.requests.make(RequestKind.LINKED_SITEMAP, url)
                    for url in follow.sitemaps)
        self.links.extend((url, follow.depth) for url in follow.pages)
        yield from self.release_links()

    def feed_read(self) -> None:
        """A linked feed was read, or failed: one fewer for the page links to wait for."""
        self.feeds_awaited = max(0, self.feeds_awaited - 1)

    def release_links(self, idle: bool = False) -> Iterator[scrapy.Request]:
        """Waiting page links, as many as the scheduler has room for, newest first as
        Scrapy's own queue would take them (a batch is yielded in page order, so that the
        LIFO queue pops its last link first, as when every link was yielded at once).
        None while a linked feed is awaited, unless the crawl is `idle` (then no feed is
        on its way: one a middleware dropped never answers)."""
        if idle:
            self.feeds_awaited = 0
        if self.feeds_awaited:
            return
        room = self.links_ahead - self.scheduled()
        batch = []
        while room > 0 and self.links and not self.done():
            batch.append(self.links.pop())
            room -= 1
        yield from (self.page(url, depth=depth) for url, depth in reversed(batch))
