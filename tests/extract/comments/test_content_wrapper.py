"""A comment whose "content" box wraps the author line, the text and the meta line.

Hand-written after custom WordPress themes (li.comment > div.comment_content holding
div.comment_author, div.comment-text and div.comment_meta with the date link and a reply link):
the wrapper is not the text, and the reply link is not part of the date.
"""

from __future__ import annotations

from archiver.extract import extract_comments


def _li(n: int, author: str, text: str, when: str) -> str:
    return f"""<li id="comment-{n}" class="comment depth-1"><div class="comment_counter">
<span>0{n}</span></div><div class="comment_content"><div class="comment_author">{author}</div>
<div class="comment-text"><p>{text}</p></div><div class="comment_meta">
<a href="#comment-{n}">{when}</a> | <a href="javascript:publicReply('{n}');">Antworten</a>
</div></div></li>"""


def test_author_and_date_beside_the_text_inside_a_content_box_are_read() -> None:
    html = ("<html><body><article><h2>Post</h2><p>Der Text.</p></article>"
            '<div id="comments"><h3>2 Kommentare</h3><ol id="commentlist">'
            + _li(1, '<a href="https://anna.example/" class="url">Anna</a>',
                  "Erster Kommentar hier.", "29.07.2006 um 16:43")
            + _li(2, "Bernd", "Zweiter Kommentar.", "30.07.2006 um 09:10")
            + "</ol></div></body></html>")
    comments, _next, _markup = extract_comments("https://blog.example/2006/07/post/", html)
    assert [(c["author"]["name"], c["published_raw"], c["text"]) for c in comments] == [
        ("Anna", "29.07.2006 um 16:43", "Erster Kommentar hier."),
        ("Bernd", "30.07.2006 um 09:10", "Zweiter Kommentar.")]
