"""LinkFollower: a page's links become the few requests worth sending, every decision
counted, a crawl-trap bound recorded once per URL shape."""

from __future__ import annotations

from collections import Counter

from archiver.crawl.follow import LinkFollower
from archiver.discover.seen import SeenURLs
from archiver.discover.traps import TrapGuard

SITE = "https://mag.example"


def _follower(traps: TrapGuard | None = None, wanted=lambda url: True):
    counts: Counter = Counter()
    gauges: dict = {}

    def count(key: str, n: int = 1) -> None:
        counts[key] += n

    follower = LinkFollower(SITE, traps or TrapGuard(), SeenURLs(), count, wanted,
                            gauge=gauges.__setitem__)
    return follower, counts, gauges


def _found(*links: str, feeds: tuple[str, ...] = ()) -> dict:
    return {"links": list(links), "feeds": list(feeds), "nofollow": [], "comment_pages": []}


def test_links_repeated_across_pages_become_one_request_each():
    follower, counts, gauges = _follower()
    first = follower.follow(f"{SITE}/", b"<html>1</html>", False,
                            _found(f"{SITE}/a/", f"{SITE}/a/", f"{SITE}/b/"), depth=1)
    again = follower.follow(f"{SITE}/page/2/", b"<html>2</html>", False,
                            _found(f"{SITE}/a/", f"{SITE}/c/"), depth=2)
    assert first.pages == [f"{SITE}/a/", f"{SITE}/b/"] and first.depth == 1
    assert again.pages == [f"{SITE}/c/"] and again.depth == 2
    assert counts["archiver/links/found"] == 5
    assert counts["archiver/links/followed/page"] == 3
    assert counts["archiver/links/skipped/seen/page"] >= 1
    assert gauges["archiver/links/requested_urls"] == 3


def test_action_and_offsite_links_are_never_followed_but_counted():
    follower, counts, _ = _follower()
    follow = follower.follow(f"{SITE}/", b"<html></html>", False, _found(
        f"{SITE}/a/?replytocom=12", f"{SITE}/wp-login.php", "https://elsewhere.example/x/",
        f"{SITE}/a/"), depth=1)
    assert follow.pages == [f"{SITE}/a/"]
    assert counts["archiver/links/skipped/offsite/offsite"] == 1
    assert sum(v for k, v in counts.items() if k.startswith("archiver/links/skipped/action/")) == 2


def test_feeds_and_sitemaps_are_their_own_requests():
    follower, _, _ = _follower()
    follow = follower.follow(f"{SITE}/", b"<html></html>", False,
                             _found(f"{SITE}/sitemap.xml", feeds=(f"{SITE}/feed/",)), depth=1)
    assert (follow.feeds, follow.sitemaps, follow.pages) == (
        [f"{SITE}/feed/"], [f"{SITE}/sitemap.xml"], [])


def test_pages_the_crawl_does_not_want_are_left_out():
    follower, _, _ = _follower(wanted=lambda url: "/private/" not in url)
    follow = follower.follow(f"{SITE}/", b"<html></html>", False,
                             _found(f"{SITE}/private/a/", f"{SITE}/b/"), depth=1)
    assert follow.pages == [f"{SITE}/b/"]


def test_a_link_past_the_depth_bound_is_stopped_and_recorded_once_per_shape():
    follower, counts, _ = _follower(TrapGuard(max_depth=2))
    follow = follower.follow(f"{SITE}/deep/", b"<html></html>", False,
                             _found(f"{SITE}/x/1/", f"{SITE}/x/2/"), depth=3)
    assert follow.pages == []
    assert [e.kind for e in follow.errors] == ["trap"]  # one row for the shape
    assert sum(v for k, v in counts.items() if k.startswith("archiver/traps/")) == 2
