"""What one ``save_records`` batch holds back until its end: new comments, last_seen moves.

FTS5 (SQLite 3.40) writes the terms it holds in memory out as a new index segment at each
savepoint and at each statement that opens a statement journal, so comments inserted
record by record cost the comment index one segment (and its later merges) per record:
~14 us/row against ~7.6 us/row in one INSERT per batch, same trigger, same tokenizer
(bench/store's comments). The insert trigger still indexes every row; only the statement
that fires it is batched.

New articles are held back the same way (their body is indexed for search too), and
authors, tags and their links are written once at the end, after the new articles their
links point at (foreign keys): nothing a save reads depends on them.

A record is staged inside its own savepoint and confirmed once that savepoint is
released, so a record undone takes its rows with it. A record that touches what is still
held back (its article, a comment id, a parent or a reply of a held-back comment) raises
``Conflict`` before it reads or writes any comment, its savepoint undoes the rest, and the
writer flushes and saves it again: every query a save runs sees the rows of the records
before it, as record-by-record saving did.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from archiver.store.unchanged import Refreshes

# The archive, not the page, decides how many comments are archived: comments of earlier
# crawls and other comment pages count too, a superseded row does not (its comment is
# counted as the row that took its place). The articles of ``:urls`` (a JSON list), in
# one statement; both counts read an index only (the superseded one a partial index).
_ARCHIVED = """(SELECT count(*) FROM comments WHERE article_url = articles.url)
    - (SELECT count(*) FROM comments WHERE article_url = articles.url
       AND status = 'superseded')"""
REFRESH_COMMENT_COUNTS = f"""
UPDATE articles
SET archived_comment_count = {_ARCHIVED}
WHERE url IN (SELECT value FROM json_each(:urls))
  AND archived_comment_count IS NOT {_ARCHIVED}
"""


# Rows per INSERT statement, largest first. sqlite3 keeps every distinct statement text
# compiled (128 per connection), and one INSERT of a thousand rows compiles to megabytes:
# statements of one batch-sized text each grew a crawl by ~100 MB per thousand articles.
# Chunks of these sizes only keep it to a handful of statement texts whatever the batch.
_ROWS_PER_STATEMENT = (256, 64, 16, 4, 1)


def insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: list[list[Any]]) -> None:
    """``rows`` (each ``width`` values) with few multi-row INSERTs: ``head`` + VALUES ...

    Each statement that fires an FTS insert trigger carries a fixed cost of FTS5
    bookkeeping (statement journal and savepoint calls into the index): measured with the
    comments' trigger, ~50 us/row at one statement per row, ~10 at 25 rows per statement.
    """
    limit = max(1, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
    marks = "({})".format(", ".join("?" * width))
    start = 0
    for size in (n for n in _ROWS_PER_STATEMENT if n <= limit or n == 1):
        statement = head + " VALUES " + ", ".join([marks] * size)
        while len(rows) - start >= size:
            chunk = rows[start:start + size]
            conn.execute(statement, [value for row in chunk for value in row])
            start += size


# Entities upserted once per identity by a batch; their rows end with first_seen, last_seen.
_DATED = ("sites", "authors", "commenters")
_LAST_SEEN = {table: f"UPDATE {table} SET last_seen = ? WHERE id = ? AND last_seen < ?"
              for table in _DATED}


# Inserts rows (lists of values in the table's column order) with few statements.
Inserter = Callable[[sqlite3.Connection, list[list[Any]]], None]


class Conflict(Exception):
    """The record needs rows still held back: flush the batch, then save it again."""


class FlushFailed(Exception):
    """The batch's INSERT failed (a value SQLite refuses): save it again record by record."""


class Batch:
    """Rows upserted and new comments held back by the records of one transaction.

    ``deferring`` False is the record-by-record way: comments are inserted and counts
    refreshed as each record is saved (the fallback when a batch's INSERT fails).
    """

    def __init__(self, deferring: bool, insert_articles: Inserter, insert_comments: Inserter
                 ) -> None:
        self.deferring = deferring
        # Unchanged comments' last_seen and articles' refresh, after the batch's savepoint.
        self.refreshes = Refreshes()
        self._insert_articles, self._insert_comments = insert_articles, insert_comments
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
        # New articles' rows, then their links: statement -> rows, in the order staged.
        self._new_articles: list[list[Any]] = []
        self._links: dict[str, list[tuple[Any, ...]]] = {}
        self._staged: list[tuple[Any, ...]] = []
        self._staged_articles: list[tuple[list[Any] | None, list[tuple[str, list[Any]]]]] = []

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

    def upserted(self, table: str, key: Any) -> bool:
        """Whether a record of the batch (saved, not undone) upserted that row."""
        return (table, key) in self._upserted

    def seen(self, table: str, ids: list[Any], seen: str) -> None:
        """Rows of ``table`` seen again unchanged: their ``last_seen`` moves at the end."""
        self._staged_seen.append((table, ids, seen))

    def stage_article(self, row: list[Any] | None = None,
                      links: tuple[str, list[tuple[Any, ...]]] | None = None) -> None:
        """A new article's row, or rows of a statement (authors, tags, links) held back
        for ``flush``, which runs each statement once, in the order first staged."""
        self._staged_articles.append((row, [links] if links else []))

    def write_staged_article(self, conn: sqlite3.Connection) -> None:
        """Write the record's held-back article now: its comments are about to point at it
        (a stored comment moved to a new article)."""
        for row, links in self._staged_articles:
            if row is not None:
                self._insert_articles(conn, [row])
            for statement, link_rows in links:
                conn.executemany(statement, link_rows)
        self._staged_articles = []

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
        for row, links in self._staged_articles:
            if row is not None:
                self._new_articles.append(row)
            for statement, link_rows in links:
                self._links.setdefault(statement, []).extend(link_rows)
        for rows, ids, parents, article in self._staged:
            self._rows.extend(rows)
            self._ids.update(ids)
            self._parents.update(parents)
            if article is not None:
                self._articles[article] = None
        self.refreshes.confirm()
        self._discard()

    def discard(self) -> None:
        """The record was undone: so is what it staged."""
        self.refreshes.discard()
        self._discard()

    def _discard(self) -> None:
        self._staged, self._staged_upserts, self._staged_seen = [], [], []
        self._staged_articles = []

    def flush(self, conn: sqlite3.Connection) -> None:
        """Insert the held-back articles, their links and comments; refresh the counts."""
        rows, articles = self._rows, list(self._articles)
        new_articles, links = self._new_articles, self._links
        self._rows, self._articles, self._new_articles, self._links = [], {}, [], {}
        self._ids, self._parents = set(), set()
        try:
            self._insert_articles(conn, new_articles)
            for statement, link_rows in links.items():
                conn.executemany(statement, link_rows)
            self._insert_comments(conn, rows)
        except (sqlite3.Error, OverflowError, ValueError, TypeError) as exc:
            raise FlushFailed(str(exc)) from exc
        if articles:
            conn.execute(REFRESH_COMMENT_COUNTS, {"urls": json.dumps(articles)})

    def write_refreshes(self, conn: sqlite3.Connection) -> None:
        """The batch's last_seen moves and refreshes (``Refreshes``), once its savepoint
        is released: the pages they write are not copied to a journal first."""
        self.refreshes.write(conn)
        by_table: dict[str, list[tuple[str, Any, str]]] = {table: [] for table in _DATED}
        for (table, key), seen in self._latest.items():
            by_table[table].append((seen, key, seen))
        for table, moves in by_table.items():
            if moves:
                conn.executemany(_LAST_SEEN[table], moves)
        self._latest = {}
