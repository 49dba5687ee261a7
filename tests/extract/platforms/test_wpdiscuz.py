"""wpDiscuz: detection from its settings and "load more" flag, the comments the page prints,
the load-more POST and its JSON answers with HTML in them (tests/fixtures/platforms/
wpdiscuz/)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, wpdiscuz

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "wpdiscuz"
URL = "https://blog.example/field-day/"
AJAX = "https://blog.example/wp-admin/admin-ajax.php"
PAGE = (CASES / "page.html").read_text()


def _thread(page: str = PAGE) -> dict:
    found = detect_platform(URL, {}, parse_html_tree(page))
    assert found is not None and found["name"] == "wpdiscuz"
    return found["thread"]


def _read(case: str, fetch: dict, thread: dict) -> dict:
    return wpdiscuz.parse(fetch, AJAX, {}, (CASES / case / "body.json").read_bytes(), thread)


def test_a_page_with_more_to_load_is_detected_before_wordpress_with_what_it_shows():
    thread = _thread()
    assert {k: v for k, v in thread.items() if k != "shown"} == {
        "endpoint": AJAX, "post_id": 77, "last_parent_id": "103", "sorting": "newest",
        "nonce": "5f1e2d3c4b", "first_by_ajax": False, "parents_only": False}
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in thread["shown"]] == [
        ("101", None, "Ann Ortiz"), ("102", "101", "Dana Kim"), ("103", None, "Bo")]
    ann, dana, _ = thread["shown"]
    assert (ann["author"]["url"], ann["published_raw"], ann["text"]) == (
        "https://annortiz.example", "May 4, 2024 9:30 am", "Where can I find the species list?")
    assert (ann["author_is_post_author"], dana["author_is_post_author"]) == (False, True)


def test_a_page_that_prints_its_whole_thread_is_left_to_the_page_readers():
    whole = PAGE.replace('value="1" />', 'value="0" />')
    found = detect_platform(URL, {}, parse_html_tree(whole))
    assert found is not None and found["name"] == "wordpress"


def test_the_first_load_is_the_plugins_post_with_its_form_fields():
    (first,) = wpdiscuz.start(_thread(), {})
    assert (first["url"], first["method"], first["sort"]) == (AJAX, "POST", [1])
    assert first["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert parse_qs(first["body"], keep_blank_values=True) == {
        "action": ["wpdLoadMoreComments"], "sorting": ["newest"], "offset": ["1"],
        "lastParentId": ["103"], "isFirstLoad": ["0"], "wpdType": [""], "postId": ["77"],
        "wpdiscuz_nonce": ["5f1e2d3c4b"]}


def test_loads_give_the_shown_comments_then_the_loaded_ones_until_no_more():
    thread = _thread()
    (first,) = wpdiscuz.start(thread, {})
    page = _read("load-1", first, thread)
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [
        ("101", None), ("102", "101"), ("103", None), ("98", None), ("99", "98"), ("95", None)]
    edited = {c["id"]: c.get("edited", False) for c in page["comments"]}
    assert edited == {"101": False, "102": False, "103": False, "98": False, "99": False,
                      "95": True}
    assert page["comments"][-1]["text"] == "Will there be another one?"
    (second,) = page["next"]
    assert second["sort"] == [2]
    assert parse_qs(second["body"])["offset"] == ["2"]
    assert parse_qs(second["body"])["lastParentId"] == ["95"]
    last = _read("load-2", second, thread)
    assert [c["id"] for c in last["comments"]] == ["90"]  # the page's comments come once
    assert last["next"] == []


def test_an_answer_that_repeats_the_last_parent_stops_instead_of_looping():
    thread = _thread()
    data = json.loads((CASES / "load-1" / "body.json").read_text())
    data["data"]["last_parent_id"] = "103"
    page = wpdiscuz.parse({"sort": [1], "context": {"offset": 1, "last_parent_id": "103"}},
                          AJAX, {}, json.dumps(data).encode(), thread)
    assert page["next"] == []


def test_replies_loaded_only_on_click_leave_the_thread_incomplete():
    page = PAGE.replace('"isLoadOnlyParentComments":"0"', '"isLoadOnlyParentComments":"1"')
    thread = _thread(page)
    (first,) = wpdiscuz.start(thread, {})
    assert "isLoadOnlyParentComments" in _read("load-1", first, thread)["incomplete"]


@pytest.mark.parametrize("body", [b"0", b'{"success": false, "data": "wc_error"}',
                                  b"<html>403</html>"])
def test_a_refused_load_is_a_clear_error(body):
    with pytest.raises(ExtractError, match="admin-ajax"):
        wpdiscuz.parse({"context": {"offset": 1}}, AJAX, {}, body, _thread())
