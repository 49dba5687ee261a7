"""Page links wait in the spider as URLs while Scrapy's scheduler is full."""

from __future__ import annotations

import scrapy

from archiver.crawl.follow import Follow
from archiver.crawl.kinds import Requests
from archiver.crawl.pages import DEPTH_META, PageRequests


class _Spider(scrapy.Spider):
    name = "t"

    def parse_page(self, response):  # pragma: no cover - never called
        yield from ()

    on_error = parse_feed = parse_sitemap = on_optional_error = parse_page


def _pages(waiting: list[int], ahead: int = 3) -> PageRequests:
    return PageRequests(Requests(_Spider()), None, lambda: False, links_ahead=ahead,
                        scheduled=lambda: waiting[0])


def _follow(*paths: str, depth: int = 2) -> Follow:
    return Follow([], [], [f"https://mag.example{p}" for p in paths], depth, [])


def test_links_beyond_the_schedulers_room_wait_and_come_out_as_room_frees():
    waiting = [1]
    pages = _pages(waiting)
    first = list(pages.followed(_follow("/a/", "/b/", "/c/", "/d/", "/e/")))
    # room for two: the newest two links, in page order (Scrapy's LIFO queue pops /e/ first)
    assert [r.url for r in first] == ["https://mag.example/d/", "https://mag.example/e/"]
    assert first[0].meta[DEPTH_META] == 2
    waiting[0] = 3
    assert list(pages.release_links()) == []
    waiting[0] = 0
    assert [r.url for r in pages.release_links()] == [
        "https://mag.example/a/", "https://mag.example/b/", "https://mag.example/c/"]
    assert not pages.links


def test_no_link_is_released_once_the_article_budget_is_spent():
    pages = PageRequests(Requests(_Spider()), None, lambda: True, links_ahead=3)
    assert list(pages.followed(_follow("/a/", "/b/"))) == []


def test_page_links_wait_for_the_feed_a_page_links_to():
    # a post printing no date of its own gets the feed's: the feed is read first
    pages = _pages([0], ahead=10)
    home = Follow(["https://mag.example/feed/"], [], ["https://mag.example/a/"], 1, [])
    first = list(pages.followed(home))
    assert [r.url for r in first] == ["https://mag.example/feed/"]
    assert list(pages.release_links()) == []
    pages.feed_read()
    assert [r.url for r in pages.release_links()] == ["https://mag.example/a/"]


def test_an_idle_crawl_releases_links_whose_feed_never_answered():
    # a feed a middleware dropped calls neither callback: idle, nothing is on its way
    pages = _pages([0], ahead=10)
    list(pages.followed(Follow(["https://mag.example/feed/"], [], ["https://mag.example/a/"],
                               1, [])))
    assert [r.url for r in pages.release_links(idle=True)] == ["https://mag.example/a/"]
