"""Blogger: detection from a post page, and the comment feed's pages read into comments
(tests/fixtures/platforms/blogger/, whose README names the format's source)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import blogger, detect_platform

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "blogger"
FEED = "https://notebook.example/feeds/4883578343044831620/comments/default"
POST_PAGE = """<!doctype html><html><head><meta content='blogger' name='generator'/>
<link rel="alternate" type="application/atom+xml" title="Notebook - Atom"
 href="https://notebook.example/feeds/posts/default" />
<link rel="alternate" type="application/atom+xml" title="Notebook - Field notes - Comments"
 href="https://notebook.example/feeds/4883578343044831620/comments/default" />
</head><body><div class='post'><h3 class='post-title'>Field notes</h3>
<span class='post-author vcard'>Posted by <a class='g-profile'
 href='https://www.blogger.com/profile/01234567890123456789'>Mira Holt</a></span></div>
</body></html>"""
THREAD = {"feed": FEED, "post_id": "4883578343044831620",
          "author_url": "https://www.blogger.com/profile/01234567890123456789"}


def _read(case: str, start: int) -> dict:
    fetch = {"url": "u", "platform": "blogger", "sort": [start], "context": {"start": start}}
    return blogger.parse(fetch, "https://notebook.example/feed", {},
                         (CASES / case / "body.json").read_bytes(), THREAD)


def test_a_blogger_post_is_detected_with_its_comment_feed_and_byline():
    found = detect_platform("https://notebook.example/2024/05/field-notes.html", {},
                            parse_html_tree(POST_PAGE))
    assert found == {"name": "blogger", "thread": THREAD}


def test_the_post_id_is_found_without_the_feed_link():
    page = ("<html><head><meta name='generator' content='Blogger'/>"
            "<meta itemprop='postId' content='42'/></head><body></body></html>")
    found = blogger.detect("https://b.example/p.html", {}, parse_html_tree(page))
    assert found["feed"] == "https://b.example/feeds/42/comments/default"


def test_a_blogger_listing_has_no_thread():
    page = "<html><head><meta name='generator' content='Blogger'/></head><body></body></html>"
    assert blogger.detect("https://b.example/", {}, parse_html_tree(page)) is None


def test_the_first_page_is_start_index_1_and_the_next_follows_the_entries_read():
    (first,) = blogger.start(THREAD, {})
    assert first["url"] == (FEED + "?alt=json&orderby=published&reverse=false"
                            "&start-index=1&max-results=50")
    page = _read("feed-first-page", 1)
    assert [n["url"] for n in page["next"]] == [FEED + "?alt=json&orderby=published"
                                               "&reverse=false&start-index=4&max-results=50"]
    assert _read("feed-last-page", 4)["next"] == []


def test_feed_entries_become_comments_with_parents_authors_and_offsets():
    comments = {c["id"]: c for c in _read("feed-first-page", 1)["comments"]}
    assert list(comments) == ["1001", "1002", "1003"]
    assert comments["1001"]["parent_id"] is None
    assert comments["1002"]["parent_id"] == "1001"
    assert comments["1001"]["published_raw"] == "2024-05-01T10:15:00.000+02:00"
    assert comments["1001"]["html"] == "Lovely notes. Where was the <b>second</b> photo taken?"
    assert comments["1001"]["user_id"] == "09876543210987654321"
    assert comments["1002"]["author_is_post_author"] is True
    assert comments["1001"]["author_is_post_author"] is False
    assert comments["1003"]["author"] == {"name": "Anonymous", "url": None}
    assert comments["1003"]["is_guest"] is True and "user_id" not in comments["1003"]


def test_a_removed_comment_is_a_tombstone_its_reply_kept():
    comments = {c["id"]: c for c in _read("feed-last-page", 4)["comments"]}
    assert comments["1004"]["status"] == "deleted"
    assert comments["1004"]["text"] == ""
    assert comments["1005"]["parent_id"] == "1004"
    assert comments["1005"]["status"] == "visible"


def test_a_post_without_comments_has_an_empty_feed():
    assert _read("feed-no-comments", 1) == {"comments": [], "next": [], "article": {}}


@pytest.mark.parametrize("body", [b"<html>Not found</html>", b'{"feed": []}',
                                  b'{"feed": {"entry": {}}}'])
def test_what_is_not_a_comment_feed_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"notebook\.example/feed"):
        blogger.parse({"context": {}}, "https://notebook.example/feed", {}, body, THREAD)


_BYLINE_XPATH = ("//*[contains(concat(' ', normalize-space(@class), ' '), ' post-author ')]"
                 "//a[contains(@href, '/profile/')]/@href")
_NESTED_BYLINES = """<html><body><div class="post-author"><a href="/profile/1">a</a>
<span class="x post-author"><a href="https://www.blogger.com/profile/2">b</a><a>no href</a>
</span></div><a href="/profile/3">outside</a><p class="post-author&#160;x">
<a href="/profile/4">not the class</a></p><p class="post-author"><b><a href="/profile/5">c</a>
</b><a href="/about/">other</a></p></body></html>"""


def test_the_bylines_profile_links_are_those_of_the_xpath_it_replaces():
    from archiver.extract.pageindex import PageIndex

    from ..test_pageindex import _fixture_trees

    for tree in [parse_html_tree(_NESTED_BYLINES), parse_html_tree(POST_PAGE),
                 *_fixture_trees()]:
        assert blogger._profile_links(PageIndex(tree)) == tree.xpath(_BYLINE_XPATH)
