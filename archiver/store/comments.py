"""An article's comments and their commenters: new rows inserted, changed ones versioned.

Comments whose record digest matches the stored one are unchanged (``store.unchanged``);
the others are built into rows, the stored ones read in one query per record, compared
in Python, and written with ``executemany``; a comment missing from a record is never
deleted here (a complete thread's deletions are ``history.mark_deleted``'s).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from archiver.store import history, keys
from archiver.store.batch import Batch, insert_rows
from archiver.store.columns import COMMENT_CONTENT, date_columns
from archiver.store.records import scalar
from archiver.store.unchanged import comment_digests, stored_digests

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
# The row that took this one's place when its comment was re-keyed (``store.supersede``):
# set with status 'superseded', which is the change; kept in place like placement.
COMMENT_REPLACEMENT = ("superseded_by",)
_COMMENT_FIXED = ("id", "site_id", "platform", "native_id")
_COMMENT_COLUMNS = (
    *_COMMENT_FIXED,
    *COMMENT_CONTENT,
    *COMMENT_PLACEMENT,
    *COMMENT_REACTIONS,
    *COMMENT_REPLACEMENT,
    "first_seen",
    "last_seen",
    "last_changed",
    "record_digest",
)

_LAST_SEEN_COMMENTER = "UPDATE commenters SET last_seen = ? WHERE id = ? AND last_seen < ?"
_UPSERT_COMMENTER = """
INSERT INTO commenters
  (id, site_id, platform, key, name, url, user_id, is_guest, first_seen, last_seen)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
  name = coalesce(commenters.name, excluded.name),
  url = coalesce(commenters.url, excluded.url),
  user_id = coalesce(commenters.user_id, excluded.user_id),
  last_seen = max(commenters.last_seen, excluded.last_seen)
WHERE commenters.last_seen < excluded.last_seen
  OR (commenters.name IS NULL AND excluded.name IS NOT NULL)
  OR (commenters.url IS NULL AND excluded.url IS NOT NULL)
  OR (commenters.user_id IS NULL AND excluded.user_id IS NOT NULL)
"""
_COMMENT_MUTABLE = (*COMMENT_CONTENT, *COMMENT_PLACEMENT, *COMMENT_REACTIONS,
                    *COMMENT_REPLACEMENT)
_MOVABLE = (*COMMENT_PLACEMENT, *COMMENT_REACTIONS, *COMMENT_REPLACEMENT)
_STORED_COLUMNS = ("id", *_COMMENT_MUTABLE, "last_seen", "last_changed", "deleted_at",
                   "record_digest")
# Only what is compared or versioned is read back: a stored comment's other columns
# (site, platform, native id, first_seen) are its natural key and never change.
_SELECT_STORED = "SELECT {} FROM comments WHERE id IN (SELECT value FROM json_each(?))".format(
    ", ".join(_STORED_COLUMNS))
_INSERT_COMMENTS = "INSERT INTO comments ({})".format(", ".join(_COMMENT_COLUMNS))
_UPDATE_COMMENT = (
    "UPDATE comments SET {}, last_seen = max(last_seen, ?), last_changed = ?,"
    " record_digest = ? WHERE id = ?"
).format(", ".join(f"{column} = ?" for column in _COMMENT_MUTABLE))
# Moved in its thread or liked, same content: the text is not written, so the FTS index
# (its trigger fires on an update OF text only, store.shape) is left alone.
_MOVE_COMMENT = (
    "UPDATE comments SET {}, last_seen = max(last_seen, ?), record_digest = ? WHERE id = ?"
).format(", ".join(f"{column} = ?" for column in _MOVABLE))
_TOUCH_COMMENTS = (
    "UPDATE comments SET last_seen = :seen WHERE last_seen < :seen"
    " AND id IN (SELECT value FROM json_each(:ids))"
)
_TOUCH_ROWIDS = (
    "UPDATE comments SET last_seen = :seen WHERE last_seen < :seen"
    " AND rowid IN (SELECT value FROM json_each(:rowids))"
)
# Stored before m008, found unchanged column by column: its digest from now on.
_SET_DIGEST = "UPDATE comments SET record_digest = ? WHERE id = ?"

# A comment row is a list in _COMMENT_COLUMNS order (the INSERT's parameters as they are);
# a stored one a tuple in _STORED_COLUMNS order. Both hold _COMMENT_MUTABLE in one run, so
# "nothing changed" is a single slice comparison.
_AT = {column: index for index, column in enumerate(_COMMENT_COLUMNS)}
_MUTABLE = slice(_AT[_COMMENT_MUTABLE[0]], _AT[_COMMENT_MUTABLE[-1]] + 1)
_CONTENT = slice(_AT[COMMENT_CONTENT[0]], _AT[COMMENT_CONTENT[-1]] + 1)
_MOVED = slice(_AT[_MOVABLE[0]], _AT[_MOVABLE[-1]] + 1)
_STORED_AT = {column: index for index, column in enumerate(_STORED_COLUMNS)}
_STORED_OFFSET = _STORED_AT[_COMMENT_MUTABLE[0]] - _AT[_COMMENT_MUTABLE[0]]
assert _COMMENT_COLUMNS[_MUTABLE] == _COMMENT_MUTABLE
assert _STORED_COLUMNS[1:1 + len(_COMMENT_MUTABLE)] == _COMMENT_MUTABLE
_ID, _PARENT, _STATUS, _PARENT_MISSING, _DIGEST, _SUPERSEDED_BY = (
    _AT[c] for c in ("id", "parent_id", "status", "parent_missing", "record_digest",
                     "superseded_by"))
_STORED_DIGEST = _STORED_AT["record_digest"]
_PUBLISHED = [_AT[c] for c in date_columns("published")]
_PUBLISHED_APPROXIMATE = _AT["published_approximate"]
_FIRST_SEEN = _AT["first_seen"]
(_SITE, _PLATFORM, _NATIVE, _PARENT_NATIVE, _COMMENTER, _AUTHOR_NAME, _POST_AUTHOR, _ARTICLE,
 _ROOT, _EDITED) = (_AT[c] for c in (
    "site_id", "platform", "native_id", "parent_native_id", "commenter_id", "author_name",
    "is_post_author", "article_url", "root_id", "edited"))
_INT64 = range(-(2**63), 2**63)
# Comment fields copied as they are, checked by ``scalar``: (column index, record key).
_COPIED = [(_AT[c], c) for c in ("text", "html", "status", "id_source", "depth", "position",
                                  "path", "source_url", "likes", *date_columns("published"))]


def insert_comments(conn: sqlite3.Connection, rows: list[list[Any]]) -> None:
    """Insert ``rows`` with few multi-row INSERTs (``batch.insert_rows``).

    One statement per batch costs the comment index ~7.6 us/row, against ~10 at 25 rows
    per statement and ~50 at one (``store.batch``), same trigger.
    """
    insert_rows(conn, _INSERT_COMMENTS, len(_COMMENT_COLUMNS), rows)


def comment_rows(
    origin: str,
    url: str,
    comments: list[Mapping[str, Any]],
    seen: str,
    digests: list[str | None],
) -> tuple[dict[str, list[Any]], dict[str, tuple[Any, ...]]]:
    """Comment rows by id (lists in ``_COMMENT_COLUMNS`` order, the three dates of a new
    row filled with ``seen``, ``digests`` the comments' record digests) and commenter rows
    by id. ``comments`` hold each (platform, native id) once: save_comments reports the
    repeats."""
    rows: dict[str, list[Any]] = {}
    commenters: dict[str, tuple[Any, ...]] = {}
    # Parents and roots are mostly comments of the same record: hash each native id once.
    ids: dict[tuple[str, str], str] = {}

    def comment_id_of(platform: str, native: str) -> str:
        found = ids.get((platform, native))
        if found is None:
            found = ids[platform, native] = keys.comment_id(origin, platform, native)
        return found

    # Commenters of several comments: hash each identity once.
    commenter_ids: dict[tuple[str, str], str] = {}
    width = len(_COMMENT_COLUMNS)
    for comment, digest in zip(comments, digests, strict=True):
        platform = comment["platform"]
        native_id = str(comment["id"])
        comment_id = comment_id_of(platform, native_id)
        parent_native = comment.get("parent_id")
        parent_native = None if parent_native is None else str(parent_native)
        parent_id = None if parent_native is None else comment_id_of(platform, parent_native)
        root_native = comment.get("root_id")
        if root_native is not None:
            root_id = comment_id_of(platform, str(root_native))
        else:
            root_id = comment_id if parent_id is None else None
        author = comment.get("author") or {}
        commenter_id = None
        author_key = author.get("key")
        author_name = author.get("name")
        if author_name is not None and type(author_name) is not str:
            author_name = scalar("author name", author_name)
        if isinstance(author_key, str) and author_key:
            commenter_id = commenter_ids.get((platform, author_key))
            if commenter_id is None:
                commenter_id = commenter_ids[platform, author_key] = keys.commenter_id(
                    origin, platform, author_key)
            if commenter_id not in commenters:
                user_id = author.get("user_id")
                commenters[commenter_id] = (
                    commenter_id,
                    origin,
                    platform,
                    author_key,
                    scalar("commenter name", author.get("name")),
                    scalar("commenter url", author.get("url")),
                    None if user_id is None else str(user_id),
                    scalar("is_guest", author.get("is_guest")),
                    seen,
                    seen,
                )
        row: list[Any] = [seen] * width
        row[_ID] = comment_id
        row[_SITE] = origin
        row[_PLATFORM] = platform
        row[_NATIVE] = native_id
        row[_PARENT] = parent_id
        row[_PARENT_NATIVE] = parent_native
        row[_COMMENTER] = commenter_id
        row[_AUTHOR_NAME] = author_name
        row[_POST_AUTHOR] = 1 if author.get("is_post_author") else 0
        row[_ARTICLE] = url
        row[_ROOT] = root_id
        row[_PARENT_MISSING] = bool(comment.get("parent_missing"))
        edited = comment.get("edited")
        row[_EDITED] = None if edited is None else int(bool(edited))
        row[_DIGEST] = digest
        replaced_by = comment.get("superseded_by")  # an import's: the snapshot names it
        row[_SUPERSEDED_BY] = (None if replaced_by is None
                               else comment_id_of(platform, scalar("superseded_by",
                                                                   replaced_by)))
        get = comment.get
        for index, key in _COPIED:
            value = get(key)
            # Inline the commonest cases of scalar(): nothing, a string, a flag, an integer.
            kind = type(value)
            if kind is bool:
                value = int(value)
            elif not (value is None or kind is str or (kind is int and value in _INT64)):
                value = scalar(key, value)
            row[index] = value
        rows[comment_id] = row
    return rows, commenters


def _revived(stored: tuple[Any, ...], row: list[Any]) -> bool:
    """Settle ``row``'s status against the stored comment's; True when it comes back."""
    # A record without a status says nothing about it: keep what is stored.
    given = row[_STATUS]
    row[_STATUS] = given or stored[_STATUS + _STORED_OFFSET] or "visible"
    if stored[_STORED_AT["deleted_at"]] and (
            (given is None and row[_STATUS] == "deleted") or given not in (None, "deleted")):
        # Marked deleted by an earlier crawl, printed (or served) again now: it is back.
        row[_STATUS] = given or "visible"
        return True
    return False


def _settle_replacement(row: list[Any], stored: tuple[Any, ...] | None) -> None:
    """Only a superseded comment names its replacement; a record that names none (a
    crawl's) keeps the stored one."""
    if row[_STATUS] != "superseded":
        row[_SUPERSEDED_BY] = None
    elif row[_SUPERSEDED_BY] is None and stored is not None:
        row[_SUPERSEDED_BY] = stored[_SUPERSEDED_BY + _STORED_OFFSET]


def new_comment_fields(inserts: list[list[Any]]) -> list[dict[str, Any]]:
    """The rows ``save_comments`` inserted (or a batch holds back), as column -> value."""
    return [dict(zip(_COMMENT_COLUMNS, row, strict=True)) for row in inserts]


def inherit_first_seen(inserts: list[list[Any]], first_seen: Mapping[str, str]) -> None:
    """Give new rows the first_seen of the rows they supersede (``history.mark_deleted``):
    a batch still holds them back, so their INSERT writes it."""
    if first_seen:
        for row in inserts:
            inherited = first_seen.get(row[_ID])
            if inherited is not None:
                row[_FIRST_SEEN] = inherited


def save_comments(
    conn: sqlite3.Connection,
    origin: str,
    url: str,
    comments: list[Mapping[str, Any]],
    natives: list[tuple[str, str]],
    seen: str,
    crawl_id: int | None = None,
    batch: Batch | None = None,
    article_known: bool = True,
    article_held: bool = False,
) -> tuple[dict[str, int], list[str], tuple[list[int], list[str], list[list[Any]]]]:
    """Insert new comments, version changed ones, and touch only ``last_seen`` of the rest.

    ``natives`` are the comments' (platform, native id) (``records.comment_keys``).
    Returns the counts, the native ids seen twice and the record's comments as rows
    (rowids of the unchanged, ids of the rest: ``history.mark_deleted``; and the rows
    inserted, ``new_comment_fields``). A comment whose
    record digest matches its stored row's (``store.unchanged``) only has ``last_seen``
    moved; the rest are built into rows and compared. With a ``batch``, a commenter it
    already upserted with the same name, url and ids is not written again (the upsert
    keeps the first non-null values; the batch moves ``last_seen`` once at its end), and a
    deferring batch holds the new rows back for one INSERT at its end (``store.batch``).
    ``article_known`` False (the article is new) skips looking for stored rows;
    ``article_held``: the batch holds the new article back (written before a stored comment
    is moved to it).
    """
    counts = {"comments_new": 0, "comments_changed": 0, "comments_unchanged": 0}
    digests = comment_digests(origin, url, comments, natives)
    deferring = batch is not None and batch.deferring
    stored = stored_digests(conn, origin, url) if article_known and comments else {}
    # The first copy of a repeated id is the comment; the rest are reported.
    duplicates: list[str] = []
    firsts: set[tuple[str, str]] = set()
    rest: list[Mapping[str, Any]] = []
    rest_digests: list[str | None] = []
    same_rowids: list[int] = []
    same_commenters: list[str] = []
    for comment, native, digest in zip(comments, natives, digests, strict=True):
        if native in firsts:
            duplicates.append(native[1])
            continue
        firsts.add(native)
        found = stored.get(digest) if digest is not None else None
        if found is not None:
            same_rowids.append(found[0])
            if found[1] is not None:
                same_commenters.append(found[1])
            continue
        rest.append(comment)
        rest_digests.append(digest)
    if same_rowids:
        counts["comments_unchanged"] += len(same_rowids)
        if deferring:
            batch.refreshes.move(same_rowids, seen)
        else:
            conn.execute(_TOUCH_ROWIDS, {"seen": seen, "rowids": json.dumps(same_rowids)})
        if batch is not None:
            batch.seen("commenters", same_commenters, seen)
        else:
            conn.executemany(_LAST_SEEN_COMMENTER, [(seen, c, seen) for c in same_commenters])
    rows, commenters = comment_rows(origin, url, rest, seen, rest_digests)
    # The record's comments, found and built, and the rows inserted (filled in below).
    inserts: list[list[Any]] = []
    present = (same_rowids, list(rows), inserts)
    if not rows:
        return counts, duplicates, present
    parents = {row[_PARENT] for row in rows.values() if row[_PARENT] is not None}
    if deferring:
        batch.check_comments(rows.keys(), parents)
        batch.refreshes.write(conn, in_record=True)  # the rows read next hold last_seen
    stored_rows = {old[0]: old for old in conn.execute(_SELECT_STORED, [json.dumps(list(rows))])}
    # A parent counts as present when this record or an earlier save holds it.
    outside = sorted(parents - rows.keys())
    stored_parents: set[str] = set()
    if outside:
        stored_parents = {
            found[0] for found in conn.execute(
                "SELECT id FROM comments WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(outside)])
        }
    for row in rows.values():
        parent = row[_PARENT]
        absent = parent is not None and parent not in rows and parent not in stored_parents
        # The record's own flag still counts when the parent is in the record (here or
        # among its unchanged comments): normalize flags the comment where it broke a
        # reply cycle.
        row[_PARENT_MISSING] = int(absent or (
            row[_PARENT_MISSING] and parent is not None
            and (row[_PLATFORM], row[_PARENT_NATIVE]) in firsts))
    upserted = list(commenters.values())
    if batch is not None:
        upserted = batch.to_upsert("commenters", upserted)
    if upserted:
        conn.executemany(_UPSERT_COMMENTER, upserted)

    updates: list[list[Any]] = []
    moves: list[list[Any]] = []
    touched: list[str] = []
    digested: list[tuple[str, str]] = []
    versions: list[list[Any]] = []
    revived: list[str] = []
    offset = _STORED_OFFSET
    for comment_id, row in rows.items():
        old = stored_rows.get(comment_id)
        if old is None:
            row[_STATUS] = row[_STATUS] or "visible"
            _settle_replacement(row, None)
            inserts.append(row)
            counts["comments_new"] += 1
            continue
        back = _revived(old, row)
        _settle_replacement(row, old)
        if back:
            revived.append(comment_id)
        if row[_PUBLISHED_APPROXIMATE] and old[_PUBLISHED[0] + offset] is not None:
            # A relative date ("3 hours ago") resolves against each fetch and gets coarser
            # with age, so an approximate value never replaces one already stored.
            for index in _PUBLISHED:
                row[index] = old[index + offset]
        mutable = row[_MUTABLE]
        if not back and tuple(mutable) == old[_MUTABLE.start + offset:_MUTABLE.stop + offset]:
            touched.append(comment_id)
            counts["comments_unchanged"] += 1
            if old[_STORED_DIGEST] is None and row[_DIGEST] is not None:
                digested.append((row[_DIGEST], comment_id))
            continue
        changed = tuple(row[_CONTENT]) != old[_CONTENT.start + offset:_CONTENT.stop + offset]
        counts["comments_changed" if changed else "comments_unchanged"] += 1
        if changed:
            versions.append(history.comment_version_row(
                dict(zip(_STORED_COLUMNS, old, strict=True)), seen, crawl_id))
            updates.append([*mutable, seen, seen, row[_DIGEST], comment_id])
        else:
            moves.append([*row[_MOVED], seen, row[_DIGEST], comment_id])
    # Each write only when there is something to write: an empty executemany still
    # costs a statement's bind-and-reset round trip, several per record.
    if versions:
        history.save_comment_versions(conn, versions)
    if deferring:
        batch.stage(inserts, [row[_ID] for row in inserts],
                    [row[_PARENT] for row in inserts if row[_PARENT] is not None])
    else:
        insert_comments(conn, inserts)
    if (updates or moves) and article_held and batch is not None:
        batch.write_staged_article(conn)
    if updates:
        conn.executemany(_UPDATE_COMMENT, updates)
    if moves:
        conn.executemany(_MOVE_COMMENT, moves)
    if touched:
        conn.execute(_TOUCH_COMMENTS, {"seen": seen, "ids": json.dumps(touched)})
    if digested:
        conn.executemany(_SET_DIGEST, digested)
    if revived:
        conn.executemany("UPDATE comments SET deleted_at = NULL WHERE id = ?",
                         [(comment_id,) for comment_id in revived])
    if inserts:
        # Replies saved before their parent stop being flagged once it arrives.
        # Comments of this record are left alone: their flag was just worked out.
        conn.execute(
            "UPDATE comments SET parent_missing = 0 WHERE parent_missing = 1"
            " AND parent_id IN (SELECT value FROM json_each(:new))"
            " AND id NOT IN (SELECT value FROM json_each(:record))"
            " AND rowid NOT IN (SELECT value FROM json_each(:same))",
            {
                "new": json.dumps([insert[_ID] for insert in inserts]),
                "record": json.dumps(list(rows)),
                "same": json.dumps(same_rowids),
            },
        )
    return counts, duplicates, present
