"""The downloader middlewares that hold every request to the site's scope.

`ScopeMiddleware` runs first on every request (before RobotsTxtMiddleware would fetch an
out-of-scope host's robots.txt), whichever component made it: the spider's pages and
comment endpoints, robots.txt Sitemap lines, redirects and meta refreshes re-entering the
engine. `ScopedRedirectMiddleware` and `ScopedMetaRefreshMiddleware` replace Scrapy's own
and refuse a redirect before its request is built: an out-of-scope target, a loop (which
Scrapy's duplicate filter would otherwise drop with no callback nor errback) and too many
redirects each fail the request with a reason the spider records.

Refusals raise `Refused` (an IgnoreRequest, so Scrapy does not log it as an error) and are
counted in the stats: ``archiver/scope/refused/<reason>``, ``archiver/redirects/<reason>``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

from archiver.discover.scope import BAD_URL, SCHEME, SiteScope
from archiver.discover.urls import canonicalize
from archiver.extract.platforms import load_registry

# Why a redirect was not followed; counted as archiver/redirects/<reason>.
REDIRECT_LOOP = "loop"
TOO_MANY_REDIRECTS = "too_many"


class Refused(IgnoreRequest):
    """A request archiver will not make. `kind` is the errors-table kind it is recorded
    under ("scope" or "redirect"), `reason` the stats key."""

    def __init__(self, kind: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason


def scope_for(crawler: Crawler) -> SiteScope:
    """The crawl's SiteScope, built once from the spider's start URLs and profile and the
    endpoint settings, shared by the middlewares."""
    scope = getattr(crawler, "_archiver_scope", None)
    if scope is None:
        spider = crawler.spider
        profile = getattr(spider, "profile", None)
        allowed = list(profile.allowed_hosts) if profile is not None else []
        platforms = load_registry(crawler.settings)
        # An endpoint base the user set (a platform's URL setting) is a host the user named.
        allowed += [value for value in platforms.config(crawler.settings).values()
                    if isinstance(value, str) and value.startswith(("http://", "https://"))]
        scope = SiteScope(getattr(spider, "start_urls", None) or [], allowed_hosts=allowed,
                          platform_hosts=platforms.api_hosts())
        crawler._archiver_scope = scope  # type: ignore[attr-defined]
    return scope


class ScopeMiddleware:
    """Refuses every request outside the site's scope, before anything is sent."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        refusal = scope_for(self.crawler).check(request.url)
        if refusal is not None:
            self.crawler.stats.inc_value(f"archiver/scope/refused/{refusal.reason}")
            raise Refused("scope", refusal.reason, refusal.message)


class _ScopedRedirects:
    """Checks a redirect target before Scrapy's redirect middlewares follow it."""

    crawler: Crawler
    max_redirect_times: int

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        stats = self.crawler.stats
        refusal = scope_for(self.crawler).check(redirected.url)
        if refusal is not None:
            stats.inc_value(f"archiver/scope/refused/{refusal.reason}")
            raise Refused("scope", refusal.reason,
                          f"redirect ({reason}) from {request.url} refused: {refusal.message}")
        seen = [canonicalize(url) for url in chain].count(canonicalize(redirected.url))
        # Back to a URL already requested: the duplicate filter would drop it silently. A
        # request that opted out of the filter may come back once (a cookie, then itself).
        if seen > (1 if request.dont_filter else 0):
            stats.inc_value(f"archiver/redirects/{REDIRECT_LOOP}")
            raise Refused("redirect", REDIRECT_LOOP,
                          "redirect loop: " + " -> ".join([*chain, redirected.url])[:1000])
        ttl = request.meta.get("redirect_ttl", self.max_redirect_times)
        if not ttl or request.meta.get("redirect_times", 0) + 1 > self.max_redirect_times:
            stats.inc_value(f"archiver/redirects/{TOO_MANY_REDIRECTS}")
            raise Refused("redirect", TOO_MANY_REDIRECTS,
                          f"more than {self.max_redirect_times} redirects: {chain[0]} -> "
                          f"... -> {redirected.url}"[:1000])
        return super()._redirect(redirected, request, reason)  # type: ignore[misc]


class ScopedRedirectMiddleware(_ScopedRedirects, RedirectMiddleware):
    """Scrapy's RedirectMiddleware (3xx Location), held to the site's scope."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        # Scrapy hands a redirect to file:, ftp: ... back as a bare 3xx response; it is a
        # refusal like any other, and says so.
        location = response.headers.get("Location")
        handled = request.meta.get("handle_httpstatus_all") or response.status in \
            request.meta.get("handle_httpstatus_list", ())
        if location and response.status in (301, 302, 303, 307, 308) and not handled \
                and not request.meta.get("dont_redirect"):
            target = urljoin(request.url, safe_url_string(location))
            refusal = scope_for(self.crawler).check(target)
            if refusal is not None and refusal.reason in (SCHEME, BAD_URL):
                self.crawler.stats.inc_value(f"archiver/scope/refused/{refusal.reason}")
                raise Refused("scope", refusal.reason,
                              f"redirect ({response.status}) from {request.url} refused: "
                              f"{refusal.message}")
        return super().process_response(request, response)


class ScopedMetaRefreshMiddleware(_ScopedRedirects, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware (``<meta http-equiv=refresh>``), held to the scope."""
