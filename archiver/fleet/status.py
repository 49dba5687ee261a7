"""`archiver fleet status`: each site's state, from the central archive and Redis."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError

from archiver.fleet import locks
from archiver.fleet.config import FleetConfig
from archiver.fleet.state import site_states
from archiver.store import open_archive


def fleet_status(config: FleetConfig, now: datetime | None = None) -> dict[str, Any]:
    """``{"sites": [...], "redis": "ok" | message}``; each site has ``state``: running,
    queued, due, failed (its last job failed; ``reason`` says why) or ok."""
    now = now or datetime.now(UTC)
    db = open_archive(config.archive)
    running: dict[str, dict[str, Any]] = {}
    redis_state = "ok"
    try:
        connection = locks.client(config.redis_url)
        for key, value in connection.hgetall(locks.RUNNING).items():
            job = json.loads(value)
            # A worker that died leaves its entry; its lock expires: the job waits for
            # redelivery.
            job["alive"] = bool(connection.exists(locks.site_lock_name(key.decode())))
            running[key.decode()] = job
    except RedisError as exc:
        redis_state = f"unreachable ({exc})"
    sites = []
    for site in site_states(db, now, config.job_timeout):
        last = site["last"] or {}
        job = running.get(site["key"])
        if job and job["alive"]:
            state = "running"
        elif job:
            state = "queued"  # its worker died; the job is redelivered
        elif site["pending"]:
            state = "queued"
        elif site["due"]:
            state = "due"
        elif last.get("status") not in (None, "finished"):
            state = "failed"
        else:
            state = "ok"
        sites.append({
            "url": site["url"], "state": state, "every": site["every"],
            "last_crawl": last.get("started"), "last_status": last.get("status"),
            "reason": last.get("reason"), "articles": last.get("articles"),
            "next_due": site["next_due"], "running": job,
        })
    return {"sites": sites, "redis": redis_state}


def render_status(status: dict[str, Any]) -> str:
    rows = status["sites"]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    lines = [f"{len(rows)} sites: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
                                        or "none (add some with `archiver fleet add`)"),
             f"Redis: {status['redis']}"]
    for row in rows:
        detail = ""
        if row["state"] == "running":
            detail = f"job {row['running']['job_id']} on {row['running']['worker']}" \
                     f" since {row['running']['started']}"
        elif row["state"] == "failed":
            detail = f"{row['last_status']}: {row['reason']}"
        last = f"last crawl {row['last_crawl']} ({row['articles']} articles)" \
            if row["last_crawl"] else "never crawled"
        lines.append(f"  {row['state']:<8} {row['url']}  {last}"
                     + (f"; {detail}" if detail else "")
                     + (f"; next due {row['next_due']}" if row["next_due"] else ""))
    return "\n".join(lines)
