"""Article fields: what a reader of the archive relies on being right."""

from __future__ import annotations

import re

import pytest

from archiver.extract import extract_article, extract_page
from archiver.profiles import Profile

from ._pages import load_case, page_cases

URL = "https://mag.example/2026/01/02/a-post/"


def wp_page(body: str, head: str = "", comments: str = "", extra: str = "") -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A Post &#8211; Mag</title>{head}</head>
<body class="single"><article class="post hentry">
<h1 class="entry-title">A Post</h1>
{body}
{comments}
</article>{extra}</body></html>"""


COMMENTS = """<div id="comments" class="comments-area">
<h2 class="comments-title">One thought on &ldquo;A Post&rdquo;</h2>
<ol class="comment-list"><li id="comment-7" class="comment depth-1">
<article id="div-comment-7" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Reader</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-7"><time datetime="2026-01-03T10:00:00+00:00">
January 3</time></a></div></footer>
<div class="comment-content entry-content"><p>SECRET COMMENT WORDS here.</p></div>
</article></li></ol>
<div id="respond"><form id="commentform"><textarea>FORM WORDS</textarea></form></div></div>"""


def test_no_comment_text_leaks_into_the_body_of_any_fixture() -> None:
    for case in page_cases():
        url, body, headers, _ = load_case(case)
        result = extract_page(url, body, headers)
        for comment in result["comments"]:
            words = comment["text"].split("\n\n")[0][:40]
            assert words not in result["article"]["body_text"], (case, comment["id"])
            assert words not in result["article"]["body_html"], (case, comment["id"])


def test_comment_section_inside_the_entry_container_is_walled_off() -> None:
    html = wp_page(f'<div class="entry-content"><p>Real body text.</p>{COMMENTS}</div>')
    article = extract_article(URL, html)
    assert article["body_text"] == "Real body text."
    assert "SECRET" not in article["body_html"] and "FORM WORDS" not in article["body_html"]


def test_comment_content_marked_entry_content_is_not_taken_as_the_body() -> None:
    # Twenty Twenty gives comment bodies the class "entry-content" too.
    late = '<div class="entry-content"><p>Late body.</p></div>'
    html = wp_page("", comments=COMMENTS, extra=late)
    article = extract_article(URL, html)
    assert "SECRET" not in article["body_text"]
    assert article["body_text"] == "Late body."


def test_trafilatura_fallback_body_never_contains_comments() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the essay, which is long enough to count as "
                         f"prose and not boilerplate, about slow reading.</p>" for i in range(8))
    html = wp_page(f"<div class='story'>{paragraphs}</div>", comments=COMMENTS)
    article = extract_article(URL, html)
    assert "Paragraph 3 of the essay" in article["body_text"]
    assert "SECRET" not in article["body_text"]


def test_body_html_has_no_scripts_styles_or_event_handlers() -> None:
    html = wp_page('<div class="entry-content"><p onclick="x()" style="color:red">Hi '
                   '<a href="/rel" onmouseover="y()">link</a></p><script>evil()</script>'
                   '<style>p{}</style><img src="/a.png" onerror="z()" alt="a"></div>')
    body_html = extract_article(URL, html)["body_html"]
    assert not re.search(r"script|style|onclick|onmouseover|onerror|evil", body_html)
    assert 'href="https://mag.example/rel"' in body_html  # links made absolute


def test_body_text_joins_paragraphs_with_blank_lines_and_collapses_spaces() -> None:
    html = wp_page('<div class="entry-content"><p>One\n   two</p><ul><li>three</li>'
                   "<li>four</li></ul><p>five<br>six</p></div>")
    assert extract_article(URL, html)["body_text"] == "One two\n\nthree\n\nfour\n\nfive\nsix"


def test_declared_count_reads_one_thought_on() -> None:
    assert extract_article(URL, wp_page("", comments=COMMENTS))["declared_comment_count"] == 1


def test_declared_count_ignores_sidebar_numbers() -> None:
    sidebar = ('<aside class="widget-area"><div class="widget"><h2>12 comments this week</h2>'
               "</div></aside>")
    article = extract_article(URL, wp_page("<p>x</p>", extra=sidebar))
    assert article["declared_comment_count"] is None


def test_json_ld_comment_count_wins() -> None:
    head = ('<script type="application/ld+json">{"@type":"BlogPosting","headline":"A Post",'
            '"commentCount":42}</script>')
    article = extract_article(URL, wp_page("", head=head, comments=COMMENTS))
    assert article["declared_comment_count"] == 42
    assert article["evidence"][0] == "json-ld:BlogPosting"


def test_json_ld_graph_author_references_are_resolved_in_order() -> None:
    head = """<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":["Article"],"headline":"H","author":[{"@id":"#p2"},{"@id":"#p1"}],
       "keywords":"a, b ,c"},
      {"@type":"Person","@id":"#p1","name":"First Person","url":"/people/1"},
      {"@type":"Person","@id":"#p2","name":"Second Person"}]}</script>"""
    article = extract_article(URL, wp_page("", head=head))
    assert article["authors"] == [
        {"name": "Second Person", "url": None},
        {"name": "First Person", "url": "https://mag.example/people/1"},
    ]
    assert article["tags"] == ["a", "b", "c"]
    # The visible headline is the title; JSON-LD's differing headline is not.
    assert article["title"] == "A Post"


def test_broken_json_ld_is_skipped_not_fatal() -> None:
    head = '<script type="application/ld+json">{"@type": "Article", oops</script>'
    article = extract_article(URL, wp_page('<div class="entry-content"><p>t</p></div>', head))
    assert article["title"] == "A Post"


def test_plain_text_byline_is_kept_whole_for_normalization() -> None:
    html = wp_page('<p class="byline">By Jane Doe, Senior Editor, and John Roe</p>')
    article = extract_article(URL, html)
    assert article["byline_raw"] == "By Jane Doe, Senior Editor, and John Roe"
    assert article["authors"] == [{"name": "By Jane Doe, Senior Editor, and John Roe",
                                   "url": None}]


def test_comment_author_links_are_not_article_authors() -> None:
    article = extract_article(URL, wp_page("<p>x</p>", comments=COMMENTS))
    assert article["authors"] == []


def test_language_is_normalized_from_og_locale() -> None:
    html = ('<html><head><meta property="og:locale" content="pt_br"><title>x</title></head>'
            "<body><p>x</p></body></html>")
    assert extract_article(URL, html)["language"] == "pt-BR"


def test_title_falls_back_to_head_title_without_site_name() -> None:
    html = ('<html><head><title>Why Bridges Fall | The Engineer</title>'
            '<meta property="og:site_name" content="The Engineer"></head><body><p>x</p>'
            "</body></html>")
    assert extract_article(URL, html)["title"] == "Why Bridges Fall"


def test_pages_without_article_evidence_are_not_articles() -> None:
    html = ("<html><head><title>About us</title></head><body><h1>About us</h1><p>We are a "
            "magazine.</p></body></html>")
    article = extract_article(URL, html)
    assert article["is_article"] is False and article["evidence"] == []


def test_listing_fixture_is_not_an_article() -> None:
    url, body, headers, _ = load_case("listing-page")
    assert extract_page(url, body, headers)["article"]["is_article"] is False


def test_profile_selectors_win_over_heuristics() -> None:
    html = wp_page('<div class="kicker">World</div><span class="who">Ann Lee</span>'
                   '<time class="stamp" datetime="2026-01-02T03:04:05Z">Jan 2</time>'
                   '<div class="entry-content"><p>theme body</p></div>'
                   '<div class="real"><p>profile body</p></div>')
    profile = Profile(selectors={"title": "title::text", "authors": ".who::text",
                                 "published": "time.stamp::attr(datetime)", "section": ".kicker",
                                 "body": ".real"})
    article = extract_article(URL, html, profile)
    assert article["title"] == "A Post – Mag"
    assert article["authors"] == [{"name": "Ann Lee", "url": None}]
    assert article["published_raw"] == "2026-01-02T03:04:05Z"
    assert article["section"] == "World"
    assert article["body_text"] == "profile body"


def test_extraction_does_not_modify_the_input_tree_between_calls() -> None:
    html = wp_page('<div class="entry-content"><p>Body.</p></div>', comments=COMMENTS)
    assert extract_article(URL, html) == extract_article(URL, html)


@pytest.mark.parametrize("head", [
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Kept",'
    '"author":{"@id":["x"]},"mainEntityOfPage":{"@id":{"a":1}}}</script>',
    '<title>Kept</title><link rel="canonical" href="http://[::1/x">',
    '<title>Kept</title><script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000
    + "</script>",
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Kept",'
    '"commentCount":"100000000000000000000"}</script>',
])
def test_pages_with_malformed_metadata_still_extract(head):
    from archiver.extract import extract_page

    page = (f'<html><head>{head}<meta property="og:type" content="article"></head><body>'
            '<div id="comments"><h2 class="comments-title">' + "9" * 5000 + " comments</h2>"
            '</div><a href="http://x.example:99999/">bad port</a></body></html>')
    result = extract_page("https://mag.example/a/", page.encode())
    assert result["article"]["title"] == "Kept"
    assert result["article"]["declared_comment_count"] is None
