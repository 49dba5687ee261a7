"""Spider middlewares of archiver's own crawls."""

from __future__ import annotations

from typing import Any

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware

from archiver.items import ErrorItem

# One row per URL; a site linking thousands of distinct overlong URLs gets a count beyond.
_RECORDED_AT_MOST = 10_000


class RecordedUrlLengthMiddleware(UrlLengthMiddleware):
    """Scrapy's UrlLengthMiddleware, with a row in `errors` for every URL it drops.

    Scrapy's drops a request over URLLENGTH_LIMIT with a log line only: the page is then
    neither archived nor recorded. This one hands on an ErrorItem in the request's place
    (spider middleware output may mix requests and items), once per URL.
    """

    def __init__(self, maxlength: int) -> None:
        super().__init__(maxlength)
        self.recorded: set[str] = set()

    def get_processed_request(self, request: Request, response: Response | None
                              ) -> Any:
        kept = super().get_processed_request(request, response)
        if kept is not None or request.url in self.recorded:
            return kept
        if len(self.recorded) >= _RECORDED_AT_MOST:
            self.crawler.stats.inc_value("archiver/urllength/not_recorded")
            return None
        self.recorded.add(request.url)
        return ErrorItem(request.url, "fetch", f"URL of {len(request.url)} characters, longer "
                         f"than URLLENGTH_LIMIT ({self.maxlength}): not fetched")
