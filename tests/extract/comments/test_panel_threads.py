"""Comments printed as Bootstrap panels by a custom app, hand-written after that family:
each comment a div.panel (heading: name and a bare date; body: the text), the owner's
answers a div.panel.comment-reply-panel set right after the comment they answer, a reader's
double post (the same text twice), and one-character spam bodies ("1")."""

from __future__ import annotations

from archiver.extract import extract_page

URL = "https://pam.example/posts/the-right-diet"
_TEXT = "".join(f"<p>{'Eat what keeps you well and happy, most days of the week. ' * 10}</p>"
                for _ in range(4))


def _panel(name: str, date: str, text: str, extra: str = "") -> str:
    return f"""<div class="panel panel-default{extra}"><div class="panel-heading comment-meta">
<span class="comment-author">{name}</span>
{date}
</div><div class="panel-body">
{text}
</div></div>"""


def _page(panels: list[str]) -> bytes:
    return f"""<html><head><title>The right diet - Pam</title></head><body><main>
<div class="blog-post"><h1 class="blog-post-title">The right diet</h1>{_TEXT}</div>
<div class="card comments-card"><h3>Comments</h3>{"".join(panels)}</div>
</main></body></html>""".encode()


_THREAD = [
    _panel("Ann Berg", "16. December 2017", "Thank you for this careful information, Pam!"),
    _panel("Ann Berg", "16. December 2017", "Thank you for this careful information, Pam!"),
    _panel("Carl Dorn", "18. December 2017", "Finally somebody says that diets are personal."),
    _panel("Pam", "21. December 2017", "Thank you so much, Carl &lt;3", " comment-reply-panel"),
    _panel("Dana Ek", "22. December 2017", "Which breakfast do you eat before training?"),
    _panel("spam_name", "24. December 2017", "1"),
    _panel("spam_name", "24. December 2017", "1"),
]


def _comments() -> list[dict]:
    return extract_page(URL, _page(_THREAD))["comments"]


def test_a_double_post_is_two_comments_with_two_ids() -> None:
    comments = [c for c in _comments() if c["author"]["name"] == "Ann Berg"]
    assert len(comments) == 2 and comments[0]["id"] != comments[1]["id"]


def test_a_reply_panel_after_a_comment_answers_that_comment() -> None:
    by_name = {c["author"]["name"]: c for c in _comments()}
    assert by_name["Pam"]["parent_id"] == by_name["Carl Dorn"]["id"]
    assert by_name["Dana Ek"]["parent_id"] is None


def test_a_one_character_body_under_a_name_and_a_date_is_a_comment() -> None:
    spam = [c for c in _comments() if c["author"]["name"] == "spam_name"]
    assert [c["text"] for c in spam] == ["1", "1"]
