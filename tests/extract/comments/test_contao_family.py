"""Contao's comments (template com_default), hand-written after the HTML output the Contao
manual prints for its "Kommentare" element, and after a customised template that prints the
name in a <span> followed by "schrieb:"."""

from __future__ import annotations

from archiver.extract import extract_comments, extract_page
from archiver.normalize.dates import parse_date

URL = "https://science.example/artikel/wie-entsteht-erdoel.html"
_TEXT = "".join(f"<p>{'Erdöl entsteht aus Plankton, das am Meeresgrund liegt. ' * 10}</p>"
                for _ in range(4))


def _page(comments: str) -> str:
    return f"""<html lang="de"><head><title>Wie entsteht Erdöl?</title></head><body>
<div id="main"><div class="mod_article block"><h1 class="ce_headline">Wie entsteht Erdöl?</h1>
<div class="date">19.11.2012</div><div class="ce_text">{_TEXT}</div>
<div class="ce_comments block"><h3>Was sagst Du dazu?</h3>{comments}
<div class="form"><form action="/artikel/wie-entsteht-erdoel.html" id="com_tl_content"
method="post"><div class="formbody"><label for="ctrl_name">Name</label>
<input name="name" id="ctrl_name"><textarea name="comment"></textarea>
<input type="submit" value="Kommentar absenden"></div></form></div></div></div></div>
</body></html>"""


_STOCK = """<div class="comment_default first even" id="c1">
<p class="info">Kommentar von Jane Doe | <time datetime="2014-11-05T14:25:40+01:00"
class="date">05.11.2014 14:25</time></p><div class="comment"><p>Sehr cooles Thema!</p></div>
</div><div class="comment_default last odd" id="c2"><p class="info">Kommentar von
<a href="https://carl.example/" rel="nofollow">Carl Dorn</a> | <time
datetime="2014-11-06T09:02:00+01:00" class="date">06.11.2014 09:02</time></p>
<div class="comment"><p>Und wie lange dauert das?</p></div></div>"""


def test_stock_contao_comments_keep_names_dates_ids_and_order() -> None:
    comments, _, markup = extract_comments(URL, _page(_STOCK))
    assert markup == "contao"
    assert [(c["id"], c["parent_id"], c["author"]["name"], c["published_raw"], c["text"])
            for c in comments] == [
        ("c1", None, "Jane Doe", "2014-11-05T14:25:40+01:00", "Sehr cooles Thema!"),
        ("c2", None, "Carl Dorn", "2014-11-06T09:02:00+01:00", "Und wie lange dauert das?")]
    assert comments[1]["author"]["url"] == "https://carl.example/"


def test_a_lone_comment_with_the_name_in_a_span_before_schrieb() -> None:
    lone = """<a name="comments"></a><div class="comment_default first last even" id="c170">
<a name="c170"><div class="avatar floatleft"><img src="/avatars/robot.jpg" alt="Avatar"></div>
</a><p class="info"><span>  Nicolai11</span> schrieb:<br><time
datetime="2014-11-05T14:25:40+00:00" class="date">05.11.2014 um 14:25 Uhr</time></p>
<div class="comment"><p>1</p></div><div class="report_comment">
<a href="kommentar-melden/article/19010/comment/170.html">Kommentar melden.</a></div></div>"""
    page = extract_page(URL, _page(lone).encode())
    assert [(c["author"]["name"], c["text"]) for c in page["comments"]] == [("Nicolai11", "1")]
    # The comment's time is the commenter's; the article's date is the one printed for it.
    assert parse_date(page["article"]["published_raw"], languages=["de"])["value"] \
        == "2012-11-19"
