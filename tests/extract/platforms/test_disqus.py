"""Disqus adapter: responses in Disqus's formats (tests/fixtures/platforms/disqus/<case>/)
parsed field by field, detection on article pages, and the first fetch built from settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, disqus
from archiver.profiles import parse_profile

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "disqus"


def load(case: str) -> tuple[dict, bytes, dict]:
    folder = CASES / case
    request = json.loads((folder / "request.json").read_text(encoding="utf-8"))
    body = next(p for p in folder.iterdir() if p.name.startswith("body.")).read_bytes()
    return request, body, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def parsed(case: str) -> dict:
    request, body, _ = load(case)
    fetch = {**request["fetch"], "url": request["url"]}
    return disqus.parse(fetch, request["url"], request["headers"], body, request["thread"],
                        request["config"])


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_disqus_response_gives_expected_comments_field_by_field(case):
    got, expected = parsed(case), load(case)[2]
    assert len(got["comments"]) == len(expected["comments"])
    for have, want in zip(got["comments"], expected["comments"], strict=True):
        for field in want:
            assert have.get(field) == want[field], f"{case}: comment {want['id']}.{field}"
    assert got["next"] == expected["next"]


def test_fixture_cases_are_marked_synthetic_with_a_reason():
    for folder in CASES.iterdir():
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert meta["synthetic"] is True and len(meta["reason"]) > 40


def test_spam_is_skipped_and_deleted_guest_and_edited_are_kept():
    comments = parsed("embed-first-page")["comments"] + parsed("cursor-page")["comments"]
    by_id = {c["id"]: c for c in comments}
    assert "5000000099" not in by_id  # isSpam
    assert by_id["5000000003"]["status"] == "deleted"
    assert by_id["5000000002"]["is_guest"] is True and "user_id" not in by_id["5000000002"]
    assert by_id["5000000004"]["edited"] is True and by_id["5000000004"]["likes"] == 3
    assert by_id["5000000004"]["author"]["name"] == "Jürgen Öztürk"
    assert by_id["5000000001"]["published_tz"] == "UTC"


def test_last_cursor_page_asks_for_nothing_more():
    assert parsed("cursor-page")["next"] == []


PAGE = """<html><body><article><h1>T</h1></article><div id="disqus_thread"></div>
<script>
var disqus_config = function () {
  this.page.url = 'https://mag.example/post/';
  this.page.identifier = 'post-42';
};
(function() { var d = document, s = d.createElement('script');
s.src = 'https://mag-example.disqus.com/embed.js'; (d.head || d.body).appendChild(s); })();
</script></body></html>"""


def test_disqus_is_detected_from_the_universal_embed_code():
    found = detect_platform("https://mag.example/post/?utm=x", {}, parse_html_tree(PAGE))
    assert found == {"name": "disqus", "thread": {
        "shortname": "mag-example", "identifier": "post-42",
        "url": "https://mag.example/post/", "title": None}}


def test_profile_forces_disqus_and_supplies_the_shortname():
    profile = parse_profile('[comments]\nplatform = "disqus"\n'
                            'params = { shortname = "forced", identifier = "x1" }\n')
    page = "<html><body><article><p>No Disqus markup at all.</p></article></body></html>"
    found = detect_platform("https://mag.example/a/", {}, parse_html_tree(page), profile)
    assert found["name"] == "disqus"
    assert found["thread"]["shortname"] == "forced"
    fetches = disqus.start(found["thread"], {"disqus_embed_base": "http://127.0.0.1:1/embed/"})
    assert fetches[0]["url"].startswith("http://127.0.0.1:1/embed/?base=default&f=forced&t_i=x1")


def test_api_key_switches_to_list_posts():
    fetches = disqus.start({"shortname": "f", "identifier": "i", "url": "u"},
                           {"disqus_api_key": "KEY", "disqus_api_base": "http://h/api/3.0"})
    assert fetches[0]["url"] == ("http://h/api/3.0/threads/listPosts.json?api_key=KEY&forum=f"
                                 "&limit=100&order=asc&thread%3Aident=i")


def test_thread_without_shortname_is_a_clear_error():
    with pytest.raises(ExtractError, match="shortname"):
        disqus.start({"shortname": None, "identifier": None, "url": "u"}, {})


def test_embed_page_without_thread_data_is_a_clear_error():
    fetch = {"url": "http://h/embed/", "platform": "disqus", "sort": [0],
             "context": {"step": "embed"}}
    with pytest.raises(ExtractError, match="disqus-threadData"):
        disqus.parse(fetch, "http://h/embed/", {}, b"<html><body>Oops</body></html>", {}, {})
