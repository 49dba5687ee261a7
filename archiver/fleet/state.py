"""The fleet's durable state, in the central archive beside what it describes.

Three tables, created on first use (they are the fleet's, not the crawl schema's, so they
are not store migrations): ``fleet_sites`` (the site list and each site's interval),
``fleet_jobs`` (every job the scheduler enqueued) and ``fleet_outputs`` (every output the
ingester merged, in the transaction that merged it: the record that it is never applied
twice). Redis holds only what may be lost with it: the queue (rebuilt by the next schedule
run) and who is running what now.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from archiver.fleet.sites import site_key


def ensure_fleet_tables(db: Database) -> None:
    """Create the fleet's tables when missing (idempotent)."""
    db.execute("""CREATE TABLE IF NOT EXISTS fleet_sites (
        url TEXT PRIMARY KEY, key TEXT NOT NULL, every INTEGER NOT NULL, profile TEXT,
        settings TEXT NOT NULL DEFAULT '{}', added TEXT NOT NULL)""")
    db.execute("""CREATE TABLE IF NOT EXISTS fleet_jobs (
        job_id TEXT PRIMARY KEY, site_url TEXT NOT NULL REFERENCES fleet_sites(url),
        enqueued TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS fleet_jobs_site ON fleet_jobs (site_url, enqueued)")
    db.execute("""CREATE TABLE IF NOT EXISTS fleet_outputs (
        output TEXT PRIMARY KEY, site_url TEXT NOT NULL, job_id TEXT NOT NULL,
        status TEXT NOT NULL, reason TEXT, started TEXT, finished TEXT, merged TEXT NOT NULL,
        crawl_id INTEGER, articles INTEGER NOT NULL DEFAULT 0,
        comments INTEGER NOT NULL DEFAULT 0)""")
    db.execute("CREATE INDEX IF NOT EXISTS fleet_outputs_site ON fleet_outputs (site_url, started)")
    db.conn.commit()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def add_sites(db: Database, urls: Iterable[str], every: int, profile: str | None = None,
              settings: Mapping[str, Any] | None = None, now: datetime | None = None
              ) -> tuple[int, int]:
    """Add sites (or update the interval, profile and settings of known ones).
    Returns (added, updated)."""
    ensure_fleet_tables(db)
    added = updated = 0
    stamp = iso(now or datetime.now(UTC))
    with db.conn:
        for url in dict.fromkeys(urls):
            known = db.execute("SELECT 1 FROM fleet_sites WHERE url = ?", [url]).fetchone()
            db.execute(
                "INSERT INTO fleet_sites (url, key, every, profile, settings, added)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " every = excluded.every, profile = excluded.profile,"
                " settings = excluded.settings",
                [url, site_key(url), every, profile, json.dumps(dict(settings or {})), stamp])
            added, updated = (added, updated + 1) if known else (added + 1, updated)
    return added, updated


def sites(db: Database) -> list[dict[str, Any]]:
    ensure_fleet_tables(db)
    rows = list(db.query("SELECT * FROM fleet_sites ORDER BY url"))
    for row in rows:
        row["settings"] = json.loads(row["settings"] or "{}")
    return rows


def record_enqueued(db: Database, site: str, job_id: str, now: datetime) -> None:
    with db.conn:
        db.execute("INSERT INTO fleet_jobs (job_id, site_url, enqueued) VALUES (?, ?, ?)",
                   [job_id, site, iso(now)])


def site_states(db: Database, now: datetime, job_timeout: int) -> list[dict[str, Any]]:
    """Each site with its last merged output, its pending job and whether it is due.

    A site is due when it has no job pending and its last crawl started at least its
    interval ago (or it was never crawled, or its last job was interrupted). A job is
    pending from when it was enqueued until its output is merged, or for ``job_timeout``
    seconds plus one interval at most: a message Redis lost (a restart without its
    append-only file) must not stop a site for ever.
    """
    ensure_fleet_tables(db)
    result = []
    for site in sites(db):
        last = next(iter(db.query(
            "SELECT * FROM fleet_outputs WHERE site_url = ? ORDER BY started DESC, output DESC"
            " LIMIT 1", [site["url"]])), None)
        pending = next(iter(db.query(
            "SELECT j.job_id, j.enqueued FROM fleet_jobs j WHERE j.site_url = ? AND NOT EXISTS"
            " (SELECT 1 FROM fleet_outputs o WHERE o.job_id = j.job_id) AND j.enqueued > ?"
            " ORDER BY j.enqueued DESC LIMIT 1",
            [site["url"], iso(now - timedelta(seconds=job_timeout + site["every"]))])), None)
        next_due = None
        if last and last["status"] == "interrupted":
            # A stopped worker's crawl did not finish its work: due again at once.
            next_due = parse_iso(last["finished"] or last["started"] or last["merged"])
        elif last and last["started"]:
            next_due = parse_iso(last["started"]) + timedelta(seconds=site["every"])
        due = pending is None and (next_due is None or next_due <= now)
        result.append({**site, "last": last, "pending": pending, "due": due,
                       "next_due": iso(next_due) if next_due else None})
    return result


def due_sites(db: Database, now: datetime, job_timeout: int) -> list[dict[str, Any]]:
    return [s for s in site_states(db, now, job_timeout) if s["due"]]


def merged_outputs(db: Database) -> set[str]:
    ensure_fleet_tables(db)
    return {row["output"] for row in db.query("SELECT output FROM fleet_outputs")}
