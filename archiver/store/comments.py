"""An article's comments and their commenters: new rows inserted, changed ones versioned.

The comments already stored are read in one query per record, compared in Python, and
written with ``executemany``; a comment missing from a record is never deleted here (a
complete thread's deletions are ``history.mark_deleted``'s).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from archiver.store import history, keys
from archiver.store.columns import COMMENT_CONTENT, date_columns
from archiver.store.records import keep_earlier_date, scalar
from archiver.store.transaction import select_rows

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


def comment_rows(
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
                    scalar("commenter name", author.get("name")),
                    scalar("commenter url", author.get("url")),
                    None if user_id is None else str(user_id),
                    scalar("is_guest", author.get("is_guest")),
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
            "author_name": scalar("author name", author.get("name")),
            "is_post_author": int(bool(author.get("is_post_author"))),
            "text": scalar("text", comment.get("text")),
            "html": scalar("html", comment.get("html")),
            "status": scalar("status", comment.get("status")),
            "article_url": url,
            "id_source": scalar("id_source", comment.get("id_source")),
            "root_id": root_id,
            "depth": scalar("depth", comment.get("depth")),
            "position": scalar("position", comment.get("position")),
            "path": scalar("path", comment.get("path")),
            "source_url": scalar("source_url", comment.get("source_url")),
            "parent_missing": bool(comment.get("parent_missing")),
            "likes": scalar("likes", comment.get("likes")),
            "edited": None if comment.get("edited") is None else int(bool(comment["edited"])),
        }
        for column in date_columns("published"):
            row[column] = scalar(column, comment.get(column))
        rows[comment_id] = row
    return rows, commenters, duplicates


def save_comments(
    conn: sqlite3.Connection,
    origin: str,
    url: str,
    comments: list[Mapping[str, Any]],
    seen: str,
    crawl_id: int | None = None,
) -> tuple[dict[str, int], list[str]]:
    rows, commenters, duplicates = comment_rows(origin, url, comments, seen)
    counts = {"comments_new": 0, "comments_changed": 0, "comments_unchanged": 0}
    if not rows:
        return counts, duplicates
    old_rows = {
        old["id"]: old
        for old in select_rows(
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
            for found in select_rows(
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
        keep_earlier_date(old, row, "published")
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


