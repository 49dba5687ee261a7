"""The ingester: merge finished job outputs into the central archive, each exactly once.

An output is finished when its ``manifest.json`` exists (the worker writes it last). Each
is merged in one transaction of the central archive: a crawl row, its articles and comments
through the store's ``save_records`` (upserts by natural keys, history and the "nothing
lost" rules of a re-crawl), its errors, and its row in ``fleet_outputs``. So a merge is
applied whole or not at all: one killed midway leaves nothing, and the next run merges it
again; one that committed is skipped by every later run.

From a shard, the ingester takes what the job saw: the articles whose ``last_seen`` is at
or after the job's start (a shard seeded from the site's previous one holds older rows
too), each saved as seen when the job saw it, and the errors of the job's crawls.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from archiver.export.importer import to_record
from archiver.fleet.config import FleetConfig
from archiver.fleet.manifest import MANIFEST, read_manifest
from archiver.fleet.state import ensure_fleet_tables, merged_outputs
from archiver.normalize.dates import utc_now
from archiver.store import begin_crawl, finish_crawl, open_archive, record_error, save_records
from archiver.store.read import snapshot_articles, snapshot_sites

BATCH = 200


@dataclass
class IngestResult:
    merged: list[str] = field(default_factory=list)  # outputs merged by this run
    articles: int = 0
    comments: int = 0
    unreadable: list[str] = field(default_factory=list)  # outputs recorded as unreadable
    seconds: float = 0.0


def finished_outputs(outputs: Path) -> list[Path]:
    """Job folders with a manifest, oldest job first (job ids sort by time)."""
    if not outputs.is_dir():
        return []
    return sorted((p.parent for p in outputs.glob(f"*/*/{MANIFEST}")),
                  key=lambda folder: (folder.name, folder.parent.name))


def ingest(config: FleetConfig, *, limit: int | None = None) -> IngestResult:
    """Merge every finished output not merged yet (at most ``limit``)."""
    import time

    started = time.monotonic()
    db = open_archive(config.archive)
    ensure_fleet_tables(db)
    done = merged_outputs(db)
    result = IngestResult()
    for folder in finished_outputs(config.outputs):
        name = folder.relative_to(config.outputs).as_posix()
        if name in done:
            continue
        if limit is not None and len(result.merged) >= limit:
            break
        articles, comments = merge_output(db, folder, name, result)
        result.merged.append(name)
        result.articles += articles
        result.comments += comments
    result.seconds = time.monotonic() - started
    return result


def _shard_rows(shard: Database, started: str) -> Iterator[dict[str, Any]]:
    seen = {row["url"]: row for row in shard.query(
        "SELECT url, last_seen, thread_complete, thread_incomplete_reason FROM articles"
        " WHERE last_seen >= ?", [started])}
    if not seen:
        return
    sites = {s["origin"]: s for s in snapshot_sites(shard, sorted(
        {row["site_id"] for row in shard.query("SELECT DISTINCT site_id FROM articles")}))}
    for article in snapshot_articles(shard, nested=False):
        row = seen.get(article["url"])
        if row is None:
            continue
        record = to_record(article, article["comments"], sites, row["last_seen"])
        if row["thread_complete"] is not None:
            record["thread_complete"] = bool(row["thread_complete"])
            record["thread_incomplete_reason"] = row["thread_incomplete_reason"]
        yield record


def merge_output(db: Database, folder: Path, name: str, result: IngestResult) -> tuple[int, int]:
    """Merge one output in one transaction; returns (articles, comments) saved. An output
    that cannot be read is recorded (an `errors` row and its `fleet_outputs` row with the
    reason), never retried for ever and never silently skipped."""
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError) as exc:
        manifest, problem = {}, str(exc)
    else:
        problem = None
    site = str(manifest.get("site") or "")
    started = str(manifest.get("started") or "")
    status = str(manifest.get("status") or "unreadable")
    reason = manifest.get("reason")
    shard_path = folder / str(manifest.get("shard") or "shard.db")
    articles = comments = 0
    crawl_id: int | None = None
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        crawl_id = begin_crawl(db, _origin(site),
                               {"command": "fleet ingest", "output": name,
                                "job_id": manifest.get("job_id")},
                               {"job_status": status, "job_started": started})
        if problem is None and shard_path.exists():
            try:
                articles, comments = _merge_shard(db, shard_path, started, crawl_id)
            except sqlite3.DatabaseError as exc:
                problem = f"{shard_path}: cannot be read ({exc})"
        if problem:
            status, reason = "unreadable", problem
            result.unreadable.append(name)
            record_error(db, crawl_id, site or None, "fleet-output", problem)
        elif status != "finished":
            record_error(db, crawl_id, site or None, "fleet-job",
                         f"job {manifest.get('job_id')} {status}: {reason}")
        finish_crawl(db, crawl_id, {"articles": articles, "comments": comments,
                                    "job": {k: manifest.get(k) for k in
                                            ("job_id", "status", "reason", "worker")}},
                     f"merged ({status})")
        db.conn.execute(
            "INSERT INTO fleet_outputs (output, site_url, job_id, status, reason, started,"
            " finished, merged, crawl_id, articles, comments)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, site, str(manifest.get("job_id") or folder.name), status, reason,
             started or None, manifest.get("finished"), utc_now(), crawl_id, articles,
             comments])
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise
    return articles, comments


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _merge_shard(db: Database, shard_path: Path, started: str, crawl_id: int) -> tuple[int, int]:
    articles = comments = 0
    with contextlib.closing(sqlite3.connect(f"file:{shard_path}?mode=ro", uri=True)) as conn:
        shard = Database(conn)
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            nonlocal articles, comments
            for counts in save_records(db, batch, crawl_id):
                if counts["article"] != "error":
                    articles += 1
            comments += sum(len(r["comments"]) for r in batch)
            batch.clear()

        for record in _shard_rows(shard, started):
            batch.append(record)
            if len(batch) >= BATCH:
                flush()
        flush()
        for row in shard.query(
                "SELECT e.url, e.kind, e.message, e.at FROM errors e JOIN crawls c"
                " ON c.id = e.crawl_id WHERE c.started >= ? ORDER BY e.id", [started]):
            record_error(db, crawl_id, row["url"], row["kind"], row["message"], row["at"])
    return articles, comments


def describe(result: IngestResult) -> str:
    return json.dumps({"merged": len(result.merged), "articles": result.articles,
                       "comments": result.comments, "unreadable": len(result.unreadable),
                       "seconds": round(result.seconds, 2)})
