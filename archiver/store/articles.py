"""An article's rows: its site, the article itself (a version kept on change), authors, tags.

Author names and tag names as first printed stay (upserts ``coalesce`` to the stored
value); link rows carry ``first_seen``/``last_seen`` like the entities.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from archiver.store import history, keys
from archiver.store.batch import Batch, insert_rows
from archiver.store.columns import ARTICLE_CONTENT
from archiver.store.records import StoreError, keep_earlier_date, scalar
from archiver.store.transaction import select_rows

# Updated in place without counting as a change: they move with every new reader comment
# or fetch path, and would otherwise flag active articles as changed on every crawl.
ARTICLE_VOLATILE = (
    "fetched_url",
    "comment_platform",
    "comment_markup",
    "declared_comment_count",
    # What the last crawl could read of the thread (migration m006).
    "thread_complete",
    "thread_incomplete_reason",
)

_UPSERT_SITE = """
INSERT INTO sites (id, host, platform, timezone, timezone_source, profile, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  platform = coalesce(excluded.platform, sites.platform),
  timezone = coalesce(excluded.timezone, sites.timezone),
  timezone_source = coalesce(excluded.timezone_source, sites.timezone_source),
  profile = coalesce(excluded.profile, sites.profile),
  last_seen = max(sites.last_seen, excluded.last_seen)
"""
# Names as first printed stay: a byline or comment form spelling a name differently in
# another article must not flip the row back and forth between crawls.
_UPSERT_AUTHOR = """
INSERT INTO authors (id, site_id, key, name, url, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = coalesce(authors.name, excluded.name),
  url = coalesce(authors.url, excluded.url),
  last_seen = max(authors.last_seen, excluded.last_seen)
"""
_UPSERT_ARTICLE_AUTHOR = """
INSERT INTO article_authors (article_url, author_id, position, byline_name, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (article_url, author_id) DO UPDATE SET
  position = excluded.position,
  byline_name = excluded.byline_name,
  last_seen = max(article_authors.last_seen, excluded.last_seen)
"""
_UPSERT_TAG = """
INSERT INTO tags (id, site_id, name) VALUES (?, ?, ?)
ON CONFLICT (id) DO NOTHING
"""
_UPSERT_ARTICLE_TAG = """
INSERT INTO article_tags (article_url, tag_id, position, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (article_url, tag_id) DO UPDATE SET
  position = excluded.position,
  last_seen = max(article_tags.last_seen, excluded.last_seen)
"""
_ARTICLE_COLUMNS = ("url", "site_id", *ARTICLE_CONTENT, *ARTICLE_VOLATILE)
_INSERTED_COLUMNS = (*_ARTICLE_COLUMNS, "first_seen", "last_seen", "last_changed", "crawl_id")
_INSERT_ARTICLES = "INSERT INTO articles ({})".format(", ".join(_INSERTED_COLUMNS))
_REFRESH_ARTICLE = (
    "UPDATE articles SET {}, last_seen = max(last_seen, ?), crawl_id = coalesce(?, crawl_id)"
    " WHERE url = ?"
).format(", ".join(f"{column} = ?" for column in ARTICLE_VOLATILE))
_UPDATE_ARTICLE = (
    "UPDATE articles SET {}, last_seen = max(last_seen, ?), last_changed = ?,"
    " crawl_id = coalesce(?, crawl_id) WHERE url = ?"
).format(", ".join(f"{column} = ?" for column in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE)))
# One statement tells a new article (no row) from an unchanged one (1) and a changed one
# (0), without reading the stored row (its body) back. ``IS`` compares as the column
# would store the value (affinity): no change exactly where writing it again changes
# nothing.
_SAME_ARTICLE = "SELECT {} FROM articles WHERE url = ?".format(
    " AND ".join(f"{column} IS ?" for column in ARTICLE_CONTENT))


def _upserts(batch: Batch | None, table: str, rows: list[tuple[Any, ...]]
             ) -> list[tuple[Any, ...]]:
    # The rows a batch has not just upserted as they are (store.batch); all without one.
    return rows if batch is None else batch.to_upsert(table, rows)


def save_site(conn: sqlite3.Connection, site: Mapping[str, Any], platform: Any, seen: str,
              batch: Batch | None = None) -> None:
    origin = site["origin"]
    row = (
        keys.site_id(origin),
        urlsplit(origin).hostname,
        scalar("comment_platform", platform),
        scalar("timezone", site.get("timezone")),
        scalar("timezone_source", site.get("timezone_source")),
        scalar("profile", site.get("profile")),
        seen,
        seen,
    )
    upserts = _upserts(batch, "sites", [row])
    if upserts and batch is not None and batch.upserted("sites", row[0]):
        # The row is there: the batch applies this one, in order, at its end (the
        # articles' comment platforms differ, so one site is upserted again and again).
        _write(conn, _UPSERT_SITE, upserts, batch)
        return
    for upsert in upserts:
        conn.execute(_UPSERT_SITE, upsert)


def insert_articles(conn: sqlite3.Connection, rows: list[list[Any]]) -> None:
    """New articles with few multi-row INSERTs: their bodies are indexed for search, and
    FTS5 writes a segment per statement (``store.batch``)."""
    insert_rows(conn, _INSERT_ARTICLES, len(_INSERTED_COLUMNS), rows)


def save_article(
    conn: sqlite3.Connection,
    origin: str,
    article: Mapping[str, Any],
    crawl_id: int | None,
    seen: str,
    batch: Batch | None = None,
) -> str:
    """Insert, update or refresh the article; "new", "changed" or "unchanged".

    A deferring ``batch`` holds a new article back for one INSERT at its end.
    """
    url = keys.article_id(article["url"])
    row = {"url": url, "site_id": keys.site_id(origin)}
    for column in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE):
        row[column] = scalar(column, article.get(column))
    refresh = [*(row[c] for c in ARTICLE_VOLATILE), seen, crawl_id, url]
    old_rows = None
    # An approximate date is compared with the stored one below (keep_earlier_date).
    if not (row["published_approximate"] or row["modified_approximate"]):
        same = conn.execute(_SAME_ARTICLE, [*(row[c] for c in ARTICLE_CONTENT), url]).fetchone()
        if same is None:
            old_rows = []
        elif same[0]:
            if batch is not None and batch.deferring:
                batch.refreshes.row(_REFRESH_ARTICLE, refresh)  # after the batch's savepoint
            else:
                conn.execute(_REFRESH_ARTICLE, refresh)
            return "unchanged"
    if old_rows is None:
        old_rows = select_rows(conn, "SELECT * FROM articles WHERE url = ?", [url])
    if not old_rows:
        values = [*(row[c] for c in _ARTICLE_COLUMNS), seen, seen, seen, crawl_id]
        if batch is not None and batch.deferring:
            batch.stage_article(row=values)
        else:
            insert_articles(conn, [values])
        return "new"
    old = old_rows[0]
    keep_earlier_date(old, row, "published")
    keep_earlier_date(old, row, "modified")
    changed = any(old[column] != row[column] for column in ARTICLE_CONTENT)
    if not changed:
        # Content columns are not written: the FTS index (its trigger fires on an update
        # OF title or body_text, store.shape) stays as it is.
        conn.execute(_REFRESH_ARTICLE, refresh)
        return "unchanged"
    history.save_article_version(conn, old, seen, crawl_id)
    conn.execute(
        _UPDATE_ARTICLE,
        [*(row[c] for c in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE)), seen, seen, crawl_id, url],
    )
    return "changed"


def _write(conn: sqlite3.Connection, statement: str, rows: list[tuple[Any, ...]],
           batch: Batch | None) -> None:
    # A deferring batch writes authors, tags and their links once, at its end, after its
    # new articles: nothing a save reads depends on them.
    if batch is not None and batch.deferring:
        if rows:
            batch.stage_article(links=(statement, rows))
    else:
        conn.executemany(statement, rows)


def save_authors(
    conn: sqlite3.Connection, origin: str, url: str, authors: list[Mapping[str, Any]], seen: str,
    batch: Batch | None = None,
) -> None:
    author_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    linked: set[str] = set()
    for author in authors:
        author_id = keys.author_id(origin, author["key"])
        if author_id in linked:
            continue
        linked.add(author_id)
        name = scalar("author name", author.get("name"))
        author_rows.append(
            (
                author_id,
                origin,
                author["key"],
                name,
                scalar("author url", author.get("url")),
                seen,
                seen,
            )
        )
        link_rows.append((url, author_id, len(link_rows), name, seen, seen))
    _write(conn, _UPSERT_AUTHOR, _upserts(batch, "authors", author_rows), batch)
    _write(conn, _UPSERT_ARTICLE_AUTHOR, link_rows, batch)


def save_tags(conn: sqlite3.Connection, origin: str, url: str, tags: list[Any], seen: str,
              batch: Batch | None = None) -> None:
    tag_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    linked: set[str] = set()
    for tag in tags:
        if not isinstance(tag, str):
            raise StoreError(f"tag is not a string: {tag!r}")
        if not tag.strip():
            continue
        tag_id = keys.tag_id(origin, tag)
        if tag_id in linked:
            continue
        linked.add(tag_id)
        tag_rows.append((tag_id, origin, tag.strip()))
        link_rows.append((url, tag_id, len(link_rows), seen, seen))
    _write(conn, _UPSERT_TAG, _upserts(batch, "tags", tag_rows), batch)
    _write(conn, _UPSERT_ARTICLE_TAG, link_rows, batch)


