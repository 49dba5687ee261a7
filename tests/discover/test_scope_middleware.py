"""The scope middlewares on Scrapy's own Request/Response objects: what they refuse, why,
and what they count."""

from __future__ import annotations

from typing import ClassVar

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from archiver.discover.scope_middleware import (
    Refused,
    ScopedMetaRefreshMiddleware,
    ScopedRedirectMiddleware,
    ScopeMiddleware,
)

SITE = "http://127.0.0.1:8000"


class Site(scrapy.Spider):
    name = "site"
    start_urls: ClassVar[list[str]] = [f"{SITE}/"]
    profile = None


@pytest.fixture
def crawler():
    crawler = get_crawler(Site, {"REDIRECT_MAX_TIMES": 3})
    crawler.spider = Site()
    crawler.stats.open_spider()
    return crawler


def redirect(middleware, request: Request, location: str) -> Request:
    response = Response(request.url, status=302, headers={"Location": location})
    return middleware.process_response(request, response)


def test_every_request_is_checked_and_refusals_counted(crawler):
    middleware = ScopeMiddleware.from_crawler(crawler)
    assert middleware.process_request(Request(f"{SITE}/a/")) is None
    assert middleware.process_request(Request("http://127.0.0.1:9999/isso/")) is None
    for url, reason in (("http://127.0.0.2:8000/", "offsite"),
                        ("file:///etc/passwd", "scheme"),
                        ("http://169.254.169.254/latest/", "offsite")):
        with pytest.raises(Refused) as refused:
            middleware.process_request(Request(url))
        assert refused.value.reason == reason and refused.value.kind == "scope"
    assert crawler.stats.get_value("archiver/scope/refused/offsite") == 2
    assert crawler.stats.get_value("archiver/scope/refused/scheme") == 1


def test_a_redirect_off_the_site_is_refused_before_it_is_built(crawler):
    middleware = ScopedRedirectMiddleware.from_crawler(crawler)
    with pytest.raises(Refused, match=r"redirect \(302\) from .*127\.0\.0\.2"):
        redirect(middleware, Request(f"{SITE}/go/"), "http://127.0.0.2/x")
    assert crawler.stats.get_value("archiver/scope/refused/offsite") == 1


def test_a_redirect_loop_is_refused_with_its_chain(crawler):
    middleware = ScopedRedirectMiddleware.from_crawler(crawler)
    second = redirect(middleware, Request(f"{SITE}/a/"), "/b/")
    with pytest.raises(Refused) as refused:
        redirect(middleware, second, "/a/")
    assert refused.value.reason == "loop"
    assert str(refused.value) == f"redirect loop: {SITE}/a/ -> {SITE}/b/ -> {SITE}/a/"
    assert crawler.stats.get_value("archiver/redirects/loop") == 1


def test_a_request_outside_the_duplicate_filter_may_come_back_once(crawler):
    # A server that sets a cookie and sends the reader back to the same URL.
    middleware = ScopedRedirectMiddleware.from_crawler(crawler)
    again = redirect(middleware, Request(f"{SITE}/a/", dont_filter=True), "/a/")
    assert again.url == f"{SITE}/a/"
    with pytest.raises(Refused, match="redirect loop"):
        redirect(middleware, again, "/a/")


def test_too_many_redirects_is_a_reason_of_its_own(crawler):
    middleware = ScopedRedirectMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/0/")
    for number in range(1, 4):
        request = redirect(middleware, request, f"/{number}/")
    with pytest.raises(Refused) as refused:
        redirect(middleware, request, "/4/")
    assert refused.value.reason == "too_many"
    assert str(refused.value) == f"more than 3 redirects: {SITE}/0/ -> ... -> {SITE}/4/"


def test_a_meta_refresh_off_the_site_is_refused(crawler):
    middleware = ScopedMetaRefreshMiddleware.from_crawler(crawler)
    body = b'<html><head><meta http-equiv="refresh" content="0; url=http://10.0.0.1/">'
    response = HtmlResponse(f"{SITE}/m/", body=body)
    with pytest.raises(Refused, match="meta refresh"):
        middleware.process_response(Request(f"{SITE}/m/"), response)


def test_a_redirect_to_a_local_file_is_refused_and_counted(crawler):
    middleware = ScopedRedirectMiddleware.from_crawler(crawler)
    with pytest.raises(Refused, match=r"only http\(s\) is fetched"):
        redirect(middleware, Request(f"{SITE}/go/"), "file:///etc/passwd")
    assert crawler.stats.get_value("archiver/scope/refused/scheme") == 1
