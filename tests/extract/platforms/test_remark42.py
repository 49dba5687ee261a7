"""Remark42: detection from remark_config, the find request, the tree (and plain list)
with parents, edits and deleted comments (tests/fixtures/platforms/remark42/)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, remark42

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "remark42"
URL = "https://blog.example.com/engine-notes/?utm=x"
EMBED = """<html><body><div id="remark42"></div><script>
  var remark_config = {
    host: 'https://remark42.example.com',
    site_id: 'blog',
    components: ['embed'],
  };
</script><script>!function(e,n){for(var o=0;o<e.length;o++){var r=n.createElement("script"),
c=".js",d=n.head||n.body;"noModule"in r?(r.type="module",c=".mjs"):r.async=!0,r.defer=!0,
r.src=remark_config.host+"/web/"+e[o]+c,d.appendChild(r)}}(remark_config.components||
["embed"],document);</script></body></html>"""


def _parse(case: str) -> dict:
    return remark42.parse({}, "https://remark42.example.com/api/v1/find", {},
                          (CASES / case / "body.json").read_bytes(), {})


def test_remark_config_names_the_host_site_and_the_pages_url():
    found = detect_platform(URL, {}, parse_html_tree(EMBED))
    assert found == {"name": "remark42", "thread": {
        "host": "https://remark42.example.com", "site": "blog",
        "url": "https://blog.example.com/engine-notes/"}}
    (first,) = remark42.start(found["thread"], {})
    parts = urlsplit(first["url"])
    assert parts.path == "/api/v1/find"
    assert parse_qs(parts.query) == {"site": ["blog"],
                                     "url": ["https://blog.example.com/engine-notes/"],
                                     "sort": ["time"], "format": ["tree"]}


def test_a_config_url_wins_and_the_site_defaults_to_remark():
    page = EMBED.replace("site_id: 'blog',", "url: 'https://blog.example.com/p/1'")
    assert remark42.detect(URL, {}, parse_html_tree(page))["site"] == "remark"
    assert remark42.detect(URL, {}, parse_html_tree(page))["url"] == "https://blog.example.com/p/1"


def test_the_tree_is_read_in_pre_order_with_parents_edits_and_a_tombstone():
    comments = {c["id"]: c for c in _parse("tree")["comments"]}
    assert list(comments) == ["1", "11", "111", "2", "22", "223", "2241", "221", "222"]
    parents = [comments[i]["parent_id"] for i in ("1", "11", "111", "2241")]
    assert parents == [None, "1", "11", "223"]
    first = comments["1"]
    assert (first["author"]["name"], first["user_id"], first["likes"]) == (
        "Ann", "github_0a1b2c3d4e5f", 2)
    assert first["published_raw"] == "2017-12-25T19:46:01Z"
    assert comments["11"]["edited"] is True and first["edited"] is False
    gone = comments["223"]
    assert (gone["status"], gone["text"], gone["author"]["name"], gone.get("user_id")) == (
        "deleted", "", None, None)
    assert gone["published_raw"] is None  # Go's zero time
    assert comments["111"]["is_guest"] is True  # remark42's anonymous_ users


def test_a_plain_list_from_an_older_server_is_read_too():
    assert [(c["id"], c["parent_id"]) for c in _parse("plain")["comments"]] == [
        ("1", None), ("11", "1")]


@pytest.mark.parametrize("body", [b"<html>502</html>", b'{"comments": {}}', b'"x"'])
def test_what_is_not_a_comment_list_is_a_clear_error(body):
    with pytest.raises(ExtractError, match="remark42"):
        remark42.parse({}, "https://remark42.example.com/api/v1/find", {}, body, {})
