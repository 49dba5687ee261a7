"""The registry of markup families: each claims only its own markup, in order."""

from __future__ import annotations

from pathlib import Path

from archiver.extract import extract_comments
from archiver.extract.comments.families import FAMILIES

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments"
URL = "https://blog.example/2018/06/urteil/"


def test_every_family_names_the_platform_a_profile_can_force() -> None:
    names = [family.NAME for family in FAMILIES]
    # Disqus's fallback and wpDiscuz sit inside WordPress themes (wpDiscuz keeps comment-N ids).
    assert names == ["disqus", "wpdiscuz", "wordpress"]
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
