"""Discourse: detection from its embed snippet, the topic's first chunk, posts.json batches
served out of order or partially, and deleted posts (tests/fixtures/platforms/discourse/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, discourse

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "discourse"
THREAD = {"base": "https://forum.example.com/", "topic": 280}
EMBED = """<html><body><div id='discourse-comments'></div><script type="text/javascript">
  DiscourseEmbed = { discourseUrl: 'https://forum.example.com/', topicId: 280 };
  (function() { var d = document.createElement('script'); d.type = 'text/javascript';
  d.async = true; d.src = DiscourseEmbed.discourseUrl + 'javascripts/embed.js';
  (document.getElementsByTagName('head')[0]).appendChild(d); })();</script></body></html>"""
TAIL = [3651, 3654, 3655, 3658]


def _read(case: str, context: dict) -> dict:
    return discourse.parse({"context": context}, "https://forum.example.com/t/280.json", {},
                           (CASES / case / "body.json").read_bytes(), THREAD)


def test_the_embed_snippet_names_the_forum_and_topic():
    found = detect_platform("https://blog.example/post/", {}, parse_html_tree(EMBED))
    assert found == {"name": "discourse", "thread": THREAD}
    (first,) = discourse.start(THREAD, {})
    assert first["url"] == "https://forum.example.com/t/280.json"


def test_the_first_chunk_is_read_and_the_rest_asked_for_by_id():
    page = _read("topic", {"step": "topic"})
    # Post 1 is the embedded article itself; replies to it are top-level comments.
    assert [c["id"] for c in page["comments"]] == ["2", "3", "4"]
    assert {c["parent_id"] for c in page["comments"]} == {None}
    (batch,) = page["next"]
    assert batch["url"] == ("https://forum.example.com/t/280/posts.json?"
                            + "&".join(f"post_ids%5B%5D={i}" for i in TAIL))
    assert batch["context"] == {"step": "posts", "ids": TAIL}
    tim = page["comments"][0]
    assert (tim["author"]["name"], tim["user_id"], tim["likes"], tim["edited"]) == (
        "Tim Stone", "9", 4, True)
    assert tim["published_raw"] == "2013-02-05T21:32:47.649Z"


def test_a_batch_served_out_of_order_is_read_in_post_order_with_its_parents():
    page = _read("posts-batch", {"step": "posts", "ids": TAIL})
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [
        ("5", "3"), ("6", "5"), ("7", "6"), ("8", "7")]
    assert "incomplete" not in page and page["next"] == []


def test_a_partial_batch_says_what_is_missing_and_a_deleted_post_is_a_tombstone():
    page = _read("posts-partial", {"step": "posts", "ids": TAIL})
    comments = {c["id"]: c for c in page["comments"]}
    assert set(comments) == {"5", "6", "7"}
    assert comments["6"]["status"] == "deleted"
    assert comments["6"]["text"] == "" and comments["6"]["author"]["name"] is None
    assert comments["7"]["parent_id"] == "6"
    assert page["incomplete"] == "1 of 4 posts asked for were not served (3658)"


@pytest.mark.parametrize("body", [b"<html>502</html>", b'{"post_stream": {}}', b"[]"])
def test_what_is_not_a_post_stream_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"forum\.example\.com/t/280\.json"):
        discourse.parse({"context": {"step": "topic"}}, "https://forum.example.com/t/280.json",
                        {}, body, THREAD)
