"""Comments a record brings again exactly as it brought them last: found from a digest.

A re-crawl mostly finds what it stored before. Building each comment's row (ids hashed,
every value checked) and reading the stored row back to compare them was most of an
unchanged re-save's time. Each comment row keeps ``record_digest`` (migration m008): a
digest of the record fields it was written from, with what else its row is derived from
(the site, the article, whether its parent is in the same record). A comment whose digest
matches the stored one, and that no crawl has marked deleted since, would get back the
row it has: the store only moves its ``last_seen`` (and its commenter's).

Why a match is enough: the row is derived from those fields, the stored row (a status
the record does not give, an approximate date) and whether its parent is stored. The
stored row is what the same fields made; since then a crawl only clears
``parent_missing`` when the parent arrives (the row derived now says the same), marks
the comment deleted (``deleted_at``, which takes the full path) or superseded (status and
``superseded_by``, which the full path keeps for a record that gives no status). Every write of a
comment's content or placement writes its digest, so a digest never outlives its row.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from collections.abc import Mapping
from hashlib import sha1
from typing import Any

# Part of every digest: raise it when the store derives a comment's row differently from
# the same record fields, so that rows stored before are compared in full once.
DIGEST_VERSION = 1
# marshal's version 2 writes values only: from version 3 on, an object referenced twice
# is written as a back-reference, so equal records could give different bytes.
_MARSHAL_VERSION = 2

# By the (article_url, path) index: "+site_id" keeps the planner off the site_id index,
# which holds every comment of the site under one value.
_SELECT_DIGESTS = (
    "SELECT record_digest, rowid, commenter_id FROM comments"
    " WHERE article_url = ? AND +site_id = ? AND record_digest IS NOT NULL"
    " AND deleted_at IS NULL"
)


def comment_digests(origin: str, url: str, comments: list[Mapping[str, Any]],
                    natives: list[tuple[str, str]]) -> list[str | None]:
    """Each comment's digest (None for one marshal cannot write: it takes the full path).

    ``natives`` are the comments' (platform, native id) pairs, in order.
    """
    in_record = set(natives)
    # sha1 as the ids use (OpenSSL's: several times blake2b's speed here); 64 bits kept.
    prefix = sha1(marshal.dumps((DIGEST_VERSION, origin, url), _MARSHAL_VERSION))
    digests: list[str | None] = []
    for comment, (platform, _) in zip(comments, natives, strict=True):
        parent = comment.get("parent_id")
        digest = prefix.copy()
        try:
            # The whole mapping, not a list of the fields read: a field the row builder
            # reads one day is covered without a change here.
            digest.update(marshal.dumps(
                (parent is not None and (platform, str(parent)) in in_record, comment),
                _MARSHAL_VERSION))
        except ValueError:  # not a plain dict of plain values
            digests.append(None)
            continue
        digests.append(digest.hexdigest()[:16])
    return digests


def stored_digests(conn: sqlite3.Connection, origin: str, url: str
                   ) -> dict[str, tuple[int, str | None]]:
    """digest -> (rowid, commenter id) of the article's comments that have a digest and
    are not marked deleted. A digest covers the comment's platform and id, so the comment
    it finds is the one the record brings (a stored row of another comment would need
    the same 64 bits)."""
    return {digest: (rowid, commenter)
            for digest, rowid, commenter in conn.execute(_SELECT_DIGESTS, (url, origin))}


# Written with no savepoint open (``Refreshes``), so "OR FAIL": a statement that cannot
# fail halfway needs no statement journal either (its value is never null).
_MOVE_LAST_SEEN = (
    "UPDATE OR FAIL comments SET last_seen = :seen WHERE last_seen < :seen"
    " AND rowid IN (SELECT value FROM json_each(:rowids))"
)


class Refreshes:
    """What a batch's unchanged rows get, written once its savepoint is released: the
    ``last_seen`` of its unchanged comments, the refresh of its unchanged articles.

    Inside a savepoint SQLite copies every page a statement modifies to a journal
    (``temp_store=FILE``: a temporary file) before it does, so a record's UPDATE of its
    unchanged comments' ``last_seen`` cost that copy for each of their pages, most of the
    UPDATE. ``save_records`` writes them after the batch's savepoint, the comments with
    one statement per time seen; a record undone takes its refreshes with it.

    Before a record reads stored comments in full (``write`` inside its savepoint) the
    refreshes so far are written: a version row keeps the ``last_seen`` it replaces. A
    batch that flushes its held-back rows for a record meeting them writes them too (that
    record may be a second record of an article: it reads the same rows).
    """

    def __init__(self) -> None:
        # The record being saved; the records saved, not written; written inside the
        # record being saved (pending again if it is undone). Comments as (seen, rowids),
        # other rows as (statement, parameters).
        self._staged: list[tuple[str, list[int]]] = []
        self._staged_rows: list[tuple[str, list[Any]]] = []
        self._pending: dict[str, list[int]] = {}
        self._pending_rows: dict[str, list[list[Any]]] = {}
        self._written: list[tuple[str, list[int]]] = []
        self._written_rows: list[tuple[str, list[Any]]] = []

    def move(self, rowids: list[int], seen: str) -> None:
        """The record's comments found unchanged (by rowid): seen again at ``seen``."""
        self._staged.append((seen, rowids))

    def row(self, statement: str, parameters: list[Any]) -> None:
        """A statement that refreshes one unchanged row (last_seen, volatile columns)."""
        self._staged_rows.append((statement, parameters))

    def write(self, conn: sqlite3.Connection, in_record: bool = False) -> None:
        """Write the refreshes of the records saved so far (each ``last_seen`` only moves
        forward, so the order they are written in does not matter)."""
        for statement, rows in self._pending_rows.items():
            conn.executemany(statement, rows)
            if in_record:
                self._written_rows.extend((statement, row) for row in rows)
        for seen, rowids in self._pending.items():
            conn.execute(_MOVE_LAST_SEEN, {"seen": seen, "rowids": json.dumps(rowids)})
            if in_record:
                self._written.append((seen, rowids))
        self._pending, self._pending_rows = {}, {}

    def confirm(self) -> None:
        """The record's savepoint is released: its refreshes are the batch's."""
        self._keep(self._staged, self._staged_rows)

    def discard(self) -> None:
        """The record was undone, with what was written inside it: pending again."""
        self._keep(self._written, self._written_rows)

    def _keep(self, moves: list[tuple[str, list[int]]], rows: list[tuple[str, list[Any]]]
              ) -> None:
        for seen, rowids in moves:
            self._pending.setdefault(seen, []).extend(rowids)
        for statement, row in rows:
            self._pending_rows.setdefault(statement, []).append(row)
        self._staged, self._staged_rows, self._written, self._written_rows = [], [], [], []
