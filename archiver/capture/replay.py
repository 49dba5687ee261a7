"""Answer a crawl's requests from WARC files instead of the network (``archiver reparse``).

The index maps each URL to its latest response record that carries a body (a 304 only
says the earlier body still holds). Bodies come back decoded, so ``Content-Encoding`` and
``Content-Length`` are dropped from the replayed headers. A URL that was never captured
is answered 404 and counted (``archiver/replay/missing``): nothing goes to the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from archiver.capture.warc import iter_responses, read_response

_DROPPED = {"content-encoding", "content-length", "transfer-encoding"}
# Read by the spider as the page's fetch time, so relative dates resolve as they did then.
FETCHED_AT_META = "archiver_fetched_at"


def build_index(directory: str | Path) -> dict[str, tuple[str, int]]:
    """url -> (WARC file name, offset) of its latest response with a body."""
    index: dict[str, tuple[str, int]] = {}
    for name, offset, url, status, _date in iter_responses(directory):
        if status != 304 and url:
            index[url] = (name, offset)
    return index


class WarcReplayMiddleware:
    """Downloader middleware: on when ARCHIVER_REPLAY_DIR names a folder of WARC files."""

    def __init__(self, directory: str, stats: Any) -> None:
        self.directory = Path(directory)
        self.stats = stats
        self.index = build_index(self.directory)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        directory = crawler.settings.get("ARCHIVER_REPLAY_DIR")
        if not directory:
            raise NotConfigured
        return cls(directory, crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None
                        ) -> Response | None:
        if not request.url.startswith(("http://", "https://")):
            return None  # the spider's own data: requests: nothing to replay, nothing to fetch
        found = self.index.get(request.url)
        if found is None:
            self.stats.inc_value("archiver/replay/missing")
            return Response(request.url, status=404, request=request, flags=["not-archived"])
        stored = read_response(self.directory / found[0], found[1])
        headers = Headers([(k, v) for k, v in stored.headers if k.lower() not in _DROPPED])
        cls = responsetypes.from_args(headers=headers, url=request.url, body=stored.body)
        request.meta[FETCHED_AT_META] = stored.date
        self.stats.inc_value("archiver/replay/responses")
        return cls(url=request.url, status=stored.status, headers=headers, body=stored.body,
                   request=request, flags=["replayed"])
