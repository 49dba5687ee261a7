"""What is due: from the central archive's own state and each site's interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archiver.errors import ArchiverError
from archiver.fleet.config import FleetConfig
from archiver.fleet.ingest import ingest
from archiver.fleet.sites import interval_seconds, read_site_list, site_key
from archiver.fleet.state import add_sites, due_sites, record_enqueued, site_states
from archiver.store import open_archive
from tests.fleet.shards import ORIGIN, make_output, record

START = datetime(2026, 1, 1, tzinfo=UTC)
DAY = 86400
JOB_TIMEOUT = 3600


@pytest.fixture
def db(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    add_sites(db, [ORIGIN + "/", "http://other.test/"], every=DAY)
    return db


def due(db, at):
    return [s["url"] for s in due_sites(db, at, JOB_TIMEOUT)]


def test_sites_never_crawled_are_due(db):
    assert due(db, START) == ["http://other.test/", ORIGIN + "/"]


def test_a_site_with_a_job_pending_is_not_due_again(db):
    record_enqueued(db, ORIGIN + "/", "job-1", START)
    assert due(db, START + timedelta(minutes=5)) == ["http://other.test/"]
    # A message lost with Redis: after the job timeout plus one interval, due again.
    assert ORIGIN + "/" in due(db, START + timedelta(seconds=JOB_TIMEOUT + DAY + 1))


def test_a_crawled_site_is_due_one_interval_after_its_last_job_started(db, tmp_path):
    record_enqueued(db, ORIGIN + "/", "job-1", START)
    make_output(tmp_path / "shared", site_key(ORIGIN + "/"), "job-1", [record(1)],
                started="2026-01-01T00:00:10Z")
    ingest(FleetConfig.load(environ={}, archive=str(tmp_path / "archive.db"),
                            shared=str(tmp_path / "shared")))
    assert ORIGIN + "/" not in due(db, START + timedelta(hours=23))
    assert ORIGIN + "/" in due(db, START + timedelta(days=1, seconds=10))
    state = {s["url"]: s for s in site_states(db, START, JOB_TIMEOUT)}[ORIGIN + "/"]
    assert state["last"]["status"] == "finished" and state["next_due"].startswith("2026-01-02")


def test_adding_a_site_again_updates_its_interval(db):
    assert add_sites(db, [ORIGIN + "/"], every=3600) == (0, 1)
    assert {s["url"]: s["every"] for s in site_states(db, START, 0)}[ORIGIN + "/"] == 3600


def test_site_list_file_and_sitemap(tmp_path):
    listing = tmp_path / "sites.txt"
    listing.write_text("# magazines\nhttps://Mag.Example/\n\nftp://nope.example/\n"
                       "https://blog.example/path/  # a blog\n")
    urls, problems = read_site_list(listing)
    assert urls == ["https://mag.example/", "https://blog.example/path/"]
    assert problems == [f"{listing} line 4: 'ftp://nope.example/' is not an http(s) URL of "
                        "a site"]
    sitemap = tmp_path / "sites.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                       'sitemap/0.9"><url><loc>https://a.example/</loc></url><url><loc>'
                       'https://b.example/</loc></url></urlset>')
    assert read_site_list(sitemap) == (["https://a.example/", "https://b.example/"], [])
    index = tmp_path / "index.xml"
    index.write_text('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
    with pytest.raises(ArchiverError, match="a sitemap of sites is a <urlset>"):
        read_site_list(index)


def test_intervals():
    assert interval_seconds("30m") == 1800 and interval_seconds("6h") == 21600
    with pytest.raises(ArchiverError, match="refresh interval"):
        interval_seconds("weekly")


def test_a_site_whose_job_was_interrupted_is_due_at_once(db, tmp_path):
    record_enqueued(db, ORIGIN + "/", "job-1", START)
    make_output(tmp_path / "shared", site_key(ORIGIN + "/"), "job-1", [record(1)],
                started="2026-01-01T00:00:10Z", status="interrupted",
                reason="the worker was stopped")
    ingest(FleetConfig.load(environ={}, archive=str(tmp_path / "archive.db"),
                            shared=str(tmp_path / "shared")))
    assert ORIGIN + "/" in due(db, START + timedelta(minutes=1))
