"""A comment platform's endpoints, read for a thread: the adapter parses each response,
the article page's own comments are the fall back, and every loss is a row.

Pure: no Scrapy. The spider turns the fetches returned here into requests (a fetch is the
plain data archiver.extract.platforms adapters return) and yields the rows; `count` is
called with a stats key for every decision worth counting (Scrapy's ``stats.inc_value``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from archiver.crawl.responses import describe, failed_response
from archiver.crawl.threads import ThreadFetch
from archiver.discover.links import classify_link
from archiver.errors import ExtractError
from archiver.extract.platforms import Registry, load_registry
from archiver.items import ErrorItem

logger = logging.getLogger(__name__)

# A platform answering in an unforeseen shape costs the page it answered, recorded.
_NOT_UNDERSTOOD = (ValueError, TypeError, KeyError, AttributeError, RecursionError)
ROBOTS_REFUSAL = "forbidden by robots.txt, not fetched"


class Next(NamedTuple):
    """What to queue on the thread next (fetches or comment page URLs), and the rows."""

    found: list[Any]
    errors: list[ErrorItem]


class Discovered(NamedTuple):
    """What a platform's listing of every post named: pages, more listings, rows."""

    pages: list[str]
    listings: list[dict[str, Any]]
    errors: list[ErrorItem]


def _no_count(key: str, count: int = 1) -> None:
    return None


class PlatformReader:
    def __init__(self, registry: Registry, config: Mapping[str, Any], site_origin: str,
                 count: Callable[..., Any] = _no_count) -> None:
        self.registry = registry
        self.config = dict(config)
        self.site_origin = site_origin
        self.count = count
        self.discovered: set[str] = set()  # listing URLs asked for, once each

    @classmethod
    def from_settings(cls, settings: Any, site_origin: str,
                      count: Callable[..., Any] = _no_count) -> PlatformReader:
        """The platforms ARCHIVER_COMMENT_PLATFORMS names, configured from `settings`."""
        registry = load_registry(settings)
        return cls(registry, registry.config(settings), site_origin, count)

    def begin(self, fetch: ThreadFetch, url: str, html_links: list[str]) -> Next:
        """A thread's first fetches: its platform's endpoints, or else the article's own
        comment pages (`html_links`), the thread incomplete where no adapter reads it."""
        platform = fetch.item.extracted.get("platform")
        if platform is None:
            return Next(html_links, [])
        if not platform.get("adapter", True):
            # Loaded by a comment system no registered platform reads: what the page
            # prints is kept, and the article says its thread was not read.
            fetch.incomplete(platform.get("reason") or "no_adapter")
            self.count(f"archiver/platforms/{platform['name']}/{fetch.incomplete_reason}")
            return Next(html_links, [])
        try:
            first = self.registry.get(platform["name"]).impl.start(platform["thread"],
                                                                   self.config)
        except ExtractError as exc:
            fetch.incomplete("failed")
            return Next(html_links, [ErrorItem(url, "comment_platform", str(exc))])
        if not first:
            return Next(html_links, [])
        fetch.use_platform(platform, html_links)
        return Next(first, [])

    def read(self, fetch: ThreadFetch, pending: dict[str, Any], url: str,
             headers: Mapping[str, str], body: bytes) -> Next:
        """An endpoint's response, parsed by its adapter, into the thread."""
        platform = fetch.platform or {}
        try:
            parsed = self.registry.get(pending["platform"]).impl.parse(
                pending, url, headers, body, platform.get("thread") or {}, self.config)
        except ExtractError as exc:
            return self.failed(fetch, url, str(exc))
        except _NOT_UNDERSTOOD as exc:
            logger.debug("platform response not understood: %s", url, exc_info=True)
            return self.failed(
                fetch, url, f"response not understood ({type(exc).__name__}: {exc})")
        errors: list[ErrorItem] = []
        for comment in parsed["comments"]:
            comment.setdefault("source_url", url)
        fetch.pages[tuple(pending.get("sort") or [0])] = parsed["comments"]
        if parsed.get("incomplete"):
            # The platform answered with less than asked (posts gone meanwhile).
            fetch.incomplete("failed")
            errors.append(ErrorItem(url, "comment_platform", parsed["incomplete"]))
        article = fetch.item.extracted["article"]
        for key, value in (parsed.get("article") or {}).items():
            if key in article and value and not article.get(key):
                article[key] = value  # what the page did not say, the platform knows
        self.count(f"archiver/platforms/{pending['platform']}/responses")
        return Next(parsed["next"], errors)

    def request_failed(self, fetch: ThreadFetch, url: str, message: str,
                       status: int | None = None, robots: bool = False) -> Next:
        """An endpoint's request failed: with an HTTP `status`, or refused by robots.txt
        (`robots`), or without an answer."""
        name = (fetch.platform or {}).get("name", "platform")
        known = self.registry.by_name.get(name)
        if robots:
            # The platform's host does not want this read: a gap, said why, and the
            # thread read from the article's pages instead.
            self.count(f"archiver/platforms/{name}/robots")
            gap = ErrorItem(url, "comment_platform",
                            f"{ROBOTS_REFUSAL} (thread of {fetch.item.url})")
            return self._fall_back(fetch, "refused", [gap])
        # Only a platform that declares it (WordPress: a site turning its REST API off)
        # refuses on purpose; any other endpoint failure loses comments, recorded.
        refused = known is not None and status is not None and status in known.refused_statuses
        return self.failed(fetch, url, message, refused=refused)

    def failed(self, fetch: ThreadFetch, url: str, message: str,
               refused: bool = False) -> Next:
        """The platform's endpoint failed: the thread is read from the HTML pages instead.

        A refusal (a status the platform's ``REFUSED_STATUSES`` names: a site that turned
        its API off) is a choice, counted in the stats; anything else is recorded as an
        error. Where the pages print the whole thread (``HTML_HAS_WHOLE_THREAD``) the
        thread stays complete; elsewhere it does not.
        """
        name = (fetch.platform or {}).get("name", "platform")
        reason = "refused" if refused else "failed"
        self.count(f"archiver/platforms/{name}/{reason}")
        errors = [] if refused else [ErrorItem(url, "comment_platform", message)]
        return self._fall_back(fetch, reason, errors)

    def _fall_back(self, fetch: ThreadFetch, reason: str, errors: list[ErrorItem]) -> Next:
        known = self.registry.by_name.get((fetch.platform or {}).get("name", ""))
        whole = known is not None and known.html_has_whole_thread
        return Next(fetch.fall_back_to_html(whole_thread=whole, reason=reason), errors)

    # --- discovery (WordPress: every post from wp/v2/posts) -----------------------------

    def discover(self, platform: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
        """A platform's listings of every post, as (platform name, fetch): each URL once,
        on the site only."""
        known = self.registry.by_name.get((platform or {}).get("name", ""))
        if known is None or not known.has_discovery or not platform.get("adapter", True):
            return []
        return self._new_listings(known.name, known.impl.discover(
            platform.get("thread") or {}, self.config))

    def _new_listings(self, name: str, entries: list[dict[str, Any]]
                      ) -> list[tuple[str, dict[str, Any]]]:
        new = []
        for entry in entries:
            url = entry["url"]
            if url in self.discovered or classify_link(url, self.site_origin) == "offsite":
                continue
            self.discovered.add(url)
            new.append((name, entry))
        return new

    def read_listing(self, name: str, entry: dict[str, Any], url: str,
                     headers: Mapping[str, str], body: bytes) -> Discovered:
        try:
            found = self.registry.get(name).impl.parse_discovery(entry, url, headers, body)
        except ExtractError as exc:
            return Discovered([], [], [ErrorItem(url, "comment_platform", str(exc))])
        pages = [link for link in found["links"]
                 if classify_link(link, self.site_origin) == "page"]
        more = [e for _name, e in self._new_listings(name, found["next"])]
        return Discovered(pages, more, [])

    def listing_failed(self, name: str, failure: Any) -> ErrorItem | None:
        """The row for a listing that could not be fetched (a Twisted failure). One
        switched off (a refused status) is the site's choice, counted: the pages are still
        found through sitemaps, feeds and links."""
        response = failed_response(failure)
        if response is not None and response.status in self.registry.get(name).refused_statuses:
            self.count(f"archiver/platforms/{name}/refused")
            return None
        return ErrorItem(failure.request.url, "fetch", describe(failure))
