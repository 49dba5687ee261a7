"""The refresh schedule, the crawl lock and `archiver schedule` (cron and systemd text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archiver.errors import ArchiverError
from archiver.incremental.lock import ArchiveLocked, archive_lock
from archiver.incremental.schedule import is_due, parse_schedule
from archiver.schedule import build, crontab_line, parse_every
from tests.helpers import run_cli

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
DEFAULT = parse_schedule("2:0,14:1,90:7")


@pytest.mark.parametrize(("age_days", "since_hours", "due"), [
    (0.5, 0.1, True),      # first two days: every crawl
    (1.9, 0.0, True),
    (5, 23, False),        # until 14 days: daily
    (5, 25, True),
    (30, 24 * 6, False),   # until 90 days: weekly
    (30, 24 * 7, True),
    (91, 24 * 365, False), # then never (until a full crawl)
])
def test_the_refresh_schedule_decays_with_age(age_days, since_hours, due):
    born = NOW - timedelta(days=age_days)
    last = NOW - timedelta(hours=since_hours)
    assert is_due(DEFAULT, now=NOW, born=born, last_fetched=last) is due


def test_an_article_never_fetched_is_due():
    assert is_due(DEFAULT, now=NOW, born=NOW - timedelta(days=999), last_fetched=None)


@pytest.mark.parametrize("bad", ["2", "2:x", "14:1,2:0", "-1:0"])
def test_a_bad_schedule_says_what_is_wrong(bad):
    with pytest.raises(ArchiverError, match="ARCHIVER_REFRESH_SCHEDULE"):
        parse_schedule(bad)


@pytest.mark.parametrize(("every", "cron", "span"), [
    ("15m", "*/15 * * * *", "15min"), ("1h", "0 * * * *", "1h"),
    ("6h", "0 */6 * * *", "6h"), ("1d", "0 3 * * *", "1d"),
])
def test_every_becomes_cron_fields_and_a_systemd_span(every, cron, span):
    assert parse_every(every) == (cron, span)


@pytest.mark.parametrize("bad", ["", "7m", "5h", "1w", "0h"])
def test_an_unusable_period_is_refused(bad):
    with pytest.raises(ArchiverError, match="--every"):
        parse_every(bad)


def test_the_crontab_line_runs_the_crawl_into_the_archive(tmp_path):
    plan = build("https://blog.example/", "1h", str(tmp_path / "blog.db"),
                 archiver="/usr/bin/archiver")
    line = crontab_line(plan)
    assert line.startswith("0 * * * * /usr/bin/archiver crawl https://blog.example/ --db ")
    assert str(tmp_path / "blog.db") in line
    assert line.endswith(f">> {tmp_path / 'archiver-blog.log'} 2>&1")


def test_schedule_prints_cron_and_systemd_and_installs_only_when_asked(tmp_path):
    result = run_cli("schedule", "https://blog.example/", "--every", "6h",
                     "--db", str(tmp_path / "blog.db"))
    assert result.returncode == 0, result.stderr
    assert "0 */6 * * * " in result.stdout
    assert "OnUnitActiveSec=6h" in result.stdout
    assert "ExecStart=" in result.stdout and "crawl https://blog.example/" in result.stdout
    assert list(tmp_path.iterdir()) == []

    dest = tmp_path / "units"
    result = run_cli("schedule", "https://blog.example/", "--every", "6h",
                     "--db", str(tmp_path / "blog.db"), "--install", "systemd", "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["archiver-blog.service",
                                                      "archiver-blog.timer"]
    assert "OnUnitActiveSec=6h" in (dest / "archiver-blog.timer").read_text()

    cron = tmp_path / "cron.d"
    result = run_cli("schedule", "https://blog.example/", "--every", "30m", "--db",
                     str(tmp_path / "blog.db"), "--install", "cron", "--dest", str(cron))
    assert result.returncode == 0, result.stderr
    text = (cron / "archiver-blog").read_text()
    assert "*/30 * * * * " in text and " crawl https://blog.example/" in text


def test_schedule_refuses_what_is_neither_url_nor_profile(tmp_path):
    result = run_cli("schedule", "not-a-site", "--every", "1h", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "neither an http(s) URL nor a profile file" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_lock_admits_one_holder_and_is_released(tmp_path):
    db = tmp_path / "a.db"
    with archive_lock(db):
        with pytest.raises(ArchiveLocked, match="being written by another crawl"):
            with archive_lock(db):
                pass
    with archive_lock(db):
        pass
