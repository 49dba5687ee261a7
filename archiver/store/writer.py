"""Save archive records (docs/internals.md section 3) into the archive, keeping history.

Each record is upserted by natural keys (``keys``) inside one transaction, so a process
killed mid-write leaves every article either fully saved or not at all, and a recrawl
updates rows in place. Existing rows of the article are read in one query first, to tell
new, changed and unchanged apart; rows are then written with ``executemany``.

What a save never does: delete a row (a comment missing from a later crawl stays, its
``last_seen`` tells when it was last there), or touch ``first_seen``, ``last_changed`` and
content columns when the content is the same (data-model invariants 1 and 2).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from archiver.errors import ArchiverError
from archiver.normalize.dates import utc_now
from archiver.store import history, keys
from archiver.store.columns import ARTICLE_CONTENT, COMMENT_CONTENT, date_columns


class StoreError(ArchiverError):
    """A record that does not have the archive record's shape; it is recorded and skipped."""


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
# Where a comment sits in its thread: shifts whenever a reply is added above it, so a
# change here is written but is not a change of the comment.
COMMENT_PLACEMENT = (
    "article_url",
    "id_source",
    "root_id",
    "depth",
    "position",
    "path",
    "parent_missing",
    "source_url",
)
# What readers and moderators did to a comment (likes, the "edited" mark): kept current in
# place; a new like is not a new version of the comment.
COMMENT_REACTIONS = ("likes", "edited")
_COMMENT_FIXED = ("id", "site_id", "platform", "native_id")
_COMMENT_COLUMNS = (
    *_COMMENT_FIXED,
    *COMMENT_CONTENT,
    *COMMENT_PLACEMENT,
    *COMMENT_REACTIONS,
    "first_seen",
    "last_seen",
    "last_changed",
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
_UPSERT_COMMENTER = """
INSERT INTO commenters
  (id, site_id, platform, key, name, url, user_id, is_guest, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = coalesce(commenters.name, excluded.name),
  url = coalesce(commenters.url, excluded.url),
  user_id = coalesce(commenters.user_id, excluded.user_id),
  last_seen = max(commenters.last_seen, excluded.last_seen)
"""
_INSERT_COMMENT = "INSERT INTO comments ({}) VALUES ({})".format(
    ", ".join(_COMMENT_COLUMNS), ", ".join("?" * len(_COMMENT_COLUMNS))
)
_UPDATE_COMMENT = (
    "UPDATE comments SET {}, last_seen = max(last_seen, ?), last_changed = ? WHERE id = ?"
).format(", ".join(f"{column} = ?" for column in (*COMMENT_CONTENT, *COMMENT_PLACEMENT,
                                                  *COMMENT_REACTIONS)))
_ARTICLE_COLUMNS = ("url", "site_id", *ARTICLE_CONTENT, *ARTICLE_VOLATILE)
_INSERT_ARTICLE = (
    "INSERT INTO articles ({}, first_seen, last_seen, last_changed, crawl_id)"
    " VALUES ({}, ?, ?, ?, ?)"
).format(", ".join(_ARTICLE_COLUMNS), ", ".join("?" * len(_ARTICLE_COLUMNS)))
_UPDATE_ARTICLE = (
    "UPDATE articles SET {}, last_seen = max(last_seen, ?), last_changed = ?,"
    " crawl_id = coalesce(?, crawl_id) WHERE url = ?"
).format(", ".join(f"{column} = ?" for column in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE)))
# The archive, not the page, decides how many comments are archived: comments of earlier
# crawls and other comment pages count too.
_REFRESH_COMMENT_COUNT = """
UPDATE articles
SET archived_comment_count = (SELECT count(*) FROM comments WHERE article_url = :url)
WHERE url = :url
  AND archived_comment_count IS NOT (SELECT count(*) FROM comments WHERE article_url = :url)
"""
_INSERT_ERROR = "INSERT INTO errors (crawl_id, url, kind, message, at) VALUES (?, ?, ?, ?, ?)"


def _dumps(value: Any) -> str:
    # default=str: Scrapy stats and settings hold datetimes and setting objects.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@contextmanager
def _transaction(db: Database) -> Iterator[sqlite3.Connection]:
    """A write transaction, or a savepoint when the caller already opened one."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield conn
        return
    # IMMEDIATE takes the write lock before the first read: a deferred transaction that
    # reads, then writes, fails at once with SQLITE_BUSY (busy_timeout cannot help) when
    # another process committed in between.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # Also when COMMIT itself fails (a full disk): never leave the transaction open.
        db.rollback()
        raise


def _select(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _scalar(field: str, value: Any) -> Any:
    """A value SQLite can store as it is; bools become 0/1."""
    if isinstance(value, int) and not isinstance(value, bool) and not (
            -(2**63) <= value < 2**63):
        raise StoreError(f"{field}: {value} does not fit an SQLite integer")
    if value is None or isinstance(value, str | int | float):
        return int(value) if isinstance(value, bool) else value
    kind = type(value).__name__
    raise StoreError(f"{field}: expected a string, number, bool or null, got {kind}")


def _keep_earlier_date(old: Mapping[str, Any], new: dict[str, Any], prefix: str) -> None:
    # A relative date ("3 hours ago") resolves against each fetch and gets coarser with
    # age, so an approximate value never replaces one already stored.
    if new.get(prefix + "_approximate") and old.get(prefix) is not None:
        for column in date_columns(prefix):
            new[column] = old[column]


def _check_record(record: Any) -> None:
    """Raise StoreError unless ``record`` has what the writer relies on."""
    if not isinstance(record, Mapping):
        raise StoreError("record is not a dict")
    site, article = record.get("site"), record.get("article")
    if not isinstance(site, Mapping) or not isinstance(site.get("origin"), str):
        raise StoreError("record has no site origin")
    if not site["origin"]:
        raise StoreError("record has an empty site origin")
    if not isinstance(article, Mapping) or not isinstance(article.get("url"), str):
        raise StoreError("record has no article url")
    if not article["url"]:
        raise StoreError("record has an empty article url")
    for field in ("authors", "tags"):
        if not isinstance(article.get(field) or [], list):
            raise StoreError(f"article {field} is not a list")
    for author in article.get("authors") or []:
        if not isinstance(author, Mapping) or not isinstance(author.get("key"), str):
            raise StoreError(f"article author without a key: {author!r}")
    comments = record.get("comments") or []
    if not isinstance(comments, list):
        raise StoreError("record comments is not a list")
    for index, comment in enumerate(comments):
        if not isinstance(comment, Mapping):
            raise StoreError(f"comment {index} is not a dict")
        if not isinstance(comment.get("id"), str | int) or comment.get("id") == "":
            raise StoreError(f"comment {index} has no id")
        if not isinstance(comment.get("platform"), str) or not comment["platform"]:
            raise StoreError(f"comment {comment['id']} has no platform")
        if not isinstance(comment.get("author") or {}, Mapping):
            raise StoreError(f"comment {comment['id']} author is not a dict")


def _record_url(record: Any) -> str | None:
    article = record.get("article") if isinstance(record, Mapping) else None
    url = article.get("url") if isinstance(article, Mapping) else None
    return url if isinstance(url, str) else None


def _save_site(conn: sqlite3.Connection, site: Mapping[str, Any], platform: Any, seen: str) -> None:
    origin = site["origin"]
    conn.execute(
        _UPSERT_SITE,
        [
            keys.site_id(origin),
            urlsplit(origin).hostname,
            _scalar("comment_platform", platform),
            _scalar("timezone", site.get("timezone")),
            _scalar("timezone_source", site.get("timezone_source")),
            _scalar("profile", site.get("profile")),
            seen,
            seen,
        ],
    )


def _save_article(
    conn: sqlite3.Connection,
    origin: str,
    article: Mapping[str, Any],
    crawl_id: int | None,
    seen: str,
) -> str:
    url = keys.article_id(article["url"])
    row = {"url": url, "site_id": keys.site_id(origin)}
    for column in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE):
        row[column] = _scalar(column, article.get(column))
    old_rows = _select(conn, "SELECT * FROM articles WHERE url = ?", [url])
    if not old_rows:
        conn.execute(
            _INSERT_ARTICLE, [*(row[c] for c in _ARTICLE_COLUMNS), seen, seen, seen, crawl_id]
        )
        return "new"
    old = old_rows[0]
    _keep_earlier_date(old, row, "published")
    _keep_earlier_date(old, row, "modified")
    changed = any(old[column] != row[column] for column in ARTICLE_CONTENT)
    if changed:
        history.save_article_version(conn, old, seen, crawl_id)
    conn.execute(
        _UPDATE_ARTICLE,
        [
            *(row[c] for c in (*ARTICLE_CONTENT, *ARTICLE_VOLATILE)),
            seen,
            seen if changed else old["last_changed"],
            crawl_id,
            url,
        ],
    )
    return "changed" if changed else "unchanged"


def _save_authors(
    conn: sqlite3.Connection, origin: str, url: str, authors: list[Mapping[str, Any]], seen: str
) -> None:
    author_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    linked: set[str] = set()
    for author in authors:
        author_id = keys.author_id(origin, author["key"])
        if author_id in linked:
            continue
        linked.add(author_id)
        name = _scalar("author name", author.get("name"))
        author_rows.append(
            (
                author_id,
                origin,
                author["key"],
                name,
                _scalar("author url", author.get("url")),
                seen,
                seen,
            )
        )
        link_rows.append((url, author_id, len(link_rows), name, seen, seen))
    conn.executemany(_UPSERT_AUTHOR, author_rows)
    conn.executemany(_UPSERT_ARTICLE_AUTHOR, link_rows)


def _save_tags(conn: sqlite3.Connection, origin: str, url: str, tags: list[Any], seen: str) -> None:
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
    conn.executemany(_UPSERT_TAG, tag_rows)
    conn.executemany(_UPSERT_ARTICLE_TAG, link_rows)


def _comment_rows(
    origin: str,
    url: str,
    comments: list[Mapping[str, Any]],
    seen: str,
) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[Any, ...]], list[str]]:
    """Comment rows by id, commenter rows by id, and native ids seen twice."""
    rows: dict[str, dict[str, Any]] = {}
    commenters: dict[str, tuple[Any, ...]] = {}
    duplicates: list[str] = []
    for comment in comments:
        platform = comment["platform"]
        native_id = str(comment["id"])
        comment_id = keys.comment_id(origin, platform, native_id)
        if comment_id in rows:
            duplicates.append(native_id)
            continue
        parent_native = comment.get("parent_id")
        parent_native = None if parent_native is None else str(parent_native)
        parent_id = (
            None if parent_native is None else keys.comment_id(origin, platform, parent_native)
        )
        root_native = comment.get("root_id")
        if root_native is not None:
            root_id = keys.comment_id(origin, platform, str(root_native))
        else:
            root_id = comment_id if parent_id is None else None
        author = comment.get("author") or {}
        commenter_id = None
        if isinstance(author.get("key"), str) and author["key"]:
            commenter_id = keys.commenter_id(origin, platform, author["key"])
            user_id = author.get("user_id")
            commenters.setdefault(
                commenter_id,
                (
                    commenter_id,
                    origin,
                    platform,
                    author["key"],
                    _scalar("commenter name", author.get("name")),
                    _scalar("commenter url", author.get("url")),
                    None if user_id is None else str(user_id),
                    _scalar("is_guest", author.get("is_guest")),
                    seen,
                    seen,
                ),
            )
        row: dict[str, Any] = {
            "id": comment_id,
            "site_id": origin,
            "platform": platform,
            "native_id": native_id,
            "parent_id": parent_id,
            "parent_native_id": parent_native,
            "commenter_id": commenter_id,
            "author_name": _scalar("author name", author.get("name")),
            "is_post_author": int(bool(author.get("is_post_author"))),
            "text": _scalar("text", comment.get("text")),
            "html": _scalar("html", comment.get("html")),
            "status": _scalar("status", comment.get("status")),
            "article_url": url,
            "id_source": _scalar("id_source", comment.get("id_source")),
            "root_id": root_id,
            "depth": _scalar("depth", comment.get("depth")),
            "position": _scalar("position", comment.get("position")),
            "path": _scalar("path", comment.get("path")),
            "source_url": _scalar("source_url", comment.get("source_url")),
            "parent_missing": bool(comment.get("parent_missing")),
            "likes": _scalar("likes", comment.get("likes")),
            "edited": None if comment.get("edited") is None else int(bool(comment["edited"])),
        }
        for column in date_columns("published"):
            row[column] = _scalar(column, comment.get(column))
        rows[comment_id] = row
    return rows, commenters, duplicates


def _save_comments(
    conn: sqlite3.Connection,
    origin: str,
    url: str,
    comments: list[Mapping[str, Any]],
    seen: str,
    crawl_id: int | None = None,
) -> tuple[dict[str, int], list[str]]:
    rows, commenters, duplicates = _comment_rows(origin, url, comments, seen)
    counts = {"comments_new": 0, "comments_changed": 0, "comments_unchanged": 0}
    if not rows:
        return counts, duplicates
    old_rows = {
        old["id"]: old
        for old in _select(
            conn,
            "SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(rows))],
        )
    }
    # A parent counts as present when this record or an earlier save holds it.
    outside = sorted({row["parent_id"] for row in rows.values() if row["parent_id"]} - rows.keys())
    stored_parents: set[str] = set()
    if outside:
        stored_parents = {
            found["id"]
            for found in _select(
                conn,
                "SELECT id FROM comments WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(outside)],
            )
        }
    for row in rows.values():
        parent = row["parent_id"]
        absent = parent is not None and parent not in rows and parent not in stored_parents
        # The record's own flag still counts when the parent is in the record: normalize
        # flags the comment where it broke a reply cycle.
        row["parent_missing"] = int(absent or (row["parent_missing"] and parent in rows))
    conn.executemany(_UPSERT_COMMENTER, list(commenters.values()))

    inserts: list[list[Any]] = []
    updates: list[list[Any]] = []
    versions: list[list[Any]] = []
    revived: list[str] = []
    for comment_id, row in rows.items():
        old = old_rows.get(comment_id)
        if old is None:
            row["status"] = row["status"] or "visible"
            row["first_seen"] = row["last_seen"] = row["last_changed"] = seen
            inserts.append([row[column] for column in _COMMENT_COLUMNS])
            counts["comments_new"] += 1
            continue
        # A record without a status says nothing about it: keep what is stored.
        given = row["status"]
        row["status"] = given or old["status"] or "visible"
        if old["deleted_at"] and ((given is None and row["status"] == "deleted")
                                  or given not in (None, "deleted")):
            # Marked deleted by an earlier crawl, printed (or served) again now: it is back.
            row["status"] = given or "visible"
            revived.append(comment_id)
        _keep_earlier_date(old, row, "published")
        changed = any(old[column] != row[column] for column in COMMENT_CONTENT)
        if changed:
            versions.append(history.comment_version_row(old, seen, crawl_id))
        updates.append(
            [
                *(row[column] for column in (*COMMENT_CONTENT, *COMMENT_PLACEMENT,
                                             *COMMENT_REACTIONS)),
                seen,
                seen if changed else old["last_changed"],
                comment_id,
            ]
        )
        counts["comments_changed" if changed else "comments_unchanged"] += 1
    history.save_comment_versions(conn, versions)
    conn.executemany(_INSERT_COMMENT, inserts)
    conn.executemany(_UPDATE_COMMENT, updates)
    conn.executemany("UPDATE comments SET deleted_at = NULL WHERE id = ?",
                     [(comment_id,) for comment_id in revived])
    if inserts:
        # Replies saved before their parent stop being flagged once it arrives.
        # Comments of this record are left alone: their flag was just worked out.
        conn.execute(
            "UPDATE comments SET parent_missing = 0 WHERE parent_missing = 1"
            " AND parent_id IN (SELECT value FROM json_each(:new))"
            " AND id NOT IN (SELECT value FROM json_each(:record))",
            {
                "new": json.dumps([insert[0] for insert in inserts]),
                "record": json.dumps(list(rows)),
            },
        )
    return counts, duplicates


def _save_one(
    conn: sqlite3.Connection, record: Mapping[str, Any], crawl_id: int | None, seen: str
) -> tuple[dict[str, Any], list[str]]:
    site, article = record["site"], record["article"]
    origin = site["origin"]
    url = keys.article_id(article["url"])
    _save_site(conn, site, article.get("comment_platform"), seen)
    if "thread_complete" in record:
        # A crawl's verdict on the thread (an import or reparse record carries none).
        complete = bool(record["thread_complete"])
        article = {**article, "thread_complete": complete,
                   "thread_incomplete_reason": None if complete else
                   record.get("thread_incomplete_reason") or "failed"}
    state = _save_article(conn, origin, article, crawl_id, seen)
    _save_authors(conn, origin, url, article.get("authors") or [], seen)
    _save_tags(conn, origin, url, article.get("tags") or [], seen)
    comments = record.get("comments") or []
    counts, duplicates = _save_comments(conn, origin, url, comments, seen, crawl_id)
    counts["comments_deleted"] = 0
    # Only a complete fetch of a thread that was found on the page can tell a deletion
    # from a comment page that failed or a theme change that hid the comment section.
    if record.get("thread_complete") and article.get("comment_markup"):
        present = {keys.comment_id(origin, c["platform"], str(c["id"])) for c in comments}
        counts["comments_deleted"] = history.mark_deleted(conn, url, present, seen, crawl_id)
    conn.execute(_REFRESH_COMMENT_COUNT, {"url": url})
    return {"article": state, **counts}, duplicates


def _insert_error(
    conn: sqlite3.Connection,
    crawl_id: int | None,
    url: str | None,
    kind: str,
    message: str,
    at: str,
) -> int:
    cursor = conn.execute(_INSERT_ERROR, [crawl_id, url, kind, message, at])
    if crawl_id is not None:
        conn.execute("UPDATE crawls SET errors = errors + 1 WHERE id = ?", [crawl_id])
    return int(cursor.lastrowid or 0)


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
    results: list[dict[str, Any]] = []
    totals = dict.fromkeys(
        (
            "articles_new",
            "articles_changed",
            "articles_unchanged",
            "comments_new",
            "comments_changed",
            "comments_unchanged",
            "comments_deleted",
        ),
        0,
    )
    with _transaction(db) as conn:
        for record in records:
            url = _record_url(record)
            article = record.get("article") if isinstance(record, Mapping) else None
            fetched_at = article.get("fetched_at") if isinstance(article, Mapping) else None
            seen = seen_at or (fetched_at if isinstance(fetched_at, str) else None) or utc_now()
            try:
                _check_record(record)
                # A savepoint per record: a bad one is undone without losing the batch.
                with db.atomic():
                    counts, duplicates = _save_one(conn, record, crawl_id, seen)
            except (StoreError, sqlite3.Error, OverflowError, ValueError, TypeError) as exc:
                # sqlite3.Error: a value SQLite refuses (an integrity rule, a string with a
                # lone surrogate); the record alone is undone and recorded.
                kind = "malformed-record" if isinstance(exc, StoreError | ValueError | TypeError
                                                        ) else "integrity"
                _insert_error(conn, crawl_id, url, kind, str(exc), seen)
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
                _insert_error(
                    conn,
                    crawl_id,
                    url,
                    "duplicate-comment",
                    "comment ids repeated in one record: " + ", ".join(duplicates),
                    seen,
                )
            totals["articles_" + counts["article"]] += 1
            for key in ("comments_new", "comments_changed", "comments_unchanged",
                        "comments_deleted"):
                totals[key] += counts[key]
            results.append(counts)
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


def begin_crawl(
    db: Database,
    site_id: str | None,
    args: Mapping[str, Any],
    settings: Mapping[str, Any],
    started: str | None = None,
) -> int:
    """Record the start of a crawl, with the arguments and settings it runs with."""
    with _transaction(db) as conn:
        cursor = conn.execute(
            "INSERT INTO crawls (site_id, started, args, settings) VALUES (?, ?, ?, ?)",
            [site_id, started or utc_now(), _dumps(dict(args)), _dumps(dict(settings))],
        )
    return int(cursor.lastrowid or 0)


def finish_crawl(
    db: Database,
    crawl_id: int,
    stats: Mapping[str, Any],
    reason: str,
    finished: str | None = None,
) -> None:
    """Record how a crawl ended: when, why (Scrapy's finish reason) and its stats."""
    with _transaction(db) as conn:
        conn.execute(
            "UPDATE crawls SET finished = ?, finish_reason = ?, stats = ?,"
            " errors = (SELECT count(*) FROM errors WHERE crawl_id = ?),"
            " requests = ?, not_modified = ?, bytes = ? WHERE id = ?",
            [finished or utc_now(), reason, _dumps(dict(stats)), crawl_id,
             int(stats.get("downloader/request_count") or 0),
             int(stats.get("downloader/response_status_count/304") or 0),
             int(stats.get("downloader/response_bytes") or 0), crawl_id],
        )


def record_error(
    db: Database,
    crawl_id: int | None,
    url: str | None,
    kind: str,
    message: str,
    at: str | None = None,
) -> int:
    """Record bad input (a malformed page, a record that failed) so it is never lost."""
    with _transaction(db) as conn:
        return _insert_error(conn, crawl_id, url, kind, message, at or utc_now())
