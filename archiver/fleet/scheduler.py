"""The scheduler: enqueue a job for each site that is due. Run it from cron or a timer.

What is due comes from the central archive (``archiver.fleet.state.site_states``): each
site's last merged output and its interval. Each job is recorded once its message is
sent: a scheduler killed in between sends the site again on its next run, which is
harmless (jobs of one site never run at once, and a job's crawl is incremental), whereas a
job recorded but never sent would keep its site waiting for the job timeout.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from redis.exceptions import RedisError

from archiver.errors import ArchiverError
from archiver.fleet.config import FleetConfig
from archiver.fleet.state import due_sites, record_enqueued
from archiver.fleet.worker import declare_actor, make_broker
from archiver.store import open_archive


@dataclass
class ScheduleResult:
    enqueued: list[tuple[str, str]] = field(default_factory=list)  # (site, job id)
    not_due: int = 0


def new_job_id(now: datetime) -> str:
    # Sortable by time: the newest output of a site is the last folder name.
    return now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def schedule(config: FleetConfig, now: datetime | None = None) -> ScheduleResult:
    """Enqueue every due site once; returns what was enqueued."""
    now = now or datetime.now(UTC)
    db = open_archive(config.archive)
    due = due_sites(db, now, config.job_timeout)
    result = ScheduleResult()
    if not due:
        result.not_due = db.execute("SELECT count(*) FROM fleet_sites").fetchone()[0]
        return result
    broker = make_broker(config)
    try:
        actor = declare_actor(broker, config)
        for site in due:
            job_id = new_job_id(now)
            try:
                actor.send(site["url"], job_id, site["profile"], site["settings"])
            except RedisError as exc:
                raise ArchiverError(f"cannot reach Redis at {config.redis_url} ({exc}); "
                                    f"{len(result.enqueued)} of {len(due)} due sites "
                                    "enqueued") from None
            record_enqueued(db, site["url"], job_id, now)
            result.enqueued.append((site["url"], job_id))
    finally:
        broker.close()
    result.not_due = db.execute("SELECT count(*) FROM fleet_sites").fetchone()[0] - len(due)
    return result
