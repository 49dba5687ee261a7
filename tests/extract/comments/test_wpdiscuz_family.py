"""The wpDiscuz markup family: the walker's ids and parents, authors, the date's title, texts,
in wpDiscuz 7's three layouts, the 5.x walker and a load-more ``comment_list`` fragment
(tests/fixtures/comments/wpdiscuz/, built from the plugin's walker: see its README)."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from archiver.extract import extract_comments
from archiver.extract.comments import parse_html_tree
from archiver.extract.comments.families import wpdiscuz
from archiver.extract.platforms import wpdiscuz as load_more
from archiver.pages import extract_one

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments" / "wpdiscuz"
URL = "https://orchard.example/winter-pruning/"


def _read(name: str, url: str = URL) -> tuple[list[dict], str | None]:
    comments, _, markup = extract_comments(url, (FIXTURES / name).read_text())
    return comments, markup


def _tree(comments: list[dict]) -> list[tuple]:
    return [(c["id"], c["parent_id"], c["depth"], c["author"]["name"]) for c in comments]


def test_layout_1_keeps_a_three_level_thread_with_walker_ids_and_parents() -> None:
    comments, markup = _read("layout-1.html")
    assert markup == "wpdiscuz"
    assert _tree(comments) == [
        ("301", None, 0, "Rahul Iyer"), ("302", "301", 1, "Ines Moreau"),
        ("303", "302", 2, "Marta"), ("304", None, 0, "Tom")]  # 305 awaits approval
    assert {c["platform"] for c in comments} == {"wordpress"}  # WordPress's own comments


def test_layout_1_reads_the_dates_title_not_the_relative_text() -> None:
    comments, _ = _read("layout-1.html")
    assert [c["published_raw"] for c in comments] == [
        "January 20, 2024 10:14 am", "January 20, 2024 1:02 pm", "January 21, 2024 7:45 am",
        "January 22, 2024 6:30 pm"]


def test_layout_1_authors_links_badge_edited_and_likes() -> None:
    rahul, ines, marta, tom = _read("layout-1.html")[0]
    assert rahul["author"] == {"name": "Rahul Iyer", "url": "https://rahul-grows.example/"}
    assert ines["author"]["url"] == "https://orchard.example/author/ines/"
    assert marta["author"] == {"name": "Marta", "url": None}
    assert [c["author_is_post_author"] for c in (rahul, ines, marta, tom)] == [
        False, True, False, False]
    assert [c.get("edited") for c in (rahul, ines, marta, tom)] == [None, True, None, None]
    # The dislike button is hidden: the one vote figure is the like count.
    assert [c.get("likes") for c in (rahul, ines, marta, tom)] == [4, 7, 0, 0]


def test_layout_1_texts_leave_out_controls_quotes_and_the_form() -> None:
    comments, _ = _read("layout-1.html")
    assert [c["text"] for c in comments] == [
        "Does the quarter rule hold for an old tree that was never pruned?",
        "Spread it over three winters: a third of the old wood each year.",
        "That is what saved our Bramley. Three winters, then it fruited again.",
        "A quarter by branch count or by leaf area?",  # the inline-feedback quote is out
    ]
    assert not any("Reply" in c["text"] or "Last edited" in c["text"] for c in comments)


def test_layout_2_dates_and_reply_lines_in_the_user_info_block() -> None:
    comments, markup = _read("layout-2.html", "https://stadtteil.example/neue-baenke/")
    assert markup == "wpdiscuz"
    assert _tree(comments) == [("51", None, 0, "Jens"), ("52", "51", 1, "Aylin"),
                               ("53", "52", 2, "Jens")]
    assert [c["published_raw"] for c in comments] == [
        "3. März 2025 14:05", "3. März 2025 16:40", "4. März 2025 08:12"]
    assert [c["text"] for c in comments] == [
        "Endlich! Die alten waren seit Jahren kaputt.", "Und die am Spielplatz gleich mit.",
        "Die kommen im Herbst, sagt der Verein."]
    # Likes and dislikes counted apart: the like count is its own figure.
    assert [c.get("likes") for c in comments] == [5, 0, None]


def test_layout_3_dates_in_the_subheader_and_in_a_replys_reply_to_line() -> None:
    comments, markup = _read("layout-3.html", "https://screen.example/episode-4/")
    assert markup == "wpdiscuz"
    assert _tree(comments) == [("9001", None, 0, "Rika"), ("9002", "9001", 1, "Ko"),
                               ("9003", "9002", 2, "Rika")]
    assert [c["published_raw"] for c in comments] == [
        "30 January, 2025 7:55 pm", "31 January, 2025 7:56 pm", "1 February, 2025 9:03 am"]
    assert [c["text"] for c in comments] == [
        "When does episode 5 come out?", "Next Friday, same time.", "Thanks!"]
    # One vote figure with a dislike button shown: a net score, not a like count.
    assert [c.get("likes") for c in comments] == [None, None, None]


def test_the_5x_walker_nesting_relative_dates_and_post_author() -> None:
    comments, markup = _read("legacy-5.html", "https://szene.example/herbstnacht/")
    assert markup == "wpdiscuz-legacy"
    assert _tree(comments) == [("801", None, 0, "Lena"), ("802", "801", 1, "Kai"),
                               ("803", "802", 2, "Lena")]  # 804 is held for moderation
    # The 5.x walker prints no machine-readable date: the text, as printed.
    assert [c["published_raw"] for c in comments] == ["2 weeks ago", "2 weeks ago",
                                                      "13 days ago"]
    assert [c["author_is_post_author"] for c in comments] == [False, True, False]
    assert comments[1]["author"]["url"] == "https://szene.example/author/kai/"
    # A shortened comment keeps its ellipsis (the page shows no more), not the "Read more".
    assert comments[1]["text"].endswith("wenn jemand es errät…")
    assert [c.get("likes") for c in comments] == [3, 5, None]


def test_dates_normalize_exactly_from_the_title_and_approximately_from_relative_text() -> None:
    fetched = "2026-03-01T12:00:00Z"
    exact = extract_one(str(FIXTURES / "layout-1.html"), url=URL, fetched_at=fetched)
    first = exact["comments"][0]
    assert (first["published"][:16], first["published_approximate"]) == (
        "2024-01-20T10:14", False)
    relative = extract_one(str(FIXTURES / "legacy-5.html"),
                           url="https://szene.example/herbstnacht/", fetched_at=fetched)
    dates = [(c["published"][:10], c["published_approximate"]) for c in relative["comments"]]
    assert dates == [("2026-02-15", True), ("2026-02-15", True), ("2026-02-16", True)]


def test_a_load_more_fragment_reads_as_the_page_does() -> None:
    listing = (FIXTURES / "comment-list.html").read_text()
    fragment = lxml.html.fragment_fromstring(listing, create_parent="div")
    comments = wpdiscuz.read_comments(fragment, URL)
    assert _tree(comments) == [("290", None, 0, "Noor"), ("291", "290", 1, "Ines Moreau"),
                               ("292", "291", 2, "Noor"), ("288", None, 0, "Pieter")]
    assert [c["author_is_post_author"] for c in comments] == [False, True, False, False]
    assert comments[1]["published_raw"] == "January 19, 2024 6:00 pm"
    # The load-more adapter reads its answers' fragments with the same family.
    assert load_more.read_comments(fragment, URL) == comments


def test_a_reply_whose_parent_is_not_on_the_page_keeps_the_walkers_parent() -> None:
    listing = (FIXTURES / "comment-list.html").read_text()
    start = listing.index("<div id='wpd-comm-292_291'")
    alone = listing[start:listing.index("<div id='wpdiscuz_form_anchor-292_291'")] + "</div>"
    comments = wpdiscuz.read_comments(parse_html_tree(f"<html><body>{alone}</body></html>"),
                                      URL)
    assert [(c["id"], c["parent_id"]) for c in comments] == [("292", "291")]


def test_pages_without_the_walkers_blocks_are_not_wpdiscuz() -> None:
    other = Path(__file__).parents[2] / "fixtures" / "comments" / "wordpress-theme.html"
    _, markup = _read(str(other), "https://blog.example/2018/06/urteil/")
    assert markup == "wordpress-legacy"
    # A block id without the walker's class is someone else's markup.
    page = "<div id='wpd-comm-1_0' class='note'><p>Not a comment</p></div>"
    assert wpdiscuz.read_comments(parse_html_tree(f"<html><body>{page}</body></html>"),
                                  URL) == []
