"""Comment markups of older WordPress themes, hand-written after the families held-out real
pages showed: a "comment-box" holding the reply form before the thread and entries that are
numbered (li#comment-N) but carry no comment class, their text inside a "comment-info"
wrapper with the name and the date; the date and the time of day in elements of their own;
Blogger's classic template, which prints only a time of day and keeps the instant in the
permalink; WordPress's "DATE at TIME" with a month in the page's language."""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.dates import parse_date

URL = "https://library.example/2014/05/18/all-new-in-may/"
_TEXT = "".join(f"<p>{'The library has a new site and a new plan for the year. ' * 10}</p>"
                for _ in range(4))


def _dates(comments: list[dict]) -> list[str | None]:
    """The instants the archive stores (normalize reads the printed text, site time UTC)."""
    return [parse_date(c["published_raw"], languages=["de"])["value"] for c in comments]


def _page(comments: str) -> bytes:
    return f"""<html lang="de"><head><title>All new in May | Library</title></head><body>
<section><article class="element-box"><h1>All new in May</h1>{_TEXT}</article>
{comments}</section></body></html>""".encode()


_BOX = """<div class="element-box comment-box">
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">
Write a Reply or Comment <small><a rel="nofollow" id="cancel-comment-reply-link"
href="#respond">Antworten abbrechen</a></small></h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-form-comment"><textarea id="comment" name="comment"></textarea></p></form>
</div>
<h3 class="comments-count">One Comment</h3>
<ul class="comment-items"><li id="comment-1446" class="row-fluid">
<figure class="span1 user-avatar"><img alt="" src="/avatar.png" class="avatar photo"></figure>
<div class="span10 comment-info"><h3><a href="https://marius.example" rel="external nofollow"
class="url">Marius</a></h3>
<p>Ich bin schon ganz gespannt, was hier als nächstes so alles auftaucht. LG Marius</p>
<div><b>18. 05. 2014</b> <b class="time-info">22:38</b></div>
</div></li></ul></div>"""


def test_a_numbered_entry_in_a_comment_box_is_the_comment_not_the_box_and_its_form() -> None:
    [comment] = extract_page(URL, _page(_BOX))["comments"]
    assert comment["id"] == "1446"
    assert comment["author"]["name"] == "Marius"
    assert comment["text"] == ("Ich bin schon ganz gespannt, was hier als nächstes so alles "
                               "auftaucht. LG Marius")


def test_a_date_and_its_time_of_day_in_two_elements_are_one_instant() -> None:
    [comment] = extract_page(URL, _page(_BOX))["comments"]
    assert comment["published_raw"] == "18. 05. 2014 22:38"
    assert _dates([comment]) == ["2014-05-18T22:38:00Z"]


_BLOGGER = "".join(f"""<div class="blogComment"><a name="{cid}"></a>
{text}<br>
<div class="byline"><a href="{URL}?showComment={stamp}#c{cid}" title="permanent link">#</a>
posted by <a href="https://www.blogger.com/profile/{cid}" rel="nofollow">{name}</a> : {time}
</div></div>""" for cid, text, stamp, name, time in [
    ("3000758066582401474", "A careful and fair summary of the memos, thank you.",
     "1331780911270", "Jojo P.", "11:08 PM"),
    ("1293331638642884972", "The second memo says the opposite of the first one.",
     "1183910280000", "Mike Dunn", "11:58 AM"),
])


def test_a_blogger_comment_printed_with_a_time_of_day_only_is_dated_by_its_permalink() -> None:
    html = _page(f'<div id="comments"><h4>2 Comments</h4>{_BLOGGER}</div>')
    comments = extract_page(URL, html)["comments"]
    assert [c["author"]["name"] for c in comments] == ["Jojo P.", "Mike Dunn"]
    assert _dates(comments) == ["2012-03-15T03:08:31Z", "2007-07-08T15:58:00Z"]


_WP_LEGACY = "".join(f"""<li class="comment even thread-even depth-1" id="li-comment-{cid}">
<div id="comment-{cid}"><div class="comment-author vcard"><cite class="fn">{name}</cite>
<span class="says">Sagt:</span></div>
<div class="comment-meta commentmetadata"><a href="{URL}#comment-{cid}">{date}</a></div>
<p>{text}</p></div></li>""" for cid, name, date, text in [
    ("101", "gnaddrig", "9. Dezember 2013 at 14:57", "Sehr schön erklärt, danke dafür!"),
    ("102", "Nesselsetzer", "9. Dezember 2013 at 15:03", "Gern geschehen, es war mir ein Fest."),
])


def test_a_date_in_the_pages_language_with_an_english_at_before_the_time_is_read() -> None:
    html = _page(f'<div id="comments"><ol class="commentlist">{_WP_LEGACY}</ol></div>')
    comments = extract_page(URL, html)["comments"]
    assert _dates(comments) == ["2013-12-09T14:57:00Z", "2013-12-09T15:03:00Z"]
