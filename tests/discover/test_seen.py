from collections import Counter

from archiver.discover.links import decide_links, follow_targets
from archiver.discover.seen import SeenURLs

SITE = "https://mag.example"


def test_seen_urls_remembers_every_url_across_growth_in_8_bytes_a_slot():
    seen = SeenURLs()
    urls = [f"https://mag.example/2024/{n}/" for n in range(20_000)]
    assert all(seen.add(url) for url in urls)
    assert len(seen) == 20_000
    assert all(url in seen for url in urls)
    assert "https://mag.example/2024/20000/" not in seen
    assert not seen.add(urls[123])
    # At most half full, 8 bytes a slot: 8-16 bytes per URL.
    assert 8 * len(seen) < seen.nbytes <= 32 * len(seen)


def test_a_link_the_crawl_requested_already_is_counted_seen_not_followed():
    seen = SeenURLs()
    seen.add("https://mag.example/a/")
    links = ["https://mag.example/a/#comments", "https://mag.example/b/",
             "https://mag.example/b/?utm_source=x", "https://mag.example/c/12/flag/"]
    skipped: Counter[str] = Counter()
    targets = follow_targets(links, SITE, skipped=skipped, seen=seen)
    assert targets["page"] == ["https://mag.example/b/"]
    assert skipped == Counter({"seen/page": 2, "action/flag": 1})


def test_decide_links_explains_every_link_of_a_page_in_order():
    links = ["https://mag.example/a/", "https://mag.example/a/", "https://other.example/",
             "https://mag.example/a/comment-page-2/", "https://mag.example/?replytocom=3",
             "mailto:x@mag.example"]
    got = [(d.url, d.decision, d.kind, d.reason) for d in decide_links(links, SITE)]
    assert got == [
        ("https://mag.example/a/", "follow", "page", "page"),
        ("https://mag.example/a/", "seen", "page", "page"),
        ("https://other.example/", "skip", "offsite", "offsite"),
        ("https://mag.example/a/comment-page-2/", "thread", "comment_page", "comment_page"),
        ("https://mag.example/?replytocom=3", "skip", "action", "reply"),
        ("mailto:x@mag.example", "skip", "skip", "scheme"),
    ]
