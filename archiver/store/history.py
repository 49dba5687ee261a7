"""History kept by the writer: previous versions, deletions and supersessions, unchanged
(304) pages, captures.

A version row holds the content a row had before a crawl saw it change, with when that
content was first seen (``valid_from``, the old ``last_changed``), last confirmed
(``last_seen``) and replaced (``replaced_at``). Nothing here deletes a row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlite_utils import Database

from archiver.store import supersede
from archiver.store.columns import ARTICLE_CONTENT, COMMENT_CONTENT
from archiver.store.transaction import select_rows, transaction

# A version keeps exactly the columns whose change made it.
_ARTICLE_VERSION_COLUMNS = ARTICLE_CONTENT
_COMMENT_VERSION_COLUMNS = COMMENT_CONTENT
CAPTURE_COLUMNS = (
    "url", "status", "fetched_at", "crawl_id", "warc_file", "offset", "length",
    "request_offset", "content_type", "etag", "last_modified", "bytes",
)


def _insert_sql(table: str, key: str, columns: Sequence[str]) -> str:
    names = (key, *columns, "valid_from", "last_seen", "replaced_at", "crawl_id")
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


_INSERT_ARTICLE_VERSION = _insert_sql("article_versions", "article_url", _ARTICLE_VERSION_COLUMNS)
_INSERT_COMMENT_VERSION = _insert_sql("comment_versions", "comment_id", _COMMENT_VERSION_COLUMNS)


def save_article_version(conn: sqlite3.Connection, old: Mapping[str, Any], seen: str,
                         crawl_id: int | None) -> None:
    """Keep the content ``old`` (an articles row) had before it is overwritten."""
    conn.execute(_INSERT_ARTICLE_VERSION, [
        old["url"], *(old[c] for c in _ARTICLE_VERSION_COLUMNS),
        old["last_changed"], old["last_seen"], seen, crawl_id,
    ])


def comment_version_row(old: Mapping[str, Any], seen: str,
                        crawl_id: int | None) -> list[Any]:
    return [old["id"], *(old[c] for c in _COMMENT_VERSION_COLUMNS),
            old["last_changed"], old["last_seen"], seen, crawl_id]


def save_comment_versions(conn: sqlite3.Connection, rows: list[list[Any]]) -> None:
    conn.executemany(_INSERT_COMMENT_VERSION, rows)


class Gone(NamedTuple):
    """What a complete thread's save found missing: rows marked deleted, rows superseded
    by a comment of the save (``store.supersede``), and new id -> the first_seen its new
    row inherits (the writer gives it to rows its batch still holds back)."""
    deleted: int
    superseded: int
    first_seen: dict[str, str]


def mark_deleted(conn: sqlite3.Connection, article_url: str, present: Iterable[str],
                 seen: str, crawl_id: int | None, present_rowids: Iterable[int] = (),
                 new_comments: Callable[[], list[dict[str, Any]]] | None = None) -> Gone:
    """Mark the article's stored comments missing from a complete thread as deleted, or
    superseded when one is a comment of ``new_comments`` (the save's new rows) re-keyed.

    ``present``: the ids of the thread's comments, or of those not in ``present_rowids``
    (the rowids of the ones found unchanged from their digest, whose ids are not hashed).
    The row stays (invariant 2): status becomes 'deleted', ``deleted_at`` says which fetch
    first missed it, ``last_seen`` still says when it was last there, and the visible
    version is kept in comment_versions. Replies keep their parent_id.
    """
    # The rowid test comes first and reads the (article_url, path) index only: an
    # unchanged thread's rows are passed over without reading them.
    gone = select_rows(
        conn,
        "SELECT * FROM comments WHERE article_url = ?"
        " AND rowid NOT IN (SELECT value FROM json_each(?))"
        " AND status NOT IN ('deleted', 'superseded')"
        " AND id NOT IN (SELECT value FROM json_each(?))",
        [article_url, json.dumps(list(present_rowids)), json.dumps(list(present))],
    )
    if not gone:
        return Gone(0, 0, {})
    gone, pairs = supersede.supersede_gone(
        gone, new_comments or list, lambda: supersede.superseded_ids(conn, article_url))
    firsts = _mark_superseded(conn, [(old, new["id"], new["first_seen"]) for old, new in pairs],
                              seen, crawl_id)
    if gone:
        save_comment_versions(conn, [comment_version_row(old, seen, crawl_id) for old in gone])
        conn.executemany(
            "UPDATE comments SET status = 'deleted', deleted_at = ?, last_changed = ?"
            " WHERE id = ?", [(seen, seen, old["id"]) for old in gone])
    return Gone(len(gone), len(pairs), firsts)


def _mark_superseded(conn: sqlite3.Connection, pairs: list[tuple[Mapping[str, Any], str, str]],
                     seen: str, crawl_id: int | None) -> dict[str, str]:
    """(old row, new id, the new row's first_seen) each: the old row is superseded, kept
    whole, its content kept as a version; the new row inherits its first_seen (returned,
    new id -> first_seen, for the rows a batch holds back)."""
    if not pairs:
        return {}
    save_comment_versions(conn, [comment_version_row(old, seen, crawl_id) for old, _, _ in pairs])
    conn.executemany(
        "UPDATE comments SET status = 'superseded', superseded_by = ?, deleted_at = NULL,"
        " last_changed = ? WHERE id = ?", [(new, seen, old["id"]) for old, new, _ in pairs])
    firsts = {new: min(old["first_seen"], first) for old, new, first in pairs}
    conn.executemany("UPDATE comments SET first_seen = ? WHERE id = ? AND first_seen > ?",
                     [(first, new, first) for new, first in firsts.items()])
    return firsts


def repair_mistaken_deletions(conn: sqlite3.Connection, article_url: str, seen: str,
                              crawl_id: int | None) -> int:
    """Supersede the article's hash-keyed rows an earlier save marked deleted when their
    comment was only re-keyed (``supersede.mistaken_pairs``); how many."""
    pairs = supersede.mistaken_pairs(conn, article_url)
    _mark_superseded(conn, [(old, new["id"], new["first_seen"]) for old, new in pairs],
                     seen, crawl_id)
    return len(pairs)


def touch_unchanged(db: Database, url: str, crawl_id: int | None, seen: str) -> dict[str, int]:
    """A page the server said is unchanged (HTTP 304): only last_seen moves (invariant 1).

    ``url`` is the URL requested; it names an article by its canonical or fetched URL.
    Comments marked deleted or superseded stay as they are. Returns the article and comment
    counts.
    """
    with transaction(db) as conn:
        found = conn.execute(
            "SELECT url FROM articles WHERE url = ? OR fetched_url = ? LIMIT 1", [url, url]
        ).fetchone()
        if found is None:
            return {"articles": 0, "comments": 0}
        article = found[0]
        conn.execute(
            "UPDATE articles SET last_seen = max(last_seen, ?), crawl_id = coalesce(?, crawl_id)"
            " WHERE url = ?", [seen, crawl_id, article])
        comments = conn.execute(
            "UPDATE comments SET last_seen = max(last_seen, ?)"
            " WHERE article_url = ? AND status NOT IN ('deleted', 'superseded')",
            [seen, article]).rowcount
        for table in ("article_authors", "article_tags"):
            conn.execute(
                f"UPDATE {table} SET last_seen = max(last_seen, ?) WHERE article_url = ?",
                [seen, article])
        if crawl_id is not None:
            conn.execute(
                "UPDATE crawls SET articles_unchanged = articles_unchanged + 1,"
                " comments_unchanged = comments_unchanged + ? WHERE id = ?",
                [comments, crawl_id])
    return {"articles": 1, "comments": comments}


def record_captures(db: Database, rows: Iterable[Mapping[str, Any]]) -> int:
    """Append rows to ``captures`` (one per response fetched) in one transaction."""
    values = [[row.get(c) for c in CAPTURE_COLUMNS] for row in rows]
    if not values:
        return 0
    with transaction(db) as conn:
        conn.executemany(
            f"INSERT INTO captures ({', '.join(CAPTURE_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(CAPTURE_COLUMNS))})", values)
    return len(values)


def set_crawl_kind(db: Database, crawl_id: int, kind: str) -> None:
    """full, incremental, resume or reparse: how the crawl chose what to fetch."""
    with transaction(db) as conn:
        conn.execute("UPDATE crawls SET kind = ? WHERE id = ?", [kind, crawl_id])


def incremental_state(db: Database, site_id: str, before_crawl: int | None = None,
                      page_confirmed: Sequence[str] | None = None) -> dict[str, Any]:
    """What an incremental crawl of ``site_id`` needs to know from the archive.

    ``validators``: url -> (etag, last_modified) of its latest 200 capture, except for
    articles whose comments a platform serves whose thread a page's 304 does not confirm
    (``page_confirmed``: the other platform names, default the built-in registry's
    ``page_confirmed_names``); ``known``: every
    URL captured or archived; ``articles``: url -> (fetched_url, published, first_seen,
    last_seen); ``crawls``: earlier crawls of the site, newest first (id, started,
    finished, kind).
    """
    validators = {
        row[0]: (row[1], row[2]) for row in db.execute(
            "SELECT url, etag, last_modified FROM captures WHERE id IN"
            " (SELECT max(id) FROM captures WHERE status = 200 GROUP BY url)"
            " AND (etag IS NOT NULL OR last_modified IS NOT NULL)").fetchall()
    }
    articles = {
        row[0]: (row[1], row[2], row[3], row[4]) for row in db.execute(
            "SELECT url, fetched_url, published, first_seen, last_seen FROM articles"
            " WHERE site_id = ?", [site_id]).fetchall()
    }
    # A thread served by its platform's own endpoints is not in the page: a 304 on the page
    # says nothing about it, so those pages are always fetched in full (and their thread).
    # Only the page's own comments and platforms that declare it are confirmed by a 304.
    if page_confirmed is None:
        from archiver.extract.platforms import default_registry

        page_confirmed = default_registry().page_confirmed_names()
    for row in db.execute(
            "SELECT url, fetched_url FROM articles WHERE site_id = ?"
            " AND comment_platform IS NOT NULL AND comment_platform NOT IN"
            " (SELECT value FROM json_each(?))",
            [site_id, json.dumps(list(page_confirmed))]).fetchall():
        for url in row:
            validators.pop(url, None)
    known = {row[0] for row in db.execute("SELECT DISTINCT url FROM captures").fetchall()}
    known |= set(articles) | {v[0] for v in articles.values() if v[0]}
    crawls = [
        dict(zip(("id", "started", "finished", "kind"), row, strict=True))
        for row in db.execute(
            "SELECT id, started, finished, kind FROM crawls WHERE site_id = ?"
            " AND (? IS NULL OR id < ?) ORDER BY id DESC", [site_id, before_crawl, before_crawl])
    ]
    return {"validators": validators, "known": known, "articles": articles, "crawls": crawls}
