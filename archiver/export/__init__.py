"""JSON snapshots of an archive, and loading them back (docs/export.md).

``export_snapshot`` writes one file per article (``json``: the article with its comments
as a reply tree) or flat rows (``jsonl``: articles and comments with parent ids), plus a
manifest; ``import_snapshot`` loads a snapshot into an archive through the store's writer.
The format is described by ``SCHEMA_PATH`` (JSON Schema, draft 2020-12).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archiver.errors import ArchiverError
from archiver.export.importer import ImportResult, SnapshotError, import_snapshot
from archiver.export.snapshot import ExportError, ExportResult, parse_since, write_snapshot

__all__ = [
    "SCHEMA_PATH",
    "ExportError",
    "ExportResult",
    "ImportResult",
    "SnapshotError",
    "export_archive",
    "import_into_archive",
]

SCHEMA_PATH = Path(__file__).with_name("snapshot.schema.json")


def _existing_archive(db: str | Path) -> Path:
    path = Path(db)
    if not path.is_file():
        raise ArchiverError(f"{db}: no archive there (make one with `archiver crawl` or "
                            "`archiver demo`)")
    return path


def _refuse_unfinished_import(database: Any, db: str | Path) -> None:
    """A killed import left part of a snapshot: exporting it would present it as whole."""
    from archiver.store.imports import unfinished_imports

    for row in unfinished_imports(database)[:1]:
        raise ExportError(
            f"{db}: the import of {row['snapshot']} started {row['started']} did not "
            "finish, so the archive holds only part of it; run "
            f"`archiver import {row['snapshot']} --db {db}` again to complete it"
        )


def export_archive(
    db: str | Path,
    out: str | Path,
    *,
    fmt: str = "json",
    site: str | None = None,
    since: str | None = None,
    use_gzip: bool = False,
    exported_at: str | None = None,
) -> ExportResult:
    """Write a snapshot of the archive ``db`` into the folder ``out``."""
    from archiver.store import applied_migrations, open_archive
    from archiver.store.read import find_site, snapshot_articles, snapshot_sites

    database = open_archive(_existing_archive(db))
    try:
        _refuse_unfinished_import(database, db)
        site_id = None
        if site:
            site_id = find_site(database, site)
            if site_id is None:
                known = ", ".join(r["id"] for r in database.query("select id from sites"))
                raise ExportError(f"--site {site!r}: no such site in {db} "
                                  f"(sites: {known or 'none'})")
        since_value = parse_since(since) if since else None
        return write_snapshot(
            snapshot_articles(database, site_id, since_value, nested=fmt == "json"),
            lambda ids: snapshot_sites(database, ids),
            Path(out),
            fmt=fmt,
            use_gzip=use_gzip,
            filters={"site": site_id, "since": since_value},
            archive_schema=applied_migrations(database),
            exported_at=exported_at,
        )
    finally:
        database.close()


def import_into_archive(snapshot: str | Path, db: str | Path) -> ImportResult:
    """Load the snapshot folder ``snapshot`` into the archive ``db`` (created if missing)."""
    from archiver.store import open_archive

    if not Path(snapshot).is_dir():
        raise SnapshotError(f"{snapshot}: no such folder")
    database = open_archive(db)
    try:
        return import_snapshot(database, snapshot)
    finally:
        database.close()
