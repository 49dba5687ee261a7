"""Substack: detection from the page's preloads, the nested thread, deleted comments and
replies served in part (tests/fixtures/platforms/substack/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, substack

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "substack"
THREAD = {"origin": "https://lettersfrom.example", "post_id": 141592653}
PRELOADS = {"isEU": False, "language": "en", "pub": {"id": 1789012, "subdomain": "letters"},
            "post": {"id": 141592653, "slug": "the-census", "title": "The census"}}
# How a Substack post page hands its state to the web client: a JSON string in JSON.parse.
PAGE = f"""<html><head>
<link rel="preconnect" href="https://substackcdn.com"></head><body><div id="entry"></div>
<script>window._preloads        = JSON.parse({json.dumps(json.dumps(PRELOADS))})</script>
<script src="https://substackcdn.com/bundle/static/js/main.a1b2c3.js"></script>
</body></html>"""
BODY = (CASES / "comments" / "body.json").read_bytes()


def _read(body: bytes = BODY) -> dict:
    return substack.parse({"sort": [0], "context": {}}, "https://lettersfrom.example/api/v1/x",
                          {}, body, THREAD)


def test_the_preloads_name_the_post_on_any_domain():
    found = detect_platform("https://lettersfrom.example/p/the-census", {},
                            parse_html_tree(PAGE))
    assert found == {"name": "substack", "thread": THREAD}
    (first,) = substack.start(THREAD, {})
    assert first["url"] == ("https://lettersfrom.example/api/v1/post/141592653/comments"
                            "?token=&all_comments=true&sort=oldest_first")


def test_an_older_literal_preloads_object_is_read_and_another_sites_is_not():
    literal = PAGE.replace(f"JSON.parse({json.dumps(json.dumps(PRELOADS))})",
                           json.dumps(PRELOADS))
    assert substack.detect("https://l.example/p/x", {}, parse_html_tree(literal))[
        "post_id"] == 141592653
    other = ("<html><body><script>window._preloads = JSON.parse('{}')"
             "</script><script>window._preloads = {\"post\": {\"id\": 7}}</script>"
             "</body></html>")
    assert substack.detect("https://shop.example/", {}, parse_html_tree(other)) is None


def test_the_nested_thread_is_read_with_parents_authors_and_dates():
    comments = _read()["comments"]
    assert [(c["id"], c["parent_id"]) for c in comments] == [
        ("51234001", None), ("51234017", "51234001"), ("51234050", "51234017"),
        ("51234077", "51234050"), ("51234120", None)]
    first, reply = comments[0], comments[1]
    assert (first["author"]["name"], first["author"]["url"], first["user_id"]) == (
        "Jonah Feld", "https://substack.com/@jonahfeld", "1234567")
    assert first["published_raw"] == "2024-03-02T09:14:11.052Z"
    assert first["likes"] == 12
    assert first["html"] == ("<p>First paragraph, on the archive.</p><p>Second paragraph<br>"
                             "with a line break &amp; an ampersand.</p>")
    assert (reply["author_is_post_author"], reply["edited"]) == (True, True)


def test_a_deleted_comment_is_a_tombstone_under_which_replies_stay():
    comments = {c["id"]: c for c in _read()["comments"]}
    gone = comments["51234050"]
    assert (gone["status"], gone["text"], gone["author"]["name"], gone.get("user_id")) == (
        "deleted", "", None, None)
    assert comments["51234077"]["parent_id"] == "51234050"


def test_replies_served_in_part_leave_the_thread_incomplete_and_say_so():
    data = json.loads(BODY)
    data["comments"][1]["children_count"] = 3
    page = _read(json.dumps(data).encode())
    assert page["incomplete"] == "replies were served in part for comment(s) 51234120 (0 of 3)"
    assert "incomplete" not in _read()


@pytest.mark.parametrize("body", [b"<html>Too many requests</html>", b'{"error": "x"}'])
def test_what_is_not_a_comments_answer_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"lettersfrom\.example/api/v1/x"):
        _read(body)
