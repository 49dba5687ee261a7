"""WordPress.com: detection of a hosted blog's post, the post and its paged replies from the
public REST API (tests/fixtures/platforms/wpcom/); and a self-hosted Jetpack-comments page,
whose comments are in its own HTML: read from it, never marked as without an adapter."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from archiver.errors import ExtractError
from archiver.extract.comments import comments_from_tree, parse_html_tree
from archiver.extract.platforms import detect_platform, wpcom

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "wpcom"
THREAD = {"site": "fieldjournal.example", "post_id": 4121}
API = "https://public-api.wordpress.com/rest/v1.1/"
HOSTED = """<html><head><meta name="generator" content="WordPress.com" />
<link rel='shortlink' href='https://wp.me/p3a9Xz-13v' /></head>
<body class="post-template-default single single-post postid-4121 single-format-standard">
<article><h1>Spring count</h1></article>
<form action="https://fieldjournal.example/wp-comments-post.php" method="post" id="commentform">
<input type='hidden' name='comment_post_ID' value='4121' id='comment_post_ID' /></form>
</body></html>"""
# A self-hosted WordPress post with Jetpack comments: the thread printed by the theme, the
# form an iframe from jetpack.wordpress.com (Jetpack's comments module markup).
JETPACK = """<html><head><title>Notes</title>{assets}</head><body class="single postid-77">
<article><h1>Notes</h1><div class="entry-content"><p>Text of the post.</p></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts</h2>
<ol class="comment-list">
<li id="comment-501" class="comment even thread-even depth-1 parent">
<article id="div-comment-501" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Oren</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="/notes/#comment-501">
<time datetime="2024-02-01T10:00:00+00:00">
February 1, 2024 at 10:00 am</time></a></div></footer>
<div class="comment-content"><p>Good notes.</p></div></article>
<ol class="children"><li id="comment-502" class="comment odd alt depth-2">
<article id="div-comment-502" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Lea</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="/notes/#comment-502">
<time datetime="2024-02-02T08:30:00+00:00">
February 2, 2024 at 8:30 am</time></a></div></footer>
<div class="comment-content"><p>Agreed.</p></div></article></li></ol></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave
a comment</h3><form id="commentform" class="comment-form"><iframe title="Comment Form"
src="https://jetpack.wordpress.com/jetpack-comment/?blogid=123456&amp;postid=77&amp;comment_registration=0"
name="jetpack_remote_comment" class="jetpack_remote_comment" id="jetpack_remote_comment"
sandbox="allow-same-origin allow-top-navigation allow-scripts allow-forms allow-popups">
</iframe></form></div></div></body></html>"""


def _read(case: str, fetch: dict) -> dict:
    return wpcom.parse(fetch, API + "x", {}, (CASES / case / "body.json").read_bytes(),
                       THREAD, {})


def test_a_hosted_post_is_detected_and_read_from_the_api():
    found = detect_platform("https://fieldjournal.example/2024/04/02/spring-count/", {},
                            parse_html_tree(HOSTED))
    assert found == {"name": "wpcom", "thread": THREAD}
    (first,) = wpcom.start(THREAD, {})
    assert first["url"] == API + "sites/fieldjournal.example/posts/4121?fields=ID,author,URL"
    front = HOSTED.replace("single single-post postid-4121", "home blog").replace(
        "<input type='hidden' name='comment_post_ID' value='4121' id='comment_post_ID' />", "")
    assert wpcom.detect("https://fieldjournal.example/", {}, parse_html_tree(front)) is None


def test_the_post_names_its_author_and_the_replies_are_paged_until_found():
    post = _read("post", {"sort": [0], "context": {"step": "post"}})
    (replies,) = post["next"]
    assert urlsplit(replies["url"]).path == (
        "/rest/v1.1/sites/fieldjournal.example/posts/4121/replies/")
    assert parse_qs(urlsplit(replies["url"]).query) == {
        "number": ["100"], "page": ["1"], "order": ["ASC"]}
    assert replies["context"]["post_author"] == 33921
    page = _read("replies-page-1", replies)
    assert [(c["id"], c["parent_id"]) for c in page["comments"]] == [
        ("9001", None), ("9002", "9001")]  # the pingback is not a comment
    hal, reply = page["comments"]
    assert (hal["author"]["name"], hal["author"]["url"], hal["published_raw"], hal["likes"]) == (
        "Hal Ostrander", "http://hal.example", "2024-04-02T09:15:27-07:00", 3)
    assert (hal["author_is_post_author"], reply["author_is_post_author"]) == (False, True)
    assert reply["text"] == "Thanks Hal \u2014 adding them."
    (following,) = page["next"]
    assert parse_qs(urlsplit(following["url"]).query)["page"] == ["2"]
    last = _read("replies-page-2", following)
    assert [(c["id"], c["parent_id"]) for c in last["comments"]] == [("9004", "9001")]
    assert last["next"] == []


def test_an_api_error_is_a_clear_error():
    body = b'{"error": "unknown_post", "message": "Unknown post"}'
    with pytest.raises(ExtractError, match="unknown_post: Unknown post"):
        wpcom.parse({"context": {"step": "replies"}}, API + "x", {}, body, THREAD, {})


@pytest.mark.parametrize("assets", [
    "<link rel='stylesheet' href='https://notes.example/wp-content/themes/t/style.css'>", ""])
def test_a_jetpack_comments_page_is_read_from_its_html_not_marked_without_adapter(assets):
    tree = parse_html_tree(JETPACK.format(assets=assets))
    found = detect_platform("https://notes.example/notes/", {}, tree)
    # WordPress (its REST API, falling back to these same pages) or the page itself.
    assert found is None or (found["name"], found.get("adapter", True)) == ("wordpress", True)
    comments = comments_from_tree("https://notes.example/notes/", tree).comments
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in comments] == [
        ("501", None, "Oren"), ("502", "501", "Lea")]
