"""ThreadFetch: what a thread requests next, and every page it will not read, with why."""

from __future__ import annotations

import pytest

from archiver.crawl.threads import ThreadFetch
from archiver.items import PageItem
from archiver.normalize.canonical import trusted_canonical

ARTICLE = "https://mag.example/2024/05/post/"


def thread() -> ThreadFetch:
    item = PageItem(site={}, url=ARTICLE, fetched_at="2024-05-01T00:00:00Z", extracted={})
    return ThreadFetch(item=item, seen={ARTICLE})


def test_pages_beyond_the_cap_are_gaps_each_named_once():
    fetch = thread()
    pages = [f"{ARTICLE}comment-page-{n}/" for n in range(2, 6)]
    fetch.queue(pages, max_pages=3, max_url_length=2083)
    fetch.queue(pages, max_pages=3, max_url_length=2083)  # the next page lists them again
    assert [p["url"] for p in fetch.pending] == pages[:2]
    gaps = fetch.take_gaps()
    assert [url for url, _ in gaps] == pages[2:]
    assert all("ARCHIVER_MAX_COMMENT_PAGES=3" in reason for _, reason in gaps)
    assert not fetch.complete


def test_a_url_over_the_length_limit_is_a_gap_not_a_request():
    fetch = thread()
    long_page = ARTICLE + "x" * 2100 + "/comment-page-2/"
    fetch.queue([long_page, f"{ARTICLE}comment-page-3/"], max_pages=500, max_url_length=2083)
    assert [p["url"] for p in fetch.pending] == [f"{ARTICLE}comment-page-3/"]
    [(url, reason)] = fetch.take_gaps()
    assert url == long_page and "URLLENGTH_LIMIT (2083)" in reason


def test_other_schemes_and_unreadable_urls_are_gaps():
    fetch = thread()
    fetch.queue(["file:///etc/passwd", "https://mag.example:99999/x/comment-page-2/",
                 {"url": "gopher://x/", "platform": "isso"}], max_pages=500, max_url_length=0)
    assert fetch.pending == []
    reasons = [reason for _, reason in fetch.take_gaps()]
    assert len(reasons) == 3 and "malformed URL" in reasons[1]


def test_closing_turns_every_page_still_out_or_queued_into_a_gap():
    fetch = thread()
    fetch.queue([f"{ARTICLE}comment-page-2/", f"{ARTICLE}comment-page-3/"], max_pages=500,
                max_url_length=2083)
    assert fetch.next_fetch()["url"].endswith("comment-page-2/")
    fetch.abandon("not fetched: the crawl closed")
    assert [url[-15:] for url, _ in fetch.take_gaps()] == ["comment-page-2/", "comment-page-3/"]
    assert fetch.next_fetch() is None and not fetch.complete


@pytest.mark.parametrize("canonical, trusted", [
    ("https://mag.example/2024/05/post/", True),
    ("http://www.mag.example/2024/05/post/", True),   # scheme and www. are the site's
    ("https://mag.example:8443/2024/05/post/", False),
    ("https://other.example/2024/05/post/", False),
    ("https://mag.example.attacker.example/post/", False),
    ("javascript:alert(1)", False),
    ("https://mag.example:99999/2024/05/post/", False),
    (None, True),
])
def test_a_canonical_is_the_key_only_on_the_site_itself(canonical, trusted):
    key, why = trusted_canonical(ARTICLE, canonical)
    if trusted:
        assert key == canonical and why is None
    else:
        assert key is None and canonical in why


def test_a_failed_platform_falls_back_to_the_pages_own_comments_and_links():
    fetch = thread()
    fetch.pages = {(1,): [{"id": "1"}]}
    fetch.use_platform({"name": "isso", "thread": {}}, [f"{ARTICLE}comment-page-2/"])
    fetch.queue([{"url": "https://mag.example/isso/?uri=/post/", "platform": "isso"}],
                max_pages=500, max_url_length=2083)
    fetch.pages[(0,)] = [{"id": "i1"}]
    links = fetch.fall_back_to_html(whole_thread=False)
    assert links == [f"{ARTICLE}comment-page-2/"]
    assert fetch.pending == [] and fetch.platform is None and not fetch.complete
    assert fetch.comments() == [{"id": "1"}]


def test_posts_to_one_endpoint_are_told_apart_by_their_body():
    # A GraphQL endpoint answers every page of a thread at one URL, each page asked for by
    # its body: the second page is not a duplicate of the first, a repeat of it is.
    fetch = thread()
    api = "https://talk.example/api/graphql"
    first = {"url": api, "platform": "coral", "method": "POST", "body": '{"after": null}'}
    second = {**first, "body": '{"after": "c1"}'}
    fetch.queue([first, second, dict(first)], max_pages=500, max_url_length=2083)
    assert [p["body"] for p in fetch.pending] == ['{"after": null}', '{"after": "c1"}']
    assert fetch.next_fetch()["body"] == '{"after": null}'
    fetch.queue([dict(first)], max_pages=500, max_url_length=2083)  # already read
    assert [p["body"] for p in fetch.pending] == ['{"after": "c1"}']
