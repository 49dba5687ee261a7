"""Pingbacks that a theme prints with exactly the markup of a reader comment.

WordPress stores a pingback's text as an excerpt of the linking post between ellipsis
brackets ("[…] excerpt […]"); a theme without a pingback class leaves that as the only sign.
The snippets are hand-written after such themes (no class on the entries, the "author" is
the linking post's title).
"""

from __future__ import annotations

from archiver.extract import extract_comments

URL = "https://blog.example/2009/08/a-post/"


def _page(entries: str) -> str:
    return f"""<html><body><article><h1>A post</h1><p>Post text, long enough to be a post.</p>
</article><div id="comments"><h4>Kommentare</h4>{entries}</div></body></html>"""


def _entry(n: int, text: str, author: str, href: str, when: str) -> str:
    return f"""<div class="commentEntry"><div class="commentContent" id="comment-{n}">
<p>{text}</p><div class="commentMeta">Kommentar von <cite><a href="{href}" class="url">{author}
</a></cite> am <a href="#comment-{n}">{when}</a></div></div></div>"""


def test_an_excerpt_between_ellipsis_brackets_is_a_pingback_not_a_comment() -> None:
    html = _page(
        _entry(1, "Das Video ist wirklich schön, danke fürs Zeigen!", "Anna",
               "https://anna.example/", "06.08.09 um 18:02")
        + _entry(2, "[&#8230;] Hamburg feiert CSD. Mein Lieblingslied kennt Ihr. [&#8230;]",
                 "Aus dem Tagebuch | Folge 10 | other.example",
                 "https://other.example/2009/08/07/tagebuch-10/", "07.08.09 um 10:25")
        + _entry(3, "[...] wie es drüben heißt: schöne Musik. [...]", "Linkliste am Freitag",
                 "https://third.example/linkliste/", "08.08.09 um 09:00")
        + _entry(4, "Ich finde es auch schön.", "Bernd", "https://bernd.example/",
                 "08.08.09 um 11:40"))
    comments, _next, _markup = extract_comments(URL, html)
    assert [c["text"] for c in comments] == [
        "Das Video ist wirklich schön, danke fürs Zeigen!", "Ich finde es auch schön."]


def test_a_comment_that_only_starts_with_a_quoted_ellipsis_stays_a_comment() -> None:
    html = _page(
        _entry(1, "[…] so stand es im Artikel. Das sehe ich anders, weil …", "Anna",
               "https://anna.example/", "06.08.09 um 18:02")
        + _entry(2, "Ich finde es auch schön.", "Bernd", "https://bernd.example/",
                 "08.08.09 um 11:40"))
    comments, _next, _markup = extract_comments(URL, html)
    assert len(comments) == 2


def test_wordpress_legacy_list_drops_unclassed_pingbacks_and_keeps_the_replies() -> None:
    # An old theme: ol.commentlist > li#comment-N without comment classes, cite + small date.
    def li(n: int, who: str, text: str, inner: str = "") -> str:
        return (f'<li id="comment-{n}"><cite>{who}</cite> | <small><a href="#comment-{n}">'
                f'11.09.2011&nbsp;23:31</a></small><p>{text}</p>{inner}</li>')
    html = _page('<ol class="commentlist">'
                 + li(1, "Pingback von <a href='https://x.example/2011/09/11/links/'>Links</a>",
                      "[&#8230;] Gefällt mir &#8211; Unlängst spazierte ich [&#8230;]")
                 + li(2, "Jutta", "Schöne Geschichte!",
                      '<ol class="children">' + li(3, "Sven", "[...] finde ich auch [...]")
                      + "</ol>")
                 + "</ol>")
    comments, _next, markup = extract_comments(URL, html)
    assert markup == "wordpress-legacy"
    # A reply that happens to be bracketed is a reader's: pingbacks are never replies.
    assert [(c["author"]["name"], c["text"]) for c in comments] == [
        ("Jutta", "Schöne Geschichte!"), ("Sven", "[...] finde ich auch [...]")]
