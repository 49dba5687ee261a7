"""Comments that only a header line of comment vocabulary announces ("#1 Kommentar von NAME").

Hand-written snippets after the old PHP CMSs that print them: no comment class or id, the
date as a bare text node after the header, the text in paragraphs.
"""

from __future__ import annotations

from archiver.extract import extract_comments

URL = "https://fans.example/news/0409.html"

_POST = """<html><body><div id="content"><h1>Fan site news</h1>
<h2>Site update: chapter 121</h2><p>Chapter 121 is online now, chapter 122 on Friday.</p>"""


def test_numbered_comment_headers_under_a_comments_title_are_read() -> None:
    html = _POST + """<div class="titlebar">Kommentare</div>
<div><h3>#1 Kommentar von <img src="/flags/de.png" title="Germany"/> Naru-chan</h3>
  26. M&auml;rz 2004, 16:19
  <p>Danke f&uuml;r dieses Kapitel!</p></div>
<div><h3>#2 Kommentar von Keitaro</h3>
  27. M&auml;rz 2004, 08:05
  <p>Endlich.</p><p>Weiter so.</p></div>
<div class="titlebar">Kommentare schreiben</div><form><textarea name="comment"></textarea></form>
</div></body></html>"""
    comments, _next, markup = extract_comments(URL, html)
    assert markup == "headed"
    assert [(c["author"]["name"], c["published_raw"], c["text"]) for c in comments] == [
        ("Naru-chan", "26. März 2004, 16:19", "Danke für dieses Kapitel!"),
        ("Keitaro", "27. März 2004, 08:05", "Endlich.\n\nWeiter so.")]
    assert all(c["parent_id"] is None for c in comments)


def test_english_comment_by_headers_under_a_count_heading_are_read() -> None:
    html = _POST + """<h4>2 Comments</h4>
<div><b>Comment by Ann Lee</b><br/>March 26, 2004 4:19 pm<p>Thanks for this.</p></div>
<div><b>Comment by Bob</b><br/>March 27, 2004 8:05 am<p>Agreed.</p></div></div></body></html>"""
    comments, _next, _markup = extract_comments(URL, html)
    assert [(c["author"]["name"], c["published_raw"]) for c in comments] == [
        ("Ann Lee", "March 26, 2004 4:19 pm"), ("Bob", "March 27, 2004 8:05 am")]


def test_an_opinion_piece_byline_is_not_a_reader_comment() -> None:
    html = """<html><body><article><h1>Die Bahn muss pünktlich werden</h1>
<h3>Kommentar von Max Muster</h3><p>Seit Jahren verspricht die Bahn Besserung.</p>
<p>Geschehen ist wenig.</p></article></body></html>"""
    comments, _next, markup = extract_comments(URL, html)
    assert (comments, markup) == ([], None)
