"""The store: the only code that writes SQL.

``open_archive`` gives a ready database (WAL, foreign keys on, migrations applied,
FTS and views in place); ``writer`` saves archive records (docs/internals.md section 3)
with upserts keyed by natural keys (``keys``), so a recrawl updates in place.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from archiver.store import migrations
from archiver.store.migrations import applied_migrations, pending_migrations
from archiver.store.shape import ensure_db_shape
from archiver.store.writer import (
    StoreError,
    begin_crawl,
    finish_crawl,
    record_error,
    save_record,
    save_records,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "StoreError",
    "applied_migrations",
    "begin_crawl",
    "ensure_db_shape",
    "finish_crawl",
    "open_archive",
    "pending_migrations",
    "record_error",
    "save_record",
    "save_records",
]

# Long enough to wait out another process's commit (a CLI query during a crawl).
BUSY_TIMEOUT_MS = 10_000
# The page cache of each connection, in KiB: SQLite's default. A crawl holds three
# connections, and each cache fills as the archive outgrows it: 32 MB each saved ~14% of
# the store's CPU on new rows but grew a crawl's peak memory with the site's size.
CACHE_KIB = 2_000


def open_archive(path: str | Path) -> Database:
    """Open (creating it and its folder if needed) the archive at ``path``, ready to use."""
    if str(path) == ":memory:":
        db = Database(memory=True)
    else:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
    # busy_timeout first: the pragmas and migrations below may already meet a lock.
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    # In WAL mode NORMAL cannot corrupt the database; a crash only loses the last commits.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    # Statement journals (every multi-row INSERT that fires an FTS trigger opens one) go to
    # temporary files, which live in the OS page cache. A batch's savepoint journals every
    # page its random-keyed inserts touch, so the journal grows with the archive: held in
    # memory (temp_store=MEMORY, ~13% faster saves) it took a crawl's peak from 14 MB of
    # SQLite memory at 500 articles to 28 MB at 5,000 (docs/benchmarks.md, "Memory").
    db.execute("PRAGMA temp_store = FILE")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    migrations.apply(db)
    ensure_db_shape(db)
    return db
