"""Comment markups hand-written after the families held-out real pages showed: a Drupal
theme whose replies are another class ("article_comment_answer" under "div.indented", their
parts renamed "comment_author_answer_pic"), each entry after `<a id="comment-N">`, an HTML
comment and an empty layout box; a date line in the name's box ("Soumis par <span>NAME</span>,
le lundi 29 octobre 2012 à 16h30", "NAME a répondu le ..."); a relative date on a link
that carries the instant in `datetime`; and the one-line "Posted by: NAME, DATE | TIME"."""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.dates import parse_date

URL = "https://mag.example/story/2012/10/29/a-story"
_ARTICLE = "<h1>A story</h1><div class='article_body'><p>" + "The story's text. " * 20 + \
    "</p></div>"


def _page(thread: str) -> list[dict]:
    html = f"""<html lang="fr"><head><title>A story | Mag</title></head><body>{_ARTICLE}
<div id="comments">{thread}</div></body></html>"""
    return extract_page(URL, html.encode())["comments"]


def _top(cid: str, name: str, when: str, text: str) -> str:
    return f"""<a id="comment-{cid}"></a>
<!-- start comment -->
<div class="comment_margin comment_first"></div>
<div class="article_comment_item">
<div class="comment_author_pic"><img src="/avatar.jpg" /></div>
<div class="comment_infos"><div class="comment_title">A title</div>
<div class="comment_author">Soumis par <span class="comment_author_name">{name}</span>,
le {when}</div><div class="clearer"></div></div>
<div class="comment_content"><p>{text}</p></div><div class="clearer"></div></div>
<div class="clearer"></div>
<!-- end comment -->"""


def _answer(cid: str, name: str, when: str, text: str) -> str:
    return f"""<a id="comment-{cid}"></a>
<!-- start comment -->
<div class="article_comment_answer"><div class="comment_margin_answer"></div>
<div class="comment_author_answer_pic"><img src="/avatar.jpg" /></div>
<div class="comment_answer_infos"><div class="comment_author"><span
class="comment_author_name">{name}</span> a r&eacute;pondu le {when}</div>
<div class="clearer"></div></div>
<div class="comment_content"><p>{text}</p></div><div class="clearer"></div></div>
<div class="clearer"></div>
<!-- end comment -->"""


def test_replies_of_another_class_in_an_indented_box_answer_the_comment_before() -> None:
    thread = (_top("106193", "marianne ARNAUD", "lundi 29 octobre 2012 &agrave; 16h30",
                   "Sur les ressemblances et les dissemblances.")
              + _top("106201", "Xolotl", "lundi 29 octobre 2012 &agrave; 17h07",
                     "Que quiconque a purgé sa peine peut reprendre sa place.")
              + '<div class="indented">'
              + _answer("106269", "Stephane-Chalangeas",
                        "mardi 30 octobre 2012 &agrave; 11h45", "Tout à fait d'accord !")
              + _answer("106305", "Roger-Wielgus", "mardi 30 octobre 2012 &agrave; 17h24",
                        "Je ne suis pas d'accord du tout.")
              + "</div>")
    comments = _page(thread)
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in comments] == [
        ("106193", None, "marianne ARNAUD"), ("106201", None, "Xolotl"),
        ("106269", "106201", "Stephane-Chalangeas"), ("106305", "106201", "Roger-Wielgus")]
    # a 60-character date line is read, and "a répondu le" is not part of the date
    assert [c["published_raw"] for c in comments] == [
        "lundi 29 octobre 2012 à 16h30", "lundi 29 octobre 2012 à 17h07",
        "mardi 30 octobre 2012 à 11h45", "mardi 30 octobre 2012 à 17h24"]
    assert parse_date(comments[3]["published_raw"], languages=["fr"])["value"] == \
        "2012-10-30T17:24:00Z"


def test_a_links_datetime_is_the_instant_of_a_relative_date() -> None:
    def entry(cid: str, name: str, stamp: str) -> str:
        return f"""<li class="comment" id="comment-{cid}"><div class="comment-head">
<span class="author">{name}</span>
<a href="#comment-{cid}" class="time" datetime="{stamp}">2 weeks ago</a></div>
<div class="comment-text"><p>A comment by {name} on the report.</p></div></li>"""

    comments = _page("<ol class='comments'>" + entry("603605", "ann", "2014-12-06T15:38:13+00:00")
                     + entry("592514", "bob", "2014-12-01T19:41:21+00:00") + "</ol>")
    assert [(c["author"]["name"], c["published_raw"]) for c in comments] == [
        ("ann", "2014-12-06T15:38:13+00:00"), ("bob", "2014-12-01T19:41:21+00:00")]


def test_one_line_posted_by_name_comma_date_bar_time() -> None:
    def entry(cid: str, text: str, who: str) -> str:
        return f"""<div class="visitors_comment_content"><h3>A subject<a href="javascript:void(0)"
name="comment_{cid}"></a></h3><p>{text}</p>
<p class="common_date">Posted by:
{who}</p></div>"""

    comments = _page(
        entry("562384", "Last time I checked, there was no decision at all.",
              "Florida CPA, 27 Sep 2011 | 15:22")
        + entry("562653", "We will all be better off in the years ahead.",
                "G. Moore, US CPA, 28 Sep 2011 | 08:54")
        + entry("565285", "By the same token, why won't the Brits adopt the euro?",
                "california cpa, 04 Oct 2011 | 10:02"))
    # the name ends where the date starts (a name may hold a comma); a sentence of the
    # text that starts with "By" is no name
    assert [(c["id"], c["author"]["name"]) for c in comments] == [
        ("562384", "Florida CPA"), ("562653", "G. Moore, US CPA"),
        ("565285", "california cpa")]
    assert [parse_date(c["published_raw"])["value"] for c in comments] == [
        "2011-09-27T15:22:00Z", "2011-09-28T08:54:00Z", "2011-10-04T10:02:00Z"]


def test_an_articles_date_published_outranks_its_json_ld_date_created() -> None:
    html = """<html><head><title>A report</title>
<meta property="article:published_time" content="2014-11-20T21:57:15+00:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article",
"headline": "A report", "dateCreated": "2014-11-21T02:57:15+00:00"}</script></head>
<body><h1>A report</h1><div class="entry-content"><p>""" + "Findings. " * 40 + \
        "</p></div></body></html>"
    article = extract_page(URL, html.encode())["article"]
    assert article["published_raw"] == "2014-11-20T21:57:15+00:00"


def test_a_textless_link_between_a_comment_and_its_replies_box_is_passed_over() -> None:
    # an icon link (no text, an image inside) between a comment and its replies' box
    def entry(cid: str, name: str, text: str) -> str:
        return f"""<div class="post-comment" id="comment-{cid}"><div class="post-comment-head">
<span class="username">{name}</span> <span class="when">29 Oct 2012 15:46</span></div>
<div class="post-comment-text"><p>{text}</p></div></div>"""

    thread = (entry("1", "ann", "The first comment of the thread.")
              + '<a class="anchor" href="#comment-1"><img src="/link.png" alt=""></a>'
              + '<div class="post-comment-replies">' + entry("2", "bob", "An answer to it.")
              + "</div>")
    comments = _page(thread)
    assert [(c["id"], c["parent_id"]) for c in comments] == [("1", None), ("2", "1")]
