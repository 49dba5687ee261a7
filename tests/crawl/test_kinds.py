"""Request kinds: each names real spider callbacks, and the order threads finish in."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from archiver.crawl.kinds import KIND_META, RequestKind, Requests, kind_of
from archiver.spiders.commentary import CommentarySpider


@pytest.mark.parametrize("kind", list(RequestKind))
def test_every_kind_names_methods_the_spider_has(kind):
    assert callable(getattr(CommentarySpider, kind.value.callback))
    if kind.value.errback:
        assert callable(getattr(CommentarySpider, kind.value.errback))


def test_kind_names_are_unique():
    names = [kind.value.name for kind in RequestKind]
    assert len(set(names)) == len(names) == len(RequestKind)


def test_a_thread_s_next_page_goes_before_new_pages():
    priority = {kind: kind.value.priority for kind in RequestKind}
    assert priority[RequestKind.COMMENT_PAGE] == priority[RequestKind.PLATFORM]
    assert priority[RequestKind.PLATFORM] > priority[RequestKind.SITEMAP] \
        > priority[RequestKind.START] > priority[RequestKind.LISTED_PAGE] \
        > priority[RequestKind.PAGE]


def test_a_request_carries_its_kind_its_callbacks_and_priority():
    request = Requests(CommentarySpider).make(RequestKind.SITEMAP, "https://mag.example/s.xml")
    assert kind_of(request) == "sitemap" == request.meta[KIND_META]
    assert request.callback.__name__ == "parse_sitemap"
    assert request.errback.__name__ == "on_optional_error"
    assert request.priority == RequestKind.SITEMAP.value.priority and not request.dont_filter
    assert "dont_obey_robotstxt" not in request.meta


def test_platform_endpoints_obey_robots_txt_unless_the_user_opts_out():
    url = "https://disqus.example/api/"
    obeyed = Requests(CommentarySpider, Settings()).make(RequestKind.PLATFORM, url)
    assert "dont_obey_robotstxt" not in obeyed.meta and obeyed.dont_filter
    settings = Settings({"ARCHIVER_PLATFORM_ROBOTSTXT_OBEY": "False"})
    opted_out = Requests(CommentarySpider, settings)
    assert opted_out.make(RequestKind.PLATFORM, url).meta["dont_obey_robotstxt"] is True
    # Only platform endpoints: the site's pages still obey.
    assert "dont_obey_robotstxt" not in opted_out.make(RequestKind.PAGE, url).meta
