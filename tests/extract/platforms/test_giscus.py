"""giscus: detection from its client.js tag and each mapping, paging by endCursor, replies,
deleted, minimized and edited comments, replies not all served
(tests/fixtures/platforms/giscus/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, giscus

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "giscus"
URL = "https://blog.example.com/posts/engine-notes.html#top"
SNIPPET = """<html><head><title>Engine notes</title>
<meta property="og:title" content="Engine notes (og)"></head><body><article>x</article>
<script src="https://giscus.app/client.js" data-repo="octo/blog" data-repo-id="R_kgDOAbCdEs"
  data-category="Announcements" data-category-id="DIC_kwDOAbCdEs4CAbCd"
  data-mapping="{mapping}" {term} data-strict="{strict}" data-reactions-enabled="1"
  data-theme="preferred_color_scheme" crossorigin="anonymous" async></script></body></html>"""
THREAD = {"origin": "https://giscus.app", "repo": "octo/blog", "category": "Announcements",
          "strict": False, "term": "posts/engine-notes"}


def _tree(mapping: str, term: str = "", strict: str = "0"):
    return parse_html_tree(SNIPPET.format(mapping=mapping, strict=strict,
                                          term=f'data-term="{term}"' if term else ""))


def _parse(case: str, page: int = 1) -> dict:
    return giscus.parse({"context": {"page": page}}, "https://giscus.app/api/discussions", {},
                        (CASES / case / "body.json").read_bytes(), THREAD)


def test_the_pathname_mapping_is_the_path_without_slash_or_extension():
    found = detect_platform(URL, {}, _tree("pathname"))
    assert found == {"name": "giscus", "thread": THREAD}
    (first,) = giscus.start(THREAD, {})
    parts = urlsplit(first["url"])
    assert (parts.netloc, parts.path) == ("giscus.app", "/api/discussions")
    assert parse_qs(parts.query) == {"repo": ["octo/blog"], "term": ["posts/engine-notes"],
                                     "category": ["Announcements"], "strict": ["false"],
                                     "first": ["15"]}


@pytest.mark.parametrize(("mapping", "term", "expected"), [
    ("url", "", {"term": "https://blog.example.com/posts/engine-notes.html"}),
    ("title", "", {"term": "Engine notes"}),
    ("og:title", "", {"term": "Engine notes (og)"}),
    ("specific", "my-term", {"term": "my-term"}),
    ("number", "7", {"number": 7}),
])
def test_every_mapping_gives_the_term_the_widget_would(mapping, term, expected):
    found = giscus.detect(URL, {}, _tree(mapping, term, strict="1"))
    assert {k: found[k] for k in expected} == expected and found["strict"] is True


def test_the_first_page_has_replies_an_edit_a_tombstone_and_a_next_cursor():
    page = _parse("page-1")
    assert [(c["id"][-4:], (c["parent_id"] or "")[-4:]) for c in page["comments"]] == [
        ("AQAB", ""), ("AQBB", "AQAB"), ("AQBC", "AQAB"), ("AQAC", "")]
    mona, hubot, _again, gone = page["comments"]
    assert (mona["author"], mona["likes"], mona["edited"], mona["user_id"]) == (
        {"name": "mona", "url": "https://github.com/mona"}, 4, True, "mona")
    assert mona["published_raw"] == "2021-06-01T10:00:00Z"
    assert hubot["text"] == "Thanks @mona!"
    assert (gone["status"], gone["text"], gone["author"]["name"]) == ("deleted", "", None)
    (following,) = page["next"]
    assert parse_qs(urlsplit(following["url"]).query)["after"] == [
        "Y3Vyc29yOnYyOpK0MjAyMS0wNi0wMlQwOTowMDowMFo="]
    assert following["sort"] == [2] and "incomplete" not in page


def test_the_last_page_marks_a_minimized_comment_and_replies_it_did_not_serve():
    page = _parse("page-2", 2)
    assert page["next"] == []
    assert page["comments"][0]["status"] == "removed-by-moderator"
    assert page["incomplete"] == "giscus did not serve 1 of the 2 replies to DC_kwDOAbCdEs4AAQAD"


def test_a_missing_discussion_is_a_clear_error():
    with pytest.raises(ExtractError, match="Discussion not found"):
        _parse("not-found")


def test_a_self_hosted_giscus_is_asked_on_its_own_origin():
    tree = parse_html_tree(SNIPPET.replace("https://giscus.app/client.js",
                                           "https://comments.example.org/client.js")
                           .format(mapping="pathname", term="", strict="0"))
    assert giscus.detect(URL, {}, tree)["origin"] == "https://comments.example.org"


def test_giscus_markup_without_a_repository_is_recorded_as_unreadable():
    tree = parse_html_tree('<html><body><script src="https://giscus.app/client.js" '
                           'data-mapping="pathname" async></script></body></html>')
    assert detect_platform(URL, {}, tree) == {"name": "giscus", "thread": {}, "adapter": False,
                                              "reason": "unreadable"}
