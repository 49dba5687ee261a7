"""Normalization: extract_page output into the archive record (docs/internals.md, 2 and 3).

Everything here is pure: no network, no Scrapy, no SQL.
"""

from __future__ import annotations

from typing import Any

from archiver.discover.urls import canonicalize
from archiver.normalize.authors import (
    clean_name,
    commenter_identity,
    normalize_authors,
    person_key,
    split_byline,
)
from archiver.normalize.canonical import trusted_canonical
from archiver.normalize.dates import date_fields, given_offset, parse_date
from archiver.normalize.threads import build_threads, dedupe_comments

__all__ = [
    "build_threads",
    "clean_name",
    "commenter_identity",
    "date_fields",
    "dedupe_comments",
    "normalize_authors",
    "normalize_page",
    "parse_date",
    "person_key",
    "split_byline",
]


def _languages(*candidates: Any) -> list[str] | None:
    out = [c for c in candidates if isinstance(c, str) and c.strip()]
    return list(dict.fromkeys(out)) or None


def _fetched_at_utc(fetched_at: str) -> str:
    parsed = parse_date(fetched_at)
    value = parsed["value"]
    # A date-only or unreadable fetch time is kept as given rather than invented.
    return value if value and "T" in value else fetched_at


def _comment_record(comment: dict, *, date_kwargs: dict, fallback_source: str | None) -> dict:
    author = comment.get("author") or {}
    platform = comment.get("platform")
    identity = commenter_identity(platform, author.get("name"), author.get("url"),
                                  comment.get("user_id") or author.get("user_id"))
    if comment.get("is_guest") is not None:  # the platform knows (Disqus isAnonymous)
        identity["is_guest"] = bool(comment["is_guest"])
    identity["is_post_author"] = bool(comment.get("author_is_post_author"))
    record = {
        "id": comment.get("id"),
        "id_source": comment.get("id_source"),
        "parent_id": comment.get("parent_id"),
        "platform": platform,
        "root_id": comment.get("root_id"),
        "depth": comment.get("depth"),
        "position": comment.get("position"),
        "path": comment.get("path"),
        "parent_missing": comment.get("parent_missing"),
        "author": identity,
    }
    zone = comment.get("published_tz")
    published = parse_date(comment.get("published_raw"),
                           **({**date_kwargs, "tz": zone} if zone else date_kwargs))
    if zone and published["zone"] == "assumed":
        published["zone"] = "given"  # the platform documents its zone (Disqus: UTC)
    record.update(date_fields("published", published))
    record["text"] = comment.get("text") or ""
    record["html"] = comment.get("html") or ""
    record["source_url"] = comment.get("source_url") or fallback_source
    # What only some platforms give: kept when given, absent otherwise.
    for key in ("status", "likes", "edited"):
        if comment.get(key) is not None:
            record[key] = comment[key]
    return record


def normalize_page(extracted: dict, *, site: dict, fetched_at: str,
                   comments: list[dict] | None = None,
                   source_urls: dict | None = None) -> dict:
    """The archive record for one article (docs/internals.md section 3).

    `site` holds origin, timezone, timezone_source, profile and language. `comments`, when
    given, replaces ``extracted["comments"]`` (the crawler gathers every comment page of the
    article, in page order). `source_urls` maps comment id -> the URL it was read from,
    for comments that do not carry ``source_url`` themselves.
    """
    article = extracted.get("article") or {}
    raw_comments = extracted.get("comments") if comments is None else comments
    raw_comments = list(raw_comments or ())

    tz = site.get("timezone") or "UTC"
    tz_source = site.get("timezone_source") or "default"
    fetched = _fetched_at_utc(fetched_at)
    date_kwargs = {
        "tz": tz,
        "tz_source": tz_source,
        "fetched_at": fetched,
        "languages": _languages(site.get("language"), article.get("language")),
    }

    fetched_url = article.get("url")
    # Another site's canonical, or one that cannot be read, is no key (the crawler records it).
    trusted = trusted_canonical(fetched_url, article.get("canonical_url"))[0] \
        if fetched_url else article.get("canonical_url")
    url_source = trusted or fetched_url
    url = canonicalize(url_source) if url_source else url_source

    threaded = build_threads(raw_comments)
    source_urls = source_urls or {}
    # With no zone known for the site, the page's own instant tells the offset its times are
    # printed in (WordPress writes article:published_time in the blog's zone, and prints
    # its comments' times in the same zone without one): closer than UTC, off by the
    # daylight-saving hour at most. Still recorded as assumed.
    offset = given_offset(article.get("published_raw")) if tz_source == "default" else None
    comment_kwargs = {**date_kwargs, "tz": offset} if offset else date_kwargs
    comment_records = [
        _comment_record(
            c, date_kwargs=comment_kwargs,
            fallback_source=source_urls.get(str(c.get("id"))) or fetched_url,
        )
        for c in threaded
    ]
    platform = article.get("comment_platform") or next(
        (c.get("platform") for c in raw_comments if c.get("platform")), None)

    article_record: dict = {
        "url": url,
        "fetched_url": fetched_url,
        "title": article.get("title"),
        "byline_raw": article.get("byline_raw"),
        "section": article.get("section"),
        "language": article.get("language"),
        "body_text": article.get("body_text") or "",
        "body_html": article.get("body_html") or "",
        "tags": list(article.get("tags") or ()),
        "authors": normalize_authors(article.get("authors")),
    }
    article_record.update(date_fields("published",
                                      parse_date(article.get("published_raw"), **date_kwargs)))
    article_record.update(date_fields("modified",
                                      parse_date(article.get("modified_raw"), **date_kwargs)))
    article_record.update({
        "comment_platform": platform,
        "comment_markup": article.get("comment_markup"),
        "declared_comment_count": article.get("declared_comment_count"),
        "archived_comment_count": len(comment_records),
        "fetched_at": fetched,
    })
    if not article_record["authors"] and article.get("byline_raw"):
        # Extraction found only the printed byline: it still names the authors.
        article_record["authors"] = normalize_authors(
            [{"name": article["byline_raw"], "url": None}])

    return {
        "site": {
            "origin": site.get("origin"),
            "timezone": tz,
            "timezone_source": tz_source,
            "profile": site.get("profile"),
        },
        "article": article_record,
        "comments": comment_records,
    }
