"""Crawl bookkeeping: a crawl's row (arguments, settings, how it ended) and its errors."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from archiver.normalize.dates import utc_now
from archiver.store.transaction import transaction

_INSERT_ERROR = "INSERT INTO errors (crawl_id, url, kind, message, at) VALUES (?, ?, ?, ?, ?)"


def _dumps(value: Any) -> str:
    # default=str: Scrapy stats and settings hold datetimes and setting objects.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)



def insert_error(
    conn: sqlite3.Connection,
    crawl_id: int | None,
    url: str | None,
    kind: str,
    message: str,
    at: str,
) -> int:
    cursor = conn.execute(_INSERT_ERROR, [crawl_id, url, kind, message, at])
    if crawl_id is not None:
        conn.execute("UPDATE crawls SET errors = errors + 1 WHERE id = ?", [crawl_id])
    return int(cursor.lastrowid or 0)



def begin_crawl(
    db: Database,
    site_id: str | None,
    args: Mapping[str, Any],
    settings: Mapping[str, Any],
    started: str | None = None,
) -> int:
    """Record the start of a crawl, with the arguments and settings it runs with."""
    with transaction(db) as conn:
        cursor = conn.execute(
            "INSERT INTO crawls (site_id, started, args, settings) VALUES (?, ?, ?, ?)",
            [site_id, started or utc_now(), _dumps(dict(args)), _dumps(dict(settings))],
        )
    return int(cursor.lastrowid or 0)


def finish_crawl(
    db: Database,
    crawl_id: int,
    stats: Mapping[str, Any],
    reason: str,
    finished: str | None = None,
) -> None:
    """Record how a crawl ended: when, why (Scrapy's finish reason) and its stats."""
    with transaction(db) as conn:
        conn.execute(
            "UPDATE crawls SET finished = ?, finish_reason = ?, stats = ?,"
            " errors = (SELECT count(*) FROM errors WHERE crawl_id = ?),"
            " requests = ?, not_modified = ?, bytes = ? WHERE id = ?",
            [finished or utc_now(), reason, _dumps(dict(stats)), crawl_id,
             int(stats.get("downloader/request_count") or 0),
             int(stats.get("downloader/response_status_count/304") or 0),
             int(stats.get("downloader/response_bytes") or 0), crawl_id],
        )


def record_error(
    db: Database,
    crawl_id: int | None,
    url: str | None,
    kind: str,
    message: str,
    at: str | None = None,
) -> int:
    """Record bad input (a malformed page, a record that failed) so it is never lost."""
    with transaction(db) as conn:
        return insert_error(conn, crawl_id, url, kind, message, at or utc_now())
