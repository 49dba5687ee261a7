"""The Waline platform on responses recorded from the real server (fixtures README)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from archiver.errors import ExtractError
from archiver.extract.platforms import detect_platform, waline
from archiver.normalize.dates import parse_date

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "waline"
PAGE_URL = "https://blog.example/2024/05/waline-post/"
SERVER = "http://127.0.0.1:8360"  # where the recording's server listened
THREAD = {"server": SERVER, "path": "/2024/05/waline-post/"}
CONFIG = {"waline_page_size": 2}


def _tree(body: str):
    return lxml.html.fromstring(f"<!doctype html><html><head><title>Post</title></head>"
                                f"<body>{body}</body></html>")


STOCK = """<div id="waline"></div>
<script type="module">
  import { init } from 'https://unpkg.com/@waline/client@v3/dist/waline.js';

  init({
    el: '#waline',
    serverURL: 'https://comments.example',
  });
</script>"""


def test_the_stock_snippet_gives_the_server_and_the_page_path():
    thread = waline.detect(PAGE_URL, {}, _tree(STOCK))
    assert thread == {"server": "https://comments.example",
                      "path": "/2024/05/waline-post/"}


def test_the_umd_script_with_waline_init_a_literal_path_and_a_server_without_scheme():
    page = """<script src="https://unpkg.com/@waline/client@v2/dist/waline.js"></script>
    <div id="comments"></div>
    <script>
      Waline.init({ el: '#comments', serverURL: "waline.blog.example/", path: '/guestbook/',
                    imagePath: '/nope/' });
    </script>"""
    thread = waline.detect(PAGE_URL, {}, _tree(page))
    assert thread == {"server": "https://waline.blog.example", "path": "/guestbook/"}


def test_a_json_config_and_a_non_literal_path_use_the_page_path_decoded_like_decodeURI():
    page = """<div id="waline-comments"></div><script type="module">
    import { init } from '/js/waline.js';
    init({"el":"#waline-comments","serverURL":"//comments.example/","path":location.pathname});
    </script>"""
    url = "https://blog.example/2024/%E8%AF%84%E8%AE%BA/a%2Fb%20c/"
    thread = waline.detect(url, {}, _tree(page))
    assert thread == {"server": "https://comments.example", "path": "/2024/评论/a%2Fb c/"}


def test_waline_markup_without_a_server_url_asks_for_one():
    page = '<div id="waline"></div><script type="module" src="/js/comments.js"></script>'
    thread = waline.detect(PAGE_URL, {}, _tree(page))
    assert thread == {"server": None, "path": "/2024/05/waline-post/"}
    with pytest.raises(ExtractError, match=r"params\.server"):
        waline.start(thread, {})


def test_pages_without_waline_are_not_detected():
    assert waline.detect(PAGE_URL, {}, _tree('<div id="comments"></div>'
                                            '<script>init({ el: "#x" });</script>')) is None


def test_detection_through_the_registry_names_waline():
    found = detect_platform(PAGE_URL, {}, _tree(STOCK))
    assert found["name"] == "waline"


def test_start_asks_what_the_client_asks_oldest_first():
    (fetch,) = waline.start(THREAD, CONFIG)
    parts = urlsplit(fetch["url"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == SERVER + "/api/comment"
    assert parse_qs(parts.query) == {"path": ["/2024/05/waline-post/"], "pageSize": ["2"],
                                     "page": ["1"], "lang": ["en-US"],
                                     "sortBy": ["insertedAt_asc"]}
    (default,) = waline.start(THREAD, {})
    assert "pageSize=100" in default["url"]


def _recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _read_thread() -> tuple[list[dict], list[dict]]:
    """Every page, as the crawl reads them: (comments, results)."""
    fetches, comments, results = waline.start(THREAD, CONFIG), [], []
    for page in (1, 2):
        (fetch,) = fetches
        assert fetch["context"]["page"] == page
        result = waline.parse(fetch, fetch["url"], {}, _recorded(f"page-{page}.json"),
                              THREAD, CONFIG)
        comments += result["comments"]
        results.append(result)
        fetches = result["next"]
    assert fetches == []
    return comments, results


def _truth() -> tuple[str, list[dict]]:
    data = json.loads(_recorded("truth.json"))
    return data["zone"], data["rows"]


def test_the_recorded_thread_equals_walines_own_rows():
    zone, rows = _truth()
    comments, results = _read_thread()
    assert "incomplete" not in results[-1]

    def utc(local: str) -> str:
        moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    got = {c["id"]: (c["parent_id"], c["author"]["name"], c["author"]["url"],
                     parse_date(c["published_raw"])["value"], c["text"]) for c in comments}
    truth = {str(r["id"]): (None if r["pid"] is None else str(r["pid"]), r["nick"],
                            r["link"] or None, utc(r["insertedAt"]),
                            r["comment"].replace("**", "").replace("`", ""))
             for r in rows if r["status"] == "approved"}
    assert got == truth
    assert len(comments) == json.loads(_recorded("page-1.json"))["data"]["count"] == 7


def test_each_reply_follows_the_comment_it_answers_four_levels_deep():
    comments, _ = _read_thread()
    names = [c["author"]["name"] for c in comments]
    # Page one holds the roots Ada and Zoë, page two Eve; Waline serves children newest first.
    assert names == ["Ada", "Bob", "Carol", "Dan", "Zoë Ünal", "Fay", "Eve"]
    seen: set[str] = set()
    for c in comments:
        assert c["parent_id"] is None or c["parent_id"] in seen
        seen.add(c["id"])


def test_comment_fields_html_likes_guests_and_status():
    comments, _ = _read_thread()
    ada, zoe = comments[0], comments[4]
    assert ada["html"] == "<p>First, with <strong>bold</strong> text and <code>code</code>.</p>"
    assert ada["likes"] == 2 and comments[2]["likes"] == 1 and zoe["likes"] == 0
    assert zoe["author"] == {"name": "Zoë Ünal", "url": "https://zoe.example/"}
    assert zoe["text"] == "Zweiter Kommentar – Grüße aus Köln 👋"
    assert all(c["is_guest"] and c["status"] == "visible" and c["platform"] == "waline"
               and "user_id" not in c for c in comments)


def test_a_thread_that_serves_fewer_comments_than_it_counts_is_incomplete():
    # Page two read without page one: the server counts seven comments, one was read.
    fetch = {**waline.start(THREAD, CONFIG)[0], "context": {"page": 2, "seen": 0}}
    result = waline.parse(fetch, fetch["url"], {}, _recorded("page-2.json"), THREAD, CONFIG)
    assert result["next"] == []
    assert result["incomplete"] == ("the Waline server counts 7 comments on "
                                    "'/2024/05/waline-post/' but its pages served 1")


def test_the_servers_refusal_and_a_non_json_body_are_clear_errors():
    (fetch,) = waline.start(THREAD, CONFIG)
    with pytest.raises(ExtractError, match="answered error 1001"):
        waline.parse(fetch, fetch["url"], {}, _recorded("refused.json"), THREAD, CONFIG)
    with pytest.raises(ExtractError, match="not the JSON"):
        waline.parse(fetch, fetch["url"], {}, b"<html>502 Bad Gateway</html>", THREAD, CONFIG)
    with pytest.raises(ExtractError, match="not a Waline comment list"):
        waline.parse(fetch, fetch["url"], {}, b'{"errno": 0, "data": []}', THREAD, CONFIG)


def test_the_waline_init_wins_over_another_widgets_server_url():
    page = """<script>otherWidget({ serverURL: 'https://other.example' });</script>
    <div id="waline"></div>
    <script type="module">
      import { init } from 'https://unpkg.com/@waline/client@v3/dist/waline.js';
      init({ el: '#waline', serverURL: 'https://comments.example' });
    </script>"""
    assert waline.detect(PAGE_URL, {}, _tree(page))["server"] == "https://comments.example"
