"""Run a crawl: CrawlParams + Scrapy settings in, a finished crawl row out.

`archiver crawl` and `archiver demo` call run(); `scrapy crawl commentary -a url=...` reaches
the same spider and pipelines through scrapy.cfg.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
)
from scrapy.settings import Settings
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import ConnectError

from archiver.errors import ArchiverError, FetchError
from archiver.params import CrawlParams

FAILED = "failed: "  # how the finish_reason of a crawl that archived nothing begins

# Failures that say nothing at the address answers at all (as opposed to an HTTP error).
_NO_ANSWER = (CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError,
              ConnectError)


def _bundled_public_suffixes() -> None:
    """Scrapy's cookie middleware checks cookie domains with tldextract, which downloads the
    Public Suffix List from publicsuffix.org on first use: a request to a host nobody named,
    and a logged traceback where there is no route out. The snapshot tldextract ships does."""
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


_bundled_public_suffixes()


@dataclass
class CrawlResult:
    db: str
    finish_reason: str | None
    elapsed: float
    stats: dict[str, Any] = field(default_factory=dict)
    start_failures: list[str] = field(default_factory=list)


def parse_setting_overrides(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs, as `scrapy crawl` takes them."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ArchiverError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def build_settings(params: CrawlParams, overrides: dict[str, Any] | None = None) -> Settings:
    """Project defaults < the site profile < the command line (options and -s)."""
    params.validate()
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    settings.setdict(params.profile_settings(), priority="spider")
    settings.setdict(params.to_settings(), priority="cmdline")
    settings.setdict(overrides or {}, priority="cmdline")
    _check_archiver_settings(settings)
    return settings


def _check_archiver_settings(settings: Settings) -> None:
    """Values given with -s are strings: check ours now, and name the one at fault, rather
    than fail inside the crawl."""
    from archiver import settings as defaults
    from archiver.incremental.schedule import parse_schedule

    for name in dir(defaults):
        default = getattr(defaults, name)
        if not name.startswith("ARCHIVER_") or isinstance(default, str | list | tuple) \
                or default is None:
            continue
        getter = settings.getbool if isinstance(default, bool) else settings.getint
        try:
            getter(name)
        except ValueError:
            kind = "true or false" if isinstance(default, bool) else "a whole number"
            raise ArchiverError(f"{name} must be {kind}, got {settings.get(name)!r}") from None
    parse_schedule(settings.get("ARCHIVER_REFRESH_SCHEDULE"))
    from archiver.extract.platforms import load_registry

    try:
        load_registry(settings)
    except ValueError as exc:
        raise ArchiverError(str(exc)) from None
    timezone = settings.get("ARCHIVER_TIMEZONE") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArchiverError(f"ARCHIVER_TIMEZONE: unknown time zone {timezone!r}") from None


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


class _RecordedFailures(logging.Filter):
    """Drops Scrapy's log of fetch failures that the crawl records in `errors` (and sums
    up at the end): without -v, an unreachable site is one line, not a traceback a page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


@contextlib.contextmanager
def _quiet_fetch_failures(settings: Settings) -> Iterator[None]:
    level = logging.getLevelName(str(settings.get("LOG_LEVEL") or "DEBUG").upper())
    if not isinstance(level, int) or level < logging.WARNING:
        yield
        return
    loggers = [logging.getLogger(name) for name in (
        "scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")]
    quiet = _RecordedFailures()
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


def run(params: CrawlParams, overrides: dict[str, Any] | None = None) -> CrawlResult:
    """Crawl one site into the archive. Blocks; one call per process (Twisted's reactor).

    Raises FetchError when the crawl failed (nothing could be fetched from the start URLs):
    the crawl row then says `failed: ...` and why.
    """
    settings = build_settings(params, overrides)
    process = CrawlerProcess(settings)
    from archiver.incremental.lock import archive_lock
    from archiver.spiders.commentary import CommentarySpider

    crawler = process.create_crawler(CommentarySpider)
    started = time.monotonic()
    # One crawl per archive: a second one stops here, before it fetches anything.
    with (archive_lock(settings.get("ARCHIVER_DB")) if settings.getbool("ARCHIVER_LOCK")
          else contextlib.nullcontext()), _quiet_fetch_failures(settings):
        process.crawl(crawler, url=params.url, profile=params.profile, db=params.db,
                      max_articles=params.max_articles)
        process.start()
    elapsed = time.monotonic() - started
    spider = crawler.spider
    stats = dict(crawler.stats.get_stats() or {}) if crawler.stats else {}
    result = CrawlResult(
        db=crawler.settings.get("ARCHIVER_DB"),
        finish_reason=stats.get("finish_reason"),
        elapsed=elapsed,
        stats=stats,
        start_failures=list(getattr(spider, "start_failures", [])),
    )
    if result.finish_reason and result.finish_reason.startswith(FAILED):
        raise FetchError(result.finish_reason.removeprefix(FAILED))
    return result
