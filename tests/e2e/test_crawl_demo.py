"""End to end: the demo magazine on loopback, crawled through the real CLI, checked against
the generator's ground truth, re-crawled, interrupted and resumed."""

from __future__ import annotations

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
from tests.helpers import REPO, copy_archive, run_cli

pytestmark = pytest.mark.slow

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]


def crawl_demo(demo_site, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("crawl", demo_site.base_url + "/", "--profile", str(PROFILE),
                   "--db", str(db), *FAST, *extra)


def table_rows(db: Path, table: str, ignore: tuple[str, ...] = ()) -> list[tuple]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = con.execute(f"select * from {table} order by 1, 2").fetchall()
    con.close()
    return [tuple(v for k, v in zip(r.keys(), r, strict=True) if k not in ignore) for r in rows]


def check_integrity(db: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("pragma foreign_key_check").fetchall() == []
    con.close()


@pytest.fixture(scope="module")
def crawled(demo_site, tmp_path_factory):
    db = tmp_path_factory.mktemp("crawl") / "demo.db"
    result = crawl_demo(demo_site, db)
    assert result.returncode == 0, result.stderr
    return db, result


def test_crawl_archives_the_whole_demo_site_exactly(demo_site, crawled):
    db, result = crawled
    assert "Traceback" not in result.stderr
    mismatches = compare(demo_site.truth, list(article_records(db)))
    assert mismatches == []
    check_integrity(db)


def test_crawl_never_archives_pages_robots_txt_forbids_or_that_are_not_articles(
        demo_site, crawled):
    db, _ = crawled
    con = sqlite3.connect(db)
    urls = {row[0] for row in con.execute("select url from articles")}
    assert not any("/private/" in u for u in urls)
    assert not urls & set(demo_site.truth["non_articles"])


def test_recrawl_changes_nothing_but_last_seen(demo_site, crawled, tmp_path):
    db, _ = crawled
    copy = copy_archive(db, tmp_path / "again.db")
    volatile = ("last_seen", "crawl_id")
    before = {t: table_rows(copy, t, volatile) for t in
              ("articles", "comments", "authors", "commenters", "article_authors", "tags")}
    result = crawl_demo(demo_site, copy)
    assert result.returncode == 0, result.stderr
    after = {t: table_rows(copy, t, volatile) for t in before}
    assert after == before
    con = sqlite3.connect(copy)
    assert con.execute("select count(*) from crawls").fetchone()[0] == 2
    last = con.execute(
        "select articles_new, comments_new from crawls order by id desc limit 1").fetchone()
    assert last == (0, 0)


def test_a_crawl_killed_midway_leaves_a_valid_archive_the_next_crawl_completes(
        demo_site, tmp_path):
    db = tmp_path / "killed.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "archiver", "crawl", demo_site.base_url + "/", "--profile",
         str(PROFILE), "--db", str(db), *FAST, "-s", "ARCHIVER_STORE_BATCH_SIZE=1",
         "-s", "CONCURRENT_REQUESTS=2"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if db.exists():
                try:
                    con = sqlite3.connect(db, timeout=5)
                    n = con.execute("select count(*) from articles").fetchone()[0]
                    con.close()
                except sqlite3.OperationalError:
                    continue
                if n >= 5:
                    break
        assert child.poll() is None, "the crawl finished before it could be interrupted"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    check_integrity(db)
    partial = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
    assert 0 < partial < len(demo_site.truth["articles"])

    result = crawl_demo(demo_site, db)
    assert result.returncode == 0, result.stderr
    check_integrity(db)
    assert compare(demo_site.truth, list(article_records(db))) == []


def test_scrapy_crawl_runs_the_same_spider(demo_site, tmp_path):
    db = tmp_path / "scrapy.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "commentary", "-a", f"url={demo_site.base_url}/",
         "-a", f"profile={PROFILE}", "-a", f"db={db}", "-a", "max_articles=5",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 5
    assert con.execute("select count(*) from crawls").fetchone()[0] == 1


def test_demo_command_reports_a_perfect_match(tmp_path):
    db = tmp_path / "demo.db"
    result = run_cli("demo", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "match exactly" in result.stdout
    assert "deepest reply: depth 4" in result.stdout
    assert db.exists()


def test_sitemaps_alone_find_every_article_released_a_few_at_a_time(demo_site, tmp_path):
    # Links not followed: only robots.txt -> sitemap index -> sitemaps. Two sitemap URLs in
    # flight at a time, so the backlog is fed again and again, also when the crawl goes idle.
    db = tmp_path / "sitemaps.db"
    result = crawl_demo(demo_site, db, "-s", "ARCHIVER_FOLLOW_LINKS=False",
                        "-s", "ARCHIVER_SITEMAP_AHEAD=2")
    assert result.returncode == 0, result.stderr
    assert compare(demo_site.truth, list(article_records(db))) == []
    con = sqlite3.connect(db)
    captured = [row[0] for row in con.execute("select url from captures")]
    assert captured and all(url.startswith("http") for url in captured)
