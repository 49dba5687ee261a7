"""Hyvor Talk: detection from both embed generations (the v3 ``<hyvor-talk-comments>``
element and the older ``#hyvor-talk-view`` with ``HYVOR_TALK_WEBSITE``), the one ``/init``
POST, the thread rebuilt from ``list``/``indexed`` with replies under their parents, what
is left to load (``has_more_ids``) and bad answers (tests/fixtures/platforms/hyvor/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, hyvor

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "hyvor"
URL = "https://blog.example.com/engine-notes/"
INIT = "https://talk.hyvor.com/api/embed/v3/14/init"


def _page(embed: str) -> str:
    return f"<html><body><article><p>Text</p></article>{embed}</body></html>"


def _parse(body: bytes) -> dict:
    return hyvor.parse({"context": {}}, INIT, {}, body, {})


def _case(case: str) -> dict:
    return _parse((CASES / case / "body.json").read_bytes())


def test_the_v3_element_gives_the_website_and_page_the_embed_posts_to_init():
    tree = parse_html_tree(_page(
        '<script async src="https://talk.hyvor.com/embed/embed.js" type="module"></script>'
        '<hyvor-talk-comments website-id="14" page-id="engine-notes" page-title="Engine notes">'
        '</hyvor-talk-comments>'))
    found = detect_platform(URL, {}, tree)
    assert found == {"name": "hyvor-talk", "thread": {
        "origin": "https://talk.hyvor.com", "website_id": 14, "embed": "v3",
        "page": {"identifier": "engine-notes", "url": None, "title": "Engine notes",
                 "language": None, "author": None}}}
    (first,) = hyvor.start(found["thread"], {})
    assert (first["url"], first["method"]) == (INIT, "POST")
    assert first["headers"] == {"Content-Type": "application/json;charset=UTF-8"}
    assert json.loads(first["body"]) == {"page": {
        "identifier": "engine-notes", "url": None, "title": "Engine notes", "language": None,
        "author": None}, "sso": None}


def test_ht_domain_is_the_server_and_a_page_without_id_or_url_is_sent_by_its_url():
    tree = parse_html_tree(_page('<hyvor-talk-comments website-id="3" '
                                 'ht-domain="https://talk.example.net/"></hyvor-talk-comments>'))
    thread = hyvor.detect(URL + "#comments", {}, tree)
    assert (thread["origin"], thread["page"]["url"]) == ("https://talk.example.net", URL)
    assert hyvor.start(thread, {})[0]["url"] == "https://talk.example.net/api/embed/v3/3/init"


def test_the_older_embed_is_read_from_its_globals():
    tree = parse_html_tree(_page(
        '<div id="hyvor-talk-view"></div><script type="text/javascript">'
        'var HYVOR_TALK_WEBSITE = 4521;\nvar HYVOR_TALK_CONFIG = {\n  url: false,\n'
        "  id: 'post-42'\n};</script>"
        '<script async type="text/javascript" src="//talk.hyvor.com/web-api/embed"></script>'))
    assert detect_platform(URL, {}, tree) == {"name": "hyvor-talk", "thread": {
        "origin": "https://talk.hyvor.com", "website_id": 4521, "embed": "hyvor-talk-view",
        "page": {"identifier": "post-42", "url": URL, "title": None, "language": None,
                 "author": None}}}


def test_an_embed_without_a_website_id_is_unreadable_not_silent():
    tree = parse_html_tree(_page('<div id="hyvor-talk-view"></div>'
                                 '<script>var HYVOR_TALK_CONFIG = {id: "x"};</script>'))
    assert detect_platform(URL, {}, tree) == {
        "name": "hyvor-talk", "thread": {}, "adapter": False, "reason": "unreadable"}


def test_the_thread_is_each_top_level_comment_followed_by_its_replies():
    result = _case("init")
    comments = result["comments"]
    assert [(c["id"], c["parent_id"]) for c in comments] == [
        ("101", None), ("102", "101"), ("103", "102"), ("104", None)]
    ada, bob, _, _ = comments
    assert (ada["author"], ada["user_id"], ada["likes"]) == (
        {"name": "Ada Lovelace", "url": "https://ada.example.org"}, "hyvor:901", 3)
    assert ada["published_raw"] == "2020-03-05T10:00:00Z"  # created_at is UNIX seconds
    assert "<strong>first</strong>" in ada["html"] and ada["status"] == "visible"
    assert (bob["author"], bob["user_id"]) == ({"name": "Bob", "url": None}, "sso:77")
    assert (result["next"], result.get("incomplete")) == ([], None)


def test_lists_with_more_to_load_leave_the_thread_incomplete_naming_them():
    result = _case("more")
    assert [(c["id"], c["parent_id"]) for c in result["comments"]] == [
        ("201", None), ("202", "201")]
    assert result["next"] == []
    assert "the top level, comment 201" in result["incomplete"]


def test_an_id_listed_without_its_comment_is_said_never_dropped_silently():
    data = json.loads((CASES / "init" / "body.json").read_bytes())
    del data["comments"]["indexed"]["102"]  # its reply 103 cannot be reached either
    result = _parse(json.dumps(data).encode())
    assert [c["id"] for c in result["comments"]] == ["101", "104"]
    assert result["incomplete"] == "Hyvor Talk: listed without a comment: 102"


@pytest.mark.parametrize("body", [b"<html>502</html>", b"[]", b'{"page": {}}',
                                  b'{"error": "Website not found"}',
                                  b'{"comments": {"list": [], "indexed": {}}}'])
def test_what_is_not_an_init_answer_is_a_one_line_error(body):
    with pytest.raises(ExtractError, match=r"talk\.hyvor\.com/api/embed/v3/14/init") as info:
        _parse(body)
    assert "\n" not in str(info.value)


def test_the_error_hyvor_names_is_in_the_message():
    with pytest.raises(ExtractError, match=r"\(Website not found\)"):
        _parse(b'{"error": "Website not found"}')
