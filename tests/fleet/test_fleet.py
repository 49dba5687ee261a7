"""The fleet end to end: redis-server, worker processes and the ingester over demo sites
on 127.0.0.2 ..., each archive checked against its generator's ground truth."""

from __future__ import annotations

import itertools
import json
import shutil
import time

import pytest

from archiver.demo.job import PROFILE
from archiver.fleet.demo import DEMO_CRAWL_SETTINGS, Fleet
from archiver.fleet.ingest import ingest
from archiver.fleet.sites import site_key
from archiver.fleet.status import fleet_status
from archiver.fleet.worker import declare_actor, make_broker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("redis-server"),
                       reason="needs redis-server (Debian: apt-get install redis-server)"),
]

DELAY_MS = 100  # the politeness the servers measure: at most 10 requests a second a host


def attempts(fleet: Fleet, site: str) -> list[dict]:
    """Every delivery of every job of ``site``: start, end (None when it was killed)."""
    assert fleet.config
    found = []
    for log in sorted((fleet.config.outputs / site_key(site)).glob("*/attempts.jsonl")):
        current = None
        for event in map(json.loads, log.read_text().splitlines()):
            if event["event"] == "start":
                if current:
                    found.append(current)
                current = {"job": log.parent.name, "start": event["t"], "end": None}
            else:
                current["end"] = event["t"]
                found.append(current)
                current = None
        if current:
            found.append(current)
    return sorted(found, key=lambda a: a["start"])


def assert_one_crawler_at_a_time(fleet: Fleet, killed_at: float | None = None) -> None:
    for server in fleet.servers:
        runs = attempts(fleet, server.base_url + "/")
        for before, after in itertools.pairwise(runs):
            # A killed delivery's crawl died with its worker, at killed_at.
            end = before["end"] if before["end"] is not None else killed_at
            assert end is not None and after["start"] >= end, (server.base_url, runs)


def assert_polite(fleet: Fleet) -> None:
    """In any second, no host sees more requests than its delay allows (one more at each
    edge of the window for the time a request takes to arrive)."""
    limit = 1000 / DELAY_MS + 2
    for server in fleet.servers:
        times = sorted(server.request_times)
        assert len(times) > 20, server.base_url
        busiest = max(sum(1 for t in times[i:] if t - start < 1.0)
                      for i, start in enumerate(times))
        assert busiest <= limit, (server.base_url, busiest)


def assert_exact(fleet: Fleet) -> None:
    mismatches = fleet.mismatches()
    assert mismatches == {url: [] for url in mismatches}


def test_twelve_sites_archived_exactly_politely_one_crawler_a_site(tmp_path):
    with Fleet(tmp_path / "fleet", n_sites=12, n_articles=4, host_delay_ms=DELAY_MS) as fleet:
        assert fleet.schedule() == 12
        # A second job for two sites (a duplicate delivery, a second scheduler): the site
        # lock must keep each pair apart, and both must run.
        broker = make_broker(fleet.config)
        actor = declare_actor(broker, fleet.config)
        for server in fleet.servers[:2]:
            actor.send(server.base_url + "/", "29990101T000000-duplicate", str(PROFILE),
                       DEMO_CRAWL_SETTINGS)
        broker.close()
        fleet.start_workers(3)
        fleet.ingest_until_done(timeout=240)
        deadline = time.monotonic() + 120
        while len(fleet.merged_outputs()) < 14 and time.monotonic() < deadline:
            fleet.ingest_until_done(timeout=60)
            time.sleep(1)
        assert len(fleet.merged_outputs()) == 14
        assert_exact(fleet)
        assert_polite(fleet)
        assert_one_crawler_at_a_time(fleet)
        contended = [attempts(fleet, s.base_url + "/") for s in fleet.servers[:2]]
        assert all(len(runs) == 2 for runs in contended)


def test_a_sigkilled_worker_job_is_redelivered_and_completed(tmp_path):
    # Short lock and heartbeat, so the redelivery comes within seconds.
    with Fleet(tmp_path / "fleet", n_sites=2, n_articles=5, host_delay_ms=DELAY_MS,
               lock_ttl=4, heartbeat_timeout=3) as fleet:
        fleet.schedule()
        fleet.start_workers(1)
        victim = fleet.workers[0]
        # Mid-job: the first site's crawl has made some requests.
        deadline = time.monotonic() + 120
        while not any(len(s.request_times) >= 10 for s in fleet.servers):
            assert time.monotonic() < deadline, "no crawl started"
            time.sleep(0.05)
        fleet.kill_worker(victim)
        killed_at = time.time()
        fleet.start_workers(1)
        fleet.ingest_until_done(timeout=150)
        assert_exact(fleet)  # nothing lost, nothing duplicated
        runs = [attempts(fleet, s.base_url + "/") for s in fleet.servers]
        killed = [r for r in runs if any(a["end"] is None for a in r)]
        assert len(killed) == 1 and len(killed[0]) == 2  # the job, then its redelivery
        assert killed[0][0]["job"] == killed[0][1]["job"]
        assert_one_crawler_at_a_time(fleet, killed_at)


def test_the_fleet_carries_on_through_a_redis_restart(tmp_path):
    with Fleet(tmp_path / "fleet", n_sites=3, n_articles=4, host_delay_ms=DELAY_MS) as fleet:
        fleet.schedule()
        fleet.start_workers(2)
        deadline = time.monotonic() + 120
        while sum(len(s.request_times) for s in fleet.servers) < 20:
            assert time.monotonic() < deadline, "no crawl started"
            time.sleep(0.05)
        fleet.redis.restart()
        fleet.ingest_until_done(timeout=180)
        assert_exact(fleet)
        assert_one_crawler_at_a_time(fleet)


def test_sites_on_one_host_share_its_politeness_across_workers(tmp_path):
    # Three sites on one host, three workers crawling them at once: the host, not each
    # site, gets at most one request per delay.
    with Fleet(tmp_path / "fleet", n_sites=3, n_articles=4, host_delay_ms=DELAY_MS,
               hosts=["127.0.0.2"]) as fleet:
        fleet.schedule()
        fleet.start_workers(3)
        fleet.ingest_until_done(timeout=180)
        assert_exact(fleet)
        times = sorted(t for server in fleet.servers for t in server.request_times)
        busiest = max(sum(1 for t in times[i:] if t - start < 1.0)
                      for i, start in enumerate(times))
        assert busiest <= 1000 / DELAY_MS + 2, busiest
        runs = [attempts(fleet, s.base_url + "/")[0] for s in fleet.servers]
        # The three crawls did run at the same time.
        assert max(r["start"] for r in runs) < min(r["end"] for r in runs)


def test_a_stopped_worker_records_its_job_interrupted_and_the_next_job_completes_it(tmp_path):
    with Fleet(tmp_path / "fleet", n_sites=1, n_articles=4, host_delay_ms=DELAY_MS) as fleet:
        fleet.schedule()
        fleet.start_workers(1)
        deadline = time.monotonic() + 120
        while len(fleet.servers[0].request_times) < 10:
            assert time.monotonic() < deadline, "no crawl started"
            time.sleep(0.05)
        worker = fleet.workers[0]
        worker.terminate()  # systemctl stop
        assert worker.wait(timeout=120) == 0
        ingest(fleet.config)
        [site] = fleet_status(fleet.config)["sites"]
        assert (site["state"], site["last_status"]) == ("due", "interrupted")
        assert fleet.schedule() == 1
        fleet.start_workers(1)
        fleet.ingest_until_done(timeout=120)
        assert_exact(fleet)  # the interrupted job's half-read threads read whole
