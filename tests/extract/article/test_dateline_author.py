"""A byline printed as "DATE | NAME" (or "NAME | DATE") on one unclassed meta line of the
article, with no lead word: the bar's other side is the author when it reads as the day the
page was published."""

from __future__ import annotations

from archiver.extract import extract_article

URL = "https://ballblog.example/blog/2006/07/29/the-transfer/"

TEXT = """<p>The transfer window closed on a quiet Friday, and the club had bought nobody at
all, which the supporters took better than the board had feared they would.</p>
<p>Three of the youth players moved up instead, and the coach said he liked it so.</p>"""


def page(meta: str, head: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="de"><head><title>The transfer | Ballblog</title>
<meta property="og:type" content="article">{head}</head><body>
<div class="post"><h2 class="entry-title">The transfer</h2>
<div class="entry-content">{TEXT}</div>
<div class="entry-footer"><div class="right">{meta}</div></div></div>
<div id="sidebar"><div>Jane Sidebar | 29.07.2006 um 09:00</div></div>
</body></html>"""


PUBLISHED = '<meta property="article:published_time" content="2006-07-29T12:26:00+00:00">'


def names(found: dict) -> list[str]:
    return [a["name"] for a in found["authors"]]


def test_a_name_before_the_published_date_is_the_author() -> None:
    found = extract_article(URL, page("<span>Malte Welding </span> | 29.07.2006 um 14:26",
                                      PUBLISHED))
    assert names(found) == ["Malte Welding"]


def test_a_name_after_the_date_between_scripts_is_the_author() -> None:
    found = extract_article(URL, page(
        "29. Juli 2006, 14:26 | <script>document.write('<a>')</script>Genesis"
        "<script>document.write('</a>')</script>", PUBLISHED))
    assert names(found) == ["Genesis"]


def test_a_name_beside_another_day_is_no_byline() -> None:
    found = extract_article(URL, page("<span>Malte Welding</span> | 30.07.2006 um 14:26",
                                      PUBLISHED))
    assert names(found) == []


def test_a_line_outside_the_article_is_no_byline() -> None:
    found = extract_article(URL, page("Bundesliga | Filzball", PUBLISHED))
    assert names(found) == []
