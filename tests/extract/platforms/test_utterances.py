"""utterances: detection from its client.js tag, the issue search, comment pages followed
by the Link header, flat comments (tests/fixtures/platforms/utterances/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, utterances

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "utterances"
URL = "https://blog.example.com/engine-notes.html"
SNIPPET = """<html><head><title>Engine notes</title></head><body><article>x</article>
<script src="https://utteranc.es/client.js" repo="octo/blog-comments" {attrs}
  theme="github-light" crossorigin="anonymous" async></script></body></html>"""
CONFIG = {"github_api_base": "https://api.github.com/", "github_token": None}
THREAD = {"repo": "octo/blog-comments", "term": "engine-notes"}
API = "https://api.github.com/repos/octo/blog-comments/issues/12/comments"


def _body(case: str) -> bytes:
    return (CASES / case / "body.json").read_bytes()


def test_an_issue_term_is_searched_for_as_the_widget_does():
    found = detect_platform(URL, {}, parse_html_tree(SNIPPET.format(attrs='issue-term="pathname"')))
    assert found == {"name": "utterances", "thread": THREAD}
    (search,) = utterances.start(THREAD, CONFIG)
    parts = urlsplit(search["url"])
    assert parts.path == "/search/issues"
    assert parse_qs(parts.query) == {
        "q": ['"engine-notes" type:issue in:title repo:octo/blog-comments'],
        "sort": ["created"], "order": ["asc"]}


def test_an_issue_number_goes_straight_to_its_comments_with_a_token_if_given():
    tree = parse_html_tree(SNIPPET.format(attrs='data-issue-number="12"'))
    thread = utterances.detect(URL, {}, tree)
    assert thread == {"repo": "octo/blog-comments", "number": 12}
    (first,) = utterances.start(thread, {**CONFIG, "github_token": "t0k"})
    assert first["url"] == API + "?page=1&per_page=100"
    assert first["headers"]["Authorization"] == "token t0k"
    assert "html+json" in first["headers"]["Accept"]


def test_the_search_picks_the_issue_whose_title_holds_the_term():
    page = utterances.parse({"context": {"step": "search"}}, "https://api.github.com/search/issues",
                            {}, _body("search"), THREAD, CONFIG)
    assert page["comments"] == [] and [f["url"] for f in page["next"]] == [
        API + "?page=1&per_page=100"]
    none = utterances.parse({"context": {"step": "search"}}, "https://api.github.com/search/issues",
                            {}, _body("search-none"), THREAD, CONFIG)
    assert none == {"comments": [], "next": [], "article": {}}


def test_comment_pages_follow_the_link_header_and_are_flat():
    second = f"{API}?page=2&per_page=100"
    link = {"Link": f'<{second}>; rel="next", <{second}>; rel="last"'}
    first = utterances.parse({"context": {"step": "comments", "issue": 12, "page": 1}}, API, link,
                             _body("comments-1"), THREAD, CONFIG)
    mona, hubot = first["comments"]
    assert (mona["id"], mona["parent_id"], mona["author"], mona["user_id"], mona["likes"]) == (
        "1010001", None, {"name": "mona", "url": "https://github.com/mona"}, "583231", 2)
    assert mona["published_raw"] == "2022-01-10T09:00:00Z"
    assert hubot["text"] == "Agreed, see this."
    (following,) = first["next"]
    assert (following["url"], following["sort"]) == (API + "?page=2&per_page=100", [2])
    last = utterances.parse(following, API, {}, _body("comments-2"), THREAD, CONFIG)
    assert [c["id"] for c in last["comments"]] == ["1010003"] and last["next"] == []


def test_githubs_recorded_search_and_markdown_comments_are_read():
    thread = {"repo": "octokit-fixture-org/search-issues", "term": "sesame"}
    found = utterances.parse({"context": {"step": "search"}},
                             "https://api.github.com/search/issues", {},
                             _body("search-recorded"), thread, CONFIG)
    # The first issue whose title holds the term, as the widget picks it (case-insensitive).
    assert found["next"][0]["url"] == ("https://api.github.com/repos/octokit-fixture-org/"
                                       "search-issues/issues/2/comments?page=1&per_page=100")
    page = utterances.parse({"context": {"step": "comments", "issue": 28, "page": 1}}, API, {},
                            _body("comments-recorded"), thread, CONFIG)
    first, second = page["comments"]
    assert (first["id"], first["author"]["name"], first["published_raw"]) == (
        "5449237", "jacquev6", "2012-05-01T22:03:59Z")
    assert first["text"].startswith("Thank you for the suggestion.")
    assert (second["user_id"], second["author"]["url"], page["next"]) == ("328726", None, [])


@pytest.mark.parametrize("body", [b"<html>403</html>", b'{"message": "API rate limit exceeded"}'])
def test_what_is_not_a_comment_list_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"api\.github\.com"):
        utterances.parse({"context": {"step": "comments", "issue": 12}}, API, {}, body, THREAD,
                         CONFIG)
