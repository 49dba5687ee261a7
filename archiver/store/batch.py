"""What one ``save_records`` batch holds back until its end: new comments, last_seen moves.

FTS5 (SQLite 3.40) writes the terms it holds in memory out as a new index segment at each
savepoint and at each statement that opens a statement journal, so comments inserted
record by record cost the comment index one segment (and its later merges) per record:
~14 us/row against ~7.6 us/row in one INSERT per batch, same trigger, same tokenizer
(bench/store's comments). The insert trigger still indexes every row; only the statement
that fires it is batched.

A record is staged inside its own savepoint and confirmed once that savepoint is
released, so a record undone takes its rows with it. A record that touches what is still
held back (its article, a comment id, a parent or a reply of a held-back comment) raises
``Conflict`` before it reads or writes any comment, its savepoint undoes the rest, and the
writer flushes and saves it again: every query a save runs sees the rows of the records
before it, as record-by-record saving did.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

# The archive, not the page, decides how many comments are archived: comments of earlier
# crawls and other comment pages count too.
REFRESH_COMMENT_COUNT = """
UPDATE articles
SET archived_comment_count = (SELECT count(*) FROM comments WHERE article_url = :url)
WHERE url = :url
  AND archived_comment_count IS NOT (SELECT count(*) FROM comments WHERE article_url = :url)
"""


# Entities upserted once per identity by a batch; their rows end with first_seen, last_seen.
_DATED = ("sites", "authors", "commenters")
_LAST_SEEN = {table: f"UPDATE {table} SET last_seen = ? WHERE id = ? AND last_seen < ?"
              for table in _DATED}


class Conflict(Exception):
    """The record needs rows still held back: flush the batch, then save it again."""


class FlushFailed(Exception):
    """The batch's INSERT failed (a value SQLite refuses): save it again record by record."""


class Batch:
    """Rows upserted and new comments held back by the records of one transaction.

    ``deferring`` False is the record-by-record way: comments are inserted and counts
    refreshed as each record is saved (the fallback when a batch's INSERT fails).
    """

    def __init__(self, deferring: bool) -> None:
        self.deferring = deferring
        # (table, id) -> the row last upserted, without its dates: the same row again
        # (sites, authors, commenters, tags of several articles) would change nothing but
        # last_seen, which ``flush`` moves once per row to the latest seen.
        self._upserted: dict[tuple[str, Any], tuple[Any, ...]] = {}
        self._latest: dict[tuple[str, Any], str] = {}
        self._staged_upserts: list[tuple[str, list[tuple[Any, ...]]]] = []
        self._staged_seen: list[tuple[str, list[Any], str]] = []
        self._rows: list[list[Any]] = []
        self._ids: set[str] = set()
        self._parents: set[str] = set()
        self._articles: dict[str, None] = {}
        self._staged: list[tuple[Any, ...]] = []

    def check_article(self, url: str) -> None:
        if url in self._articles:
            raise Conflict(url)

    def check_comments(self, ids: Iterable[str], parents: Iterable[str]) -> None:
        """Raise Conflict when the record's comments meet held-back ones."""
        if self._ids and (not self._ids.isdisjoint(ids) or not self._ids.isdisjoint(parents)
                          or not self._parents.isdisjoint(ids)):
            raise Conflict

    def to_upsert(self, table: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``rows`` (each with its id first) that differ from the last the batch upserted.

        All of ``rows`` are staged: a row not written still moves last_seen at the end.
        """
        self._staged_upserts.append((table, rows))
        cut = -2 if table in _DATED else None
        upserted = self._upserted
        return [row for row in rows if upserted.get((table, row[0])) != row[:cut]]

    def seen(self, table: str, ids: list[Any], seen: str) -> None:
        """Rows of ``table`` seen again unchanged: their ``last_seen`` moves at the end."""
        self._staged_seen.append((table, ids, seen))

    def stage(self, rows: list[list[Any]] = (), ids: Iterable[str] = (),
              parents: Iterable[str] = (), article: str | None = None) -> None:
        """What the record being saved adds, kept until ``confirm`` or ``discard``."""
        self._staged.append((rows, ids, parents, article))

    def confirm(self) -> None:
        """The record's savepoint is released: what it staged is the batch's."""
        for table, rows in self._staged_upserts:
            dated = table in _DATED
            for row in rows:
                key = (table, row[0])
                if dated:
                    self._upserted[key] = row[:-2]
                    latest = self._latest.get(key)
                    if latest is None or row[-1] > latest:
                        self._latest[key] = row[-1]
                else:
                    self._upserted[key] = row
        for table, keys, seen in self._staged_seen:
            for key in keys:
                latest = self._latest.get((table, key))
                if latest is None or seen > latest:
                    self._latest[table, key] = seen
        for rows, ids, parents, article in self._staged:
            self._rows.extend(rows)
            self._ids.update(ids)
            self._parents.update(parents)
            if article is not None:
                self._articles[article] = None
        self.discard()

    def discard(self) -> None:
        """The record was undone: so is what it staged."""
        self._staged, self._staged_upserts, self._staged_seen = [], [], []

    def flush(self, conn: sqlite3.Connection, insert: Any) -> None:
        """Insert the held-back rows with ``insert(conn, rows)`` and refresh their counts."""
        rows, articles = self._rows, list(self._articles)
        self._rows, self._articles = [], {}
        self._ids, self._parents = set(), set()
        try:
            insert(conn, rows)
        except (sqlite3.Error, OverflowError, ValueError, TypeError) as exc:
            raise FlushFailed(str(exc)) from exc
        for url in articles:
            conn.execute(REFRESH_COMMENT_COUNT, {"url": url})
        for table in _DATED:
            conn.executemany(_LAST_SEEN[table], [
                (seen, key, seen) for (kind, key), seen in self._latest.items() if kind == table])
        self._latest = {}
