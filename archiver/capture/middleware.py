"""CaptureMiddleware: every response of a crawl goes to the WARCs and to ``captures``.

It sits next to the downloader (priority 950, above HttpCompressionMiddleware's 590 and
RedirectMiddleware's 600), so it sees each response as received: still compressed, and
redirects and errors included. Its rows in ``captures`` (url, status, validators, WARC
file and offset) are what conditional requests and "known URL" decisions read later.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archiver.capture.warc import WarcFiles, repair_open_files, warc_dir_for
from archiver.fetch.completeness import incomplete_reason
from archiver.normalize.dates import utc_now

logger = logging.getLogger(__name__)

# How many capture rows wait in memory before one transaction writes them.
_FLUSH_EVERY = 50


class CaptureMiddleware:
    """Downloader middleware: WARC records (when ARCHIVER_WARC) and a ``captures`` row."""

    def __init__(self, db_path: str, stats: Any, warc_dir: str | None, max_size: int,
                 info: dict[str, Any] | None = None) -> None:
        self.db_path = db_path
        self.stats = stats
        self.warc_dir = warc_dir
        self.max_size = max_size
        self.info = info or {}
        self.files: WarcFiles | None = None
        self.rows: list[dict[str, Any]] = []
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureMiddleware:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_CAPTURE"):
            raise NotConfigured
        db_path = settings.get("ARCHIVER_DB")
        warc_dir = None
        if settings.getbool("ARCHIVER_WARC"):
            warc_dir = settings.get("ARCHIVER_WARC_DIR") or str(warc_dir_for(db_path))
        info = {"start-urls": [u for u in [settings.get("ARCHIVER_START_URL")] if u],
                "profile": settings.get("ARCHIVER_PROFILE")}
        middleware = cls(db_path, crawler.stats, warc_dir,
                         settings.getint("ARCHIVER_WARC_MAX_SIZE"), info)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        from archiver.store import open_archive

        self.db = open_archive(self.db_path)
        if self.warc_dir:
            if Path(self.warc_dir).is_dir():
                for name in repair_open_files(self.warc_dir):
                    logger.warning("finished the WARC file an interrupted crawl left: %s", name)
            if not self.info["start-urls"]:
                self.info["start-urls"] = list(getattr(spider, "start_urls", []))
            self.files = WarcFiles(self.warc_dir, Path(self.db_path).stem, self.max_size,
                                   self.info)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response:
        if not request.url.startswith(("http://", "https://")):
            return response  # the spider's own data: requests are not fetched from the web
        fetched_at = utc_now()
        headers = response.headers
        row: dict[str, Any] = {
            "url": response.url,
            "status": response.status,
            "fetched_at": fetched_at,
            "crawl_id": self.stats.get_value("archiver/crawl_id"),
            "content_type": _header(headers, b"Content-Type"),
            "etag": _header(headers, b"ETag"),
            "last_modified": _header(headers, b"Last-Modified"),
            "bytes": len(response.body),
        }
        # A body cut short is kept as received, marked WARC-Truncated, and fails the fetch
        # downstream (archiver.fetch.completeness): its validators must not earn it a 304
        # next time, nor its record stand for the page in a replay.
        cut_short = incomplete_reason(response, request.method) is not None
        if cut_short:
            row["etag"] = row["last_modified"] = None
        if self.files is not None:
            written = self.files.write(
                url=response.url, method=request.method,
                request_headers=[(k, v) for k, vs in request.headers.items() for v in vs],
                request_body=request.body or b"", status=response.status,
                response_headers=[(k, v) for k, vs in headers.items() for v in vs],
                body=response.body, fetched_at=fetched_at,
                protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                truncated="disconnect" if cut_short else None,
            )
            row.update(warc_file=written.warc_file, offset=written.offset,
                       length=written.length, request_offset=written.request_offset)
            self.stats.inc_value("archiver/warc/records", 2)
        self.rows.append(row)
        self.stats.inc_value("archiver/captures")
        if len(self.rows) >= _FLUSH_EVERY:
            self.flush()
        return response

    def flush(self) -> None:
        from archiver.store.history import record_captures

        if self.rows and self.db is not None:
            rows, self.rows = self.rows, []
            record_captures(self.db, rows)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.flush()
        if self.files is not None:
            self.files.close()
            self.files = None
        if self.db is not None:
            self.db.close()
            self.db = None


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")
