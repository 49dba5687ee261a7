"""The article selectors' XPath, rewritten for speed, finds what the CSS they came from finds."""

from __future__ import annotations

import pytest
from lxml.cssselect import CSSSelector

from archiver.extract.article import selectors as sel
from archiver.extract.comments import parse_html_tree

PAGE = parse_html_tree("""<html class="entry-title"><body id="top">
<div class=" entry-title	post"><h1 class="entry-title">One</h1></div>
<div class="entry-titles">not a token</div><div class="xentry-title">nor this</div>
<article><div class="content">Body</div><p class="content intro">Lead</p></article>
<div class="entry-header"><h1>Two</h1><h2 class="a b">Three</h2></div>
<span itemprop="headline name">Four</span><span itemprop="headlines">no</span>
<time pubdate datetime="2024-05-01">May 1</time><div id="breadcrumbs"><a href="/">Home</a></div>
<nav aria-label="main breadcrumb"><a href="/s/">Section</a></nav>
<ul><li class="x">1</li><li class="x">2</li></ul>
<ol itemtype="https://schema.org/BreadcrumbList"><li><a href="/">Home</a></li></ol>
<ol itemtype="https://schema.org/BreadcrumbListing"><li><a href="/x">No</a></li></ol>
</body></html>""")

SELECTORS = [".entry-title", "h1.entry-title", "[itemprop~=headline]", ".entry-header h1",
             "article .content", "div.entry-title", "time[pubdate]", "#breadcrumbs a",
             "#top", "nav[aria-label~=breadcrumb] a", ".a.b", ".entry-title:not(.post)",
             "li.x:first-child", "ul > .x", "[itemtype$='BreadcrumbList'] a",
             ".entry-title, .content, #breadcrumbs a"]


@pytest.mark.parametrize("css", SELECTORS)
def test_a_selector_finds_the_elements_of_its_css_in_document_order(css):
    expected = CSSSelector(css, translator="html")(PAGE)
    assert sel.css(css)(PAGE) == expected


def test_token_tests_move_to_the_attribute_axis():
    # What makes the selectors cheap: the class test runs on class attributes only.
    assert "/@class[" in sel.css(".entry-title").path
    assert "/@id[" in sel.css("#breadcrumbs a").path
    assert "/@itemtype[" in sel.css("[itemtype$='BreadcrumbList'] a").path
