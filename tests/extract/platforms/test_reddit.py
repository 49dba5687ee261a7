"""Reddit: detection from its embed markup, the thread listing, morechildren batches,
"continue this thread" subtrees, deleted and removed comments
(tests/fixtures/platforms/reddit/)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import detect_platform, reddit

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "reddit"
THREAD_URL = "https://www.reddit.com/r/funny/comments/3hahrw/ba_dum_tsss/"
THREAD = {"post": "3hahrw", "url": THREAD_URL}
# Reddit's embed snippet (reddit.com "Embed" on a post).
EMBED = f"""<html><body><p>As seen on Reddit:</p>
<blockquote class="reddit-embed-bq" style="height:316px" data-embed-height="316">
<a href="{THREAD_URL}">Ba Dum Tsss</a><br> by <a href="https://www.reddit.com/user/x/">u/x</a>
in <a href="https://www.reddit.com/r/funny/">funny</a></blockquote>
<script async="" src="https://embed.reddit.com/widgets.js" charset="UTF-8"></script>
</body></html>"""


def _read(case: str, fetch: dict) -> dict:
    return reddit.parse(fetch, "https://www.reddit.com/x.json", {},
                        (CASES / case / "body.json").read_bytes(), THREAD, {})


def test_the_embed_names_the_thread_and_a_link_alone_does_not():
    found = detect_platform("https://blog.example/post/", {}, parse_html_tree(EMBED))
    assert found == {"name": "reddit", "thread": THREAD}
    (first,) = reddit.start(THREAD, {})
    assert first["url"] == ("https://www.reddit.com/comments/3hahrw.json"
                            "?raw_json=1&sort=old&limit=500")
    plain = f"<html><body><p>See <a href='{THREAD_URL}'>this thread</a>.</p></body></html>"
    assert detect_platform("https://blog.example/post/", {}, parse_html_tree(plain)) is None


def test_an_iframe_embed_and_a_profile_url_name_the_thread_too():
    iframe = ("<html><body><iframe src='https://embed.reddit.com/r/funny/comments/3hahrw/"
              "ba_dum_tsss/?embed=true'></iframe></body></html>")
    assert reddit.detect("https://b.example/", {}, parse_html_tree(iframe))["post"] == "3hahrw"
    (first,) = reddit.start({"url": THREAD_URL}, {"reddit_base": "http://127.0.0.1:9/"})
    assert first["url"].startswith("http://127.0.0.1:9/comments/3hahrw.json?")
    with pytest.raises(ExtractError, match=r"params\.url"):
        reddit.start({}, {})


def test_the_listing_reads_the_tree_with_parents_and_asks_for_the_stubs():
    page = _read("listing", {"sort": [0], "context": {"step": "listing", "post": "3hahrw"}})
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [
        ("cu5pebp", None), ("cu5sye5", "cu5pebp"), ("cu5tgzu", "cu5sye5"),
        ("cu5oif1", None), ("cu5p1hh", None), ("cu5th6m", "cu5p1hh")]
    first = page["comments"][0]
    assert (first["author"]["name"], first["published_raw"], first["likes"]) == (
        "johnnwho", "2015-08-17T08:45:51Z", 1127)
    assert first["text"] == ("Man I am glad there isn't someone on a drum set every time I "
                             "fall over.")
    subtree, more = page["next"]
    assert subtree["url"] == ("https://www.reddit.com/comments/3hahrw/_/cu5oif1.json"
                              "?raw_json=1&sort=old")
    assert subtree["context"] == {"step": "subtree", "post": "3hahrw", "parent": "cu5oif1"}
    query = parse_qs(urlsplit(more["url"]).query)
    assert urlsplit(more["url"]).path == "/api/morechildren.json"
    assert (query["api_type"], query["link_id"], query["children"]) == (
        ["json"], ["t3_3hahrw"], ["cu5spl9"])
    assert (subtree["sort"], more["sort"]) == ([0, 1], [0, 2])


def test_removed_comments_are_tombstones_and_a_deleted_account_keeps_its_comment():
    page = _read("listing", {"sort": [0], "context": {"step": "listing", "post": "3hahrw"}})
    comments = {c["id"]: c for c in page["comments"]}
    removed = comments["cu5sye5"]
    assert (removed["status"], removed["text"], removed["author"]["name"]) == (
        "deleted", "", None)
    assert comments["cu5tgzu"]["parent_id"] == "cu5sye5"  # its reply keeps its place
    orphaned = comments["cu5th6m"]
    assert (orphaned["status"], orphaned["author"]["name"]) == ("visible", None)
    assert orphaned["text"].startswith("With that kind of comedic timing")


def test_a_morechildren_batch_is_flat_with_parent_ids():
    page = _read("more-batch", {"sort": [0, 2], "context": {"step": "more", "post": "3hahrw"}})
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in page["comments"]] == [
        ("cu5spl9", None, "Trixzy"), ("cu5w5tg", "cu5spl9", "Terranoch"),
        ("cu5x0y7", "cu5w5tg", "ShowtimeCA")]
    assert page["next"] == []


def test_more_than_a_hundred_stub_ids_are_asked_for_in_batches_of_a_hundred():
    stub = {"kind": "more", "data": {"id": "a", "parent_id": "t3_3hahrw",
                                     "children": [f"c{i}" for i in range(230)]}}
    body = json.dumps({"json": {"errors": [], "data": {"things": [stub]}}}).encode()
    page = reddit.parse({"sort": [3], "context": {"step": "more", "post": "3hahrw"}},
                        "https://www.reddit.com/x", {}, body, THREAD, {})
    sizes = [len(parse_qs(urlsplit(f["url"]).query)["children"][0].split(","))
             for f in page["next"]]
    assert sizes == [100, 100, 30]
    assert [f["sort"] for f in page["next"]] == [[3, 1], [3, 2], [3, 3]]


def test_a_subtree_gives_the_replies_under_the_comment_it_continues():
    page = _read("subtree", {"sort": [0, 1], "context": {"step": "subtree", "post": "3hahrw",
                                                         "parent": "cu5oif1"}})
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [("cu5t516", "cu5oif1")]


@pytest.mark.parametrize(("body", "step"), [
    (b"<html>503</html>", "listing"), (b'{"kind": "Listing"}', "listing"),
    (b'{"json": {"errors": [["RATELIMIT", "try again"]]}}', "more"), (b"[]", "more")])
def test_what_is_not_a_reddit_answer_is_a_clear_error(body, step):
    with pytest.raises(ExtractError, match=r"www\.reddit\.com/x"):
        reddit.parse({"context": {"step": step, "post": "3hahrw"}}, "https://www.reddit.com/x",
                     {}, body, THREAD, {})
