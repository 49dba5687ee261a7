"""An article page becomes a thread to read; a read thread becomes the item to store."""

from __future__ import annotations

from archiver.crawl.articles import finish_thread, is_article_page, site_of, start_thread
from archiver.extract import extract_page
from archiver.extract.platforms import default_registry
from archiver.profiles import Profile

SITE = "https://mag.example"
URL = f"{SITE}/2024/05/post/"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<meta property="og:type" content="article"><link rel="canonical" href="{canonical}"></head>
<body><article><h1>Post</h1><div class="entry-content"><p>Text of the post.</p></div>
</article></body></html>"""


def _extracted(canonical: str = URL) -> dict:
    return extract_page(URL, PAGE.format(canonical=canonical).encode(),
                        {"Content-Type": "text/html"}, profile=None,
                        platforms=default_registry())


def test_a_thread_starts_with_the_page_s_own_comments_and_its_url_seen():
    extracted = _extracted()
    extracted["comments"] = [{"id": "1", "text": "first"}]
    fetch, errors = start_thread(URL, extracted, "2024-06-01T00:00:00Z", {"origin": SITE})
    assert errors == []
    assert fetch.pages == {(1,): [{"id": "1", "text": "first", "source_url": URL}]}
    assert URL in fetch.seen and fetch.complete
    assert (fetch.item.url, fetch.item.fetched_at) == (URL, "2024-06-01T00:00:00Z")


def test_a_canonical_url_on_another_site_is_not_trusted_and_recorded():
    fetch, errors = start_thread(URL, _extracted("https://victim.example/real/"),
                                 "2024-06-01T00:00:00Z", {"origin": SITE})
    assert [e.kind for e in errors] == ["canonical"]
    assert fetch.item.extracted["article"]["canonical_url"] != "https://victim.example/real/"


def test_a_finished_thread_is_in_reading_order_with_its_completeness_and_repeats():
    fetch, _ = start_thread(URL, _extracted(), "2024-06-01T00:00:00Z", {"origin": SITE})
    page2 = f"{URL}comment-page-2/"
    fetch.pages[(2,)] = [{"id": "3", "text": "three", "source_url": page2},
                         {"id": "3", "text": "another three", "source_url": page2}]
    fetch.pages[(1,)] = [{"id": "1", "text": "one", "source_url": URL}]
    fetch.incomplete("capped")
    item, errors = finish_thread(fetch)
    assert [c["id"] for c in item.comments] == ["1", "3", "3~2"]
    assert [e.kind for e in errors] == ["duplicate-comment"]
    assert (item.thread_complete, item.thread_incomplete_reason) == (False, "capped")


def test_the_profile_decides_what_is_an_article_where_it_says():
    extracted = _extracted()
    assert is_article_page(URL, extracted, None) is True  # og:type article
    assert is_article_page(URL, extracted, Profile(article_url_patterns=("^/never/",))) is False
    assert is_article_page(URL, extracted, Profile(language="en")) is True  # no patterns


def test_the_site_says_where_its_time_zone_came_from():
    assert site_of(SITE, None, None)["timezone_source"] == "default"
    assert site_of(SITE, None, "Europe/Berlin") == {
        "origin": SITE, "timezone": "Europe/Berlin", "timezone_source": "setting",
        "profile": None, "language": None}


def test_a_page_that_prints_no_date_takes_the_date_its_feed_gives_it():
    extracted = _extracted()
    extracted["article"]["published_raw"] = None  # (the test page's URL holds a date)
    fetch, _ = start_thread(URL, extracted, "2024-06-01T00:00:00Z", {"origin": SITE},
                            listed_date="Tue, 21 May 2024 08:00:00 +0000")
    assert fetch.item.extracted["article"]["published_raw"] == "Tue, 21 May 2024 08:00:00 +0000"


def test_a_page_s_own_date_wins_over_its_feed_s():
    extracted = _extracted()
    extracted["article"]["published_raw"] = "2024-05-20T10:00:00+02:00"
    fetch, _ = start_thread(URL, extracted, "2024-06-01T00:00:00Z", {"origin": SITE},
                            listed_date="Tue, 21 May 2024 08:00:00 +0000")
    assert fetch.item.extracted["article"]["published_raw"] == "2024-05-20T10:00:00+02:00"
