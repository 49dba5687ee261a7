"""Reading the archive back: whole article records and crawl summaries.

Queries live here, beside the schema they know; callers get plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database


def _db(db_or_path: Database | str | Path) -> Database:
    return db_or_path if isinstance(db_or_path, Database) else Database(db_or_path)


def article_records(
    db_or_path: Database | str | Path, site_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every article with its authors (byline order), tags and comments (reading order)."""
    db = _db(db_or_path)
    where, params = ("where site_id = ?", [site_id]) if site_id else ("", [])
    for article in db.query(f"select * from articles {where} order by url", params):
        url = article["url"]
        article["authors"] = list(
            db.query(
                """select au.name, au.url, au.key, aa.byline_name from article_authors aa
               join authors au on au.id = aa.author_id
               where aa.article_url = ? order by aa.position""",
                [url],
            )
        )
        article["tags"] = [
            row["name"]
            for row in db.query(
                """select t.name from article_tags at join tags t on t.id = at.tag_id
               where at.article_url = ? order by at.position""",
                [url],
            )
        ]
        article["comments"] = list(
            db.query(
                """select c.*, cm.name as commenter_name, cm.url as commenter_url,
                      cm.key as commenter_key, cm.is_guest as commenter_is_guest
               from comments c left join commenters cm on cm.id = c.commenter_id
               where c.article_url = ? order by c.path""",
                [url],
            )
        )
        yield article


def crawl_summary(db_or_path: Database | str | Path) -> dict[str, Any]:
    """Counts for people: articles, comments, commenters, authors, the deepest reply, and
    what the latest crawl recorded."""
    db = _db(db_or_path)

    def count(sql: str, params: list[Any] | None = None) -> int:
        return next(db.query(sql, params or []))["n"]

    summary: dict[str, Any] = {
        "articles": count("select count(*) as n from articles"),
        "comments": count("select count(*) as n from comments"),
        "commenters": count("select count(*) as n from commenters"),
        "authors": count("select count(*) as n from authors"),
        "sites": count("select count(*) as n from sites"),
        "articles_with_comments": count("select count(distinct article_url) as n from comments"),
    }
    deepest = list(
        db.query(
            """select c.depth, c.article_url, c.author_name, c.native_id from comments c
           order by c.depth desc, c.article_url, c.path limit 1"""
        )
    )
    summary["deepest_reply"] = deepest[0] if deepest else None
    crawl = list(db.query("select * from crawls order by id desc limit 1"))
    summary["last_crawl"] = crawl[0] if crawl else None
    summary["crawl_errors"] = (
        count("select count(*) as n from errors where crawl_id = ?", [crawl[0]["id"]])
        if crawl
        else 0
    )
    return summary
