"""The general comment reader on small threads in markups no family module knows.

Fixtures (tests/fixtures/comments/) are minimal markup written for these tests, after the
shapes real comment apps print: nested div trees, dt/dd pairs, replies placed after their
parent, flat lists with parent ids or depth classes, owner replies inside a comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.extract import extract_comments, extract_page

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments"
URL = "https://blog.example/2025/03/a-post/"


def read(name: str) -> tuple[list[dict], str | None]:
    comments, _next, markup = extract_comments(URL, (FIXTURES / name).read_text("utf-8"))
    return comments, markup


def tree(comments: list[dict]) -> list[tuple]:
    """(author, index of the parent or None, depth) per comment, in order."""
    index = {c["id"]: i for i, c in enumerate(comments)}
    return [(c["author"]["name"], index.get(c["parent_id"]) if c["parent_id"] else None,
             c["depth"]) for c in comments]


def test_nested_div_tree_without_any_list_is_read_with_its_threading() -> None:
    comments, markup = read("div-tree.html")
    assert markup == "generic"
    assert tree(comments) == [("Zoë Ünal", None, 0), ("Jürgen Groß", 0, 1),
                              ("Zoë Ünal", 1, 2), ("李小龍", None, 0)]
    assert [c["published_raw"] for c in comments] == [
        "2025-03-01T10:15:00+01:00", "2025-03-01T11:00:00+01:00",
        "2025-03-01T12:30:00+01:00", "2025-03-02T08:00:00Z"]
    assert comments[0]["text"] == "The detour costs me twenty minutes a day."
    assert comments[0]["id"] == "11" and comments[1]["id_source"] == "hash"
    assert not any("Reply" in c["text"] or "Report" in c["text"] for c in comments)


def test_dt_dd_pairs_make_one_comment_each_with_the_said_suffix_removed() -> None:
    comments, _ = read("dl-pairs.html")
    assert [c["author"]["name"] for c in comments] == ["Mia Kovač", "Anatol Grün, Ph.D.",
                                                       "Anonymous"]
    assert comments[0]["author"]["url"] == "https://profile.example/17"
    assert [c["text"] for c in comments] == ["Congratulations. Every state should watch this.",
                                             "Thanks for the update and the clear numbers.",
                                             "A small step indeed."]
    assert comments[1]["published_raw"] == "October 16, 2024 3:02 PM"


def test_replies_in_a_container_after_their_parent_and_rdfa_dates() -> None:
    comments, _ = read("replies-after.html")
    assert tree(comments) == [("Gerd B.", None, 0), ("David Z", 0, 1), ("Gerd B.", 1, 2),
                              ("malte", None, 0)]
    assert [c["id"] for c in comments] == ["501", "502", "503", "504"]
    assert comments[1]["published_raw"] == "2024-10-18T17:40:21+02:00"
    assert comments[0]["text"] == "This saying fits everybody in the debate."


def test_flat_list_with_parent_ids_and_epoch_milliseconds() -> None:
    comments, _ = read("parent-ids.html")
    # 900 is the post itself: its direct replies are top level.
    assert tree(comments) == [("jn22", None, 0), ("Pat Allan", 0, 1), ("Gray Adder", None, 0)]
    assert comments[0]["published_raw"] == "2015-03-09T15:14:52Z"
    assert comments[1]["text"] == "I do the cash-only thing too."


def test_depth_classes_thread_a_flat_list() -> None:
    comments, _ = read("depth-classes.html")
    assert tree(comments) == [("Ann", None, 0), ("Bo", 0, 1), ("Cy", None, 0), ("Di", 2, 1)]
    assert comments[1]["published_raw"] == "vor 7 Stunden"  # the comment number is not the date


def test_names_printed_on_meta_lines_before_or_after_the_text() -> None:
    comments, _ = read("meta-lines.html")
    assert [c["author"]["name"] for c in comments] == ["Bob James", "Sam Stone, child of Rome",
                                                       "Pentangelis"]
    assert comments[0]["author"]["url"] == "https://bob.example"
    assert comments[0]["published_raw"] == "October 30, 2024 at 08:58 AM"
    assert comments[2]["text"] == "I have no time for this attack at all."
    assert comments[2]["published_raw"] == "Fri, 2024-11-08 17:18"


def test_owner_reply_inside_a_comment_becomes_its_child() -> None:
    comments, _ = read("inline-reply.html")
    assert tree(comments) == [("小鳳", None, 0), ("藍天", 0, 1), ("訪客", None, 0)]
    assert [c["text"] for c in comments] == ["露營兼賞楓，好棒的生活", "謝謝小鳳的來訪！",
                                             "您的文筆真是讚"]


def test_hidden_placeholders_and_unapproved_stand_ins_are_not_comments() -> None:
    comments, _ = read("placeholders.html")
    # The reply to the hidden comment is top level: its parent is not on the page.
    assert tree(comments) == [("sj2000", None, 0), ("ackthpt", None, 0),
                              ("Anonymous Coward", None, 0)]
    assert not any("threshold" in c["text"] or "awaiting" in c["text"] for c in comments)


def test_platform_ids_without_wordpress_markup_go_to_the_general_reader() -> None:
    comments, markup = read("mezzanine-like.html")
    assert markup == "generic"
    assert tree(comments) == [("Ana Lúcia", None, 0), ("Piotr Wiśniewski", 0, 1)]
    assert comments[0]["text"].startswith("The fish stalls moved to the north end.")
    assert [c["id"] for c in comments] == ["10", "11"]


@pytest.mark.parametrize("name", ["no-thread.html", "listing.html"])
def test_forms_sidebars_and_teasers_never_become_comments(name: str) -> None:
    comments, markup = read(name)
    assert (comments, markup) == ([], None)


def test_general_reader_output_goes_through_the_page_extractor() -> None:
    body = (FIXTURES / "div-tree.html").read_bytes()
    result = extract_page(URL, body, {"content-type": "text/html; charset=utf-8"})
    assert len(result["comments"]) == 4
    assert result["article"]["comment_markup"] == "generic"
    assert not any("twenty minutes" in line for line in result["article"]["body_text"].split("\n"))


def test_in_reply_to_links_thread_a_flat_list_but_mentions_do_not() -> None:
    comments, _ = read("reply-links.html")
    assert tree(comments) == [("Ann", None, 0), ("Bo", 0, 1), ("Cy", None, 0)]
    assert comments[1]["text"] == "It fills up by eight."


def test_schema_org_microdata_without_any_class_names() -> None:
    comments, _ = read("microdata.html")
    assert tree(comments) == [("Rosa", None, 0), ("Ole", 0, 1), ("Mei", None, 0)]
    assert [c["published_raw"] for c in comments] == [
        "2024-09-01T18:00:00+02:00", "2024-09-02T08:00:00+02:00", "2024-09-03T10:00:00+02:00"]
    assert comments[1]["text"] == "Mine too, with a fan oven less."


def test_a_body_read_as_it_is_keeps_and_drops_what_its_cleaned_copy_would() -> None:
    """A comment body with nothing to leave out is serialised without a copy of it: the
    cleaned HTML must be the copy's all the same (only href kept, so no title or lang,
    which the sanitizer alone would keep; no script, no handler, no empty href)."""
    entry = ('<li class="comment-item" id="c-{n}"><span class="comment-author">Ana {n}</span>'
             '<time datetime="2025-03-0{n}T10:00:00Z">March {n}</time>'
             '<div class="comment-text">{body}</div></li>')
    bodies = ['<p lang="de">Guten Tag, schöne Grüße.</p>',
              '<p>See <a href="https://x.example/" title="x.example" class="ext" '
              'onclick="go()">this</a>&nbsp;page.</p>',
              '<p>An <a href="">empty</a> link.</p>']
    page = ('<html><body><article><h1>T</h1><p>Body.</p></article><ol class="comments">'
            + "".join(entry.format(n=n + 1, body=body) for n, body in enumerate(bodies))
            + "</ol></body></html>")
    comments, _next, _markup = extract_comments(URL, page)
    assert [c["html"] for c in comments] == [
        "<p>Guten Tag, schöne Grüße.</p>",
        '<p>See <a href="https://x.example/" rel="nofollow noopener">this</a>&nbsp;page.</p>',
        '<p>An <a rel="nofollow noopener">empty</a> link.</p>']
    assert comments[1]["text"] == "See this page."


_NAMED_AWKWARD = """<html><body><div class="x" id="comments">a</div><div class="no">b</div>
<div class="first
Comment-list">a line break inside the value</div><p id="reactions-9" class="">c</p>
<span itemprop="comment">d</span><div itemtype="https://schema.org/Comment">e</div>
<div class="disqus dsq omment">three stems</div><div id="Ergänzung">f</div>
<div class="omm" id="ent">a stem split across class and id is none</div>
<div class="COMMENTS">upper case</div><p class="DiSqUs">mixed</p></body></html>"""


def test_the_comment_named_prefilter_tests_each_class_and_id_value() -> None:
    from archiver.extract.comments import general
    from archiver.extract.comments.base import named_elements, parse_html_tree

    ascii_only = _NAMED_AWKWARD.replace("Ergänzung", "Erganzung")
    pages = [_NAMED_AWKWARD, ascii_only, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    for html in pages:
        named = named_elements(parse_html_tree(html))
        expected = [item for item in named
                    if (item[1] and general._NAMED_STEMS.search(item[1]))
                    or (item[2] and general._NAMED_STEMS.search(item[2]))
                    or item[3] == "comment" or "Comment" in (item[4] or "")]
        assert general._maybe_named(named) == expected
