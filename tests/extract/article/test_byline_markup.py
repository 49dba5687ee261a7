"""Bylines in schema.org microdata as CreativeWork.creator, and the page footer's team list.

Hand-written after Serendipity/magazine themes: the post header names its writer with
itemprop="creator"; the site footer lists the whole editorial team under a "Redaktion"
heading in a ul.authors, which is not this article's byline.
"""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.authors import split_byline

URL = "https://mag.example/article/2766-review.html"

_TEAM = """<footer><section class="tm"><h1>Magazin</h1><ul class="authors">
<li><h2>Redaktion</h2></li><li><a href="/pages/ann-berg.html">Ann Berg</a></li>
<li><a href="/pages/carl-dorn.html">Carl Dorn</a></li><li><a href="/pages/team.html">mehr...</a>
</li></ul></section></footer>"""


def _page(byline: str, footer: str = _TEAM) -> bytes:
    return f"""<html><body><section id="main"><article itemscope
itemtype="http://schema.org/BlogPosting"><div class="entry-info">{byline}</div>
<h1 class="entry-title">Review: a handbook of internet law</h1>
<section class="body" itemprop="articleBody"><p>{"The handbook covers the field. " * 20}</p>
<p>{"It is a standard work for practitioners. " * 15}</p></section></article>
{footer}</section></body></html>""".encode()


def test_the_creator_before_the_headline_is_the_author_not_the_footer_team() -> None:
    article = extract_page(URL, _page(
        '<time datetime="2014-05-13T09:17:00+02:00">13. Mai 2014</time>, von '
        '<a href="/pages/dr-eva-frank.html" itemprop="creator">Dr. Eva Frank</a>'))["article"]
    assert [a["name"] for a in article["authors"]] == ["Dr. Eva Frank"]


def test_a_team_list_in_the_page_footer_is_no_byline_at_all() -> None:
    article = extract_page(URL, _page("13. Mai 2014"))["article"]
    assert [a["name"] for a in article["authors"]] == []


def test_an_articles_own_footer_byline_is_still_read() -> None:
    page = _page("", footer="").replace(
        b"</section></article>",
        b'</section><footer class="entry-footer"><span class="byline"><span class="author vcard">'
        b'<a class="url fn n" href="/author/lemire/">Daniel Lemire</a></span></span></footer>'
        b"</article>")
    assert [a["name"] for a in extract_page(URL, page)["article"]["authors"]] == ["Daniel Lemire"]


def _old_theme(line: str) -> bytes:
    return f"""<html><body><div id="content"><div class="post" id="post-1716">
<h1><a href="/2012/05/11/parken/" rel="bookmark">Parken in Paris</a></h1>
<small>{line}</small><div class="entry"><p>{"Wir fahren mit dem Auto nach Paris. " * 20}</p>
<p>{"Wo parkt man dort am besten? " * 15}</p></div></div></div></body></html>""".encode()


def test_a_date_printed_before_the_lead_word_does_not_hide_the_byline() -> None:
    # The printed byline is kept from its lead word on; normalize splits it into people.
    article = extract_page(URL, _old_theme("11.05.2012, 10:22 von Stefan Jovel"))["article"]
    assert [a["name"] for a in article["authors"]] == ["von Stefan Jovel"]
    assert split_byline(article["authors"][0]["name"]) == ["Stefan Jovel"]
    article = extract_page(URL, _old_theme("05/11/2012 by Jane Doe"))["article"]
    assert [a["name"] for a in article["authors"]] == ["by Jane Doe"]


def test_a_date_line_without_a_lead_word_names_nobody() -> None:
    article = extract_page(URL, _old_theme("11.05.2012, 10:22 Uhr"))["article"]
    assert article["authors"] == []
