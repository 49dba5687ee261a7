"""Comment markups that print the commenter as plain text in a "Submitted by NAME on DATE."
line (Drupal's stock comment template), with the "Login or register to post comments" link
list Drupal prints under the post and under each comment, and entries whose own class names
their state ("comment-published", "published_comment") or that carry a hidden share widget:
hand-written after the families held-out real pages showed."""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.dates import parse_date

URL = "https://news.example/article/28949-a-post"
_LOGIN = """<div class="links"><ul class="links inline"><li class="comment_forbidden first last">
<span><a href="/user/login?destination=comment%2Freply%2F28949%23comment-form">Login</a> or
<a href="/user/register?destination=comment%2Freply%2F28949%23comment-form">register</a> to
post comments</span></li></ul></div>"""


def _comment(cid: str, subject: str, name: str, date: str, text: str) -> str:
    return f"""<a id="comment-{cid}"></a>
<div class="comment comment-published">
<h3 class="title"><a href="/article/28949-a-post#comment-{cid}" class="active">{subject}</a></h3>
<div class="submitted">Submitted by {name} on {date}.</div>
<div class="content"><p>{text}</p></div>{_LOGIN}</div>"""


def _page(*comments: str) -> dict:
    html = f"""<html><head><title>A post | News</title></head><body><div id="main">
<h1 class="title">A post about the election</h1>
<div class="node"><div class="content"><p>{"The article's own text, long enough. " * 12}</p>
</div>{_LOGIN}</div>
<div id="comments">{"".join(comments)}</div></div></body></html>"""
    return extract_page(URL, html.encode())


def test_a_lone_comment_signed_in_a_submitted_by_line_is_the_thread() -> None:
    # one comment, no person element in it: the "Submitted by" line names the commenter;
    # neither "Login or register to post comments" list is a comment
    comments = _page(_comment("94424", "Fake news", "charlyc", "Wed, 10/17/2018 - 12:17",
                              "Jesus said you cannot serve God and mammon."))["comments"]
    assert [(c["id"], c["author"]["name"], c["author"]["url"]) for c in comments] == [
        ("94424", "charlyc", None)]
    assert comments[0]["text"] == "Jesus said you cannot serve God and mammon."
    # the date is the line's, not the entry's whole text (its class says "published")
    assert comments[0]["published_raw"].startswith("Wed, 10/17/2018 - 12:17")
    assert parse_date(comments[0]["published_raw"])["value"] == "2018-10-17T12:17:00Z"


def test_submitted_by_threads_of_several_comments() -> None:
    comments = _page(
        _comment("1", "First", "ann", "Fri, 2012-11-09 14:44", "The first comment, plain."),
        _comment("2", "Second", "bob", "Fri, 2012-11-09 15:02", "The second one disagrees."),
    )["comments"]
    assert [(c["id"], c["author"]["name"]) for c in comments] == [("1", "ann"), ("2", "bob")]
    assert [parse_date(c["published_raw"])["value"] for c in comments] == [
        "2012-11-09T14:44:00Z", "2012-11-09T15:02:00Z"]


def test_a_login_link_under_a_users_folder_is_no_commenter() -> None:
    # "/user/login" is an account page, not a profile: it names nobody
    comments = _page(_comment("7", "Hm", "Guest Reader", "Wed, 10/17/2018 - 12:17",
                              "A comment by a guest without a profile."))["comments"]
    assert [c["author"]["name"] for c in comments] == ["Guest Reader"]


def test_a_hidden_share_widget_is_no_date_and_a_relative_date_keeps_its_bracket() -> None:
    def entry(cid: str, name: str, ago: str, clock: str, text: str) -> str:
        return f"""<div id="comment_{cid}" class="comment_item published_comment">
<div class="comment_top"><div class="author_name"><a href="/social/{name}">{name}</a></div></div>
<div class="comment_body"><div class="comment_time">{ago} ( {clock})</div>{text}</div>
<div class="comment_bottom"><div id="comment_share_{cid}_data_title" class="hidden">{name}:
{text}</div></div></div>"""

    html = f"""<html><head><title>Bolt wins | Post</title></head><body>
<h1>Bolt wins the 200 metres</h1><div class="entry"><p>{"Text of the story here. " * 15}</p>
</div><div id="comments_inner">
{entry("175870461", "NICENESS", "23 seconds ago", "4:28 PM", "YARD AND FOREIGN KICK UP!")}
{entry("175870436", "savory1", "2 minutes ago", "4:26 PM", "Lightning strikes twice.")}
</div></body></html>"""
    raws = [c["published_raw"] for c in extract_page(URL, html.encode())["comments"]]
    assert raws == ["23 seconds ago ( 4:28 PM)", "2 minutes ago ( 4:26 PM)"]
    # the bracketed clock is in the server's unknown zone: the relative part is the instant
    parsed = [parse_date(raw, fetched_at="2012-08-09T20:28:30Z") for raw in raws]
    assert [(p["value"], p["approximate"]) for p in parsed] == [
        ("2012-08-09T20:28:07Z", True), ("2012-08-09T20:26:30Z", True)]
