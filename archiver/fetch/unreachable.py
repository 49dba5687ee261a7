"""A site that never answered is not asked again and again (archiver crawl on a dead URL).

Without this, an unreachable start URL costs every retry of every request a crawl makes
before it ends, and the crawl row says `finished`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
)
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import ConnectError

FAILED = "failed: "  # how the finish_reason of a crawl that archived nothing begins

# Failures that say nothing at the address answers at all (as opposed to an HTTP error).
_NO_ANSWER = (CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError,
              ConnectError)


class SiteUnreachable(Exception):
    """A request not sent: its site has already failed to answer at all."""


class FailFast:
    """Downloader middleware: a site that never answered is not asked again and again.

    Once a request to the crawled site has failed for good (retries spent) with no answer
    at the address (DNS, refused, connect timeout) and no response has come from it yet,
    every further request to it fails at once with SiteUnreachable, through its errback, so
    each is still recorded in `errors`. A crawl whose start URLs all failed and that
    archived nothing closes as `failed: ...`, saying why, instead of `finished`.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.unreachable: str | None = None  # why, once the site is known not to answer
        crawler.signals.connect(self.on_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailFast:
        return cls(crawler)

    def _site(self, request: Request) -> bool:
        origin = getattr(self.crawler.spider, "site_origin", None)
        return bool(origin) and urlparse_cached(request).netloc == urlsplit(origin).netloc

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.unreachable and self._site(request):
            raise SiteUnreachable(self.unreachable)

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> None:
        # Placed before RetryMiddleware (towards the engine): what reaches here is final.
        if (self.unreachable is None and isinstance(exception, _NO_ANSWER)
                and self._site(request)
                and not self.crawler.stats.get_value("downloader/response_count")):
            self.unreachable = (f"{urlparse_cached(request).netloc} did not answer "
                                f"({type(exception).__name__}: {exception})")

    def on_idle(self, spider: Spider) -> None:
        failures = getattr(spider, "start_failures", [])
        if (failures and len(failures) >= len(spider.start_urls)
                and not getattr(spider, "articles_yielded", 0)
                and not getattr(spider, "backlog", None)):
            raise CloseSpider(FAILED + "could not fetch the start URL: " + "; ".join(failures))
