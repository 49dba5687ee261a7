"""A comment whose "content" box holds the text and, after it, the meta line with the author
and the date ("Kommentar von <cite>NAME</cite> am DATE um TIME").

Hand-written after classic WordPress themes (div.commentEntry > div.commentContent#comment-N
holding the text paragraphs and div.commentMeta): the meta line is no part of the text, but it
is where the author and the date are printed.
"""

from __future__ import annotations

from archiver.extract import extract_comments


def _entry(n: int, author: str, day: str, text: str) -> str:
    return f"""<div class="commentEntry"><div class="commentContent" id="comment-{n}">
<p>{text}</p>
<div class="commentMeta">Kommentar von <cite>{author}</cite> am
<a href="#comment-{n}" title="">{day}</a> um 10:25 </div></div></div>"""


def test_author_and_date_after_the_text_in_the_content_box_are_read() -> None:
    html = ("<html><body><article><h3>Ein Krimi</h3><p>Der Text des Beitrags.</p></article>"
            '<h3 id="comments">2 Kommentare</h3>'
            + _entry(11, "<a href='http://leser.example/' rel='external nofollow' class='url'>"
                         "Anna Leser</a>", "07.08.09", "Klingt spannend, das lese ich.")
            + _entry(12, "Bernd", "08.08.09", "Der zweite Band ist noch besser.")
            + "</body></html>")
    comments, _next, _markup = extract_comments("http://krimi.example/?p=1", html)
    assert [(c["author"]["name"], c["published_raw"], c["text"]) for c in comments] == [
        ("Anna Leser", "07.08.09 um 10:25", "Klingt spannend, das lese ich."),
        ("Bernd", "08.08.09 um 10:25", "Der zweite Band ist noch besser."),
    ]
