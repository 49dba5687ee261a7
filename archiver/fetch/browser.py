"""Headless Chromium, driven by Playwright, for threads that only a browser shows.

One page at a time: the page's own HTML (as the crawl fetched it, never fetched again) is
loaded in a fresh browser context, its scripts run and fetch what they fetch (the comment
widget, its XHR/fetch calls), the page is scrolled so that lazy widgets start, and then the
controls that load or reveal comments (browser_plan's rule, the same words as the comment
reader's) are clicked one at a time until none is left or clicking stops growing the page,
within the bounds (clicks, seconds). What comes back is the rendered DOM, the exchanges
the page made (XHR/fetch, and the scripts, stylesheets and frames: for the WARC), what
failed, and whether a bound stopped it.

The browser is Debian's ``chromium`` through Playwright's ``executable_path``: Playwright's
own browser downloads are never used.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from archiver.discover.scope import host_of, is_public_address, resolve_host
from archiver.fetch.browser_frames import find_control, inline_frames, mark_tried, measure

logger = logging.getLogger(__name__)

# What the page loaded that is kept in the WARC: the widget's data (XHR/fetch), and the
# scripts, stylesheets and frames that show it, so that a replay (archiver reparse, pywb)
# renders the same thread offline. Images, fonts and media are left out.
KEPT_TYPES = ("xhr", "fetch", "script", "stylesheet", "document")
# Failures of these mean the widget may not have loaded.
WIDGET_TYPES = ("xhr", "fetch", "script")
SETTLE_QUIET = 0.5  # seconds without requests in flight or DOM growth: the page is still
SETTLE_CAP = 8.0  # a page that never goes quiet (a ticker, a long poll) is measured anyway
CLICK_TIMEOUT_MS = 3000

class BrowserUnavailable(Exception):
    """Chromium could not be started: one line saying why."""


@dataclass
class Exchange:
    """One request the page made (XHR/fetch, script, stylesheet, frame) and its response."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Rendered:
    """A page after its scripts ran and its thread controls were clicked."""

    url: str
    html: str
    clicks: int = 0
    # The bound that stopped the clicking while controls were left ("clicks", "seconds"),
    # else None: the thread stopped growing on its own.
    capped: str | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "URL: why" of widget requests


# url -> (status, headers, body) from an archive, or None: a replay answers the page's
# requests from WARC files instead of the network.
Answer = Callable[[str], tuple[int, dict[str, str], bytes] | None]


class Browser:
    """One Chromium for a crawl, started on first use; each page in its own context."""

    def __init__(self, executable: str, *, user_agent: str | None = None,
                 max_clicks: int = 20, max_seconds: float = 60.0,
                 answer: Answer | None = None) -> None:
        self.executable = executable
        self.user_agent = user_agent
        self.max_clicks = max_clicks
        self.max_seconds = max_seconds
        self.answer = answer
        self._playwright: Any = None
        self._browser: Any = None
        self._lock = asyncio.Lock()  # one page at a time: renders are CPU-bound

    async def start(self, local_site: bool = False) -> None:
        """Launch Chromium. `local_site`: the crawl's site is on a private or loopback
        address (archiver's scope then allows such addresses): Chromium's Local Network
        Access checks would refuse its widget's requests from a page it did not fetch
        itself (our copy, served by the route), so they are off. A public site's pages
        keep them: they must not reach the local network through the browser."""
        if self._browser is not None:
            return
        try:
            from playwright.async_api import Error, async_playwright
        except ImportError as exc:
            raise BrowserUnavailable(f"Playwright is not installed ({exc})") from None
        try:
            self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.executable, headless=True,
                args=["--disable-features=LocalNetworkAccessChecks"] if local_site else [])
        except Error as exc:
            await self.close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BrowserUnavailable(f"{self.executable} did not start: {first}") from None

    async def close(self) -> None:
        """Stop Chromium and Playwright's driver (every process they started)."""
        browser, self._browser = self._browser, None
        playwright, self._playwright = self._playwright, None
        if browser is not None:
            try:
                await browser.close()
            except Exception:  # already gone: nothing left to stop
                logger.debug("closing chromium", exc_info=True)
        if playwright is not None:
            await playwright.stop()

    async def render(self, url: str, body: bytes, content_type: str) -> Rendered:
        async with self._lock:
            if self._browser is None:
                # Resolving the host may block: not on the crawl's event loop.
                local = await asyncio.get_running_loop().run_in_executor(
                    None, _on_local_network, url)
                await self.start(local_site=local)
            context = await self._browser.new_context(
                user_agent=self.user_agent, service_workers="block", accept_downloads=False)
            try:
                return await self._render(context, url, body, content_type)
            finally:
                await context.close()

    async def _render(self, context: Any, url: str, body: bytes, content_type: str
                      ) -> Rendered:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_seconds
        state = _Traffic()
        page = await context.new_page()
        context.on("page", lambda other: asyncio.ensure_future(other.close()))
        await page.route("**/*", self._router(url, body, content_type))
        page.on("request", state.started)
        page.on("requestfinished", state.finished)
        page.on("requestfailed", state.failed)
        rendered = Rendered(url=url, html="")
        try:
            await page.goto(url, wait_until="load", timeout=self._ms_left(deadline))
            await self._settle(page, state, deadline)
            # Widgets that wait to be scrolled into view (lazy loading) start now.
            await page.evaluate("() => window.scrollTo(0, document.body ? "
                                "document.body.scrollHeight : 0)")
            await self._settle(page, state, deadline)
            await self._click_through(page, state, deadline, rendered)
        except PlaywrightTimeout as exc:
            rendered.capped = "seconds"  # what was shown when time ran out is kept
            logger.debug("render of %s stopped at the time bound: %s", url, exc)
        # A widget in a frame (often on the platform's own host) is read where it is shown.
        await inline_frames(page)
        rendered.html = await page.content()
        rendered.exchanges = await state.exchanges(url)
        rendered.failed = state.failures()
        return rendered

    async def _click_through(self, page: Any, state: _Traffic, deadline: float,
                             rendered: Rendered) -> None:
        from playwright.async_api import Error

        loop = asyncio.get_running_loop()
        while True:
            found = await find_control(page)
            if found is None:
                return  # nothing left to open: the thread stopped growing
            if rendered.clicks >= self.max_clicks:
                rendered.capped = "clicks"
                return
            if loop.time() >= deadline:
                rendered.capped = "seconds"
                return
            frame, control = found
            before = await measure(page)
            try:
                await control.click(timeout=min(CLICK_TIMEOUT_MS, self._ms_left(deadline)))
            except Error:
                await mark_tried(frame, control)  # covered, detached: not again
                continue
            rendered.clicks += 1
            await self._settle(page, state, deadline)
            if await measure(page) == before:
                await mark_tried(frame, control)

    async def _settle(self, page: Any, state: _Traffic, deadline: float) -> None:
        """Wait until nothing is in flight and the DOM stops changing (bounded)."""
        loop = asyncio.get_running_loop()
        end = min(deadline, loop.time() + SETTLE_CAP)
        last, still = None, 0.0
        while loop.time() < end:
            await asyncio.sleep(0.1)
            now = await measure(page)
            if now == last and state.in_flight == 0:
                still += 0.1
                if still >= SETTLE_QUIET:
                    return
            else:
                last, still = now, 0.0

    def _router(self, url: str, body: bytes, content_type: str) -> Callable[..., Any]:
        served = False

        async def route(route: Any, request: Any) -> None:
            nonlocal served
            if not served and request.url == url and request.resource_type == "document":
                served = True  # the crawl's copy of the page, not a second fetch
                await route.fulfill(status=200, headers={"Content-Type": content_type},
                                    body=body)
                return
            if served and request.is_navigation_request() and \
                    request.frame.parent_frame is None:
                # The page never leaves for another one: a navigation answered "204 No
                # Content" leaves the current document in place (an abort would show
                # Chromium's error page instead).
                await route.fulfill(status=204, body=b"")
                return
            if not request.url.startswith(("http://", "https://")):
                await route.abort()
                return
            if self.answer is not None:
                stored = self.answer(request.url)
                if stored is None:
                    await route.abort()
                else:
                    status, headers, data = stored
                    await route.fulfill(status=status, headers=headers, body=data)
                return
            await route.continue_()

        return route

    @staticmethod
    def _ms_left(deadline: float) -> float:
        return max(1.0, (deadline - asyncio.get_running_loop().time()) * 1000)


def _on_local_network(url: str) -> bool:
    host = host_of(url)
    if not host:
        return False
    addresses = (host,) if _is_address(host) else resolve_host(host)
    return bool(addresses) and not any(is_public_address(a) for a in addresses)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _Traffic:
    """The page's requests: how many are in flight, which finished, which failed."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.done: list[Any] = []
        self.lost: list[str] = []

    def started(self, request: Any) -> None:
        self.in_flight += 1

    def finished(self, request: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.done.append(request)

    def failed(self, request: Any) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        if request.resource_type in WIDGET_TYPES:
            self.lost.append(f"{request.url}: {request.failure or 'failed'}")

    def failures(self) -> list[str]:
        return list(self.lost)

    async def exchanges(self, page_url: str) -> list[Exchange]:
        from playwright.async_api import Error

        found = []
        for request in self.done:
            try:
                response = await request.response()
                if response is None:
                    continue
                if response.status >= 400 and request.resource_type in WIDGET_TYPES:
                    self.lost.append(f"{request.url}: HTTP {response.status}")
                if request.resource_type not in KEPT_TYPES or request.url == page_url:
                    continue  # the page itself is the crawl's own capture
                found.append(Exchange(
                    url=request.url, method=request.method,
                    request_headers=[(h["name"], h["value"])
                                     for h in await request.headers_array()],
                    request_body=request.post_data_buffer or b"",
                    status=response.status,
                    # The body comes decoded: a Content-Encoding would no longer be true.
                    response_headers=[(h["name"], h["value"])
                                      for h in await response.headers_array()
                                      if h["name"].lower() != "content-encoding"],
                    body=await response.body()))
            except Error as exc:
                logger.debug("no body for %s: %s", request.url, exc)
        return found
