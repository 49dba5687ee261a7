"""Small readings of a response or a failed request, shared by the spider's components."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from archiver.discover.scope_middleware import Refused
from archiver.extract import FEED_TYPES
from archiver.items import ErrorItem


def headers_of(response: Any) -> dict[str, str]:
    """A Scrapy response's headers as one string each (repeated ones joined)."""
    return {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def content_type_of(headers: Mapping[bytes, Any] | Any) -> str:
    return (headers.get(b"Content-Type", b"") or b"").decode("latin-1").lower()


def page_route(response: Any) -> str:
    """What a response fetched as a page is: "unchanged" (a 304 to a conditional request),
    "feed", "sitemap", "not_a_page" (an image or a PDF that slipped through) or "page"."""
    return route_of(response.status, content_type_of(response.headers), response.body[:4096],
                    isinstance(response, TextResponse))


def route_of(status: int, content_type: str, head: bytes, is_text: bool) -> str:
    """page_route on plain values: `head` is the start of the body (4 KB are enough)."""
    if status == 304:
        return "unchanged"
    if any(t in content_type for t in FEED_TYPES) or (
            "xml" in content_type and b"<rss" in head[:2048]):
        return "feed"
    if "xml" in content_type and b"<urlset" in head[:4096]:
        return "sitemap"
    if not is_text or (content_type and "html" not in content_type
                       and "xml" not in content_type):
        return "not_a_page"
    return "page"


def notes(url: str, extracted: dict[str, Any]) -> Iterator[ErrorItem]:
    """What extraction had to leave out of a page (a bound it hit), one row each."""
    for note in extracted.get("notes") or ():
        yield ErrorItem(url, "page-limit", note)


def failed_response(failure: Any) -> Any:
    """The response a failed request got (an HTTP error status), or None."""
    return getattr(failure.value, "response", None)


def refused_by_robots(failure: Any) -> bool:
    """Did Scrapy's RobotsTxtMiddleware refuse this request? It raises a bare IgnoreRequest
    saying so (the scope's refusals and HTTP errors are subclasses)."""
    return type(failure.value) is IgnoreRequest and "robots.txt" in str(failure.value)


def describe(failure: Any) -> str:
    """A failed request in one line: its HTTP status, or the exception."""
    response = failed_response(failure)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def page_failure(failure: Any) -> ErrorItem | None:
    """The row for a page that could not be fetched; None where that was a choice."""
    if failure.check(Refused):
        # A redirect off the site, in a loop or too long: the page asked for (the chain's
        # first URL) is not archived.
        asked = (failure.request.meta.get("redirect_urls") or [failure.request.url])[0]
        return ErrorItem(asked, failure.value.kind, str(failure.value))
    if failure.check(IgnoreRequest) and not failure.check(HttpError):
        return None  # robots.txt said no: a choice, counted in Scrapy's robotstxt/ stats
    return ErrorItem(failure.request.url, "fetch", describe(failure))


def probe_failure(failure: Any) -> ErrorItem | None:
    """The row for a robots.txt, sitemap or feed that could not be fetched: these are
    probes, so a 404 there is normal, not an error."""
    response = failed_response(failure)
    if response is not None and response.status in (404, 410):
        return None
    if failure.check(Refused) and failure.value.kind == "scope":
        return None  # a Sitemap line off the site: refused and counted, nothing lost
    return ErrorItem(failure.request.url, "fetch", describe(failure))
