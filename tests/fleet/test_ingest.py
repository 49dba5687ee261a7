"""The ingester merges each finished output once, whole, through the store's writer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from archiver.fleet.config import FleetConfig
from archiver.fleet.ingest import ingest
from archiver.fleet.state import ensure_fleet_tables
from archiver.store import open_archive
from tests.fleet.shards import make_output, record

TABLES = ("articles", "comments", "comment_versions", "article_versions", "authors",
          "article_authors", "commenters", "errors", "fleet_outputs")


def counts(path) -> dict[str, int]:
    db = open_archive(path)
    try:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        db.close()


@pytest.fixture
def config(tmp_path) -> FleetConfig:
    return FleetConfig.load(environ={}, archive=str(tmp_path / "archive.db"),
                            shared=str(tmp_path / "shared"))


def test_an_output_is_merged_once(config, tmp_path):
    make_output(tmp_path / "shared", "site", "20260101T000000-a",
                [record(n) for n in range(5)], errors=2)
    first = ingest(config)
    assert len(first.merged) == 1 and first.articles == 5 and first.comments == 15
    after_first = counts(config.archive)
    assert after_first["articles"] == 5 and after_first["comments"] == 15
    assert after_first["errors"] == 2  # the job's errors, not dropped
    second = ingest(config)
    assert second.merged == [] and counts(config.archive) == after_first


def test_a_later_output_keeps_history(config, tmp_path):
    shared = tmp_path / "shared"
    make_output(shared, "site", "20260101T000000-a", [record(1, text="old words")])
    ingest(config)
    # The next job saw the article edited, after the first job.
    make_output(shared, "site", "20260102T000000-b", [record(1, text="new words")],
                started="2026-01-02T00:00:00Z")
    ingest(config)
    got = counts(config.archive)
    assert got["comments"] == 3 and got["comment_versions"] == 3 and got["fleet_outputs"] == 2
    db = open_archive(config.archive)
    assert {r["text"] for r in db.query("select text from comments")} == \
        {"new words 0", "new words 1", "new words 2"}


def test_a_failed_job_is_recorded_with_its_reason(config, tmp_path):
    make_output(tmp_path / "shared", "site", "20260101T000000-a", [], status="failed",
                reason="http://site.test/: connection refused")
    ingest(config)
    db = open_archive(config.archive)
    row = next(db.query("select status, reason from fleet_outputs"))
    assert row == {"status": "failed", "reason": "http://site.test/: connection refused"}
    assert [r["kind"] for r in db.query("select kind from errors")] == ["fleet-job"]


def test_an_unreadable_output_is_recorded_not_retried(config, tmp_path):
    folder = make_output(tmp_path / "shared", "site", "20260101T000000-a", [record(1)])
    (folder / "shard.db").write_bytes(b"not a database" * 100)
    result = ingest(config)
    assert result.unreadable == ["site/20260101T000000-a"]
    db = open_archive(config.archive)
    assert next(db.query("select status from fleet_outputs"))["status"] == "unreadable"
    assert "cannot be read" in next(db.query("select message from errors"))["message"]
    assert ingest(config).merged == []


@pytest.mark.slow
def test_a_killed_merge_is_finished_by_the_next_run(config, tmp_path):
    make_output(tmp_path / "shared", "site", "20260101T000000-a",
                [record(n, comments=20) for n in range(600)])
    ensure_fleet_tables(open_archive(config.archive))  # the central archive exists
    env = {**os.environ, "ARCHIVER_FLEET_ARCHIVE": config.archive,
           "ARCHIVER_FLEET_SHARED": config.shared}
    merge = subprocess.Popen([sys.executable, "-m", "archiver", "fleet", "ingest"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Mid-merge is when the ingester holds the archive's write lock: its one transaction.
    probe = sqlite3.connect(config.archive, timeout=0)
    while merge.poll() is None:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            os.kill(merge.pid, signal.SIGKILL)
            break
    merge.wait()
    probe.close()
    assert merge.returncode == -signal.SIGKILL, "the merge ended before it could be killed"
    killed = counts(config.archive)
    assert killed["articles"] == 0 and killed["fleet_outputs"] == 0  # nothing half-applied
    assert ingest(config).articles == 600
    done = counts(config.archive)
    assert done["articles"] == 600 and done["comments"] == 12_000 and done["fleet_outputs"] == 1
    assert ingest(config).merged == [] and counts(config.archive) == done
