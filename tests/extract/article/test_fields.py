"""Article fields one by one, on small pages written in the conventions of CMS families."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.extract import extract_article
from archiver.normalize.authors import normalize_authors

FIXTURES = Path(__file__).parents[2] / "fixtures" / "articles"


def article(name: str, url: str) -> dict:
    return extract_article(url, (FIXTURES / name).read_text(encoding="utf-8"))


def names(found: dict) -> list[str]:
    return [a["name"] for a in normalize_authors(found["authors"])]


WP = ("wp-block-closed.html", "https://harbour.example/2025/03/04/tidal-clocks/")
BLOGGER = ("blogger-classic.html", "http://fieldjournal.example/2012/10/snow-on-the-pass.html")
NEWS = ("news-jsonld.html", "https://gull.example/local/2024/05/06/bridge/")
DRUPAL = ("drupal-plain.html", "https://inselblatt.example/node/77")


def test_block_theme_post_with_comments_closed_is_an_article() -> None:
    found = article(*WP)
    assert found["is_article"] is True
    assert found["evidence"] == []  # no JSON-LD, OpenGraph, hentry or comments
    assert {"headline", "prose", "byline"} <= set(found["article_evidence"])
    assert 0.5 <= found["article_confidence"] <= 1.0


def test_block_theme_headline_byline_date_and_body() -> None:
    found = article(*WP)
    assert found["title"] == "Notes on Tidal Clocks"
    assert names(found) == ["Mara Lind"]
    assert found["published_raw"] == "2025-03-04T09:15:00+01:00"
    assert found["body_text"].startswith("A tidal clock has one hand")
    assert "Comments are closed" not in found["body_text"]


def test_blogger_blog_name_h1_is_not_the_headline() -> None:
    found = article(*BLOGGER)
    assert found["is_article"] is True
    assert found["title"] == "Snow on the Pass"
    assert names(found) == ["Ida Brenner"]
    assert found["body_text"].startswith("We left the hut")


def test_visible_headline_wins_over_differing_og_title_and_jsonld() -> None:
    assert article(*NEWS)["title"] == "Council approves the harbour bridge"


def test_jsonld_person_authors_but_never_the_organization() -> None:
    assert names(article(*NEWS)) == ["Ana Ruiz"]


def test_related_article_bylines_are_not_the_authors() -> None:
    assert "Tom Old" not in names(article(*NEWS))


def test_structured_date_keeps_its_offset() -> None:
    assert article(*NEWS)["published_raw"] == "2024-05-06T18:30:00-07:00"


def test_drupal_submitted_line_in_german() -> None:
    found = article(*DRUPAL)
    assert found["is_article"] is True
    assert found["title"] == "Die Fähre fährt wieder"
    assert names(found) == ["Jonas Weber"]
    assert found["published_raw"] is not None


def test_tag_listing_is_not_an_article_and_says_why() -> None:
    found = article("tag-listing.html", "https://harbour.example/tag/ferries/")
    assert found["is_article"] is False
    assert any(e.startswith("not:") for e in found["article_evidence"])
    assert found["authors"] == [] and found["body_text"] == ""


@pytest.mark.parametrize("html", [
    "<html><head><title>Page not found</title></head><body><h1>Page not found</h1>"
    "<p>" + "Sorry, nothing here. " * 40 + "</p><p>" + "Try the search. " * 20 + "</p>"
    "</body></html>",
])
def test_error_pages_are_not_articles(html: str) -> None:
    assert extract_article("https://harbour.example/2025/03/04/gone/", html)["is_article"] \
        is False


@pytest.mark.parametrize(("byline", "want"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("Von Jonas Weber", ["Jonas Weber"]),
    ("par Hélène Marchal", ["Hélène Marchal"]),
    ("przez Daniel Nowak", ["Daniel Nowak"]),
    ("Автор: Лида Буслаева", ["Лида Буслаева"]),
])
def test_printed_by_lines_in_several_languages(byline: str, want: list[str]) -> None:
    html = ("<html><body><article><h1>A headline for the post</h1>"
            f"<p>{byline}</p><div class='entry-content'><p>" + "Words of the post. " * 30
            + "</p></div></article></body></html>")
    assert names(extract_article("https://x.example/2024/01/02/post/", html)) == want


def test_view_all_posts_link_text_gives_the_person_not_the_phrase() -> None:
    html = ("<html><body><article class='post'><h1 class='entry-title'>Headline here</h1>"
            "<div class='byline'><a href='/author/kim/'>View all posts by Kim</a></div>"
            "<div class='entry-content'><p>" + "Text. " * 80 + "</p></div></article>"
            "</body></html>")
    assert names(extract_article("https://x.example/2024/01/02/post/", html)) == ["Kim"]


def test_tag_links_and_permalinks_in_a_byline_are_not_authors() -> None:
    html = ("<html><body><article><h1>Headline here</h1>"
            "<div class='news-author'><span class='author-name'>Ola Nowak</span> Tagi: "
            "<a href='/search/?tag=gas'>Gas</a> <a href='/2024/01/02/post/'>2 Jan</a></div>"
            "<div class='entry-content'><p>" + "Text. " * 80 + "</p></div></article>"
            "</body></html>")
    assert names(extract_article("https://x.example/2024/01/02/post/", html)) == ["Ola Nowak"]


def test_date_printed_under_the_headline_in_the_page_language() -> None:
    assert article(*DRUPAL)["published_raw"] == "18. Okt 2023"


def test_blogger_date_header_above_the_post_title() -> None:
    assert article(*BLOGGER)["published_raw"] == "October 16, 2012"


def test_jsonld_written_with_type_instead_of_at_type_is_still_read() -> None:
    html = ('<html><head><script type="application/ld+json">{"type":"Article",'
            '"datePublished":"Thu, 08 May 2014 14:04:53 -0400"}</script></head><body>'
            "<h1>Ten mistakes</h1><p>" + "Text of the post. " * 30 + "</p></body></html>")
    found = extract_article("https://x.example/blog/ten-mistakes", html)
    assert found["published_raw"] == "Thu, 08 May 2014 14:04:53 -0400"
    assert found["evidence"] == ["json-ld:Article"]


def test_mixed_language_ordinal_date_parses() -> None:
    from archiver.normalize.dates import parse_date

    assert parse_date("Juni 19th, 2018", languages=["de"])["value"] == "2018-06-19"


def test_body_split_around_an_ad_is_read_whole() -> None:
    part = "<div class='article__body'><p>{}</p></div>"
    html = ("<html><body><article><h1>Headline here</h1>"
            + part.format("First half of the story. " * 10)
            + "<div class='ad'>BUY NOW</div>"
            + "<section>" + part.format("Second half of the story. " * 10) + "</section>"
            + "</article></body></html>")
    text = extract_article("https://x.example/2024/01/02/post/", html)["body_text"]
    assert text.startswith("First half") and "Second half" in text and "BUY NOW" not in text


def test_blog_name_heading_before_the_post_heading_is_not_the_headline() -> None:
    # Movable Type / Typepad: <title>Blog: Post</title>, h1 = blog name without a link.
    html = ("<html><head><title>Harbour Log: Tidal Clocks</title></head><body>"
            "<h1>Harbour Log</h1><h2>March 4, 2025</h2><h3>Tidal Clocks</h3>"
            "<div class='entry-body'><p>" + "About clocks and tides. " * 20 + "</p></div>"
            "</body></html>")
    assert extract_article("https://log.example/2025/03/tidal.html", html)["title"] == \
        "Tidal Clocks"


def test_metadata_title_loses_the_site_name_the_home_link_gives() -> None:
    html = ("<html><head><title>Harbour Log: Tidal Clocks: Notes on the Sea</title></head>"
            "<body><a href='/'>Harbour Log</a><div><b>Tidal Clocks: Notes on the Sea</b></div>"
            "<p>" + "About clocks and tides. " * 20 + "</p><p>" + "More words. " * 20 + "</p>"
            "</body></html>")
    found = extract_article("https://log.example/2025/03/tidal.html", html)
    assert found["title"] == "Tidal Clocks: Notes on the Sea"


def test_sidebar_heading_sharing_no_word_with_the_title_is_not_the_headline() -> None:
    html = ("<html><head><title>Tidal Clocks | Harbour Log</title></head><body>"
            "<h1>Around the web</h1><div class='entry-content'><p>" + "Words. " * 80
            + "</p></div></body></html>")
    found = extract_article("https://log.example/2025/03/tidal.html", html)
    assert found["title"] == "Tidal Clocks"


def test_hentry_teasers_in_a_sidebar_do_not_make_the_post_a_listing() -> None:
    teaser = "<article class='hentry'><h3 class='entry-title'>Other {0}</h3></article>"
    html = ("<html><body><div class='hentry'><h1 class='entry-title'>The post</h1>"
            "<p><time datetime='2019-06-28T13:49:45Z'>28 juin 2019</time></p>"
            "<div class='entry-content'><p>" + "Texte. " * 80 + "</p></div></div>"
            "<div id='aside' class='aside secondary'>"
            + "".join(teaser.format(i) for i in range(3)) + "</div></body></html>")
    found = extract_article("https://x.example/chroniques/post", html)
    assert found["is_article"] is True
    assert found["published_raw"] == "2019-06-28T13:49:45Z"


def test_byline_in_the_articles_own_aside_and_teaser_bylines_after_it() -> None:
    teaser = "<div class='teaser'><i class='authors'>Von {0}</i></div>"
    html = ("<html><body><article><h1>Der Artikel</h1>"
            "<aside class='meta'><i class='authors'>Von <a class='author-name' "
            "href='/autor/ana-berg'>Ana Berg</a></i></aside>"
            "<div class='field-name-body'><p>" + "Worte des Artikels. " * 30 + "</p></div>"
            "</article>" + "".join(teaser.format(n) for n in ("Bo Lund", "Cy Marr", "Di Noe"))
            + "</body></html>")
    assert names(extract_article("https://x.example/artikel/der-artikel", html)) == \
        ["Ana Berg"]


def test_repeated_author_markup_of_an_unrecognised_comment_list_is_no_byline() -> None:
    rows = "".join(f"<dt class='author'><span>by <b>{n}</b></span> July 24, 2012</dt><dd>"
                   "A reader's comment text.</dd>" for n in ("randall", "oldsoft", "vendetta"))
    html = ("<html><body><h1>The story</h1><div class='storyText'><p>" + "Story. " * 80
            + "</p></div><dl>" + rows + "</dl></body></html>")
    assert names(extract_article("https://x.example/2012/07/24/story/", html)) == []


def test_link_to_an_author_page_under_the_headline() -> None:
    html = ("<html><body><h1>Washington should tax inflows</h1><ul><li>"
            "<a href='/experts/444'>Michael Lee</a></li></ul><div class='entry-content'><p>"
            + "Economics. " * 80 + "</p></div></body></html>")
    assert names(extract_article("https://x.example/blog/2019/08/tax", html)) == ["Michael Lee"]


def test_promotion_boxes_inside_the_body_container_are_left_out() -> None:
    html = ("<html><body><article><h1>Bolt wins</h1><div itemprop='articleBody'><p>"
            + "The race. " * 40 + "</p><div class='promo_holder'><p>MORE VIDEOS TO WATCH</p>"
            "</div><p>The end.</p></div></article></body></html>")
    text = extract_article("https://x.example/2012/08/09/bolt", html)["body_text"]
    assert "MORE VIDEOS" not in text and text.endswith("The end.")


@pytest.mark.parametrize(("signature", "want"), [
    ("김민준 기자 minjun@news.example", "김민준"),
    ("记者 王小明", "王小明"),
])
def test_cjk_news_copy_signed_at_the_end(signature: str, want: str) -> None:
    html = ("<html><body><h1>Headline</h1><div class='article-body'><p>" + "본문 텍스트. " * 60
            + f"</p><p>{signature}</p></div></body></html>")
    assert [a["name"] for a in extract_article("https://x.example/news?id=1", html)["authors"]] \
        == [want]


PHOTO = ("photo-post-comment-header.html", "https://coastwise.example/log/posts/41-logbook")


def test_byline_heading_the_comment_section_is_the_posts() -> None:
    found = article(*PHOTO)
    assert names(found) == ["Ines Okafor"]
    assert found["authors"][0]["url"] == "https://coastwise.example/log/writers/io"


def test_date_printed_on_that_byline_line() -> None:
    assert article(*PHOTO)["published_raw"] == "March 3 2014"


def test_metadata_title_without_its_byline_when_no_headline_is_shown() -> None:
    assert article(*PHOTO)["title"] == "Photo: A lighthouse keeper's logbook"


LOOSE = ("movable-type-loose.html", "https://tideline.example/archives/2013/02/rope-splices.html")


def test_fallback_body_starts_after_the_headline() -> None:
    found = article(*LOOSE)
    assert found["title"] == "Rope Splices"
    assert found["body_text"].startswith("An eye splice keeps most of the strength")
    for chrome in ("Tideline Notes", "small boats and the people", "Main", "February"):
        assert chrome not in found["body_text"].split("\n\n")[0]
    assert "winter evening by the stove" in found["body_text"]


def test_fallback_body_ends_before_the_thread_and_the_sidebar_after_it() -> None:
    found = article(*LOOSE)
    assert found["body_text"].endswith("quiet winter evening by the stove.")
    assert "Archives by Date" not in found["body_text"]
    assert "Posted on" not in found["body_text"]


def test_jsonld_article_body_is_read_without_its_html_entities() -> None:
    found = article("news-jsonld-escaped.html", "https://gull.example/2024/03/02/ferry-fares/")
    assert '"Fuel and crew costs have both gone up – we held prices' in found["body_text"]
    assert "operator's spokesperson" in found["body_text"]
    assert "&" not in found["body_text"]
