"""IncrementalManager: the archive's state for one crawl, and the decisions made from it.

The kind of a crawl:
- ``full``: everything is fetched without validators. The first crawl of a site, ``--full``
  (ARCHIVER_FULL), or when the last full crawl is older than ARCHIVER_FULL_REFRESH_DAYS
  (the periodic refresh that catches edits and deletions on articles the schedule skips).
- ``incremental``: page requests carry If-None-Match / If-Modified-Since; known articles
  are fetched when the refresh schedule says they are due or their sitemap ``lastmod`` is
  newer than the last fetch; a listing page that brings no unknown URL is not paginated.
- ``resume``: the previous crawl of the site never finished (killed). Discovery runs in
  full, without validators, and articles that crawl already saved are not fetched again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.discover.urls import canonicalize
from archiver.incremental.schedule import Schedule, is_due, parse_instant, parse_schedule

logger = logging.getLogger(__name__)


class IncrementalManager:
    """Scrapy extension owning the incremental state; middlewares ask it, lazily loaded."""

    def __init__(self, db_path: str, stats: Any, *, full: bool, schedule: Schedule,
                 full_refresh_days: float, now: datetime | None = None) -> None:
        self.db_path = db_path
        self.stats = stats
        self.forced_full = full
        self.schedule = schedule
        self.full_refresh_days = full_refresh_days
        self.now = now or datetime.now(UTC)
        self.kind = ""
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.known: set[str] = set()
        self.articles: dict[str, tuple[Any, ...]] = {}
        self.article_keys: dict[str, str] = {}  # canonical or fetched url -> article url
        self.done: set[str] = set()
        self.due: list[str] = []
        self.loaded = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalManager:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_INCREMENTAL"):
            raise NotConfigured
        manager = cls(settings.get("ARCHIVER_DB"), crawler.stats,
                      full=settings.getbool("ARCHIVER_FULL"),
                      schedule=parse_schedule(settings.get("ARCHIVER_REFRESH_SCHEDULE")),
                      full_refresh_days=settings.getfloat("ARCHIVER_FULL_REFRESH_DAYS"))
        manager.crawler = crawler
        crawler.signals.connect(manager.spider_opened, signal=signals.spider_opened)
        return manager

    def spider_opened(self, spider: Spider) -> None:
        self.load(spider)

    def load(self, spider: Spider) -> None:
        """Read the archive once (idempotent) and decide the crawl's kind."""
        if self.loaded:
            return
        from archiver.store import open_archive
        from archiver.store.history import incremental_state, set_crawl_kind

        self.loaded = True
        crawl_id = self.stats.get_value("archiver/crawl_id")
        db = open_archive(self.db_path)
        try:
            state = incremental_state(db, spider.site_origin, crawl_id)
            self._decide(state)
            if crawl_id:
                set_crawl_kind(db, crawl_id, self.kind)
        finally:
            db.close()
        self.stats.set_value("archiver/incremental/kind", self.kind)
        self.stats.set_value("archiver/incremental/due", len(self.due))
        logger.info("%s crawl: %d known URLs, %d articles due, %d already saved",
                    self.kind, len(self.known), len(self.due), len(self.done))

    def _decide(self, state: dict[str, Any]) -> None:
        crawls = state["crawls"]
        self.articles = state["articles"]
        for url, (fetched_url, *_rest) in self.articles.items():
            self.article_keys[url] = url
            if fetched_url:
                self.article_keys[canonicalize(fetched_url)] = url
        # Consecutive unfinished crawls just before this one were killed: resume them all.
        killed = []
        for crawl in crawls:
            if crawl["finished"] is not None:
                break
            killed.append(crawl)
        if killed:
            since = killed[-1]["started"]
            self.done = {url for url, row in self.articles.items() if row[3] >= since}
            self.kind = "resume"
            return
        if self.forced_full or not self.articles:
            self.kind = "full"
            return
        if self.full_refresh_days > 0:
            fulls = [parse_instant(c["started"]) for c in crawls if c["kind"] in ("full", None)]
            last_full = max((f for f in fulls if f is not None), default=None)
            if last_full is None or (
                    (self.now - last_full).total_seconds() / 86400 >= self.full_refresh_days):
                self.kind = "full"
                return
        self.kind = "incremental"
        self.validators = state["validators"]
        self.known = state["known"]
        for url, (_fetched, published, first_seen, last_seen) in sorted(self.articles.items()):
            born = parse_instant(published) or parse_instant(first_seen)
            if is_due(self.schedule, now=self.now, born=born,
                      last_fetched=parse_instant(last_seen)):
                self.due.append(url)

    # --- questions the middlewares ask ----------------------------------------------------

    @property
    def incremental(self) -> bool:
        return self.kind == "incremental"

    def article_for(self, url: str) -> str | None:
        return self.article_keys.get(canonicalize(url))

    def is_known(self, url: str) -> bool:
        return url in self.known or canonicalize(url) in self.known

    def lastmod_is_newer(self, article: str, lastmod: str | None) -> bool:
        changed = parse_instant(lastmod)
        fetched = parse_instant(self.articles[article][3])
        return changed is not None and fetched is not None and changed > fetched
