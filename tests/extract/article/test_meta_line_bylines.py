"""Bylines printed on short meta lines, the way themes and hand-made CMSs print them.

Hand-written after the markup families that held-out real pages showed: an hCard byline in
a left column named "sidebar" that is part of the <article>; an author archive link on a
"NAME / DATE / TIME" line above the headline; a "Von NAME am DATE | N Meinungen" entry
footer after the text; a "DATE · NAME" meta line. And the trap: "von NAME" inside a
sentence of the body is no byline.
"""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.authors import split_byline
from archiver.normalize.dates import parse_date

URL = "https://blog.example/2019/07/the-first-decade/"
_TEXT = "".join(f"<p>{'The decade saw many rulings and many debates. ' * 12}</p>" for _ in range(4))


def _names(html: str, url: str = URL) -> list[str]:
    article = extract_page(url, html.encode())["article"]
    # A printed byline is kept as printed ("Von Christian"); normalize splits it into people.
    return [name for a in article["authors"] for name in split_byline(a["name"])]


def test_an_hcard_byline_in_an_article_column_named_sidebar_is_the_author() -> None:
    html = f"""<html><head><title>The First Decade | Law Blog</title></head><body>
<div id="main"><article class="post hentry"><div class="left_column">
<div id="sidebar" class="site-content"><header class="entry-header">
<h1 class="entry-title">The First Decade</h1><div class="entry-meta">
<span class="author vcard"><a href="https://blog.example/author/admin/" class="url fn"
rel="author">Ann Berg</a></span><br><time class="entry-date"
datetime="2019-07-13T15:52:31+02:00">13 Jul 2019</time></div></header></div></div>
<div class="right_column"><div id="content"><div class="entry">{_TEXT}</div></div></div>
</article></div></body></html>"""
    assert _names(html) == ["Ann Berg"]


def test_an_hcard_in_the_pages_own_sidebar_is_still_no_byline() -> None:
    html = f"""<html><head><title>The First Decade | Law Blog</title></head><body>
<div id="main"><article class="post hentry"><h1 class="entry-title">The First Decade</h1>
<div class="entry">{_TEXT}</div></article></div><div id="sidebar"><div class="box">
<span class="author vcard"><a href="https://blog.example/author/carl/" class="url fn"
rel="author">Carl Dorn</a></span></div></div></body></html>"""
    assert _names(html) == []


def _meta_first(meta: str, between: str = "") -> str:
    share = "".join(f'<a href="https://share.example/{n}"><img src="/i/{n}.svg"></a>'
                    for n in range(12))
    return f"""<html><head><title>Bericht zur Lage</title></head><body><div class="beitrag">
<div class="teaser_text_meta">{meta}</div><div class="social">{share}</div>{between}
<div id="article_content"><h2>Bericht zur Lage vom 22.04.2020</h2>
<p>{"Das Robert-Koch-Institut meldet neue Zahlen. " * 10} Das
<a href="https://rki.example/bulletin">Epidemiologische Bulletin am 15. April 2020</a>
zeigt es. {"Die Zahlen sinken seit Wochen deutlich. " * 12}</p>{_TEXT}</div></div></body></html>"""


_ARCHIVE_LINE = ('<a href="/autor/berg_a">Ann Berg</a> / 22.04.2020 / 06:15 / '
                 '<a href="#fusszeile">Foto: Agentur</a> '
                 '<a href="#leserpost" class="comments">150</a>')


def test_an_author_archive_link_on_a_name_date_line_before_the_headline() -> None:
    assert _names(_meta_first(_ARCHIVE_LINE), "https://mag.example/artikel/lage") \
        == ["Ann Berg"]


def test_the_meta_lines_date_beats_a_date_in_the_body_prose() -> None:
    article = extract_page("https://mag.example/artikel/lage",
                           _meta_first(_ARCHIVE_LINE).encode())["article"]
    assert parse_date(article["published_raw"])["value"][:10] == "2020-04-22"


def test_an_author_archive_link_in_running_text_is_no_byline() -> None:
    prose = ("Wie <a href='/autor/berg_a'>Ann Berg</a> schon vor Wochen schrieb, ist die "
             "Lage ernst, und die Politik wartet noch immer ab, obwohl die Zahlen sinken.")
    assert _names(_meta_first(prose), "https://mag.example/artikel/lage") == []


def _footer_page(footer: str) -> str:
    return f"""<html><head><title>Elektromobilität, der neue Trend</title></head><body>
<div id="content"><div class="entry-asset asset"><div class="asset-header">
<h1 class="asset-name">Elektromobilität, der neue Trend</h1></div>
<div class="asset-content"><div class="asset-body">{_TEXT}
<ul>{"".join(f"<li>Punkt {n}: ein Auto fährt elektrisch.</li>" for n in range(30))}</ul>
{_TEXT}</div></div><div class="asset-footer"><div class="asset-meta">{footer}</div>
</div></div></div></body></html>"""


def test_a_von_name_am_date_entry_footer_with_a_one_word_name() -> None:
    footer = ('Von Christian am 03.05.2013, 11:51 | 0 Meinungen | '
              '<a href="/energie-sparen/">Energie sparen</a>')
    assert _names(_footer_page(footer), "https://klima.example/energie/elektro/") \
        == ["Christian"]


def test_a_by_name_on_date_entry_footer_in_english() -> None:
    footer = 'By Jane on May 3, 2013 | <a href="/energy/">Energy</a>'
    assert _names(_footer_page(footer), "https://klima.example/energie/elektro/") == ["Jane"]


def test_a_date_then_name_meta_line_after_the_headline() -> None:
    html = f"""<html><head><title>The right diet - About Pam</title></head><body><main>
<div class="blog-post"><h1 class="blog-post-title">The right diet</h1>
<p class="blog-post-meta"><span>15. Dezember 2017</span>·
Pamela</p>{_TEXT}</div></main></body></html>"""
    assert _names(html, "https://pam.example/") == ["Pamela"]


def test_von_name_in_a_sentence_of_the_body_is_no_byline() -> None:
    html = f"""<html><head><title>OUTDOOR LOVERS</title></head><body><article>
<h1 class="entry-title">OUTDOOR LOVERS</h1><div class="entry-meta">Do 24. Mai 2018</div>
<div class="entry-content"><p>Für den Ausflug trage ich ein
<a href="https://shop.example/tuch">Dreieckstuch </a>von Barbour, passend dazu
<a href="https://shop.example/jacke">eine Jacke</a>, die den Regen abhält und auch am Strand
bei Wind und Wetter noch gut aussieht.</p>
{_TEXT}</div></article></body></html>"""
    assert _names(html, "https://mag.example/2018/05/24/outdoor/") == []


def _headline_then(meta: str) -> str:
    cats = ", ".join(f'<a href="https://blog.example/category/{c}/" rel="category tag">{c}</a>'
                     for c in ("Just For Fun", "Rebloggt"))
    tags = ", ".join(f'<a href="https://blog.example/tag/{t}/" rel="tag">{t}</a>'
                     for t in ("Antipoden", "Hirngespinst", "Kasparei", "Theorie"))
    return f"""<html><head><title>Antipoden | Der Blog</title></head><body><div id="content">
<div class="post type-post hentry"><p class="post-date">9. Dezember 2013</p>
<div class="post-info"><h2 class="post-title">Antipoden: Die Wahrheit</h2>
{meta} {cats} | Schlagwörter: {tags} | <br><a href="#comments">[5] Comments</a></div>
<div class="post-content">{_TEXT}</div></div></div></body></html>"""


def test_posted_by_name_under_categories_right_after_the_headline_is_the_byline() -> None:
    # The line runs long with its category and tag links; it is still the headline's own.
    assert _names(_headline_then("Posted by Nesselsetzer under")) == ["Nesselsetzer"]


def test_a_sentence_right_after_the_headline_is_no_byline() -> None:
    assert _names(_headline_then("Nobody wrote this under the")) == []
