"""A response whose body was cut short is a failed fetch, not a page.

Scrapy already fails a download that ends before its Content-Length
(``DOWNLOAD_FAIL_ON_DATALOSS``, raising ResponseDataLossError). It cannot see a compressed
body cut short by a server that then sent a Content-Length matching what it sent: its
HttpCompressionMiddleware (590) decompresses "as much as possible" and the spider would
read part of a page, part of a thread, as the whole. IncompleteBodyMiddleware sits just
outside it (595: it sees the body still compressed) and checks that the stream ends.

An incomplete body is retried like any failed download (RETRY_TIMES, ``dont_retry``),
then the request fails with IncompleteBody, whose message the spider's errback records.
A failed comment page leaves its thread incomplete, so nothing missing from it is taken
for deleted. The WARC capture (950, outside this one) still records the bytes received:
a WARC is a record of the transfer, and the failure is in the ``errors`` table. Its
record is marked WARC-Truncated, which replay skips, and its ``captures`` row keeps no
ETag or Last-Modified (CaptureMiddleware asks ``incomplete_reason`` too), so the next
crawl's conditional request cannot get a 304 for a page never read whole.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response

try:
    import brotli
except ImportError:  # pragma: no cover - Scrapy needs one of the two
    import brotlicffi as brotli  # type: ignore[no-redef]

try:
    from backports import zstd
except ImportError:  # pragma: no cover - Python 3.14 ships it
    from compression import zstd  # type: ignore[no-redef]

# Decompressed in steps of this much output, thrown away: only the stream's end matters,
# and a decompression bomb must not cost memory here.
_STEP = 65536
# What zlib says when only the trailer's checksum is wrong: every byte of the body
# arrived, and Scrapy's gunzip accepts it, so it is not an incomplete body.
_TRAILER_ERRORS = ("incorrect data check", "incorrect length check")
# Bodies that are empty by definition.
_NO_BODY_STATUSES = {204, 304}


class IncompleteBody(Exception):
    """A response body that did not arrive whole; the message says how it fell short."""


def _zlib_ends(data: bytes, wbits: int) -> bool:
    """Whether a zlib, raw deflate or gzip stream (all its gzip members) ends in data."""
    while True:
        decompressor = zlib.decompressobj(wbits)
        pending = data
        while not decompressor.eof:
            produced = decompressor.decompress(pending, _STEP)
            pending = decompressor.unconsumed_tail
            if not pending and not produced:
                return False  # input used up, stream not ended
        rest = decompressor.unused_data
        if wbits == 31 and rest.startswith(b"\x1f\x8b"):
            data = rest  # another gzip member follows
            continue
        return True


def _gzip_ends(data: bytes) -> bool:
    return _zlib_ends(data, 31)


def _deflate_ends(data: bytes) -> bool:
    # "deflate" is zlib-wrapped by the standard and raw by some servers (Scrapy accepts both).
    try:
        return _zlib_ends(data, 15)
    except zlib.error:
        return _zlib_ends(data, -15)


def _brotli_ends(data: bytes) -> bool:
    decompressor = brotli.Decompressor()
    produced = decompressor.process(data, output_buffer_limit=_STEP)
    while not decompressor.is_finished() and produced:
        produced = decompressor.process(b"", output_buffer_limit=_STEP)
    return decompressor.is_finished()


def _zstd_ends(data: bytes) -> bool:
    decompressor = zstd.ZstdDecompressor()
    produced = decompressor.decompress(data, _STEP)
    while not decompressor.eof and produced:
        produced = decompressor.decompress(b"", _STEP)
    return decompressor.eof


_ENDS: dict[str, Callable[[bytes], bool]] = {
    "gzip": _gzip_ends, "x-gzip": _gzip_ends, "deflate": _deflate_ends,
    "br": _brotli_ends, "zstd": _zstd_ends,
}


def incomplete_reason(response: Response, method: str = "GET") -> str | None:
    """Why this still-compressed response's body is not whole, or None when it is.

    Only the outermost Content-Encoding is checked (the one applied last, read first):
    stacked encodings are rare, and an inner stream cut short is cut short outside too.
    """
    if method == "HEAD" or response.status in _NO_BODY_STATUSES:
        return None
    body = response.body
    if "dataloss" in response.flags:  # DOWNLOAD_FAIL_ON_DATALOSS turned off
        return f"body cut short: {len(body)} bytes, fewer than its Content-Length declares"
    encodings = [
        token.strip().lower()
        for value in response.headers.getlist(b"Content-Encoding")
        for token in value.decode("latin-1").split(",") if token.strip()
    ]
    if not encodings or not body:
        return None
    encoding = encodings[-1]
    ends = _ENDS.get(encoding)
    if ends is None:
        return None  # identity, or an encoding HttpCompressionMiddleware leaves alone
    try:
        if ends(body):
            return None
    except zlib.error as exc:
        if any(text in str(exc) for text in _TRAILER_ERRORS):
            return None
        return f"{encoding} body unreadable after {len(body)} bytes ({exc})"
    except (brotli.error, zstd.ZstdError) as exc:
        return f"{encoding} body unreadable after {len(body)} bytes ({exc})"
    return f"{encoding} body cut short: the compressed stream ends early ({len(body)} bytes)"


class IncompleteBodyMiddleware:
    """Downloader middleware (595): retry, then fail, a response whose body fell short."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncompleteBodyMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        reason = incomplete_reason(response, request.method)
        if reason is None:
            return response
        return self._retry_or_fail(request, reason)

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> Request | None:
        # Scrapy's own data-loss failure carries no message; give it one, and one path.
        if isinstance(exception, ResponseDataLossError):
            return self._retry_or_fail(
                request, "body cut short: fewer bytes than its Content-Length declares")
        return None

    def _retry_or_fail(self, request: Request, reason: str) -> Request:
        self.stats.inc_value("archiver/fetch/incomplete_body")
        retry: Any = None
        if self.crawler.settings.getbool("RETRY_ENABLED") and \
                not request.meta.get("dont_retry"):
            retry = get_retry_request(
                request, spider=self.crawler.spider, reason="incomplete body",
                max_retry_times=request.meta.get(
                    "max_retry_times", self.crawler.settings.getint("RETRY_TIMES")))
        if retry is not None:
            return retry
        raise IncompleteBody(reason)
