"""The registry of markup families: each claims only its own markup, in order."""

from __future__ import annotations

from pathlib import Path

from archiver.extract import extract_comments
from archiver.extract.comments import comments_from_tree, parse_html_tree
from archiver.extract.comments.families import FAMILIES
from archiver.profiles import parse_profile

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments"
URL = "https://blog.example/2018/06/urteil/"


def test_every_family_names_the_platform_a_profile_can_force() -> None:
    names = [family.NAME for family in FAMILIES]
    # Disqus's fallback and wpDiscuz sit inside WordPress themes (wpDiscuz keeps comment-N ids).
    assert names == ["disqus", "wpdiscuz", "wordpress", "ikiwiki", "contao"]
    assert all(callable(family.read) for family in FAMILIES)


def test_wordpress_theme_with_bare_name_and_text_date_keeps_walker_ids_and_nesting() -> None:
    comments, _, markup = extract_comments(URL, (FIXTURES / "wordpress-theme.html").read_text())
    assert markup == "wordpress-legacy"
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in comments] == [
        ("114", None, "Ben"), ("115", "114", "MoritzMeyer")]  # the pingback is left out
    assert comments[0]["published_raw"] == "19. Juni 2018 um 15:28 Uhr"
    assert comments[1]["author_is_post_author"] is True


def test_wordpress_family_declines_other_platforms_comment_ids() -> None:
    comments, _, markup = extract_comments(URL, (FIXTURES / "mezzanine-like.html").read_text())
    assert markup == "generic" and comments


IKIWIKI_POST = "http://127.0.0.1:41755/posts/crossing_the_alps/"


def test_ikiwiki_comments_keep_their_ids_names_and_times_in_page_order() -> None:
    """A post of Debian's ikiwiki (stock comment.tmpl), saved as its lighttpd served it."""
    comments, _, markup = extract_comments(
        IKIWIKI_POST, (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert [(c["author"]["name"], c["published_raw"], c["parent_id"]) for c in comments] == [
        ("Zoë Ångström", "Tue Dec 1 16:14:57 2026", None),
        ("Иван Петров", "Tue Dec 1 16:14:59 2026", None),
        ("Anonymous", "Tue Dec 1 16:15:00 2026", None),
        ("李小龙", "Tue Dec 1 16:15:03 2026", None),
        ("Zoë Ångström", "Tue Dec 1 16:15:04 2026", None)]
    assert comments[0]["id"] == "49d225df2b38928c7b0f90106b9d1b70"
    assert comments[0]["author"]["url"] == "https://zoe.example/"
    assert comments[0]["text"] == 'I agree: the Brenner route is the "gentle" one.'
    assert "Erster Kommentar" not in comments[0]["text"]  # the subject is not the text
    assert "Comment by" not in " ".join(c["text"] for c in comments)


def test_ikiwiki_recent_comments_page_is_recognised_and_holds_none_of_its_own() -> None:
    """The blog's comments/ page lists every post's comments, each linked to its post: they
    are archived with their posts, never as this page's thread."""
    url = "http://127.0.0.1:41755/comments/"
    comments, _, markup = extract_comments(
        url, (FIXTURES / "ikiwiki-recent-comments.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert comments == []


def test_ikiwiki_html5_comments_take_the_instant_of_their_time_element() -> None:
    """ikiwiki with html5 on, in Europe/Berlin: each comment's <time datetime> is UTC, its
    text local; a signed-in member's name links to her user page."""
    comments, _, markup = extract_comments(
        "http://127.0.0.1:50463/posts/notes_on_sourdough/",
        (FIXTURES / "ikiwiki-html5-post.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert [(c["author"]["name"], c["published_raw"]) for c in comments] == [
        ("Anonymous", "2026-12-01T16:25:39Z"),
        ("O'Brien & Sons", "2026-12-01T16:25:45Z"),
        ("renée", "2026-12-01T16:25:52Z")]
    assert "do=goto" in comments[2]["author"]["url"]
    assert comments[1]["text"] == "Time beats hydration, yes.\n\nWe proof for 14 hours at 6 °C."


def test_a_profile_may_force_the_ikiwiki_family() -> None:
    profile = parse_profile("[comments]\nplatform = 'ikiwiki'\n")
    html = (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8")
    result = comments_from_tree(IKIWIKI_POST, parse_html_tree(html), profile)
    assert result.markup == "ikiwiki" and len(result.comments) == 5
    assert {c["platform"] for c in result.comments} == {"html"}  # as the page prints them


def test_ikiwiki_permalinks_to_the_name_a_site_was_built_for_are_still_this_page() -> None:
    """A copy or a moved site keeps absolute permalinks to the URL ikiwiki was set up with."""
    html = (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8")
    for url in ("https://mirror.example/posts/crossing_the_alps/",
                "http://127.0.0.1:41755/posts/crossing_the_alps/index.html"):
        comments, _, markup = extract_comments(url, html)
        assert markup == "ikiwiki" and len(comments) == 5, url
