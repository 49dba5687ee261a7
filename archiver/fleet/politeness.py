"""A downloader middleware for fleet jobs: each request waits for its host's turn in Redis.

Enabled in archiver/settings.py, active only when ``ARCHIVER_FLEET_JOB`` is set (the worker
sets it on the crawls it runs): then every request, robots.txt included, waits until its
host's turn comes (``archiver.fleet.locks.HostTurns``), so however many workers crawl
sites on one host, that host sees at most one request per ``ARCHIVER_FLEET_HOST_DELAY_MS``.
Scrapy's own delays still apply inside each crawl; this one holds across processes.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archiver.fleet.locks import HostTurns, client

logger = logging.getLogger(__name__)

# While Redis is unreachable (a restart), a request waits this long and asks again: the
# turn is never skipped, so politeness holds through the outage.
RETRY_SECONDS = 1.0


class FleetHostPoliteness:
    def __init__(self, turns: HostTurns, crawler: Crawler) -> None:
        self.turns = turns
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FleetHostPoliteness:
        settings = crawler.settings
        delay = settings.getint("ARCHIVER_FLEET_HOST_DELAY_MS")
        if not settings.get("ARCHIVER_FLEET_JOB") or delay <= 0:
            raise NotConfigured
        turns = HostTurns(client(settings.get("ARCHIVER_FLEET_REDIS_URL")), delay)
        return cls(turns, crawler)

    async def process_request(self, request: Request) -> None:
        # Per server, not per site: sites on one host (or its ports) share its turns.
        host = urlsplit(request.url).hostname or ""
        if not host:
            return
        while True:
            try:
                wait = self.turns.take(host)
            except RedisError as exc:
                logger.warning("fleet politeness: Redis unreachable (%s); waiting", exc)
                self.crawler.stats.inc_value("archiver/fleet/redis_waits")
                wait = RETRY_SECONDS
            else:
                if wait <= 0:
                    return
                self.crawler.stats.inc_value("archiver/fleet/host_waits")
            await asyncio.sleep(wait)
