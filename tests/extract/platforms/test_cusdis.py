"""Cusdis: detection from #cusdis_thread, paging by pageCount, nested replies, and a
replies wrapper that holds fewer than it counts (tests/fixtures/platforms/cusdis/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import cusdis, detect_platform

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "cusdis"
THREAD = {"host": "https://cusdis.com", "app_id": "5b2a1c3d-aaaa-4bbb-8ccc-123456789abc",
          "page_id": "engine-notes"}
EMBED = """<html><body><div id="cusdis_thread" data-host="https://cusdis.com"
  data-app-id="5b2a1c3d-aaaa-4bbb-8ccc-123456789abc" data-page-id="engine-notes"
  data-page-url="https://blog.example.com/engine-notes/" data-page-title="Engine notes"></div>
<script async defer src="https://cusdis.com/js/cusdis.es.js"></script></body></html>"""


def _parse(case: str, page: int) -> dict:
    return cusdis.parse({"context": {"page": page}}, "https://cusdis.com/api/open/comments", {},
                        (CASES / case / "body.json").read_bytes(), THREAD)


def test_the_embed_names_the_host_app_and_page():
    found = detect_platform("https://blog.example.com/engine-notes/", {}, parse_html_tree(EMBED))
    assert found == {"name": "cusdis", "thread": THREAD}
    (first,) = cusdis.start(THREAD, {})
    assert parse_qs(urlsplit(first["url"]).query) == {
        "page": ["1"], "appId": [THREAD["app_id"]], "pageId": ["engine-notes"]}


def test_page_one_holds_ten_threads_with_nested_replies_and_asks_for_page_two():
    page = _parse("page-1", 1)
    ids = [c["id"][-3:] for c in page["comments"]]
    assert len([c for c in page["comments"] if c["parent_id"] is None]) == 10
    five = ids.index("005")
    assert ids[five:five + 3] == ["005", "101", "102"]
    owner, thanks = page["comments"][five + 1], page["comments"][five + 2]
    assert owner["parent_id"].endswith("005") and thanks["parent_id"].endswith("101")
    assert (owner["author"]["name"], owner["is_guest"], owner["user_id"]) == (
        "Site owner", False, "owner-uid-1")
    assert (thanks["author"]["name"], thanks["is_guest"]) == ("Reader 7", True)
    assert thanks["published_raw"] == "2021-05-06T09:30:00.000Z"
    assert thanks["html"] == "<p>Thanks!</p>"
    (following,) = page["next"]
    assert parse_qs(urlsplit(following["url"]).query)["page"] == ["2"]
    assert "incomplete" not in page


def test_the_last_page_asks_for_nothing_more():
    page = _parse("page-2", 2)
    assert [c["id"][-3:] for c in page["comments"]] == ["001"] and page["next"] == []


def test_replies_counted_but_not_served_leave_the_thread_incomplete():
    page = _parse("replies-short", 2)
    assert page["incomplete"] == ("Cusdis did not serve 2 of the 2 replies to "
                                  "c0ffee00-0000-4000-8000-000000000001")


@pytest.mark.parametrize("body", [b"<html>502</html>", b'{"data": 3}', b"[]"])
def test_what_is_not_a_comment_list_is_a_clear_error(body):
    with pytest.raises(ExtractError, match="cusdis"):
        cusdis.parse({}, "https://cusdis.com/api/open/comments", {}, body, THREAD)
