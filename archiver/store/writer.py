"""Save archive records (docs/internals.md section 3) into the archive, keeping history.

Each record is upserted by natural keys (``keys``) inside one transaction, so a process
killed mid-write leaves every article either fully saved or not at all, and a recrawl
updates rows in place. This module runs the batch and one savepoint per record; the rows
are written by ``articles`` (site, article, authors, tags) and ``comments``, the crawl's
row and errors by ``crawls``, versions and deletions by ``history``.

What a save never does: delete a row (a comment missing from a later crawl stays, its
``last_seen`` tells when it was last there), or touch ``first_seen``, ``last_changed`` and
content columns when the content is the same (data-model invariants 1 and 2).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from archiver.normalize.dates import utc_now
from archiver.store import history, keys
from archiver.store.articles import (
    insert_articles,
    save_article,
    save_authors,
    save_site,
    save_tags,
)
from archiver.store.batch import REFRESH_COMMENT_COUNTS, Batch, Conflict, FlushFailed
from archiver.store.comments import (
    inherit_first_seen,
    insert_comments,
    new_comment_fields,
    save_comments,
)
from archiver.store.crawls import begin_crawl, finish_crawl, insert_error, record_error
from archiver.store.records import StoreError, check_record, comment_keys, record_url
from archiver.store.transaction import savepoint, transaction

# Kept importable from here: the writer's public names before the split into modules.
__all__ = ["StoreError", "begin_crawl", "finish_crawl", "record_error", "save_record",
           "save_records", "transaction"]
_transaction = transaction

_COMMENT_TOTALS = ("comments_new", "comments_changed", "comments_unchanged",
                   "comments_deleted", "comments_superseded")
_TOTALS = ("articles_new", "articles_changed", "articles_unchanged", *_COMMENT_TOTALS)


def _save_one(
    conn: sqlite3.Connection, record: Mapping[str, Any], crawl_id: int | None, seen: str,
    batch: Batch,
) -> tuple[dict[str, Any], list[str]]:
    site, article = record["site"], record["article"]
    origin = site["origin"]
    url = keys.article_id(article["url"])
    comments = record.get("comments") or []
    natives = comment_keys(comments)
    if batch.deferring:
        batch.check_article(url)
    save_site(conn, site, article.get("comment_platform"), seen, batch)
    if "thread_complete" in record:
        # A crawl's verdict on the thread (an import or reparse record carries none).
        complete = bool(record["thread_complete"])
        article = {**article, "thread_complete": complete,
                   "thread_incomplete_reason": None if complete else
                   record.get("thread_incomplete_reason") or "failed"}
    state = save_article(conn, origin, article, crawl_id, seen, batch)
    held = state == "new" and batch.deferring  # its row goes in at the batch's end
    save_authors(conn, origin, url, article.get("authors") or [], seen, batch)
    save_tags(conn, origin, url, article.get("tags") or [], seen, batch)
    counts, duplicates, (same_rowids, ids, inserts) = save_comments(
        conn, origin, url, comments, natives, seen, crawl_id, batch,
        article_known=state != "new", article_held=held)
    counts["comments_deleted"] = counts["comments_superseded"] = 0
    # Only a complete fetch of a thread that was found on the page can tell a deletion
    # from a comment page that failed or a theme change that hid the comment section.
    # A new article has no stored comments to miss.
    if record.get("thread_complete") and article.get("comment_markup") and state != "new":
        gone = history.mark_deleted(conn, url, ids, seen, crawl_id, same_rowids,
                                    lambda: new_comment_fields(inserts))
        inherit_first_seen(inserts, gone.first_seen)
        repaired = history.repair_mistaken_deletions(conn, url, seen, crawl_id)
        # A superseded comment's new row is not a new comment: it was first seen before.
        counts["comments_new"] -= gone.superseded
        counts["comments_deleted"] = gone.deleted
        counts["comments_superseded"] = gone.superseded + repaired
    if batch.deferring:
        batch.stage(article=url)  # its count is refreshed once its comments are in
    else:
        conn.execute(REFRESH_COMMENT_COUNTS, {"urls": json.dumps([url])})
    return {"article": state, **counts}, duplicates


def _save_batch(
    conn: sqlite3.Connection,
    records: list[Mapping[str, Any]],
    crawl_id: int | None,
    seen_at: str | None,
    batch: Batch,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    results: list[dict[str, Any]] = []
    totals = dict.fromkeys(_TOTALS, 0)
    for record in records:
        url = record_url(record)
        article = record.get("article") if isinstance(record, Mapping) else None
        fetched_at = article.get("fetched_at") if isinstance(article, Mapping) else None
        seen = seen_at or (fetched_at if isinstance(fetched_at, str) else None) or utc_now()
        try:
            check_record(record)
            try:
                counts, duplicates = _save_in_savepoint(conn, record, crawl_id, seen, batch)
            except Conflict:
                # It needs the rows held back so far: in first, then the record again.
                batch.flush(conn)
                batch.refreshes.write(conn)
                counts, duplicates = _save_in_savepoint(conn, record, crawl_id, seen, batch)
        except (StoreError, sqlite3.Error, OverflowError, ValueError, TypeError) as exc:
            # sqlite3.Error: a value SQLite refuses (an integrity rule, a string with a
            # lone surrogate); the record alone is undone and recorded.
            kind = "malformed-record" if isinstance(exc, StoreError | ValueError | TypeError
                                                    ) else "integrity"
            insert_error(conn, crawl_id, url, kind, str(exc), seen)
            results.append(
                {
                    "article": "error",
                    "error": str(exc),
                    "comments_new": 0,
                    "comments_changed": 0,
                    "comments_unchanged": 0,
                }
            )
            continue
        if duplicates:
            # The first copy is stored; the others are recorded, not silently dropped.
            insert_error(
                conn,
                crawl_id,
                url,
                "duplicate-comment",
                "comment ids repeated in one record: " + ", ".join(duplicates),
                seen,
            )
        totals["articles_" + counts["article"]] += 1
        for key in _COMMENT_TOTALS:
            totals[key] += counts[key]
        results.append(counts)
    batch.flush(conn)
    return results, totals


def _save_in_savepoint(
    conn: sqlite3.Connection, record: Mapping[str, Any], crawl_id: int | None, seen: str,
    batch: Batch,
) -> tuple[dict[str, Any], list[str]]:
    # A savepoint per record: a bad one is undone without losing the batch.
    try:
        with savepoint(conn):
            saved = _save_one(conn, record, crawl_id, seen, batch)
    except BaseException:
        batch.discard()
        raise
    batch.confirm()
    return saved


def save_records(
    db: Database,
    records: Iterable[Mapping[str, Any]],
    crawl_id: int | None,
    seen_at: str | None = None,
) -> list[dict[str, Any]]:
    """Save several archive records in one transaction; one counts dict per record.

    Each counts dict is ``{"article": "new" | "changed" | "unchanged", "comments_new": n,
    "comments_changed": n, "comments_unchanged": n}``. A malformed record is rolled back
    alone, recorded in ``errors`` and reported as ``{"article": "error", "error": message}``.
    ``seen_at`` defaults to each record's ``article.fetched_at``, else now.
    """
    records = list(records)
    with transaction(db) as conn:
        batch = Batch(True, insert_articles, insert_comments)
        try:
            with savepoint(conn, "archiver_batch"):
                results, totals = _save_batch(conn, records, crawl_id, seen_at, batch)
        except FlushFailed:
            # A value SQLite refuses among the new comments: undo the batch and save it
            # record by record, so that only the record holding it is undone and recorded.
            batch = Batch(False, insert_articles, insert_comments)
            results, totals = _save_batch(conn, records, crawl_id, seen_at, batch)
        batch.write_refreshes(conn)  # no savepoint open
        if crawl_id is not None and results:
            conn.execute(
                "UPDATE crawls SET {} WHERE id = ?".format(
                    ", ".join(f"{column} = {column} + ?" for column in totals)
                ),
                [*totals.values(), crawl_id],
            )
    return results


def save_record(
    db: Database,
    record: Mapping[str, Any],
    crawl_id: int | None,
    seen_at: str | None = None,
) -> dict[str, Any]:
    """Save one archive record in its own transaction and return its counts.

    See ``save_records`` for the counts and for what happens to a malformed record.
    """
    return save_records(db, [record], crawl_id, seen_at)[0]


