"""A page's links become the few requests worth sending.

The link classifier (archiver.discover.links) decides what each link is; the crawl-trap
bounds (archiver.discover.traps) stop a page or a link past its bound; the seen-URL filter
keeps the hundred links a page repeats from ever becoming requests. Pure: the spider turns
the `Follow` answer into requests and yields its rows; `count` is called with each stats
key and its count (Scrapy's ``stats.inc_value``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from archiver.discover.links import follow_targets
from archiver.discover.seen import SeenURLs
from archiver.discover.traps import TrapGuard
from archiver.items import ErrorItem


class Follow(NamedTuple):
    feeds: list[str]
    sitemaps: list[str]
    pages: list[str]  # at `depth` hops from a start URL
    depth: int
    errors: list[ErrorItem]  # a trap bound met, once per URL shape


class LinkFollower:
    def __init__(self, site_origin: str, traps: TrapGuard, requested: SeenURLs,
                 count: Callable[..., Any], wanted: Callable[[str], bool] = lambda url: True,
                 gauge: Callable[[str, Any], Any] = lambda key, value: None) -> None:
        self.site_origin = site_origin
        self.traps = traps
        self.requested = requested  # every URL the crawl asked for, shared with the spider
        self.count = count
        self.wanted = wanted  # the profile's exclusions, the article budget
        self.gauge = gauge  # sets a stats key to a value (Scrapy's ``stats.set_value``)

    @classmethod
    def from_settings(cls, settings: Any, site_origin: str, requested: SeenURLs,
                      count: Callable[..., Any], wanted: Callable[[str], bool],
                      gauge: Callable[[str, Any], Any]) -> LinkFollower:
        traps = TrapGuard(max_depth=settings.getint("ARCHIVER_MAX_DEPTH"),
                          shape_budget=settings.getint("ARCHIVER_SHAPE_BUDGET"),
                          duplicate_limit=settings.getint("ARCHIVER_DUPLICATE_PAGES"))
        return cls(site_origin, traps, requested, count, wanted, gauge)

    def follow(self, url: str, body: bytes, is_article: bool, found: dict[str, Any],
               depth: int) -> Follow:
        """The links of the page at `url` (extracted `found`) to request; the page is at
        `depth - 1` hops, its links at `depth`."""
        errors: list[ErrorItem] = []
        stop = self.traps.page(url, body, is_article)
        if stop is not None:
            errors.extend(self._stopped(url, stop))
            return Follow([], [], [], depth, errors)
        links = found["links"] + found["feeds"]
        skipped: Counter[str] = Counter()
        targets = follow_targets(links, self.site_origin,
                                 nofollow=frozenset(found.get("nofollow", ())),
                                 skipped=skipped, seen=self.requested)
        self.count("archiver/links/found", len(links))
        for key, count in skipped.items():
            self.count(f"archiver/links/skipped/{key}", count)
        for kind, urls in targets.items():
            self.count(f"archiver/links/followed/{kind}", len(urls))
        self._mark(targets["feed"])
        self._mark(targets["sitemap"])
        pages = []
        for link in targets["page"]:
            if not self.wanted(link):
                continue
            stop = self.traps.admit(link, depth)
            if stop is None:
                self.requested.add(link)
                pages.append(link)
            else:
                errors.extend(self._stopped(link, stop))
        self.gauge("archiver/links/requested_urls", len(self.requested))
        self.gauge("archiver/links/requested_urls_bytes", self.requested.nbytes)
        return Follow(targets["feed"], targets["sitemap"], pages, depth, errors)

    def _mark(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.requested.add(url)

    def _stopped(self, url: str, stop: Any) -> list[ErrorItem]:
        """Count a crawl-trap bound in the stats; record it once per URL shape."""
        self.count(f"archiver/traps/{stop.reason}")
        return [ErrorItem(url, "trap", stop.message)] if stop.first else []
