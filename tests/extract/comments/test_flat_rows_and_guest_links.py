"""Comment markups of forum-like and hosted-comic sites, hand-written after the families
held-out real pages showed: flat rows whose nesting is only an indent attribute on the cell
each row starts with, a naive ISO instant in the title of an "age" element, user links in
query style ("user?id="), a guest's author link to "#", edit and delete control links, and
the author's own note printed in the comment markup above the thread."""

from __future__ import annotations

from archiver.extract import extract_page
from archiver.normalize.dates import parse_date

URL = "https://forum.example/item?id=100"


def _row(cid: str, indent: int, user: str, stamp: str, text: str) -> str:
    return f"""<tr class="athing comtr" id="{cid}"><td><table><tr>
<td class="ind" indent="{indent}"><img src="/s.gif" height="1" width="{indent * 40}"></td>
<td class="votelinks"><a id="up_{cid}" href="/vote?id={cid}&how=up"><div class="votearrow"
title="upvote"></div></a></td>
<td class="default"><div><span class="comhead">
<a href="https://forum.example/user?id={user}" class="hnuser">{user}</a>
<span class="age" title="{stamp}"><a href="/item?id={cid}">1 day ago</a></span>
<span class="navs"> | <a href="/item?id=100#{cid}">next</a></span></span></div><br>
<div class="comment"><span class="commtext c00">{text}</span>
<div class="reply"><p><a href="/reply?id={cid}">reply</a></p></div></div></td></tr></table>
</td></tr>"""


_ROWS = [("36818754", 0, "ann", "2023-07-21T19:51:36", "Shannon's paper is the classic here."),
         ("36821956", 1, "bob", "2023-07-21T20:01:00", "It is also short, which helps a lot."),
         ("36823679", 2, "cy", "2023-07-21T20:30:00", "Short and readable: rare in the "
                                                       "field.<p>by Jim Gray</p>"),
         ("36819037", 1, "dee", "2023-07-21T21:00:00", "The diagrams carry half the argument."),
         ("36825113", 0, "eve", "2023-07-22T08:00:00", "Knuth's volumes, if you have time.")]


def _forum() -> list[dict]:
    rows = "".join(_row(*r) for r in _ROWS)
    html = f"""<html><head><title>Ask: classic papers | Forum</title></head><body>
<table id="main"><tr><td><table class="fatitem"><tr class="athing"><td class="title">
<a href="https://papers.example/">Ask: classic papers everyone should read</a></td></tr>
</table><table class="comment-tree">{rows}</table></td></tr></table></body></html>"""
    return extract_page(URL, html.encode())["comments"]


def test_flat_rows_nest_by_the_indent_of_the_cell_they_start_with() -> None:
    # the rows' numeric ids are their ids; the navigation links are not their text
    comments = _forum()
    assert [(c["id"], c["parent_id"], c["depth"]) for c in comments] == [
        ("36818754", None, 0), ("36821956", "36818754", 1), ("36823679", "36821956", 2),
        ("36819037", "36818754", 1), ("36825113", None, 0)]
    assert comments[1]["text"] == "It is also short, which helps a lot."


def test_the_age_elements_title_is_the_instant_and_the_user_link_the_author() -> None:
    comments = _forum()
    assert [c["author"]["name"] for c in comments] == ["ann", "bob", "cy", "dee", "eve"]
    assert comments[0]["author"]["url"] == "https://forum.example/user?id=ann"
    assert [parse_date(c["published_raw"])["value"] for c in comments][:2] == [
        "2023-07-21T19:51:36Z", "2023-07-21T20:01:00Z"]


def _comic_comment(name: str, href: str, time: str, text: str, reply: bool = False) -> str:
    return f"""<div class="comment{' reply' if reply else ''}"><div class="commentdata">
<span class="authordata"><a href="{href}" class="author">{name}</a></span>
<span class="posttime">{time}</span>
<span class="commentcontrol cc"><a href="/editcomment.php?id=1" class="cce">edit</a>
<a href="/editcomment.php?id=1&delete=1" class="ccd">delete</a></span></div>
<div class="commentcontent"><div class="avatar"><img src="/a.png" alt="{name}"></div>
<span class="commenttext">{text}</span></div></div>"""


def test_an_authors_note_in_comment_markup_guest_links_and_control_links() -> None:
    page = "https://comic.example/comics/pl/1203183"
    thread = "".join([
        _comic_comment("Photomaginarium", "https://comics.example/profile.php?username=p",
                       "8th May 2020, 6:26 PM", "It's a random magical fortune cookie!"),
        _comic_comment("Edmund", f"{page}#", "8th May 2020, 9:36 PM",
                       "This comment radiates that special kind of chaos.", reply=True),
        _comic_comment("Sturzkampf", "https://comics.example/profile.php?username=s",
                       "8th May 2020, 7:27 PM", "Run! It's a trap!"),
    ])
    html = f"""<html><head><title>Page 1203183 | Marble Gate</title></head><body>
<div class="box"><h1>Marble Gate, page 1203183</h1><img src="/comic.png" alt="page"></div>
<div class="box"><h2 class="heading">Author Notes:</h2><div id="authornotes">
{_comic_comment("Rocktopus", "https://comics.example/profile.php?username=r",
                "8th May 2020, 6:08 PM", "Business emails all week, sorry for the delay.")}
</div></div>
<div class="box"><h2 class="heading">Comments:</h2><div class="comments">{thread}</div></div>
</body></html>"""
    comments = extract_page(page, html.encode())["comments"]
    assert [(c["author"]["name"], c["author"]["url"]) for c in comments] == [
        ("Photomaginarium", "https://comics.example/profile.php?username=p"),
        ("Edmund", None), ("Sturzkampf", "https://comics.example/profile.php?username=s")]
    assert [c["text"] for c in comments] == [
        "It's a random magical fortune cookie!",
        "This comment radiates that special kind of chaos.", "Run! It's a trap!"]


def test_a_date_and_a_time_on_two_lines_and_the_anchor_an_entry_starts_with() -> None:
    items = "".join(f"""<li><div class="metadata"><a name="comment-{cid}"></a>
<p class="auteur">{name}</p><p class="date">24 janvier 2017<br>{time}</p></div>
<div class="body-text"><p>{text}</p></div></li>""" for cid, name, time, text in [
        ("388384", "Marc", "12h10", "Le Canadien doit bouger avant la date limite."),
        ("388385", "Julie", "12h20", "Bergevin attendra, comme toujours, hélas.")])
    html = f"""<html lang="fr"><head><title>Le Canadien | Blogue</title></head><body>
<div class="post"><h1>Le Canadien doit bouger</h1>{"<p>" + "Le club hésite. " * 40 + "</p>"}
</div><div id="comments"><h3>Commentaires (2)</h3><ul class="comments-list">{items}</ul>
</div></body></html>"""
    comments = extract_page("https://blogue.example/canadien/", html.encode())["comments"]
    assert [parse_date(c["published_raw"], languages=["fr"])["value"] for c in comments] == [
        "2017-01-24T12:10:00Z", "2017-01-24T12:20:00Z"]
    assert [c["id"] for c in comments] == ["388384", "388385"]
