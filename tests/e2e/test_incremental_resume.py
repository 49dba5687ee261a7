"""End to end: a crawl killed with SIGKILL resumes to the same archive; one crawl per archive."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archiver.demo.job import PROFILE
from archiver.demo.verify import compare
from archiver.store.read import article_records
from tests.e2e.test_crawl_demo import FAST, check_integrity, crawl_demo, table_rows
from tests.helpers import REPO

pytestmark = pytest.mark.slow

TABLES = ("articles", "comments", "authors", "commenters", "article_authors", "tags")
VOLATILE = ("first_seen", "last_seen", "last_changed", "crawl_id")


def start_crawl(demo_site, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "archiver", "crawl", demo_site.base_url + "/", "--profile",
         str(PROFILE), "--db", str(db), *FAST, *extra],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def count_articles(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        n = con.execute("select count(*) from articles").fetchone()[0]
        con.close()
        return n
    except sqlite3.OperationalError:
        return 0


def test_a_sigkilled_crawl_resumes_to_the_archive_an_uninterrupted_crawl_makes(
        demo_site, tmp_path):
    whole = tmp_path / "whole.db"
    assert crawl_demo(demo_site, whole).returncode == 0

    db = tmp_path / "killed.db"
    child = start_crawl(demo_site, db, "-s", "ARCHIVER_STORE_BATCH_SIZE=1",
                        "-s", "CONCURRENT_REQUESTS=2")
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and count_articles(db) < 10:
            time.sleep(0.1)
        assert child.poll() is None, "the crawl finished before it could be killed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    check_integrity(db)
    saved = count_articles(db)
    assert 0 < saved < len(demo_site.truth["articles"])

    result = crawl_demo(demo_site, db)
    assert result.returncode == 0, result.stderr
    check_integrity(db)
    con = sqlite3.connect(db)
    kind, stats = con.execute("select kind, stats from crawls order by id desc limit 1").fetchone()
    con.close()
    assert kind == "resume"
    # What the killed crawl saved is not fetched again.
    assert json.loads(stats)["archiver/incremental/skipped/saved_before_kill"] >= saved
    assert compare(demo_site.truth, list(article_records(db))) == []
    for table in TABLES:
        assert table_rows(db, table, VOLATILE) == table_rows(whole, table, VOLATILE), table

    # The WARC file the kill cut short was finished: every file passes warcio check.
    warcs = sorted((tmp_path / "killed-warc").glob("*"))
    assert warcs and all(p.name.endswith(".warc.gz") for p in warcs)
    checked = subprocess.run(
        [sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])",
         "check", *map(str, warcs)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_second_crawl_of_the_same_archive_refuses_clearly(demo_site, tmp_path):
    db = tmp_path / "busy.db"
    first = start_crawl(demo_site, db, "-s", "CONCURRENT_REQUESTS=1",
                        "-s", "DOWNLOAD_DELAY=0.2")
    lock = tmp_path / "busy.db.lock"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                lock.exists() and lock.read_text().startswith("pid")):
            time.sleep(0.1)
        second = subprocess.run(
            [sys.executable, "-m", "archiver", "crawl", demo_site.base_url + "/",
             "--profile", str(PROFILE), "--db", str(db), *FAST],
            cwd=REPO, capture_output=True, text=True, timeout=120)
        assert first.poll() is None, "the first crawl ended before the second started"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert second.returncode == 1
    assert "being written by another crawl" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert "Traceback" not in second.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from crawls").fetchone()[0] == 1
    con.close()
