"""The generic `commentary` spider: what to request next, and which extractor to call.

Discovery (robots.txt Sitemap lines, /sitemap.xml and sitemap indexes, RSS/Atom feeds,
listing pages) and extraction are pure functions elsewhere; this module only schedules.
An article's paginated comment pages are fetched one after another, so that the item
handed to the pipelines holds the article's whole thread.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro

from archiver.discover.feeds import parse_feed
from archiver.discover.links import classify_link, comment_page_number, follow_targets
from archiver.discover.scope_middleware import Refused
from archiver.discover.seen import SeenURLs
from archiver.discover.sitemaps import parse_sitemap, sitemaps_from_robots
from archiver.discover.traps import TrapGuard
from archiver.discover.urls import canonicalize, origin, path_and_query
from archiver.errors import ArchiverError, ExtractError
from archiver.extract import FEED_TYPES, extract_page
from archiver.extract.platforms import Registry, default_registry, load_registry
from archiver.fetch.browser_plan import BrowserSettings, RenderPlan
from archiver.fetch.browser_thread import BrowserHook
from archiver.items import ErrorItem, PageItem, UnchangedItem
from archiver.normalize.canonical import trusted_canonical
from archiver.normalize.dates import utc_now
from archiver.normalize.threads import resolve_repeated_ids
from archiver.params import CrawlParams
from archiver.profiles import Profile
from archiver.spiders.threads import ThreadFetch


class CommentarySpider(scrapy.Spider):
    name = "commentary"

    def __init__(self, *args: Any, params: CrawlParams, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.profile: Profile | None = params.loaded_profile
        self.start_urls = params.start_urls()
        self.site_origin = origin(self.start_urls[0])
        self.articles_yielded = 0
        self.backlog: deque[tuple[str, str | None]] = deque()
        self.sitemap_ahead = 64
        self.start_failures: list[str] = []
        self.max_articles = 0
        self.max_comment_pages = 500
        self.follow_links = True
        self.site: dict[str, Any] = {}
        self.platforms: Registry = default_registry()
        self.platform_config: dict[str, Any] = self.platforms.config({})
        self.discovered: set[str] = set()  # platform discovery URLs requested, once each
        # Threads with a request out, by id(), with that request: one that never comes
        # back is found.
        self.open_threads: dict[int, tuple[ThreadFetch, scrapy.Request]] = {}
        self.max_url_length = 2083
        self.traps = TrapGuard()
        # Every page URL this crawl asked for, so that the hundred links a page repeats
        # never become requests for Scrapy's dupefilter to throw away.
        self.requested = SeenURLs()
        self.browser = BrowserHook(BrowserSettings(mode="off"))

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> CommentarySpider:
        # `scrapy crawl commentary -a url=...` and `archiver crawl` meet here: one model
        # validates the arguments, then they become settings that components read.
        try:
            params = CrawlParams.from_args(**kwargs)
        except ArchiverError as exc:
            raise ValueError(str(exc)) from exc
        crawler.settings.setdict(params.profile_settings(), priority="spider")
        crawler.settings.setdict(params.to_settings(), priority="cmdline")
        spider = super().from_crawler(crawler, *args, params=params)
        settings = crawler.settings
        spider.max_articles = settings.getint("ARCHIVER_MAX_ARTICLES")
        spider.max_comment_pages = settings.getint("ARCHIVER_MAX_COMMENT_PAGES")
        spider.follow_links = settings.getbool("ARCHIVER_FOLLOW_LINKS")
        spider.sitemap_ahead = max(1, settings.getint("ARCHIVER_SITEMAP_AHEAD"))
        spider.max_url_length = settings.getint("URLLENGTH_LIMIT")
        spider.traps = TrapGuard(max_depth=settings.getint("ARCHIVER_MAX_DEPTH"),
                                 shape_budget=settings.getint("ARCHIVER_SHAPE_BUDGET"),
                                 duplicate_limit=settings.getint("ARCHIVER_DUPLICATE_PAGES"))
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        spider.platforms = load_registry(settings)
        spider.platform_config = spider.platforms.config(settings)
        spider.browser = BrowserHook.from_crawler(crawler)
        profile = params.loaded_profile
        timezone = settings.get("ARCHIVER_TIMEZONE") or "UTC"
        spider.site = {
            "origin": spider.site_origin,
            "timezone": timezone,
            "timezone_source": "profile" if profile and profile.timezone else (
                "setting" if timezone != "UTC" else "default"),
            "profile": profile.name or profile.source if profile else None,
            "language": profile.language if profile else None,
        }
        return spider

    # --- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls:
            self.requested.add(canonicalize(url))
            yield scrapy.Request(url, callback=self.parse_page, errback=self.on_error,
                                 cb_kwargs={"listing": True}, priority=10)
        yield scrapy.Request(f"{self.site_origin}/robots.txt", callback=self.parse_robots,
                             errback=self.on_optional_error, priority=20)
        yield scrapy.Request(f"{self.site_origin}/sitemap.xml", callback=self.parse_sitemap,
                             errback=self.on_optional_error, priority=20)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        # Sitemap lines may name any URL: the site's scope (ScopeMiddleware) decides.
        for url in sitemaps_from_robots(response.text, response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap,
                                 errback=self.on_optional_error, priority=20)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        problems: list[str] = []
        try:
            kind, entries = parse_sitemap(response.body, response.url, problems)
        except ValueError as exc:
            yield ErrorItem(response.url, "sitemap", str(exc))
            return
        # An HTML page at the probed /sitemap.xml is a site without one, not a broken one.
        if problems and not (kind == "unknown" and b"html" in
                             response.headers.get(b"Content-Type", b"").lower()):
            yield ErrorItem(response.url, "sitemap", problems[0])
        for entry in entries:
            url = entry["loc"]
            if classify_link(url, self.site_origin) in ("offsite", "skip", "action"):
                continue
            if kind == "sitemapindex":
                yield scrapy.Request(url, callback=self.parse_sitemap,
                                     errback=self.on_optional_error, priority=20)
            elif self._wanted(url) and self.requested.add(canonicalize(url)):
                self.backlog.append((url, entry.get("lastmod")))
        yield from self._release(self.sitemap_ahead)

    def _release(self, count: int) -> Iterator[scrapy.Request]:
        """Schedule up to `count` sitemap URLs from the backlog.

        A sitemap lists thousands of pages at once; queued as requests they would hold
        memory in proportion to the site. Held as URLs and released as pages are done,
        memory stays flat.
        """
        while count > 0 and self.backlog and not self._done():
            url, lastmod = self.backlog.popleft()
            request = self._page_request(url, priority=5)
            # Incremental crawls refetch a known article whose lastmod is newer.
            request.meta["archiver_lastmod"] = lastmod
            count -= 1
            yield request

    def on_idle(self) -> None:
        """Nothing left in flight: feed the next sitemap URLs rather than close.

        They are released from a callback (of a local `data:` request, which nothing
        downloads or captures) so that they pass the spider middlewares like every other
        request: incremental crawls drop the articles not due for a refresh there.
        """
        # A thread whose resuming request was itself swallowed is not tried again: it is
        # stored as the crawl closes (unfinished_items), rather than idling forever.
        lost = [(f, r) for f, r in self.open_threads.values()
                if f.in_flight is not None and r.url != "data:,"]
        for fetch, request in lost:
            # Idle, so nothing is in flight: this thread's request was swallowed on the
            # way out (a spider middleware returned nothing: DepthMiddleware does).
            self._resume(fetch, request, "the request was dropped before it was sent")
        if lost:
            raise DontCloseSpider
        if self.backlog and not self._done():
            self.crawler.engine.crawl(scrapy.Request(
                "data:,", callback=self.release_backlog, dont_filter=True, priority=5))
            raise DontCloseSpider

    def release_backlog(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._release(self.sitemap_ahead)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        problems: list[str] = []
        urls = parse_feed(response.body, response.url, problems)
        if problems:
            yield ErrorItem(response.url, "feed", problems[0])
        for url in urls:
            if classify_link(url, self.site_origin) == "page" and self._wanted(url) \
                    and self.requested.add(canonicalize(url)):
                yield self._page_request(url, priority=5)

    def _wanted(self, url: str) -> bool:
        if self._done():
            return False
        # Pages that are not articles by the profile's patterns are still fetched: they are
        # the listings that lead to articles. Only explicit exclusions are never fetched.
        return self.profile is None or not self.profile.is_excluded(path_and_query(url))

    def _page_request(self, url: str, priority: int = 0, depth: int = 1) -> scrapy.Request:
        # depth: link hops from a start URL (sitemap and feed entries are 1), for TrapGuard.
        return scrapy.Request(canonicalize(url), callback=self.parse_page,
                              errback=self.on_error, priority=priority,
                              meta={"archiver_depth": depth})

    def _done(self) -> bool:
        return bool(self.max_articles) and self.articles_yielded >= self.max_articles

    # --- pages ---------------------------------------------------------------------------

    def parse_page(self, response: Response, listing: bool = False) -> Iterator[Any]:
        yield from self._release(1)
        # A WARC replay (archiver reparse) says when the page was really fetched.
        fetched_at = response.meta.get("archiver_fetched_at") or utc_now()
        if response.status == 304:
            # Not modified since the last capture (archiver.incremental sent validators):
            # the article and its comments are confirmed, nothing is rewritten.
            yield UnchangedItem(canonicalize(response.url), fetched_at)
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if any(t in content_type for t in FEED_TYPES) or (
            "xml" in content_type and b"<rss" in response.body[:2048]
        ):
            yield from self.parse_feed(response)
            return
        if "xml" in content_type and b"<urlset" in response.body[:4096]:
            yield from self.parse_sitemap(response)
            return
        if not isinstance(response, TextResponse) or (
            content_type and "html" not in content_type and "xml" not in content_type
        ):
            return  # an image or a PDF that slipped through: not a page
        try:
            extracted = extract_page(response.url, response.body, _headers(response),
                                     profile=self.profile, platforms=self.platforms)
        except ExtractError as exc:
            yield ErrorItem(response.url, "page", str(exc))
            return

        is_article = self._is_article(response.url, extracted)
        if self.follow_links and not self._done():
            yield from self._follow(extracted, response, is_article)
            yield from self._discover(extracted.get("platform"))

        if not is_article:
            return
        if self._done():
            return
        yield from _notes(response.url, extracted)
        article = extracted["article"]
        article["canonical_url"], distrust = trusted_canonical(response.url,
                                                               article.get("canonical_url"))
        if distrust:
            yield ErrorItem(response.url, "canonical", distrust)
        comments = extracted["comments"]
        for comment in comments:
            comment.setdefault("source_url", response.url)
        item = PageItem(site=self.site, url=response.url, fetched_at=fetched_at,
                        extracted=extracted)
        platform = extracted.get("platform")
        number = comment_page_number(response.url)
        shown = ((platform or {}).get("thread") or {}).get("html_page")
        if number == 1 and shown:
            number = shown  # newest comments first: the article URL shows the last page
        fetch = ThreadFetch(item=item, pages={(number,): comments},
                            seen={canonicalize(response.url)})
        first: list[dict[str, Any]] = []
        if platform is not None and not platform.get("adapter", True):
            # Loaded by a comment system no registered platform reads: what the page
            # prints is kept, and the article says its thread was not read.
            fetch.incomplete(platform.get("reason") or "no_adapter")
            self.crawler.stats.inc_value(
                f"archiver/platforms/{platform['name']}/{fetch.incomplete_reason}")
        elif platform is not None:
            try:
                first = self.platforms.get(platform["name"]).impl.start(
                    platform["thread"], self.platform_config)
            except ExtractError as exc:
                fetch.incomplete("failed")
                yield ErrorItem(response.url, "comment_platform", str(exc))
        if first:
            fetch.use_platform(platform, extracted["next"]["comment_pages"])
            yield from self._next_comment_page(fetch, first)
            return
        plan = self.browser.plan(response.url, response.body, _headers(response), extracted,
                                 self.platforms)
        if plan is not None:  # only a browser shows this thread (archiver.fetch.browser)
            yield from self._render(fetch, response, plan, extracted["next"]["comment_pages"])
            return
        yield from self._next_comment_page(fetch, extracted["next"]["comment_pages"])

    def _is_article(self, url: str, extracted: dict[str, Any]) -> bool:
        if self.profile is not None:
            decided = self.profile.is_article_url(path_and_query(url))
            if decided is not None:
                return decided
        return bool(extracted["article"]["is_article"])

    def _follow(self, extracted: dict[str, Any], response: Response,
                is_article: bool) -> Iterator[Any]:
        stop = self.traps.page(response.url, response.body, is_article)
        if stop is not None:
            yield from self._trap_stopped(response.url, stop)
            return
        found = extracted["next"]
        links = found["links"] + found["feeds"]
        skipped: Counter[str] = Counter()
        targets = follow_targets(links, self.site_origin,
                                 nofollow=frozenset(found.get("nofollow", ())),
                                 skipped=skipped, seen=self.requested)
        stats = self.crawler.stats
        stats.inc_value("archiver/links/found", len(links))
        for key, count in skipped.items():
            stats.inc_value(f"archiver/links/skipped/{key}", count)
        for kind, urls in targets.items():
            stats.inc_value(f"archiver/links/followed/{kind}", len(urls))
        depth = response.meta.get("archiver_depth", 0) + 1
        for url in targets["feed"]:
            self.requested.add(url)
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_optional_error,
                                 priority=3)
        for url in targets["sitemap"]:
            self.requested.add(url)
            yield scrapy.Request(url, callback=self.parse_sitemap,
                                 errback=self.on_optional_error, priority=3)
        for url in targets["page"]:
            if self._wanted(url):
                stop = self.traps.admit(url, depth)
                if stop is None:
                    self.requested.add(url)
                    yield self._page_request(url, depth=depth)
                else:
                    yield from self._trap_stopped(url, stop)
        stats.set_value("archiver/links/requested_urls", len(self.requested))
        stats.set_value("archiver/links/requested_urls_bytes", self.requested.nbytes)

    def _trap_stopped(self, url: str, stop: Any) -> Iterator[ErrorItem]:
        """Count a crawl-trap bound in the stats; record it once per URL shape."""
        self.crawler.stats.inc_value(f"archiver/traps/{stop.reason}")
        if stop.first:
            yield ErrorItem(url, "trap", stop.message)

    # --- threads only a browser shows (archiver/fetch/browser*.py) -----------------------

    def _render(self, fetch: ThreadFetch, response: Response, plan: RenderPlan,
                links: list[str]) -> Iterator[Any]:
        request, errors = self.browser.request(
            response.url, response.body, response.headers.get(b"Content-Type", b"text/html")
            .decode("latin-1"), fetch, plan, callback=self.parse_rendered,
            errback=self.on_comment_page_error,
            cb_kwargs={"fetch": fetch, "links": links, "why": plan.why})
        yield from errors
        if request is None:  # off, missing or used up: the article says so
            yield from self._next_comment_page(fetch, links)
            return
        self.open_threads[id(fetch)] = (fetch, request)
        yield request

    def parse_rendered(self, response: Response, fetch: ThreadFetch, links: list[str],
                       why: str) -> Iterator[Any]:
        comments = None
        try:
            comments = extract_page(response.url, response.body, _headers(response),
                                    profile=self.profile, platforms=self.platforms)["comments"]
        except ExtractError as exc:
            yield ErrorItem(response.url, "browser", str(exc))
        yield from self.browser.read(response.url, response.meta, fetch, comments, why)
        yield from self._next_comment_page(fetch, links)

    # --- comment pages -------------------------------------------------------------------

    def _next_comment_page(self, fetch: ThreadFetch, found: list[Any]) -> Iterator[Any]:
        """Queue what a page pointed to (URLs of comment pages, or platform fetches) and
        request the next one; once nothing is pending, hand the article on."""
        fetch.in_flight = None
        fetch.queue(found, max_pages=self.max_comment_pages,
                    max_url_length=self.max_url_length)
        yield from self._gaps(fetch)
        pending = fetch.next_fetch()
        if pending is None:
            yield from self._finish_article(fetch)
            return
        html = pending["platform"] == "html"
        # A platform endpoint is what the (allowed) article page loads in every
        # reader's browser, like its scripts: robots.txt governs pages, not these.
        body = pending.get("body")
        request = scrapy.Request(pending["url"],
                                 method=str(pending.get("method") or "GET").upper(),
                                 body=body.encode("utf-8") if isinstance(body, str) else body,
                                 headers=pending.get("headers"),
                                 callback=self.parse_comment_page if html
                                 else self.parse_platform_page,
                                 errback=self.on_comment_page_error,
                                 cb_kwargs={"fetch": fetch, "pending": pending},
                                 meta={} if html else {"dont_obey_robotstxt": True},
                                 priority=30, dont_filter=True)
        self.open_threads[id(fetch)] = (fetch, request)
        yield request

    def _gaps(self, fetch: ThreadFetch) -> Iterator[ErrorItem]:
        """One error row per page of the thread that was not archived, with its reason."""
        kind = "comment_platform" if fetch.platform else "comment_page"
        for url, reason in fetch.take_gaps():
            yield ErrorItem(url, kind, f"{reason} (thread of {fetch.item.url})")

    # --- requests of a thread that never came back ---------------------------------------

    def on_request_dropped(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """The scheduler refused a request (a duplicate, a full queue): if it was a
        thread's, the thread goes on without that page."""
        fetch = request.cb_kwargs.get("fetch")
        if isinstance(fetch, ThreadFetch) and fetch.in_flight is request.cb_kwargs.get(
                "pending"):
            self._resume(fetch, request, "the request was dropped by the scheduler")

    def _resume(self, fetch: ThreadFetch, request: scrapy.Request, reason: str) -> None:
        # Signal handlers cannot yield items: a local data: request (nothing downloads or
        # captures it) carries the thread back into a callback, at the lost request's
        # parent's depth, so that DEPTH_LIMIT still counts what follows.
        depth = max(0, request.meta.get("depth", 1) - 1)
        resume = scrapy.Request(
            "data:,", callback=self.resume_thread, dont_filter=True, priority=30,
            meta={"depth": depth},
            cb_kwargs={"fetch": fetch, "lost": fetch.in_flight, "reason": reason})
        self.open_threads[id(fetch)] = (fetch, resume)
        self.crawler.engine.crawl(resume)

    def resume_thread(self, response: Response, fetch: ThreadFetch, lost: dict[str, Any],
                      reason: str) -> Iterator[Any]:
        if fetch.in_flight is not lost:
            return  # the thread moved on meanwhile (its request did come back)
        if lost["platform"] != "html" and fetch.platform is not None:
            yield from self._platform_failed(fetch, lost["url"], reason)
            return
        fetch.refuse(lost["url"], reason)
        yield from self._next_comment_page(fetch, [])

    def unfinished_items(self, reason: str) -> list[Any]:
        """The articles whose threads are still being read, each with what was read,
        marked incomplete, and a row for every page not read. Called as the crawl closes
        (StorePipeline.close_spider), so that no fetched article is lost with it."""
        items: list[Any] = []
        if self._done():
            return items  # --max-articles reached: the rest was not asked for
        for fetch, _request in list(self.open_threads.values()):
            fetch.abandon(f"not fetched: {reason}")
            items.extend(self._gaps(fetch))
            items.extend(self._finish_article(fetch, closing=True))
        return items

    def parse_comment_page(self, response: Response, fetch: ThreadFetch,
                           pending: dict[str, Any] | None = None) -> Iterator[Any]:
        try:
            extracted = extract_page(response.url, response.body, _headers(response),
                                     profile=self.profile, platforms=self.platforms)
        except ExtractError as exc:
            fetch.incomplete("failed")
            yield ErrorItem(response.url, "comment_page", str(exc))
            yield from self._next_comment_page(fetch, [])
            return
        yield from _notes(response.url, extracted)
        comments = extracted["comments"]
        for comment in comments:
            comment.setdefault("source_url", response.url)
        fetch.pages[(comment_page_number(response.url),)] = comments
        yield from self._next_comment_page(fetch, extracted["next"]["comment_pages"])

    def parse_platform_page(self, response: Response, fetch: ThreadFetch,
                            pending: dict[str, Any]) -> Iterator[Any]:
        """A response from a comment platform's endpoint, parsed by its adapter."""
        platform = fetch.platform or {}
        try:
            parsed = self.platforms.get(pending["platform"]).impl.parse(
                pending, response.url, _headers(response), response.body,
                platform.get("thread") or {}, self.platform_config)
        except ExtractError as exc:
            yield from self._platform_failed(fetch, response.url, str(exc))
            return
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            # A platform answering in an unforeseen shape costs this page, recorded.
            self.logger.debug("platform response not understood: %s", response.url,
                              exc_info=True)
            yield from self._platform_failed(
                fetch, response.url, f"response not understood ({type(exc).__name__}: {exc})")
            return
        for comment in parsed["comments"]:
            comment.setdefault("source_url", response.url)
        fetch.pages[tuple(pending.get("sort") or [0])] = parsed["comments"]
        if parsed.get("incomplete"):
            # The platform answered with less than asked (posts gone meanwhile).
            fetch.incomplete("failed")
            yield ErrorItem(response.url, "comment_platform", parsed["incomplete"])
        article = fetch.item.extracted["article"]
        for key, value in (parsed.get("article") or {}).items():
            if key in article and value and not article.get(key):
                article[key] = value  # what the page did not say, the platform knows
        self.crawler.stats.inc_value(f"archiver/platforms/{pending['platform']}/responses")
        yield from self._next_comment_page(fetch, parsed["next"])

    def _platform_failed(self, fetch: ThreadFetch, url: str, message: str,
                         refused: bool = False) -> Iterator[Any]:
        """The platform's endpoint failed: read the thread from the HTML pages instead.

        A refusal (a status the platform's ``REFUSED_STATUSES`` names: a site that turned
        its API off) is a choice, counted in the stats; anything else is recorded as an
        error. Where the pages print the whole thread (``HTML_HAS_WHOLE_THREAD``) the
        thread stays complete; elsewhere it does not.
        """
        name = (fetch.platform or {}).get("name", "platform")
        reason = "refused" if refused else "failed"
        self.crawler.stats.inc_value(f"archiver/platforms/{name}/{reason}")
        if not refused:
            yield ErrorItem(url, "comment_platform", message)
        whole = name in self.platforms.by_name and \
            self.platforms.by_name[name].html_has_whole_thread
        links = fetch.fall_back_to_html(whole_thread=whole, reason=reason)
        yield from self._next_comment_page(fetch, links)

    def on_comment_page_error(self, failure: Any) -> Iterator[Any]:
        request = failure.request
        fetch: ThreadFetch = request.cb_kwargs["fetch"]
        pending = request.cb_kwargs.get("pending") or {}
        if pending.get("platform", "html") != "html" and fetch.platform is not None:
            response = getattr(failure.value, "response", None)
            # Only a platform that declares it (WordPress: a site turning its REST API off)
            # refuses on purpose; any other endpoint failure loses comments, recorded.
            known = self.platforms.by_name.get(fetch.platform["name"])
            refused = (known is not None and response is not None
                       and response.status in known.refused_statuses)
            yield from self._platform_failed(fetch, request.url, _describe(failure), refused)
            return
        fetch.incomplete("failed")
        yield ErrorItem(request.url, "comment_page", _describe(failure))
        yield from self._next_comment_page(fetch, [])

    def _finish_article(self, fetch: ThreadFetch, closing: bool = False) -> Iterator[Any]:
        self.open_threads.pop(id(fetch), None)
        if self._done():
            return
        item = fetch.item
        item.comments, repeats = resolve_repeated_ids(fetch.comments())
        for repeat in repeats:
            yield ErrorItem(repeat["source_url"] or item.url, "duplicate-comment",
                            repeat["message"])
        item.thread_complete = fetch.complete
        item.thread_incomplete_reason = None if fetch.complete else fetch.incomplete_reason
        self.articles_yielded += 1
        yield item
        if self._done() and not closing:
            self.logger.info("reached --max-articles %d, closing", self.max_articles)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))

    # --- platform discovery (WordPress: every post from wp/v2/posts) --------------------

    def _discover(self, platform: dict[str, Any] | None) -> Iterator[Any]:
        """A platform's listing of every post, requested once per URL, on the site only."""
        known = self.platforms.by_name.get((platform or {}).get("name", ""))
        if known is None or not known.has_discovery or not platform.get("adapter", True):
            return
        for entry in known.impl.discover(platform.get("thread") or {}, self.platform_config):
            yield from self._discovery_request(known.name, entry)

    def _discovery_request(self, name: str, entry: dict[str, Any]) -> Iterator[Any]:
        url = entry["url"]
        if url in self.discovered or classify_link(url, self.site_origin) == "offsite":
            return
        self.discovered.add(url)
        yield scrapy.Request(url, callback=self.parse_discovery,
                             errback=self.on_discovery_error,
                             cb_kwargs={"name": name, "entry": entry}, priority=15)

    def parse_discovery(self, response: Response, name: str, entry: dict[str, Any]
                        ) -> Iterator[Any]:
        try:
            found = self.platforms.get(name).impl.parse_discovery(
                entry, response.url, _headers(response), response.body)
        except ExtractError as exc:
            yield ErrorItem(response.url, "comment_platform", str(exc))
            return
        for link in found["links"]:
            if classify_link(link, self.site_origin) == "page" and self._wanted(link) \
                    and self.requested.add(canonicalize(link)):
                yield self._page_request(link, priority=5)
        for more in found["next"]:
            yield from self._discovery_request(name, more)

    def on_discovery_error(self, failure: Any) -> Iterator[Any]:
        # A listing switched off (a refused status) is the site's choice: the pages are
        # still found through sitemaps, feeds and links.
        name = failure.request.cb_kwargs["name"]
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in self.platforms.get(name).refused_statuses:
            self.crawler.stats.inc_value(f"archiver/platforms/{name}/refused")
            return
        yield ErrorItem(failure.request.url, "fetch", _describe(failure))

    # --- errors --------------------------------------------------------------------------

    def on_error(self, failure: Any) -> Iterator[Any]:
        yield from self._release(1)
        if failure.check(Refused):
            # A redirect off the site, in a loop or too long: the page asked for (the
            # chain's first URL) is not archived.
            asked = (failure.request.meta.get("redirect_urls") or [failure.request.url])[0]
            yield ErrorItem(asked, failure.value.kind, str(failure.value))
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt said no: a choice, counted in Scrapy's robotstxt/ stats
        message = _describe(failure)
        if failure.request.cb_kwargs.get("listing"):
            self.start_failures.append(f"{failure.request.url}: {message}")
        yield ErrorItem(failure.request.url, "fetch", message)

    def on_optional_error(self, failure: Any) -> Iterator[Any]:
        # robots.txt, /sitemap.xml and feeds are probes: a 404 there is normal, not an error.
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (404, 410):
            return
        if failure.check(Refused) and failure.value.kind == "scope":
            return  # a Sitemap line off the site: refused and counted, nothing lost
        yield ErrorItem(failure.request.url, "fetch", _describe(failure))


def _notes(url: str, extracted: dict[str, Any]) -> Iterator[ErrorItem]:
    """What extraction had to leave out of a page (a bound it hit), one row each."""
    for note in extracted.get("notes") or ():
        yield ErrorItem(url, "page-limit", note)


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def _describe(failure: Any) -> str:
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
