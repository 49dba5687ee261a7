"""The page index (archiver.extract.pageindex) answers what the whole-tree XPaths it
replaces answered, in the same order, on every fixture page and on awkward markup."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from archiver.extract.comments import parse_html_tree
from archiver.extract.encoding import decode_html
from archiver.extract.pageindex import PageIndex, marker_lines, page_index
from archiver.extract.platforms.registry import page_markers

from ._pages import load_case, page_cases

AWKWARD = """<!DOCTYPE html>
<!-- a comment before the root -->
<html class="no-js" id="top"><head>
<meta name="generator" content="WordPress 6.4"><meta name="generator">
<link rel="stylesheet" href="/a.css"><link rel="canonical" href="/post/">
<link rel="alternate stylesheet" href="/b.css">
<script src="https://x.disqus.com/embed.js" id="one"></script>
<script>var remark_config = {host: "https://r.example"};</script><script></script>
</head><body class="single postid-7">
<div id="dup" class="a  b">x</div><i class="c&#160;d	e"></i>
<p id="dup" itemprop="author name">y</p>
<hyvor-talk-comments website-id="1"></hyvor-talk-comments>
<a rel="author nofollow" href="/u/">u</a><iframe src="/frame"></iframe><map><area href="/m/"></map>
<script>window.remark_config2 = 1</script>
</body></html>"""


def _tree(html: str) -> etree._Element:
    return parse_html_tree(html, [])


def _fixture_trees() -> list[etree._Element]:
    trees = []
    for name in page_cases():
        _url, body, headers, _expected = load_case(name)
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type")
        trees.append(_tree(decode_html(body, content_type)[0]))
    return trees


@pytest.mark.parametrize("tree", [_tree(AWKWARD), *_fixture_trees()])
def test_index_answers_as_the_xpaths(tree: etree._Element) -> None:
    index = PageIndex(tree)
    for tag in ("script", "meta", "link", "iframe", "div", "hyvor-talk-comments", "html",
                "nav", "article", "no-such-element"):
        assert list(index.tag(tag)) == tree.xpath(f"//{tag}")
    for value in {*tree.xpath("//@id"), "nothing-has-this-id"}:
        assert list(index.with_id(value)) == tree.xpath("//*[@id=$v]", v=value)
    assert index.values("link", "href", rel="canonical") == \
        tree.xpath("//link[@rel='canonical']/@href")
    assert index.values("meta", "content", name="generator") == \
        tree.xpath("//meta[@name='generator']/@content")
    assert index.values("script", "src") == tree.xpath("//script/@src")
    assert index.values("link", "href", rel="stylesheet", type="text/css") == \
        tree.xpath("//link[@rel='stylesheet' and @type='text/css']/@href")
    assert index.hrefs() == [(el, el.get("href")) for el in
                             tree.xpath("//a[@href] | //area[@href] | //link[@href]")]
    assert index.texts("script", "remark_config") == \
        tree.xpath("//script[contains(., 'remark_config')]/text()")
    expected_tokens = {"id:" + v for v in tree.xpath("//@id")}
    for name in ("class", "itemprop", "rel", "property"):  # words as normalize-space splits
        expected_tokens |= {f"{name}:{t}" for v in tree.xpath(f"//@{name}")
                            for t in re.split(r"[ \t\r\n]+", v.strip(" \t\r\n"))}
    assert index.tokens == expected_tokens
    # The marker lines are the XPath union's signs, grouped by kind instead of page order
    # (a repeated id once): a marker matches within one line, so only the set matters.
    signs = tree.xpath("//script/@src | //script/text() | //iframe/@src | //@id | //@class"
                       " | //link[@rel='stylesheet']/@href")
    custom = sorted({el.tag for el in tree.iter() if isinstance(el.tag, str) and "-" in el.tag})
    assert set(marker_lines(index)) == {*signs, *custom}


AWKWARD_NAMED = """<html><body><div itemscope itemtype="https://schema.org/Comment">t</div>
<p class="">empty class</p><p id="" itemprop="">empty</p><span rel="author">rel only</span>
<ol class="commentlist"><li id="comment-1" class="comment">c</li></ol></body></html>"""


@pytest.mark.parametrize("tree", [_tree(AWKWARD), _tree(AWKWARD_NAMED), *_fixture_trees()])
def test_named_values_are_the_comment_readers_named_elements(tree: etree._Element) -> None:
    # The comment readers' scans (sections, comment-named regions, comment ids) read these:
    # every element with a non-empty class, id, itemprop or itemtype, with those values.
    from archiver.extract.comments.base import named_elements

    expected = [(el, el.get("class"), el.get("id"), el.get("itemprop"), el.get("itemtype"))
                for el in tree.xpath("//*[@class!='' or @id!='' or @itemprop!=''"
                                     " or @itemtype!='']")]
    assert PageIndex(tree).named_values() == expected
    assert named_elements(tree) == expected
    body = tree.find("body")
    if body is not None:  # a part of the page: only what is inside it
        assert named_elements(body) == [row for row in expected
                                        if row[0] is body or body in row[0].iterancestors()]


@pytest.mark.parametrize("tree", [_tree(AWKWARD), *_fixture_trees()])
def test_the_page_links_read_from_the_index_are_those_of_a_walk(tree: etree._Element) -> None:
    from archiver.extract import _anchor_hrefs
    from archiver.extract.comments.sections import _page_links

    hrefs = tree.xpath("//a/@href | //area/@href")
    nofollow = [a.get("href") for a in tree.xpath("//a[@href][@rel]")
                if "nofollow" in a.get("rel").split() and "ugc" not in a.get("rel").split()]
    assert _anchor_hrefs(tree) == (hrefs, nofollow)
    assert _page_links(tree) == tree.xpath(
        "//a[contains(@href, 'comment-page-') or contains(@href, 'cpage=')]"
        " | //link[@rel='next' or @rel='prev'][contains(@href, 'comment-page-')"
        " or contains(@href, 'cpage=')]")
    body = tree.find("body")
    if body is not None:  # a part of the page: its own links only
        assert _anchor_hrefs(body)[0] == body.xpath(".//a/@href | .//area/@href")


def test_the_index_covers_the_whole_document_whichever_element_is_given() -> None:
    tree = _tree(AWKWARD)
    body = tree.find("body")
    assert [el.get("src") for el in page_index(body).tag("script")] == \
        ["https://x.disqus.com/embed.js", None, None, None]
    assert page_index(body) is page_index(tree)


def test_each_page_gets_its_own_index_when_pages_alternate() -> None:
    first, second = _tree(AWKWARD), _tree("<html><body><div id='dup'>z</div></body></html>")
    assert page_index(first) is page_index(first)  # built once per page
    assert [el.text for el in page_index(second).with_id("dup")] == ["z"]
    assert [el.text for el in page_index(first).with_id("dup")] == ["x", "y"]
    assert "hyvor-talk-comments" in page_markers(first).split("\n")
    assert "hyvor-talk-comments" not in page_markers(second).split("\n")


AWKWARD_ARTICLE = """<html><body>
<div class="hentry&#160;x">not a token</div><div class="x	hentry">tab</div>
<article class="h-entry"><h2 class="entry-title">T</h2><h1>H</h1><dl class="newsTitle"></dl>
<span class="byline">By <a rel="author" href="/a/">A</a></span><p itemprop="author">B</p>
<form id="commentform"></form><div id="respond"><textarea name="comment"></textarea></div>
<time datetime="2024-01-01">x</time><time>y</time><h3 class="subtitle">s</h3></article>
</body></html>"""


@pytest.mark.parametrize("tree", [_tree(AWKWARD_ARTICLE), *_fixture_trees()])
def test_article_selectors_answer_as_their_xpaths(tree: etree._Element) -> None:
    from archiver.extract.article import selectors as sel
    from archiver.extract.article.byline import _byline_markup

    def xpath(expression: str) -> list:
        return tree.xpath(expression)

    assert sel.headings(tree) == xpath("//h1 | //h2 | //h3")
    assert sel.titled(tree) == xpath(
        "//@class[contains(., 'itle') or contains(., 'eadline') or contains(., 'itre')]"
        "/parent::*[not(self::h1 or self::h2 or self::h3 or self::a or self::title"
        " or self::meta or self::body or self::html)]")
    assert sel.hentries(tree) == xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')]")
    assert sel.comment_forms(tree) == xpath(
        "//form[contains(@action, 'comment') or @id='commentform' or contains(@class,"
        " 'comment')] | //*[@id='respond'] | //textarea[contains(@name, 'comment')]")
    assert sel.dated_times(tree) == xpath("//time[@datetime]")
    assert sel.jsonld_scripts(tree) == xpath("//script[@type='application/ld+json']")
    assert sel.canonical_links(tree) == xpath("//link[@rel='canonical']/@href")
    context = type("Context", (), {"tree": tree})
    assert _byline_markup(context) == xpath(
        "//@class[contains(., 'uthor') or contains(., 'yline') or contains(., 'auteur')"
        " or contains(., 'autor') or contains(., 'submitted') or contains(., 'posted-by')]"
        "/parent::* | //@itemprop[contains(., 'author')]/parent::*"
        " | //@rel[contains(., 'author')]/parent::*")


SIMPLE_STEPS = """<html class="entry-content"><body>
<div class="post-content&#160;x">no</div><div class=" post-content	y ">yes</div>
<h1 class="entry-title">a</h1><h2 class="entry-title">b</h2><p itemprop="headline articleBody">c</p>
<a rel="tag nofollow" href="/t/">t</a><link rel="tag" href="/t2/">
<div id="breadcrumbs"><a>x</a></div>
<time pubdate>p</time><time pubdate="pubdate" class="published">q</time><span pubdate>no</span>
<span property="dc:date">d</span><span property="x&#160;dc:created">no</span>
<span property="dc:created	x">e</span><meta property="dc:date" content="2024">
<h1 class="entry-header">not inside one</h1><div class="entry-header x"><h1>in</h1><div>
<h2>deeper</h2><header class="entry-header"><h1>nested</h1><h2>both</h2></header></div></div>
<nav aria-label="x breadcrumb"><a>1</a><nav aria-label="Breadcrumb"><a>2</a></nav></nav>
<nav aria-label="breadcrumb&#160;x"><a>no</a></nav><ol itemtype="https://schema.org/BreadcrumbList">
<li><a>3</a></li></ol><div itemtype="BreadcrumbListX"><a>no</a></div>
<article class="content"><div class="content"><article><p class="content">z</p></article>
</div></article><div class="content">outside</div><div class="entry">e</div>
</body></html>"""


@pytest.mark.parametrize("tree", [_tree(SIMPLE_STEPS), _tree(AWKWARD_ARTICLE), *_fixture_trees()])
def test_article_selector_groups_answer_as_css(tree: etree._Element) -> None:
    from lxml.cssselect import CSSSelector

    from archiver.extract.article import selectors as sel

    groups = [value for value in vars(sel).values() if isinstance(value, sel.Selector)]
    groups += [sel.Selector(c) for c in (".entry-header h1", "article .content", "h2", "div h2",
                                         ".entry-header [itemprop~=name]", "article p",
                                         "nav[aria-label~=breadcrumb]", "[itemtype$='List']")]
    groups += [s for value in vars(sel).values() if isinstance(value, list)
               for s in value if isinstance(s, sel.Selector)]
    present = page_index(tree).tokens
    for group in groups:
        wanted = ", ".join(a for a, needs in group.alternatives if needs <= present)
        expected = CSSSelector(wanted, translator="html")(tree) if wanted else []
        assert group(tree, present) == expected, group.css
        # and skipping the alternatives whose tokens are absent changes nothing
        assert expected == CSSSelector(group.css, translator="html")(tree), group.css


COUNT_HEADINGS = etree.XPath(
    "descendant-or-self::h1 | descendant-or-self::h2 | descendant-or-self::h3"
    " | descendant-or-self::h4 | descendant-or-self::*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in (
            "comments-title", "comment-title", "comments-count", "comment-count",
            "comment-reply-title", "comments-header")) + "]")


@pytest.mark.parametrize("tree", [_tree(AWKWARD_ARTICLE), *_fixture_trees()])
def test_count_headings_of_a_section_answer_as_the_xpath(tree: etree._Element) -> None:
    from archiver.extract.article import selectors as sel

    roots = [tree, *tree.iter("body", "div", "section", "ol", "h2")][:60]
    for root in roots:
        assert sel.count_headings(root) == COUNT_HEADINGS(root)


@pytest.mark.parametrize("tree", [_tree(AWKWARD), _tree(AWKWARD_NAMED), *_fixture_trees()])
def test_searched_values_are_those_one_search_per_value_finds(tree: etree._Element) -> None:
    index = PageIndex(tree)
    split = _tree('<html><body><p class="au" id="x">a</p><p class="thor">b</p>'
                  '<p class="line\nbyline">c</p><p class="">d</p><i class="ByLine" id="X">'
                  '</i></body></html>')
    unicode = _tree('<html><body><p class="Comment-\u017f">a</p><p class="\u212aey">b</p>'
                    '<p class="COMMENT">c</p></body></html>')  # long s, Kelvin sign
    for page in (tree, split, unicode):
        index = PageIndex(page)
        for attribute, pattern in (("class", re.compile("uthor|yline|comment")),
                                   ("class", re.compile("uthor|yline|comment|s$|key", re.I)),
                                   ("class", re.compile("(?-i:comment)|x", re.I)),
                                   ("class", re.compile(r"\W-", re.I)),
                                   ("id", re.compile("omment|x")),
                                   ("id", re.compile("omment|x", re.I))):
            expected = {el for el in page.iter() if isinstance(el.tag, str)
                        and pattern.search(el.get(attribute) or "") is not None}
            assert index.searched(attribute, pattern) == expected


@pytest.mark.parametrize("tree", [_tree(AWKWARD_ARTICLE), *_fixture_trees()])
def test_not_byline_words_are_found_in_the_class_or_the_id(tree: etree._Element) -> None:
    from archiver.extract.article.byline import _NOT_BYLINE

    index = PageIndex(tree)
    found = index.searched("class", _NOT_BYLINE) | index.searched("id", _NOT_BYLINE)
    assert found == {el for el in tree.iter() if isinstance(el.tag, str) and _NOT_BYLINE.search(
        " ".join(filter(None, (el.get("class"), el.get("id")))))}


SHARED_WORDS = """<html><body><div class="comment odd">1<p class="comment-body">a</p></div>
<div class="comment even">2<p class="comment-body">b</p></div><div class="even comment">3</div>
<span class="odd" rel="nofollow author" itemprop="name">4</span><a rel="author">5</a>
<i class="comment">6</i><i class="">7</i><i class=" ">8</i><b itemprop="name">9</b>
<p class="comment odd">10</p></body></html>"""


@pytest.mark.parametrize("tree", [_tree(SHARED_WORDS), _tree(AWKWARD), *_fixture_trees()])
def test_each_word_lists_its_elements_in_document_order(tree: etree._Element) -> None:
    # A word several distinct values hold ("comment" in "comment odd" and "even comment")
    # lists the elements of all of them, merged into document order, each once.
    index = PageIndex(tree)
    for attribute in ("class", "itemprop", "rel", "property"):
        words = {w for v in tree.xpath(f"//@{attribute}")
                 for w in re.split(r"[ \t\r\n]+", v.strip(" \t\r\n")) if w}
        for word in words:
            assert list(index.with_token(attribute, word)) == tree.xpath(
                f"//*[contains(concat(' ', normalize-space(@{attribute}), ' '), $w)]",
                w=f" {word} "), (attribute, word)


def test_matching_lines_finds_every_row_of_a_repeated_value() -> None:
    from archiver.extract.pageindex import matching_lines

    values = ["comment", "", "byline", "comment", "x-Comment", "comment", "", "byline"]
    pattern = re.compile("omment|yline")
    assert matching_lines(values, pattern) == {
        row for row, value in enumerate(values) if pattern.search(value)}
    case_blind = re.compile("omment", re.I)
    assert matching_lines(values, case_blind, re.compile("omment")) == {0, 3, 4, 5}
