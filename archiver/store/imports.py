"""Bookkeeping of `archiver import`: which imports started and which finished.

An import saves its articles in batches, each committed; one killed midway leaves a prefix
of the snapshot in the archive, which looks like any archive. Its row here, started but
never finished, says otherwise: export refuses such an archive and doctor reports it until
an import of the same snapshot (the same manifest) runs to the end and finishes it.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from archiver.normalize.dates import utc_now
from archiver.store.transaction import transaction


def begin_import(db: Database, crawl_id: int, snapshot: str, manifest_sha256: str,
                 exported_at: str | None, articles_expected: int) -> int:
    """Record that an import of ``snapshot`` starts; committed before any article is."""
    with transaction(db) as conn:
        cursor = conn.execute(
            "INSERT INTO imports (crawl_id, snapshot, manifest_sha256, exported_at,"
            " articles_expected, started) VALUES (?, ?, ?, ?, ?, ?)",
            [crawl_id, snapshot, manifest_sha256, exported_at, articles_expected, utc_now()],
        )
    return int(cursor.lastrowid or 0)


def finish_import(db: Database, import_id: int) -> int:
    """Mark the import finished, and every unfinished import of the same snapshot with it
    (this one loaded all of it again). Returns how many earlier imports it finished."""
    now = utc_now()
    with transaction(db) as conn:
        conn.execute("UPDATE imports SET finished = ? WHERE id = ?", [now, import_id])
        cursor = conn.execute(
            "UPDATE imports SET finished = ?, finished_by = ? WHERE finished IS NULL AND"
            " manifest_sha256 = (SELECT manifest_sha256 FROM imports WHERE id = ?)",
            [now, import_id, import_id],
        )
    return cursor.rowcount


def unfinished_imports(db: Database) -> list[dict[str, Any]]:
    """Imports that started and never finished, oldest first (none on an old archive)."""
    if not db["imports"].exists():
        return []
    return list(db.query(
        "SELECT id, crawl_id, snapshot, started, articles_expected FROM imports"
        " WHERE finished IS NULL ORDER BY id"))
