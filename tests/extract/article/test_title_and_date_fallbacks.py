"""The headline and the date when the page's markup gives little to go by.

Hand-written after small CMSs and custom apps: no h1, the post's headline an
h2.blog-post-title while <title> names only the site; a lone reader comment whose
<time datetime> is the page's only machine-readable date; a German date printed on a page
declared English.
"""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.dates import parse_date

_TEXT = "".join(f"<p>{'Eat what keeps you well and happy, most days of the week. ' * 10}</p>"
                for _ in range(4))


def _blog(headings: str, lang: str = "en") -> bytes:
    return f"""<html lang="{lang}"><head><title>About Pam - By Pam Reif</title>
<meta property="og:title" content="About Pam - Pam Reif"></head><body><div class="container">
<main><div class="blog-post">{headings}<p class="blog-post-meta"><span>15. Dezember 2017</span>
· Pam</p>{_TEXT}</div></main></div></body></html>""".encode()


def test_without_h1_the_one_h2_named_post_title_is_the_headline() -> None:
    page = _blog('<h2 class="blog-post-title">The "right" diet - what does it mean</h2>')
    article = extract_page("https://pam.example/", page)["article"]
    assert article["title"] == 'The "right" diet - what does it mean'


def test_a_german_date_on_a_page_declared_english_is_still_the_date() -> None:
    page = _blog('<h2 class="blog-post-title">The "right" diet - what does it mean</h2>')
    article = extract_page("https://pam.example/", page)["article"]
    assert parse_date(article["published_raw"], languages=[article["language"]])["value"] \
        == "2017-12-15"


def test_several_h2_post_titles_are_a_listing_not_one_headline() -> None:
    page = _blog('<h2 class="blog-post-title">First post</h2>'
                 '<h2 class="blog-post-title">Second post</h2>')
    article = extract_page("https://pam.example/", page)["article"]
    assert article["title"] not in ("First post", "Second post")


def _lone_comment(date_markup: str) -> bytes:
    return f"""<html lang="de"><head><title>Wie entsteht Erdöl?</title></head><body>
<div id="main"><div class="mod_article"><h1 class="ce_headline">Wie entsteht Erdöl?</h1>
{date_markup}<div class="ce_text">{_TEXT}</div>
<div class="ce_comments block"><h2>Was sagst Du dazu?</h2>
<div class="comment_default" id="c170"><p class="info"><span>Nicolai11</span> schrieb:
<time datetime="2014-11-05T14:25:40+00:00">05.11.2014 um 14:25 Uhr</time></p>
<div class="comment"><p>Sehr interessant, danke!</p></div></div></div></div></div>
</body></html>""".encode()


def test_a_comments_time_is_never_the_articles_date() -> None:
    article = extract_page("https://science.example/artikel/erdoel.html",
                           _lone_comment("<div class='date'>19.11.2012</div>"))["article"]
    assert not (article["published_raw"] or "").startswith("2014-11-05")
    assert parse_date(article["published_raw"], languages=["de"])["value"] == "2012-11-19"


def test_a_copyright_year_is_not_a_publication_date() -> None:
    html = f"""<html><head><title>Animated typography | Letters</title></head><body>
<div class="post"><h1>Animated typography</h1>{"<p>" + "Letters move on screens now. " * 30
                                                  + "</p>"}</div>
<div id="footer"><p>&copy; 2016 Letters. All rights reserved.</p></div></body></html>"""
    article = extract_page("https://letters.example/animated-typography/", html.encode())
    assert article["article"]["published_raw"] is None


def test_a_dated_teaser_in_the_menu_is_not_the_articles_date() -> None:
    teasers = "".join(f"""<article><a href="/post-{n}/">Other post {n}</a><div class="meta">
<time datetime="2017-02-{10 + n}T22:34:33+00:00" itemprop="datePublished">{10 + n} févr.
</time></div></article>""" for n in range(3))
    html = f"""<html lang="fr"><head><title>Le post | Mag</title></head><body>
<nav class="navigation"><ul class="menu"><li><div class="mega-menu">{teasers}</div></li></ul>
</nav><div class="main"><article class="post"><header><h1 class="post-title">Le post</h1>
<time class="updated" datetime="2017-01-08T17:48:24+00:00" itemprop="datePublished">8 janv.
</time></header><div class="post-content">{"<p>" + "Le texte du post. " * 40 + "</p>"}
</div></article></div></body></html>"""
    article = extract_page("https://mag.example/le-post/", html.encode())["article"]
    assert article["published_raw"] == "2017-01-08T17:48:24+00:00"


def test_a_sentence_starting_at_the_posts_own_permalink_dates_it() -> None:
    # no machine-readable date, none by the headline: a sidebar box "about this entry"
    # names the post by its permalink and says when it was posted
    url = "https://lettern.example/2010/05/literatur-und-typography/"
    page = f"""<html lang="de"><head><title>Literatur und Typography | lettern</title></head>
<body><div id="main"><div class="post"><h1><a href="{url}" rel="bookmark">Literatur und
Typography</a></h1><div class="entry">{_TEXT}</div></div></div>
<div id="sidebar"><h2>Über diesen Artikel</h2><p><a href="{url}" rel="bookmark"
title="Permanent Link to Literatur und Typography">Literatur und Typography</a> wurde am
<nobr>19. Mai 2010</nobr> um <nobr>23:03</nobr> Uhr gepostet und unter
<a href="/category/lesenswert/" rel="category tag">Lesenswert</a> abgelegt.</p>
<h2>Neueste Artikel</h2><ul><li><a href="/2010/06/other/" rel="bookmark">Other</a>
am 2. Juni 2010</li></ul></div></body></html>""".encode()
    article = extract_page(url, page)["article"]
    assert parse_date(article["published_raw"], languages=["de"])["value"] == "2010-05-19"
