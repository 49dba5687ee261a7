"""Sitemaps, feeds and robots.txt read into a backlog of page URLs, released as pages are done.

A sitemap lists thousands of pages at once; queued as requests they would hold memory in
proportion to the site. Held as URLs and released a few at a time, memory stays flat.
Pure: the spider turns what is released into requests.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from archiver.crawl.responses import content_type_of
from archiver.discover.feeds import feed_entries
from archiver.discover.links import classify_link
from archiver.discover.sitemaps import parse_sitemap, sitemaps_from_robots
from archiver.items import ErrorItem

_ROBOTS_MIDDLEWARE = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"


class SitemapRead(NamedTuple):
    sitemaps: list[str]  # of a sitemap index: more sitemaps to read
    pages: list[tuple[str, str | None]]  # (URL, lastmod) of pages on the site
    errors: list[ErrorItem]


def read_sitemap(body: bytes, url: str, headers: Mapping[bytes, Any], site_origin: str
                 ) -> SitemapRead:
    """A sitemap or sitemap index (its response's headers as Scrapy has them); the URLs
    off the site, or never pages, left out."""
    content_type = content_type_of(headers)
    problems: list[str] = []
    try:
        kind, entries = parse_sitemap(body, url, problems)
    except ValueError as exc:
        return SitemapRead([], [], [ErrorItem(url, "sitemap", str(exc))])
    errors = []
    # An HTML page at the probed /sitemap.xml is a site without one, not a broken one.
    if problems and not (kind == "unknown" and "html" in content_type):
        errors.append(ErrorItem(url, "sitemap", problems[0]))
    sitemaps, pages = [], []
    for entry in entries:
        loc = entry["loc"]
        if classify_link(loc, site_origin) in ("offsite", "skip", "action"):
            continue
        if kind == "sitemapindex":
            sitemaps.append(loc)
        else:
            pages.append((loc, entry.get("lastmod")))
    return SitemapRead(sitemaps, pages, errors)


def read_feed(body: bytes, url: str, site_origin: str
              ) -> tuple[list[tuple[str, str | None]], list[ErrorItem]]:
    """The pages on the site an RSS or Atom feed lists (with the date it gives each), and
    a row for a damaged feed."""
    problems: list[str] = []
    entries = feed_entries(body, url, problems)
    errors = [ErrorItem(url, "feed", problems[0])] if problems else []
    return [(u, d) for u, d in entries if classify_link(u, site_origin) == "page"], errors


def robots_sitemaps(response: Any) -> list[str]:
    """The Sitemap lines of a robots.txt response (none unless a 200 with text). They may
    name any URL: the site's scope (ScopeMiddleware) decides."""
    # A Scrapy response that is not text has no `text` (AttributeError).
    text = getattr(response, "text", None) if response.status == 200 else None
    return [] if text is None else sitemaps_from_robots(text, response.url)


def robots_read_by_middleware(settings: Any) -> bool:
    """Does Scrapy's RobotsTxtMiddleware fetch robots.txt in this crawl? Then the site's
    Sitemap lines are read from its answer rather than from a second request."""
    from scrapy.utils.conf import build_component_list

    return settings.getbool("ROBOTSTXT_OBEY") and _ROBOTS_MIDDLEWARE in build_component_list(
        settings.getwithbase("DOWNLOADER_MIDDLEWARES"))


def is_site_robots(request: Any, site_origin: str) -> bool:
    """Is this RobotsTxtMiddleware's request for the site's robots.txt (redirected or not)?
    It asks once per host; the spider's own requests never skip robots.txt."""
    asked = (request.meta.get("redirect_urls") or [request.url])[0]
    return asked == f"{site_origin}/robots.txt" and bool(request.meta.get("dont_obey_robotstxt"))


class SitemapBacklog:
    """Page URLs from sitemaps, each with its lastmod, in the order they were listed."""

    def __init__(self) -> None:
        self.entries: deque[tuple[str, str | None]] = deque()

    def add(self, url: str, lastmod: str | None) -> None:
        self.entries.append((url, lastmod))

    def extend(self, entries: Iterable[tuple[str, str | None]]) -> None:
        self.entries.extend(entries)

    def release(self, count: int) -> list[tuple[str, str | None]]:
        """Up to `count` entries, oldest first, taken off the backlog."""
        released = []
        while count > 0 and self.entries:
            released.append(self.entries.popleft())
            count -= 1
        return released

    def __len__(self) -> int:
        return len(self.entries)
