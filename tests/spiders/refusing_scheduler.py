"""A Scrapy scheduler that refuses every request to a third comment page (as its
dupefilter or a full disk queue would): the engine then sends `request_dropped`."""

from __future__ import annotations

from scrapy.core.scheduler import Scheduler


class RefusingScheduler(Scheduler):
    def enqueue_request(self, request) -> bool:
        if request.url.endswith("/comment-page-3/"):
            return False
        return super().enqueue_request(request)
