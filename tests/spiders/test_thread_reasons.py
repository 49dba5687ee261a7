"""Why a thread was not read whole: the first cause is what the article records."""

from __future__ import annotations

from archiver.crawl.threads import ThreadFetch
from archiver.items import PageItem


def _fetch() -> ThreadFetch:
    return ThreadFetch(item=PageItem(site={}, url="https://b.example/p/", fetched_at="x",
                                     extracted={}))


def test_the_comment_page_cap_is_recorded_as_capped():
    fetch = _fetch()
    fetch.queue([f"https://b.example/p/comment-page-{n}/" for n in range(2, 6)],
                max_pages=2, max_url_length=2083)
    assert (fetch.complete, fetch.incomplete_reason) == (False, "capped")
    assert len(fetch.pending) == 2


def test_the_first_reason_is_kept():
    fetch = _fetch()
    fetch.fall_back_to_html(whole_thread=False, reason="refused")
    fetch.abandon("not fetched: the crawl closed")
    assert fetch.incomplete_reason == "refused"


def test_a_platform_whose_pages_print_the_thread_stays_complete_when_refused():
    fetch = _fetch()
    fetch.fall_back_to_html(whole_thread=True, reason="refused")
    assert (fetch.complete, fetch.incomplete_reason) == (True, None)


def test_a_crawl_closing_mid_thread_is_interrupted():
    fetch = _fetch()
    fetch.queue(["https://b.example/p/comment-page-2/"], max_pages=10, max_url_length=2083)
    fetch.abandon("not fetched: shutdown")
    assert fetch.incomplete_reason == "interrupted"
