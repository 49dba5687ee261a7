"""The store's transactions: one write transaction per save, a savepoint inside a caller's.

Every module of the store that writes goes through ``transaction``, so a process killed
mid-write leaves each save either complete or absent (data-model invariant 5).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database


@contextmanager
def transaction(db: Database) -> Iterator[sqlite3.Connection]:
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


@contextmanager
def savepoint(conn: sqlite3.Connection, name: str = "archiver_record") -> Iterator[None]:
    """A savepoint inside the open transaction: undone alone when the block raises."""
    # One name for every savepoint of a kind (SQLite nests same-named ones): the same
    # statement text each time, so sqlite3 reuses its prepared statements.
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        # A RAISE(ROLLBACK) or a full disk may already have ended the transaction.
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


def select_rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]

