"""A body cut short is told apart from a whole one, and fails the fetch."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
from backports import zstd
from scrapy import Request, Spider
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver.fetch.completeness import (
    BodyTooLarge,
    IncompleteBody,
    IncompleteBodyMiddleware,
    body_fault,
    incomplete_reason,
)

PAGE = b"<html><body>" + b"".join(b"<p>comment %d</p>" % i for i in range(2000)) + b"</body></html>"
ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}


def _response(body: bytes, encoding: str | None = None, status: int = 200,
              flags: list[str] | None = None) -> HtmlResponse:
    headers = {"Content-Type": "text/html", "Content-Length": str(len(body))}
    if encoding:
        headers["Content-Encoding"] = encoding
    return HtmlResponse("http://127.0.0.1/p/", status=status, headers=headers, body=body,
                        flags=flags)


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_whole_compressed_body_is_complete(encoding):
    assert incomplete_reason(_response(ENCODERS[encoding](PAGE), encoding)) is None


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_compressed_body_cut_short_is_incomplete(encoding):
    packed = ENCODERS[encoding](PAGE)
    reason = incomplete_reason(_response(packed[: len(packed) // 2], encoding))
    assert reason is not None and "cut short" in reason and encoding in reason


def test_raw_deflate_and_several_gzip_members_are_read_to_their_end():
    raw = zlib.compressobj(wbits=-15)
    deflated = raw.compress(PAGE) + raw.flush()
    assert incomplete_reason(_response(deflated, "deflate")) is None
    assert incomplete_reason(_response(deflated[:-20], "deflate")) is not None
    members = gzip.compress(PAGE[:5000]) + gzip.compress(PAGE[5000:])
    assert incomplete_reason(_response(members, "gzip")) is None
    assert incomplete_reason(_response(members[:-30], "gzip")) is not None


def test_a_gzip_body_whose_only_fault_is_its_checksum_is_complete():
    # Every byte arrived; Scrapy's gunzip accepts it, and so does the check.
    packed = bytearray(gzip.compress(PAGE))
    packed[-8] ^= 0xFF  # the CRC32 of the trailer
    assert incomplete_reason(_response(bytes(packed), "gzip")) is None


def test_a_corrupt_stream_says_so():
    packed = bytearray(zlib.compress(PAGE))
    packed[10:40] = b"\xff" * 30
    reason = incomplete_reason(_response(bytes(packed), "deflate"))
    assert reason is not None and "unreadable" in reason


def test_uncompressed_and_empty_bodies_are_not_judged():
    assert incomplete_reason(_response(PAGE)) is None
    assert incomplete_reason(_response(b"", "gzip", status=304)) is None
    assert incomplete_reason(_response(b"", "gzip", status=204)) is None
    assert incomplete_reason(_response(PAGE[:10], "gzip"), method="HEAD") is None


def test_data_loss_let_through_is_incomplete():
    # DOWNLOAD_FAIL_ON_DATALOSS=False hands on the body with a "dataloss" flag.
    reason = incomplete_reason(_response(PAGE[:100], flags=["dataloss"]))
    assert reason is not None and "Content-Length" in reason


def _middleware(**settings):
    crawler = get_crawler(settings_dict={"RETRY_TIMES": 1, **settings})
    crawler.spider = Spider.from_crawler(crawler, name="test")
    return IncompleteBodyMiddleware.from_crawler(crawler), crawler


def test_an_incomplete_body_is_retried_then_fails_with_its_reason():
    middleware, crawler = _middleware()
    request = Request("http://127.0.0.1/p/")
    packed = gzip.compress(PAGE)
    cut = _response(packed[:-100], "gzip")
    retry = middleware.process_response(request, cut)
    assert isinstance(retry, Request) and retry.url == request.url
    with pytest.raises(IncompleteBody, match="gzip body cut short"):
        middleware.process_response(retry, cut)
    assert crawler.stats.get_value("archiver/fetch/incomplete_body") == 2
    whole = _response(packed, "gzip")
    assert middleware.process_response(request, whole) is whole


def test_scrapys_data_loss_gets_a_message_and_the_same_retries():
    middleware, _ = _middleware(RETRY_TIMES=0)
    with pytest.raises(IncompleteBody, match="fewer bytes than its Content-Length"):
        middleware.process_exception(Request("http://127.0.0.1/p/"), ResponseDataLossError())
    assert middleware.process_exception(Request("http://127.0.0.1/p/"), ValueError()) is None


def test_dont_retry_fails_at_once():
    middleware, _ = _middleware()
    request = Request("http://127.0.0.1/p/", meta={"dont_retry": True})
    with pytest.raises(IncompleteBody):
        middleware.process_response(request, _response(gzip.compress(PAGE)[:50], "gzip"))


def test_a_body_past_the_size_limit_is_too_large_and_its_check_stops_there():
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB in ~50 KB
    fault = body_fault(_response(bomb, "gzip"), max_size=1_000_000)
    assert isinstance(fault, BodyTooLarge) and "DOWNLOAD_MAXSIZE (1000000 bytes" in str(fault)
    assert body_fault(_response(gzip.compress(PAGE), "gzip"), max_size=1_000_000) is None
    # A whole body is not "cut short" for being large.
    assert incomplete_reason(_response(bomb, "gzip")) is None


def test_a_body_too_large_is_recorded_not_retried():
    # Scrapy's HttpCompressionMiddleware would drop it with IgnoreRequest: no error row.
    middleware, crawler = _middleware(DOWNLOAD_MAXSIZE=1_000_000)
    bomb = _response(gzip.compress(b"\0" * 5_000_000), "gzip")
    with pytest.raises(BodyTooLarge):
        middleware.process_response(Request("http://127.0.0.1/p/"), bomb)
    assert crawler.stats.get_value("archiver/fetch/body_too_large") == 1
    assert not crawler.stats.get_value("retry/count")
