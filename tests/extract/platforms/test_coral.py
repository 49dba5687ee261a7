"""Coral Talk: detection from createStreamEmbed, the POSTed story and reply queries,
cursor paging at every depth, deleted and edited comments (tests/fixtures/platforms/coral/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import coral, detect_platform

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "coral"
URL = "https://news.example.com/2023/02/story.html"
EMBED = """<html><head><link rel="canonical" href="https://news.example.com/story"></head>
<body><article>x</article><div id="coral_thread"></div>
<script type="text/javascript">
  (function() {
    var d = document, s = d.createElement('script');
    s.src = 'https://coral.example.com/assets/js/embed.js';
    s.async = false; s.defer = true;
    s.onload = function() {
      Coral.createStreamEmbed({
        id: "coral_thread",
        autoRender: true,
        rootURL: 'https://coral.example.com',
        {story}
      });
    };
    (d.head || d.body).appendChild(s);
  })();
</script></body></html>"""
ROOT = "https://coral.example.com/api/graphql"


def _parse(fetch: dict, case: str) -> dict:
    return coral.parse(fetch, ROOT, {}, (CASES / case / "body.json").read_bytes(), {"root": "x"})


def test_the_embed_names_the_root_and_story_and_the_query_is_posted():
    page = EMBED.replace("{story}", "storyID: 'story-42', storyURL: 'https://news.example.com/s'")
    found = detect_platform(URL, {}, parse_html_tree(page))
    assert found == {"name": "coral", "thread": {"root": "https://coral.example.com",
                                                 "story_id": "story-42",
                                                 "story_url": "https://news.example.com/s"}}
    (first,) = coral.start(found["thread"], {})
    assert (first["url"], first["method"]) == (ROOT, "POST")
    body = json.loads(first["body"])
    assert "story(id: $id, url: $url)" in body["query"]
    assert body["variables"] == {"id": "story-42", "url": "https://news.example.com/s",
                                 "first": 20, "after": None}


def test_without_a_story_the_canonical_url_is_the_story():
    found = coral.detect(URL, {}, parse_html_tree(EMBED.replace("{story}", "")))
    assert (found["story_id"], found["story_url"]) == (None, "https://news.example.com/story")


def test_a_story_page_gives_its_comments_their_reply_queries_and_the_next_page():
    fetch = coral.start({"root": "https://coral.example.com", "story_id": "s"}, {})[0]
    page = _parse(fetch, "story-1")
    first, gone = page["comments"]
    assert (first["author"]["name"], first["user_id"], first["edited"], first["likes"]) == (
        "reader_one", "u-1", True, 5)
    assert first["published_raw"] == "2023-02-01T10:00:00.000Z"
    assert (gone["status"], gone["text"], gone["author"]["name"]) == ("deleted", "", None)
    replies, following = page["next"]
    assert json.loads(replies["body"])["variables"] == {
        "id": "a1000000-0000-4000-8000-000000000001", "first": 50, "after": None}
    assert replies["sort"] == [1, 0, 0] and following["sort"] == [2]
    assert json.loads(following["body"])["variables"]["after"] == "2023-02-01T11:00:00.000Z"


def test_replies_name_their_parent_and_ask_for_their_own_replies():
    fetch = {"sort": [1, 0, 0], "context": {"step": "replies",
                                            "comment": "a1000000-0000-4000-8000-000000000001"}}
    page = _parse(fetch, "replies-k1")
    assert [(c["id"][-1], c["parent_id"][-1]) for c in page["comments"]] == [("1", "1"), ("2", "1")]
    (deeper,) = page["next"]
    assert deeper["sort"] == [1, 0, 0, 0, 0]
    assert json.loads(deeper["body"])["variables"]["id"] == "b2000000-0000-4000-8000-000000000001"


def test_a_graphql_error_is_a_clear_error():
    with pytest.raises(ExtractError, match="Story not found"):
        _parse({"context": {"step": "story", "page": 1}}, "error")


@pytest.mark.parametrize("body", [b"<html>502</html>", b'{"data": {"story": {"comments": 1}}}'])
def test_what_is_not_a_connection_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"coral\.example\.com"):
        coral.parse({"context": {"step": "story", "page": 1}}, ROOT, {}, body, {})
