"""Commento: detection from its embed snippet, the one POSTed list request, replies by
parentHex, deleted comments and refusals (tests/fixtures/platforms/commento/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import commento, detect_platform

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "commento"
URL = "https://blog.example.com/engine-notes/"
H1, H2, H3, H4 = ("3a0b1c2d", "4b1c2d3e", "5c2d3e4f", "6d3e4f50")


def _page(script: str) -> str:
    return (f"<html><body><article><p>Text</p></article><div id='commento'></div>{script}"
            "</body></html>")


def _parse(case: str) -> dict:
    return commento.parse({"context": {}}, "https://commento.io/api/comment/list", {},
                          (CASES / case / "body.json").read_bytes(), {})


def test_the_hosted_snippet_reads_from_commento_io_with_the_page_path():
    tree = parse_html_tree(_page('<script defer src="https://cdn.commento.io/js/commento.js">'
                                 '</script>'))
    found = detect_platform(URL, {}, tree)
    assert found == {"name": "commento", "thread": {
        "origin": "https://commento.io", "domain": "blog.example.com", "path": "/engine-notes/"}}
    (first,) = commento.start(found["thread"], {})
    assert (first["url"], first["method"]) == ("https://commento.io/api/comment/list", "POST")
    assert json.loads(first["body"]) == {"commenterToken": "anonymous",
                                         "domain": "blog.example.com", "path": "/engine-notes/"}


def test_a_self_hosted_server_and_data_page_id_are_what_the_client_sends():
    tree = parse_html_tree(_page('<script src="https://talk.example.net/js/commento.js" '
                                 'data-page-id="/posts/42"></script>'))
    assert commento.detect(URL, {}, tree) == {
        "origin": "https://talk.example.net", "domain": "blog.example.com", "path": "/posts/42"}


def test_the_list_becomes_the_thread_with_parents_authors_and_a_tombstone():
    comments = _parse("list")["comments"]
    assert [(c["id"][:8], (c["parent_id"] or "")[:8]) for c in comments] == [
        (H1, ""), (H2, H1), (H3, ""), (H4, H3)]
    ada, bob, gone, orphan = comments
    assert (ada["author"], ada["likes"], ada["is_guest"]) == (
        {"name": "Ada Lovelace", "url": "https://ada.example.org"}, 3, False)
    assert ada["published_raw"] == "2020-03-05T10:00:00.123456Z"
    assert "first" in ada["text"] and "<strong>" in ada["html"]
    assert bob["author"] == {"name": "Bob", "url": None}  # link "undefined"
    assert (gone["status"], gone["text"], gone["author"]["name"]) == ("deleted", "", None)
    assert (orphan["is_guest"], orphan["author"]["name"]) == (True, "Anonymous")


def test_a_refusal_is_a_clear_error_naming_commentos_message():
    with pytest.raises(ExtractError, match="not registered with Commento"):
        _parse("refused")


@pytest.mark.parametrize("body", [b"<html>502</html>", b"[]", b'{"success": true, "comments": 3}'])
def test_what_is_not_a_comment_list_is_a_clear_error(body):
    with pytest.raises(ExtractError, match=r"commento\.io/api/comment/list"):
        commento.parse({}, "https://commento.io/api/comment/list", {}, body, {})
