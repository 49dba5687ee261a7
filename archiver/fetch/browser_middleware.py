"""BrowserMiddleware: the crawl's "render" requests, answered by headless Chromium.

The spider asks for a render with a local ``data:`` request carrying the page it already
fetched (``RENDER_META``: url, body, content type), so nothing is fetched twice and the
page's own HTTP response stays the one CaptureMiddleware wrote. The browser runs on the
crawl's asyncio reactor (Playwright's async API, as scrapy-playwright does). The answer is an
HtmlResponse of the rendered DOM at the page's URL, with what happened in
``request.meta[OUTCOME_META]``.

In the WARC, next to the page: every XHR/fetch exchange the page made, and the scripts,
stylesheets and frames it loaded, as request/response pairs (the capture's own writer, so a
replay renders the thread offline), and the rendered DOM as a ``conversion`` record with the
page's URL. WARC 1.1 defines ``conversion`` as "an alternative version of another record's
content that was created as the result of an archival process": the DOM is the page's
response transformed by running it, not a resource retrieved on its own (``resource``), and
not metadata about the page (``metadata``).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.defer import deferred_from_coro

from archiver.fetch.browser import Browser, BrowserUnavailable, Rendered
from archiver.fetch.browser_plan import BrowserSettings
from archiver.normalize.dates import utc_now

logger = logging.getLogger(__name__)

RENDER_META = "archiver_render"
OUTCOME_META = "archiver_rendered"


class BrowserMiddleware:
    """Downloader middleware: on unless ARCHIVER_BROWSER is "off"."""

    def __init__(self, crawler: Crawler, config: BrowserSettings) -> None:
        self.crawler = crawler
        self.config = config
        self.browser: Browser | None = None
        self.unavailable: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserMiddleware:
        config = BrowserSettings.from_settings(crawler.settings)
        if config.mode == "off":
            raise NotConfigured
        middleware = cls(crawler, config)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_request(self, request: Request, spider: Spider | None = None
                              ) -> HtmlResponse | None:
        job = request.meta.get(RENDER_META)
        if job is None:
            return None
        stats = self.crawler.stats
        outcome: dict[str, Any] = {}
        html = job["body"]
        try:
            rendered = await self._browser().render(job["url"], job["body"],
                                                    job["content_type"])
        except BrowserUnavailable as exc:
            self.unavailable = str(exc)
            outcome["unavailable"] = self.unavailable
        except Exception as exc:  # a page that crashes the renderer costs its thread only
            logger.debug("render failed: %s", job["url"], exc_info=True)
            lines = str(exc).strip().splitlines()
            outcome["error"] = f"{type(exc).__name__}: {lines[0] if lines else 'no detail'}"
        else:
            html = rendered.html.encode("utf-8")
            outcome.update(clicks=rendered.clicks, capped=rendered.capped,
                           failed=rendered.failed[:20], exchanges=len(rendered.exchanges))
            self._write_warc(rendered, html)
            stats.inc_value("archiver/browser/pages")
            stats.inc_value("archiver/browser/clicks", rendered.clicks)
            stats.inc_value("archiver/browser/exchanges", len(rendered.exchanges))
            if rendered.capped:
                stats.inc_value(f"archiver/browser/capped/{rendered.capped}")
        request.meta[OUTCOME_META] = outcome
        return HtmlResponse(job["url"], status=200, body=html, request=request,
                            headers={"Content-Type": "text/html; charset=utf-8"},
                            flags=["rendered"])

    def _browser(self) -> Browser:
        if self.unavailable is not None:
            raise BrowserUnavailable(self.unavailable)
        if self.browser is None:
            missing = self.config.missing()
            if missing is not None:
                raise BrowserUnavailable(missing)
            self.browser = Browser(
                self.config.find_executable() or "chromium",
                user_agent=self.crawler.settings.get("USER_AGENT"),
                max_clicks=self.config.max_clicks, max_seconds=self.config.max_seconds,
                answer=self._replay_answer())
        return self.browser

    def _middlewares(self) -> list[Any]:
        engine = getattr(self.crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        return list(getattr(getattr(downloader, "middleware", None), "middlewares", ()))

    def _replay_answer(self) -> Any:
        """In a replay (archiver reparse), the page's requests are answered from the WARCs."""
        from archiver.capture.replay import WarcReplayMiddleware
        from archiver.capture.warc import read_response

        replay = next((m for m in self._middlewares() if isinstance(m, WarcReplayMiddleware)),
                      None)
        if replay is None:
            return None

        def answer(url: str) -> tuple[int, dict[str, str], bytes] | None:
            found = replay.index.get(url)
            if found is None:
                return None
            stored = read_response(Path(replay.directory) / found[0], found[1])
            headers = {k: v for k, v in stored.headers
                       if k.lower() not in ("content-encoding", "content-length",
                                            "transfer-encoding")}
            return stored.status, headers, stored.body

        return answer

    def _write_warc(self, rendered: Rendered, html: bytes) -> None:
        from archiver.capture.middleware import CaptureMiddleware

        capture = next((m for m in self._middlewares() if isinstance(m, CaptureMiddleware)),
                       None)
        files = getattr(capture, "files", None)
        if files is None:
            return  # ARCHIVER_WARC off (or a replay): nothing is written
        fetched_at = utc_now()
        for exchange in rendered.exchanges:
            files.write(
                url=exchange.url, method=exchange.method,
                request_headers=[(k.encode("latin-1", "replace"), v.encode("latin-1", "replace"))
                                 for k, v in exchange.request_headers],
                request_body=exchange.request_body, status=exchange.status,
                response_headers=[(k.encode("latin-1", "replace"),
                                   v.encode("latin-1", "replace"))
                                  for k, v in exchange.response_headers],
                body=exchange.body, fetched_at=fetched_at)
            self.crawler.stats.inc_value("archiver/warc/records", 2)
        write_conversion(files, rendered.url, html, fetched_at)
        self.crawler.stats.inc_value("archiver/warc/records")

    def spider_closed(self, spider: Spider, reason: str) -> Any:
        browser, self.browser = self.browser, None
        if browser is not None:
            return deferred_from_coro(browser.close())
        return None


def write_conversion(files: Any, url: str, html: bytes, date: str) -> None:
    """The rendered DOM as a WARC ``conversion`` record of the page's URL, through the
    capture's open WarcFiles (same file, same rotation)."""
    if files.file is None:
        files._open()
    record = files.writer.create_warc_record(
        url, "conversion", payload=io.BytesIO(html), length=len(html),
        warc_content_type="text/html; charset=utf-8",
        warc_headers_dict={"WARC-Date": date})
    files.writer.write_record(record)
    files.file.flush()
    if files.file.tell() >= files.max_size:
        files.close()
