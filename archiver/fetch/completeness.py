"""A response whose body was cut short is a failed fetch, not a page.

Scrapy already fails a download that ends before its Content-Length
(``DOWNLOAD_FAIL_ON_DATALOSS``, raising ResponseDataLossError). It cannot see a compressed
body cut short by a server that then sent a Content-Length matching what it sent: its
HttpCompressionMiddleware (590) decompresses "as much as possible" and the spider would
read part of a page, part of a thread, as the whole. IncompleteBodyMiddleware sits just
outside it (595: it sees the body still compressed) and checks that the stream ends.

An incomplete body is retried like any failed download (RETRY_TIMES, ``dont_retry``),
then the request fails with IncompleteBody, whose message the spider's errback records.
A compressed body that decompresses past DOWNLOAD_MAXSIZE fails at once with BodyTooLarge
(Scrapy would drop it with IgnoreRequest, which errbacks take for a robots.txt refusal).
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
# Beyond this much decompressed, a body is not judged when no DOWNLOAD_MAXSIZE applies
# (Scrapy's default DOWNLOAD_MAXSIZE): the check costs no more than Scrapy's decompression.
_CHECK_LIMIT = 1024 * 1024 * 1024
# Bodies that are empty by definition.
_NO_BODY_STATUSES = {204, 304}


class BodyFault(Exception):
    """A response body the spider must not read as a page; the message says why."""


class IncompleteBody(BodyFault):
    """A response body that did not arrive whole."""


class BodyTooLarge(BodyFault):
    """A compressed body that decompresses to more than DOWNLOAD_MAXSIZE.

    Scrapy's HttpCompressionMiddleware drops it with IgnoreRequest, which errbacks take for
    a choice (robots.txt): raised here first, it is recorded instead.
    """


class _OverLimit(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


class _Output:
    """Counts decompressed bytes, and stops the check once they pass a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0

    def add(self, chunk: bytes) -> bool:
        self.size += len(chunk)
        if self.limit and self.size > self.limit:
            raise _OverLimit(self.size)
        return bool(chunk)


def _zlib_ends(data: bytes, wbits: int, out: _Output) -> bool:
    """Whether a zlib, raw deflate or gzip stream (all its gzip members) ends in data."""
    while True:
        decompressor = zlib.decompressobj(wbits)
        pending = data
        while not decompressor.eof:
            produced = out.add(decompressor.decompress(pending, _STEP))
            pending = decompressor.unconsumed_tail
            if not pending and not produced:
                return False  # input used up, stream not ended
        rest = decompressor.unused_data
        if wbits == 31 and rest.startswith(b"\x1f\x8b"):
            data = rest  # another gzip member follows
            continue
        return True


def _gzip_ends(data: bytes, out: _Output) -> bool:
    return _zlib_ends(data, 31, out)


def _deflate_ends(data: bytes, out: _Output) -> bool:
    # "deflate" is zlib-wrapped by the standard and raw by some servers (Scrapy accepts both).
    try:
        return _zlib_ends(data, 15, out)
    except zlib.error:
        out.size = 0
        return _zlib_ends(data, -15, out)


def _brotli_ends(data: bytes, out: _Output) -> bool:
    decompressor = brotli.Decompressor()
    produced = out.add(decompressor.process(data, output_buffer_limit=_STEP))
    while not decompressor.is_finished() and produced:
        produced = out.add(decompressor.process(b"", output_buffer_limit=_STEP))
    return decompressor.is_finished()


def _zstd_ends(data: bytes, out: _Output) -> bool:
    decompressor = zstd.ZstdDecompressor()
    produced = out.add(decompressor.decompress(data, _STEP))
    while not decompressor.eof and produced:
        produced = out.add(decompressor.decompress(b"", _STEP))
    return decompressor.eof


_ENDS: dict[str, Callable[[bytes, _Output], bool]] = {
    "gzip": _gzip_ends, "x-gzip": _gzip_ends, "deflate": _deflate_ends,
    "br": _brotli_ends, "zstd": _zstd_ends,
}


def body_fault(response: Response, method: str = "GET",
               max_size: int = _CHECK_LIMIT) -> BodyFault | None:
    """What is wrong with this still-compressed response's body, or None when it is whole.

    Only the outermost Content-Encoding is checked (the one applied last, read first):
    stacked encodings are rare, and an inner stream cut short is cut short outside too.
    Decompression stops past `max_size` bytes (0: no limit), a BodyTooLarge.
    """
    if method == "HEAD" or response.status in _NO_BODY_STATUSES:
        return None
    body = response.body
    if "dataloss" in response.flags:  # DOWNLOAD_FAIL_ON_DATALOSS turned off
        return IncompleteBody(
            f"body cut short: {len(body)} bytes, fewer than its Content-Length declares")
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
        if ends(body, _Output(max_size)):
            return None
    except _OverLimit as exc:
        return BodyTooLarge(f"{encoding} body of {len(body)} bytes decompresses to more than"
                            f" DOWNLOAD_MAXSIZE ({max_size} bytes; {exc.size} read)")
    except zlib.error as exc:
        if any(text in str(exc) for text in _TRAILER_ERRORS):
            return None
        return IncompleteBody(f"{encoding} body unreadable after {len(body)} bytes ({exc})")
    except (brotli.error, zstd.ZstdError) as exc:
        return IncompleteBody(f"{encoding} body unreadable after {len(body)} bytes ({exc})")
    return IncompleteBody(
        f"{encoding} body cut short: the compressed stream ends early ({len(body)} bytes)")


def incomplete_reason(response: Response, method: str = "GET") -> str | None:
    """Why this still-compressed response's body did not arrive whole, or None."""
    fault = body_fault(response, method)
    return str(fault) if isinstance(fault, IncompleteBody) else None


class IncompleteBodyMiddleware:
    """Downloader middleware (595): retry, then fail, a response whose body fell short."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncompleteBodyMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        fault = body_fault(response, request.method,
                           request.meta.get("download_maxsize", self.max_size))
        if fault is None:
            return response
        if isinstance(fault, BodyTooLarge):
            self.stats.inc_value("archiver/fetch/body_too_large")
            raise fault  # the same every time: not retried
        return self._retry_or_fail(request, fault)

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> Request | None:
        # Scrapy's own data-loss failure carries no message; give it one, and one path.
        if isinstance(exception, ResponseDataLossError):
            return self._retry_or_fail(request, IncompleteBody(
                "body cut short: fewer bytes than its Content-Length declares"))
        return None

    def _retry_or_fail(self, request: Request, fault: IncompleteBody) -> Request:
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
        raise fault
