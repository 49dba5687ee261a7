"""Ghost: detection from the comments-ui script, pages of comments with their first
replies, the replies endpoint, deleted comments (tests/fixtures/platforms/ghost/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, ghost

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "ghost"
POST_ID = "6650a0c1c3b2a1000183a0aa"
THREAD = {"site": "https://notes.example/", "post_id": POST_ID}
# What Ghost's {{comments}} helper prints (core/frontend/helpers/comments.js).
PAGE = f"""<html><body><article><h1>Post</h1></article>
<script defer src="https://cdn.jsdelivr.net/ghost/comments-ui@~1.0/umd/comments-ui.min.js"
 data-ghost-comments="https://notes.example/" data-api="https://notes.example/ghost/api/content/"
 data-admin="https://notes.example/ghost/" data-key="8a13e02a4f2b1c9d7e6f5a4b3c"
 data-title="" data-count="true" data-post-id="{POST_ID}" data-color-scheme="auto"
 data-avatar-saturation="60" data-accent-color="#FF1A75" data-comments-enabled="all"
 data-publication="Notes" crossorigin="anonymous"></script></body></html>"""
FIRST, SECOND, THIRD = "6650a1f0c3b2a1000183a001", "6650a1e0c3b2a1000183a002", \
    "6650a1d0c3b2a1000183a003"
R1, R2, R3 = "6650a2a0c3b2a1000183a011", "6650a2b0c3b2a1000183a012", "6650a2c0c3b2a1000183a013"


def _read(case: str, fetch: dict) -> dict:
    return ghost.parse(fetch, "https://notes.example/members/api/x", {},
                       (CASES / case / "body.json").read_bytes(), THREAD)


def test_the_comments_script_names_the_site_and_post():
    found = detect_platform("https://notes.example/a-post/", {}, parse_html_tree(PAGE))
    assert found == {"name": "ghost", "thread": THREAD}
    (first,) = ghost.start(THREAD, {})
    assert first["url"] == (f"https://notes.example/members/api/comments/post/{POST_ID}/"
                            "?limit=20&page=1")


def test_the_script_without_a_post_id_is_unreadable_not_empty():
    page = PAGE.replace(f' data-post-id="{POST_ID}"', "")
    found = detect_platform("https://notes.example/a-post/", {}, parse_html_tree(page))
    assert (found["name"], found["adapter"], found["reason"]) == ("ghost", False, "unreadable")


def test_a_page_gives_comments_replies_and_the_next_page_with_the_clients_filter():
    page = _read("comments-page-1", {"sort": [1], "context": {"step": "comments", "page": 1}})
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [
        (FIRST, None), (R1, FIRST), (R2, FIRST), (R3, R1),
        (SECOND, None), ("6650a2d0c3b2a1000183a014", SECOND)]
    first = page["comments"][0]
    assert (first["author"]["name"], first["user_id"], first["likes"], first["edited"]) == (
        "Mr Egg", "6650a0e5c3b2a1000183a0f1", 2, False)
    assert first["published_raw"] == "2024-05-24T10:12:00.000Z"
    assert page["comments"][3]["edited"] is True
    replies, following = page["next"]
    assert replies["url"].startswith(f"https://notes.example/members/api/comments/{FIRST}/"
                                     "replies/?")
    assert parse_qs(urlsplit(replies["url"]).query) == {"limit": ["100"],
                                                        "filter": [f"id:>'{R3}'"]}
    assert replies["sort"] == [1, 1, 1]
    assert parse_qs(urlsplit(following["url"]).query) == {
        "limit": ["20"], "filter": ["created_at:<=2024-05-24T10:12:00.000Z"], "page": ["2"]}


def test_a_deleted_comment_is_a_tombstone_that_keeps_its_replies():
    page = _read("comments-page-1", {"sort": [1], "context": {"step": "comments", "page": 1}})
    deleted = {c["id"]: c for c in page["comments"]}[SECOND]
    assert (deleted["status"], deleted["text"], deleted["author"]["name"]) == (
        "deleted", "", None)


def test_the_last_page_and_the_replies_end_the_thread():
    last = _read("comments-page-2", {"sort": [2], "context": {
        "step": "comments", "page": 2, "first_at": "2024-05-24T10:12:00.000Z"}})
    assert [c["id"] for c in last["comments"]] == [THIRD] and last["next"] == []
    assert last["comments"][0]["text"] == "This is a message\n\nNew line"
    replies = _read("replies", {"sort": [1, 1, 1], "context": {"step": "replies",
                                                               "parent": FIRST}})
    assert [(c["id"], c["parent_id"]) for c in replies["comments"]] == [
        ("6650a2e0c3b2a1000183a015", R2)]
    assert replies["next"] == []


@pytest.mark.parametrize("body", [b"<html>Ghost 502</html>", b'{"errors": []}', b"[]"])
def test_what_is_not_a_comments_answer_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"notes\.example/members/api/x"):
        ghost.parse({"context": {"step": "comments"}}, "https://notes.example/members/api/x",
                    {}, body, THREAD)
