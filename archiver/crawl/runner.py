"""Run a crawl: CrawlParams + Scrapy settings in, a finished crawl row out.

`archiver crawl` and `archiver demo` call run() (importable as `archiver.crawl.run`);
`scrapy crawl commentary -a url=...` reaches the same spider and pipelines through scrapy.cfg.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archiver.errors import ArchiverError, FetchError
from archiver.fetch.unreachable import FAILED
from archiver.params import CrawlParams


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
    from archiver.fetch.browser_plan import BrowserSettings

    try:
        load_registry(settings)
        BrowserSettings.from_settings(settings)
    except ValueError as exc:
        raise ArchiverError(str(exc)) from None
    timezone = settings.get("ARCHIVER_TIMEZONE") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArchiverError(f"ARCHIVER_TIMEZONE: unknown time zone {timezone!r}") from None


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
