"""A comment whose name and date come after its text, as elements of one footer line
("<small><a>NAME</a> | <span>5 hours ago</span> | 2 Replies</small>"), with its replies in a
container placed after the comment's own wrapper (a layout row holding the entry beside an
avatar or a menu), not after the entry itself.

Hand-written after Bootstrap-styled comment apps (django-comments-dab's stock templates are
one): the line's pieces are the fields, the line as a whole is neither a name nor a date, and
the replies answer the comment whose row comes right before their container.
"""

from __future__ import annotations

import pytest

from archiver.extract import extract_comments


def _entry(ident: str, name: str, ago: str, text: str, replies: int = 0,
           guest: bool = False) -> str:
    who = (f'<span title="a guest">{name}</span>' if guest
           else f'<a href="/static/img/default.png" title="view {name} profile">{name}</a>')
    count = f' | <span>{replies}</span> <a href="#">Replies</a>' if replies else ""
    return f"""<div class="row"><div id="{ident}" class="comment-box col-11">
<p class="comment-content"><a class="headerlink" href="#{ident}" title="Permalink">¶</a>
{text}</p>
<div class="mt-2 text-muted"><small>{who} | <span class="font-italic">{ago}</span>{count}
</small><div class="reactions"><span>0</span> <a href="/login/">like</a></div></div>
</div></div>"""


def _thread(parent: str, replies: list[str]) -> str:
    children = "".join(f'<div class="child text-wrap"><hr>{r}</div>' for r in replies)
    return (f'<div class="parent text-wrap">{parent}'
            f'<div class="replies ml-5 d-none">{children}</div><hr></div>')


PAGE = ("<html><body><article><h1>Lock gates</h1><p>The post's own text, long enough to be"
        " an article body for the extractor to find.</p></article>"
        '<section id="comments"><strong>6 Comments</strong><div class="mt-5">'
        + _thread(_entry("comment-aaaa", "olu", "5\xa0hours ago",
                         "Anyone else see the heron this morning?", replies=2),
                  [_entry("comment-bbbb", "marta_k", "3\xa0hours ago",
                          "Yes! Standing there like it owns the place."),
                   _entry("comment-cccc", "Anonymous User", "40\xa0minutes ago",
                          "Every morning, same spot.", guest=True)])
        + _thread(_entry("comment-dddd", "sven.e", "1\xa0week, 2\xa0days ago",
                         "They repainted the beams last week."), [])
        + _thread(_entry("comment-eeee", "émile", "1\xa0year, 2\xa0months ago",
                         "Très belles photos, merci !", replies=1),
                  [_entry("comment-ffff", "李雷", "1\xa0year, 2\xa0months ago",
                          "同意，照片很好。")])
        + "</div></section></body></html>")


def _rows() -> list[tuple]:
    comments, _next, _markup = extract_comments("http://canal.example/posts/gates/", PAGE)
    by_id = {c["id"]: c for c in comments}
    return [(c["author"]["name"], c["published_raw"],
             by_id[c["parent_id"]]["text"][:12] if c["parent_id"] else None, c["text"])
            for c in comments]


def test_name_and_date_are_the_pieces_of_the_footer_line() -> None:
    assert [(name, raw) for name, raw, _parent, _text in _rows()] == [
        ("olu", "5 hours ago"), ("marta_k", "3 hours ago"),
        ("Anonymous User", "40 minutes ago"), ("sven.e", "1 week, 2 days ago"),
        ("émile", "1 year, 2 months ago"), ("李雷", "1 year, 2 months ago")]


def test_replies_answer_the_comment_whose_row_precedes_their_container() -> None:
    assert [(parent, text) for _name, _raw, parent, text in _rows()] == [
        (None, "Anyone else see the heron this morning?"),
        ("Anyone else ", "Yes! Standing there like it owns the place."),
        ("Anyone else ", "Every morning, same spot."),
        (None, "They repainted the beams last week."),
        (None, "Très belles photos, merci !"),
        ("Très belles ", "同意，照片很好。")]


def _paged(number: int, last: int) -> str:
    """The thread's pagination as Bootstrap prints it: "?page=N#comments" links."""
    items = "".join(f'<li class="page-item"><a class="page-link" href="?page={n}#comments">{n}'
                    "</a></li>" if n != number else
                    f'<li class="page-item active"><a class="page-link">{n}</a></li>'
                    for n in range(1, last + 1))
    return f'<nav id="pagination-nav"><ul class="pagination">{items}</ul></nav>'


def test_a_thread_paged_by_query_parameter_lists_its_other_pages() -> None:
    html = PAGE.replace("</div></section>", "</div>" + _paged(1, 3) + "</section>")
    _comments, found, _markup = extract_comments("http://canal.example/posts/gates/", html)
    assert found["comment_pages"] == ["http://canal.example/posts/gates/?page=2",
                                      "http://canal.example/posts/gates/?page=3"]


def test_a_listing_paged_by_query_parameter_is_no_comment_page() -> None:
    """The same links outside the comment section, or to another path, are not its pages."""
    html = PAGE.replace("</section>", "</section>" + _paged(1, 3)).replace(
        "</div></section>", '</div><a href="/posts/?page=2">Older posts</a></section>')
    _comments, found, _markup = extract_comments("http://canal.example/posts/gates/", html)
    assert found["comment_pages"] == []


def test_page_one_of_such_a_thread_is_the_article_itself() -> None:
    html = PAGE.replace("</div></section>", "</div>" + _paged(2, 3) + "</section>")
    _comments, found, _markup = extract_comments(
        "http://canal.example/posts/gates/?page=2", html)
    assert found["comment_pages"] == ["http://canal.example/posts/gates/",
                                      "http://canal.example/posts/gates/?page=3"]


def test_the_crawl_leaves_such_comment_pages_to_the_thread_reader() -> None:
    """Followed as pages of their own, "?page=2" would be a second copy of the article."""
    from archiver.discover.links import comment_page_number
    from archiver.extract import extract_page

    html = PAGE.replace("</div></section>", "</div>" + _paged(1, 2) + "</section>")
    found = extract_page("http://canal.example/posts/gates/", html.encode())["next"]
    assert found["comment_pages"] == ["http://canal.example/posts/gates/?page=2"]
    assert not [link for link in found["links"] if "page=" in link]
    assert comment_page_number("http://canal.example/posts/gates/?page=2") == 2
    assert comment_page_number("http://canal.example/posts/gates/") == 1


def test_explain_links_says_the_thread_reader_fetches_them(tmp_path) -> None:
    from archiver.pages import explain_links

    saved = tmp_path / "gates.html"
    saved.write_text(PAGE.replace("</div></section>", "</div>" + _paged(1, 2) + "</section>"))
    rows = explain_links(str(saved), url="http://canal.example/posts/gates/")
    assert [(r["decision"], r["url"]) for r in rows if "page=" in r["url"]] == [
        ("thread", "http://canal.example/posts/gates/?page=2")]


def test_a_comment_keeps_its_id_when_its_relative_date_moves_on() -> None:
    """The page gives no ids the reader trusts, and prints "40 minutes ago" now and
    "1 hour ago" on the next crawl: the same comments, under the same ids."""
    url = "http://canal.example/posts/gates/"
    now, _next, _markup = extract_comments(url, PAGE)
    later = PAGE.replace("40\xa0minutes ago", "1\xa0hour ago").replace(
        "5\xa0hours ago", "6\xa0hours ago")
    then, _next, _markup = extract_comments(url, later)
    assert [c["published_raw"] for c in then][:3] == ["6 hours ago", "3 hours ago",
                                                     "1 hour ago"]
    assert [(c["id"], c["parent_id"]) for c in then] == [
        (c["id"], c["parent_id"]) for c in now]
    assert all(c["id_source"] == "hash" for c in now)


def test_an_absolute_date_still_tells_two_equal_texts_apart() -> None:
    first = _thread(_entry("comment-aaaa", "olu", "March 4, 2024", "+1"), [])
    second = _thread(_entry("comment-bbbb", "olu", "March 9, 2024", "+1"), [])
    html = PAGE.replace('<div class="mt-5">', '<div class="mt-5">' + first + second)
    comments, _next, _markup = extract_comments("http://canal.example/posts/gates/", html)
    plus = [c for c in comments if c["text"] == "+1"]
    assert len(plus) == 2 and plus[0]["id"] != plus[1]["id"]
    assert "~" not in plus[1]["id"]  # told apart by the date, not as a repeat


@pytest.mark.parametrize("count", [1, 2])
def test_a_thread_of_one_or_two_such_comments_is_read(count: int) -> None:
    """A comment or two, their container and their footers: the entries are the comments,
    not the container and the footers that Bootstrap's spacing classes ("mt-5", "mt-2")
    pair up as one kind of block."""
    said = ["Reopened today, the new surface is lovely.", "Good news for the cyclists."]
    html = ("<html><body><article><h1>Lock gates</h1><p>The post's own text, long enough "
            "to be an article body for the extractor to find.</p></article>"
            f'<section id="comments"><strong>{count} Comments</strong><div class="mt-5">'
            + "".join(_thread(_entry(f"comment-{n}aaa", "sven.e", "1\xa0month ago", said[n]),
                              []) for n in range(count))
            + "</div></section></body></html>")
    comments, _next, _markup = extract_comments("http://canal.example/posts/gates/", html)
    assert [(c["author"]["name"], c["published_raw"], c["text"]) for c in comments] == [
        ("sven.e", "1 month ago", text) for text in said[:count]]
