"""The decaying refresh schedule of an article's comment thread (pure functions).

ARCHIVER_REFRESH_SCHEDULE is a comma-separated list of ``AGE:INTERVAL`` steps in days,
youngest first: "2:0,14:1,90:7" refreshes an article at every crawl while it is under 2
days old, at most daily until 14 days, weekly until 90, and never after (until a full
crawl). Age counts from the article's published date, else from when it was first seen.
"""

from __future__ import annotations

from datetime import UTC, datetime

from archiver.errors import ArchiverError

Schedule = list[tuple[float, float]]


def parse_schedule(text: str) -> Schedule:
    """"2:0,14:1,90:7" -> [(2.0, 0.0), (14.0, 1.0), (90.0, 7.0)]; errors say what is wrong."""
    steps: Schedule = []
    for part in (p.strip() for p in str(text or "").split(",")):
        if not part:
            continue
        age, sep, interval = part.partition(":")
        try:
            step = (float(age), float(interval))
        except ValueError:
            step = None
        if not sep or step is None or step[0] < 0 or step[1] < 0:
            raise ArchiverError(
                f"ARCHIVER_REFRESH_SCHEDULE: {part!r} is not AGE_DAYS:INTERVAL_DAYS "
                "(for example \"2:0,14:1,90:7\")")
        if steps and step[0] <= steps[-1][0]:
            raise ArchiverError(
                f"ARCHIVER_REFRESH_SCHEDULE: ages must grow, {part!r} follows {steps[-1][0]:g}")
        steps.append(step)
    return steps


def parse_instant(value: str | None) -> datetime | None:
    """An archive date (``...Z`` instant or ``YYYY-MM-DD``) as an aware datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_due(schedule: Schedule, *, now: datetime, born: datetime | None,
           last_fetched: datetime | None) -> bool:
    """Whether an article born at ``born`` and last fetched at ``last_fetched`` is due."""
    if last_fetched is None:
        return True
    if born is None:
        born = last_fetched
    age = (now - born).total_seconds() / 86400
    since = (now - last_fetched).total_seconds() / 86400
    for max_age, interval in schedule:
        if age < max_age:
            return since >= interval
    return False
