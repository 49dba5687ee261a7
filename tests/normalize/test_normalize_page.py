"""normalize_page: extract_page output into the archive record (docs/internals.md 3)."""

from __future__ import annotations

import json

import pytest

from archiver.normalize import normalize_page

FETCHED = "2024-03-10T12:00:00Z"
SITE = {"origin": "https://example.com", "timezone": "Europe/Berlin",
        "timezone_source": "profile", "profile": "example.toml", "language": "de"}


def comment(cid, parent=None, *, name="Leser", url=None, date="2024-03-09T10:00:00+01:00",
            position=0, **extra):
    return {
        "id": cid, "id_source": "page", "parent_id": parent, "platform": "wordpress",
        "author": {"name": name, "url": url}, "author_is_post_author": False,
        "published_raw": date, "text": f"text {cid}", "html": f"<p>text {cid}</p>",
        "position": position, "depth": 0, **extra,
    }


def extracted(**article_overrides):
    article = {
        "url": "HTTPS://Example.com/2024/03/kommentar/?utm_source=feed#comments",
        "canonical_url": None,
        "title": "Ein Kommentar",
        "authors": [{"name": "Von Max Mustermann und ERIKA MUSTERFRAU", "url": None}],
        "byline_raw": "Von Max Mustermann und ERIKA MUSTERFRAU",
        "published_raw": "1. März 2024 um 10:15 Uhr",
        "modified_raw": "2024-03-02T08:00:00Z",
        "section": "Meinung",
        "tags": ["Politik"],
        "body_text": "Erster Absatz.\n\nZweiter Absatz.",
        "body_html": "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>",
        "language": "de-DE",
        "declared_comment_count": 4,
        "is_article": True,
        "evidence": ["og:type"],
        "comment_markup": "wordpress-html5",
    }
    article.update(article_overrides)
    return {
        "article": article,
        "comments": [
            comment("1", name="Anna", url="https://anna.example.org/"),
            comment("2", "1", name="Max Mustermann", date="vor 3 Stunden",
                    author_is_post_author=True),
            comment("3", "missing", name="", date="gestern"),
            comment("4", date="irgendwann"),
        ],
        "next": {"comment_pages": []},
    }


def test_record_has_exactly_the_contract_fields():
    record = normalize_page(extracted(), site=SITE, fetched_at=FETCHED)
    assert set(record) == {"site", "article", "comments"}
    assert set(record["site"]) == {"origin", "timezone", "timezone_source", "profile"}
    date_keys = {f"{p}{s}" for p in ("published", "modified")
                 for s in ("", "_raw", "_zone", "_approximate", "_unparsed")}
    assert set(record["article"]) == {
        "url", "fetched_url", "title", "byline_raw", "section", "language", "body_text",
        "body_html", "tags", "authors", "comment_platform", "comment_markup",
        "declared_comment_count", "archived_comment_count", "fetched_at", *date_keys,
    }
    assert set(record["comments"][0]) == {
        "id", "id_source", "parent_id", "platform", "root_id", "depth", "position", "path",
        "parent_missing", "author", "published", "published_raw", "published_zone",
        "published_approximate", "published_unparsed", "text", "html", "source_url",
    }
    assert set(record["comments"][0]["author"]) == {
        "key", "name", "url", "user_id", "is_guest", "is_post_author"}
    json.dumps(record)  # plain JSON all the way down


def test_article_fields_are_normalized_and_raw_text_is_kept():
    record = normalize_page(extracted(), site=SITE, fetched_at=FETCHED)
    art = record["article"]
    assert art["url"] == "https://example.com/2024/03/kommentar/"
    assert art["fetched_url"] == extracted()["article"]["url"]
    assert [a["name"] for a in art["authors"]] == ["Max Mustermann", "Erika Musterfrau"]
    assert art["byline_raw"] == "Von Max Mustermann und ERIKA MUSTERFRAU"
    # Naive German date read in the profile's zone (CET in March = UTC+1).
    assert (art["published"], art["published_zone"]) == ("2024-03-01T09:15:00Z", "assumed")
    assert art["published_raw"] == "1. März 2024 um 10:15 Uhr"
    assert (art["modified"], art["modified_zone"]) == ("2024-03-02T08:00:00Z", "given")
    assert art["comment_platform"] == "wordpress"
    assert art["comment_markup"] == "wordpress-html5"
    assert art["declared_comment_count"] == 4 and art["archived_comment_count"] == 4
    assert art["fetched_at"] == FETCHED
    assert record["site"] == {"origin": "https://example.com", "timezone": "Europe/Berlin",
                              "timezone_source": "profile", "profile": "example.toml"}


def test_canonical_url_wins_over_the_fetched_url():
    record = normalize_page(
        extracted(canonical_url="https://EXAMPLE.com/2024/03/kommentar/"),
        site=SITE, fetched_at=FETCHED)
    assert record["article"]["url"] == "https://example.com/2024/03/kommentar/"


def test_comments_are_threaded_identified_and_dated():
    record = normalize_page(extracted(), site=SITE, fetched_at=FETCHED)
    rows = {c["id"]: c for c in record["comments"]}
    assert [c["id"] for c in record["comments"]] == ["1", "2", "3", "4"]
    assert (rows["2"]["depth"], rows["2"]["root_id"], rows["2"]["path"]) == (
        1, "1", "0001.0001")
    assert rows["2"]["author"]["is_post_author"] is True
    assert rows["2"]["author"]["key"] == "name:max mustermann"
    assert rows["1"]["author"]["key"] == "url:https://anna.example.org"
    # German relative dates resolved against the fetch time, in the site's language.
    assert (rows["2"]["published"], rows["2"]["published_approximate"]) == (
        "2024-03-10T09:00:00Z", True)
    assert rows["3"]["published"] == "2024-03-09"
    assert rows["3"]["parent_missing"] is True and rows["3"]["root_id"] == "missing"
    assert rows["3"]["author"]["key"] == "anonymous"
    assert rows["4"]["published"] is None and rows["4"]["published_unparsed"] is True
    assert rows["4"]["published_raw"] == "irgendwann"
    assert rows["1"]["published"] == "2024-03-09T09:00:00Z"
    assert all(c["source_url"] == extracted()["article"]["url"] for c in record["comments"])


def test_comments_from_all_comment_pages_replace_the_first_pages_list():
    page1 = [comment("1", source_url="https://example.com/a/"),
             comment("2", source_url="https://example.com/a/")]
    page2 = [comment("2", source_url="https://example.com/a/comment-page-2/"),
             comment("3", "1", source_url="https://example.com/a/comment-page-2/")]
    record = normalize_page(extracted(), site=SITE, fetched_at=FETCHED,
                            comments=page1 + page2)
    assert [(c["id"], c["source_url"]) for c in record["comments"]] == [
        ("1", "https://example.com/a/"),
        ("3", "https://example.com/a/comment-page-2/"),
        ("2", "https://example.com/a/"),
    ]
    assert record["article"]["archived_comment_count"] == 3


def test_source_urls_map_fills_in_where_comments_carry_none():
    record = normalize_page(extracted(), site=SITE, fetched_at=FETCHED,
                            comments=[comment("9")],
                            source_urls={"9": "https://example.com/a/comment-page-3/"})
    assert record["comments"][0]["source_url"] == "https://example.com/a/comment-page-3/"


def test_an_article_without_comments_or_site_zone():
    data = extracted()
    data["comments"] = []
    site = {"origin": "https://example.com", "timezone": None, "timezone_source": None,
            "profile": None, "language": None}
    record = normalize_page(data, site=site, fetched_at="2024-03-10T13:00:00+01:00")
    art = record["article"]
    assert art["comment_platform"] is None and art["archived_comment_count"] == 0
    assert record["comments"] == []
    assert record["site"]["timezone"] == "UTC"
    assert record["site"]["timezone_source"] == "default"
    assert art["fetched_at"] == "2024-03-10T12:00:00Z"
    # Without a site zone the naive German date is read as UTC.
    assert art["published"] == "2024-03-01T10:15:00Z"


def test_byline_text_alone_still_yields_authors():
    record = normalize_page(extracted(authors=[], byline_raw="By Jane Doe, Staff Writer"),
                            site=SITE, fetched_at=FETCHED)
    assert record["article"]["authors"] == [
        {"name": "Jane Doe", "url": None, "key": "jane doe"}]


@pytest.mark.parametrize("raw", [None, "", "unbekannt"])
def test_missing_or_bad_article_dates_never_raise(raw):
    record = normalize_page(extracted(published_raw=raw, modified_raw=raw), site=SITE,
                            fetched_at=FETCHED)
    assert record["article"]["published"] is None
    assert record["article"]["published_unparsed"] is bool(raw)


def test_a_canonical_on_another_site_or_unreadable_does_not_key_the_article():
    from archiver.extract import extract_page
    from archiver.normalize import normalize_page

    def key(fetched, canonical):
        html = (f'<html><head><title>t</title><link rel="canonical" href="{canonical}">'
                f'</head><body><article><h1>t</h1><p>body</p></article></body></html>')
        page = extract_page(fetched, html.encode(), {"content-type": "text/html"})
        return normalize_page(page, site={"origin": "x"}, fetched_at="2024-05-01T00:00:00Z"
                              )["article"]["url"]

    assert key("https://mag.example/a/", "https://other.example/b/") == "https://mag.example/a/"
    assert key("https://mag.example/a/", "https://mag.example:99999/a/") == \
        "https://mag.example/a/"
    assert key("https://mag.example/a/?utm_source=x", "https://www.mag.example/a/") == \
        "https://www.mag.example/a/"
    assert key("file:///saved/a.html", "https://mag.example/a/") == "https://mag.example/a/"


def test_without_a_known_zone_comments_are_read_in_the_offset_of_the_pages_own_instant():
    # a blog's article:published_time carries its zone's offset; its comments print local
    # times without one: read in that offset, not in UTC (still recorded as assumed)
    page = extracted(published_raw="2011-10-27T05:06:00-07:00")
    page["comments"] = [comment("1", date="October 27, 2011 at 5:39 AM")]
    unknown = {"origin": "https://example.com", "timezone": "UTC", "timezone_source": "default"}
    record = normalize_page(page, site=unknown, fetched_at=FETCHED)
    assert record["article"]["published"] == "2011-10-27T12:06:00Z"
    assert (record["comments"][0]["published"], record["comments"][0]["published_zone"]) == (
        "2011-10-27T12:39:00Z", "assumed")
    assert record["site"]["timezone"] == "UTC"  # the site's zone is not guessed from it
    # a zone the user gave wins over the page's offset
    known = {**unknown, "timezone": "Europe/Berlin", "timezone_source": "setting"}
    record = normalize_page(page, site=known, fetched_at=FETCHED)
    assert record["comments"][0]["published"] == "2011-10-27T03:39:00Z"
