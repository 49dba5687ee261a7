"""A headline that itself contains a separator (" - ", ": ") is split by the <title> into
several segments; the <title> still quotes it whole, and that run of segments is what the
headline is checked against, not each piece alone."""

from __future__ import annotations

from archiver.extract import extract_article

URL = "http://fansite.example/news/0409.html"

PARAGRAPHS = """<p>Chapter 121 is online now; as usual the pictures are for members who are
logged in, and chapter 122 follows on Friday, a week later than the magazine's schedule.</p>
<p>Thanks to everyone who sent corrections for the last chapter, most of them are in.</p>"""


def page(title: str, section: str, headline: str) -> str:
    return f"""<!DOCTYPE html><html><head><title>{title}</title>
<meta property="og:type" content="article"></head><body>
<div id="content"><h1>{section}</h1>
<div class="news"><h2>{headline}</h2>24. März 2004, 19:49 | Genesis
{PARAGRAPHS}</div></div></body></html>"""


def test_a_section_h1_loses_to_the_h2_the_title_quotes_across_its_separators() -> None:
    found = extract_article(URL, page(
        "News - Site Update - Preview Band 14 - Example Fansite",
        'fansite.example News - <a href="/newsarchiv/2004.html">News archive</a>',
        "Site Update - Preview Band 14"))
    assert found["title"] == "Site Update - Preview Band 14"


def test_an_h1_the_title_quotes_whole_stays_the_headline() -> None:
    found = extract_article(URL, page(
        "Site Update - Preview Band 14 - Example Fansite",
        "Site Update - Preview Band 14", "Latest news"))
    assert found["title"] == "Site Update - Preview Band 14"
