"""What a response fetched as a page is, and the row for a request that failed."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from archiver.crawl.responses import (
    page_failure,
    probe_failure,
    refused_by_robots,
    route_of,
)
from archiver.discover.scope_middleware import Refused

URL = "https://mag.example/a/"


@pytest.mark.parametrize(("status", "content_type", "head", "is_text", "route"), [
    (304, "", b"", False, "unchanged"),
    (200, "application/rss+xml", b"<rss>", True, "feed"),
    (200, "text/xml", b'<?xml version="1.0"?><rss version="2.0">', True, "feed"),
    (200, "application/xml", b"<?xml?><urlset>", True, "sitemap"),
    (200, "image/png", b"\x89PNG", False, "not_a_page"),
    (200, "application/pdf", b"%PDF", True, "not_a_page"),
    (200, "text/html; charset=utf-8", b"<html>", True, "page"),
    (200, "", b"<html>", True, "page"),
])
def test_a_response_is_routed_by_what_it_is(status, content_type, head, is_text, route):
    assert route_of(status, content_type, head, is_text) == route


def _failure(exc: Exception, url: str = URL, **meta) -> Failure:
    failure = Failure(exc)
    failure.request = Request(url, meta=meta)  # as Scrapy hands it to an errback
    return failure


def _http(status: int) -> HttpError:
    return HttpError(Response(URL, status=status), "Ignoring non-200 response")


def test_a_page_that_failed_is_a_row_but_robots_txt_saying_no_is_a_choice():
    assert (page_failure(_failure(_http(500))).kind, page_failure(_failure(_http(500))).message
            ) == ("fetch", "HTTP 500")
    robots = _failure(IgnoreRequest("Forbidden by robots.txt"))
    assert page_failure(robots) is None and refused_by_robots(robots)
    assert not refused_by_robots(_failure(_http(403)))


def test_a_refused_redirect_is_recorded_at_the_url_asked_for():
    refused = _failure(Refused("redirect", "loop", "redirect loop"),
                       url="https://mag.example/b/", redirect_urls=[URL])
    error = page_failure(refused)
    assert (error.url, error.kind, error.message) == (URL, "redirect", "redirect loop")
    assert not refused_by_robots(refused)


def test_a_missing_probe_is_normal_and_an_offsite_sitemap_line_is_no_loss():
    assert probe_failure(_failure(_http(404))) is None
    assert probe_failure(_failure(_http(410))) is None
    assert probe_failure(_failure(Refused("scope", "offsite", "offsite"))) is None
    assert probe_failure(_failure(_http(503))).message == "HTTP 503"
