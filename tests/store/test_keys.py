"""Entity ids come from natural keys: stable across crawls and archives."""

from __future__ import annotations

from archiver.store import keys


def test_site_and_article_ids_are_the_origin_and_url_themselves() -> None:
    assert keys.site_id("https://example.com") == "https://example.com"
    assert keys.article_id("https://example.com/a/") == "https://example.com/a/"


def test_comment_id_is_stable_and_16_hex() -> None:
    first = keys.comment_id("https://example.com", "wordpress", "123")

    assert first == keys.comment_id("https://example.com", "wordpress", "123")
    assert len(first) == 16
    int(first, 16)


def test_comment_ids_differ_by_site_platform_and_native_id() -> None:
    ids = {
        keys.comment_id("https://a.example", "wordpress", "1"),
        keys.comment_id("https://b.example", "wordpress", "1"),
        keys.comment_id("https://a.example", "disqus", "1"),
        keys.comment_id("https://a.example", "wordpress", "2"),
    }
    assert len(ids) == 4


def test_key_parts_cannot_run_into_each_other() -> None:
    assert keys.commenter_id("s", "ab", "c") != keys.commenter_id("s", "a", "bc")


def test_tag_ids_ignore_case_and_surrounding_space() -> None:
    assert keys.tag_id("s", "Politics") == keys.tag_id("s", " politics ")
    assert keys.tag_id("s", "Politics") != keys.tag_id("t", "Politics")


def test_author_ids_are_per_site() -> None:
    assert keys.author_id("s", "name:jane") != keys.author_id("t", "name:jane")
