"""Ask a host no faster than it says: robots.txt ``Crawl-delay`` and HTTP ``Retry-After``.

Scrapy reads robots.txt (RobotsTxtMiddleware, with Protego) only for Allow/Disallow, and
retries a 429/503 at once. Here:

- CrawlDelay (extension) hears each robots.txt parsed (the ``robots_parsed`` signal) and
  makes its Crawl-delay the host's download slot delay, without jitter: a floor between
  two requests to the host. It is kept in the downloader's per-slot settings, so a slot
  Scrapy drops when idle and makes again keeps it, and PoliteAutoThrottle never lowers a
  slot below it (Scrapy's AutoThrottle would, down to DOWNLOAD_DELAY).
- RetryAfterMiddleware (in RetryMiddleware's place, 550) waits what a 429 or 503 asks
  (seconds or an HTTP-date) before its retry, without blocking the reactor. A server
  asking for more than ARCHIVER_MAX_RETRY_AFTER is not retried: the request fails with
  RetryAfterRefused, which the spider records with the wait asked.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.core.downloader import Downloader, Slot
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.asyncio import sleep

logger = logging.getLogger(__name__)

# The statuses whose Retry-After means "come back later" (RFC 9110 section 10.2.3; a 3xx's
# Retry-After is only advice, and RedirectMiddleware follows it at once anyway).
_RETRY_AFTER_STATUSES = {429, 503}


class RetryAfterRefused(Exception):
    """A server asked to wait longer than ARCHIVER_MAX_RETRY_AFTER before a retry."""


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for, in seconds (0 for a date past), or None.

    None for a missing or unreadable value: the retry is then Scrapy's usual one.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # an HTTP-date is GMT by definition
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def obey_delay(downloader: Downloader, key: str, delay: float) -> None:
    """Make `delay` the least wait between two requests of the download slot `key`."""
    settings = dict(downloader.per_slot_settings.get(key, {}))
    settings["delay"] = max(delay, float(settings.get("delay", 0)))
    # Scrapy's jitter varies a slot's delay by +-50%: a Crawl-delay is a minimum.
    settings["jitter"] = 0
    downloader.per_slot_settings[key] = settings
    slot: Slot | None = downloader.slots.get(key)
    if slot is not None:
        slot.delay = max(slot.delay, settings["delay"])
        slot.jitter = 0


class CrawlDelay:
    """Extension: each host's robots.txt Crawl-delay becomes its download slot's delay."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        # The agent RobotsTxtMiddleware asks about (it runs before UserAgentMiddleware).
        self.useragent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelay:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.useragent)
        if not delay or delay <= 0:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        obey_delay(downloader, key, float(delay))
        self.crawler.stats.max_value("archiver/fetch/crawl_delay", float(delay))
        logger.info("robots.txt of %s asks for a Crawl-delay of %g s: obeyed", key, delay)


class PoliteAutoThrottle(AutoThrottle):
    """AutoThrottle that never takes a slot below its floor (Crawl-delay, DOWNLOAD_SLOTS)."""

    def _response_downloaded(self, response: Response, request: Request,
                             spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        downloader = self.crawler.engine.downloader
        floor = downloader.per_slot_settings.get(key, {}).get("delay")
        slot = downloader.slots.get(key)
        if floor and slot is not None:
            slot.delay = max(slot.delay, float(floor))


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware whose retry of a 429/503 waits the Retry-After the server sent."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("ARCHIVER_MAX_RETRY_AFTER")

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Request | Response:
        wait = None
        if response.status in _RETRY_AFTER_STATUSES and \
                response.status in self.retry_http_codes and not request.meta.get("dont_retry"):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return super().process_response(request, response)
        stats = self.crawler.stats
        if wait > self.max_wait:
            stats.inc_value("archiver/fetch/retry_after/refused")
            raise RetryAfterRefused(
                f"HTTP {response.status}: the server asks to retry after {wait:g} s,"
                f" longer than ARCHIVER_MAX_RETRY_AFTER ({self.max_wait:g} s): not retried")
        retry = self._retry(request, f"{response.status} with Retry-After {wait:g} s")
        if retry is None:
            return response  # retries used up: the status is the failure recorded
        stats.inc_value("archiver/fetch/retry_after/waited")
        stats.max_value("archiver/fetch/retry_after/longest_wait", wait)
        await sleep(wait)
        return retry
