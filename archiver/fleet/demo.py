"""`archiver fleet demo`: the whole fleet on this machine, checked against ground truth.

redis-server, three worker processes and the ingester over 12 demo sites, one
``DemoServer`` per loopback address (127.0.0.2 ... 127.0.0.13). ``Fleet`` is the harness
the demo and the tests share: it starts and stops everything it starts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from archiver.demo.job import PROFILE
from archiver.demo.server import DemoServer
from archiver.demo.verify import compare
from archiver.errors import ArchiverError
from archiver.fleet.config import FleetConfig
from archiver.fleet.ingest import IngestResult, ingest
from archiver.fleet.redis_server import RedisServer
from archiver.fleet.scheduler import schedule
from archiver.fleet.state import add_sites
from archiver.store import open_archive
from archiver.store.read import article_records

# The servers are ours, on loopback: no AutoThrottle; the fleet's host delay is the
# politeness that is measured.
DEMO_CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 4}


class RecordingDemoServer(DemoServer):
    """A DemoServer that notes when each request arrived (the measured politeness)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.request_times: list[float] = []
        times = self.request_times
        served: type[BaseHTTPRequestHandler] = self._httpd.RequestHandlerClass  # type: ignore[assignment]

        class Recording(served):  # type: ignore[valid-type,misc]
            def parse_request(self) -> bool:
                times.append(time.monotonic())
                return bool(super().parse_request())

        self._httpd.RequestHandlerClass = Recording


def max_rate(times: list[float], window: float = 1.0) -> float:
    """The most requests seen in any ``window`` seconds, per second."""
    times = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most / window


@dataclass
class Fleet:
    """A local fleet: Redis, workers, demo sites, the central archive, in ``folder``."""

    folder: Path
    n_sites: int = 12
    n_articles: int = 8
    host_delay_ms: int = 50
    lock_ttl: int = 10
    heartbeat_timeout: int = 5
    # One loopback address per site by default; a list puts the sites on these hosts, in
    # turn (several sites on one host share its politeness).
    hosts: list[str] | None = None
    servers: list[RecordingDemoServer] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    redis: RedisServer | None = None
    config: FleetConfig | None = None

    def start(self) -> Fleet:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self.redis = RedisServer(self.folder / "redis").start()
        self.config = FleetConfig.load(
            archive=str(self.folder / "archive.db"), shared=str(self.folder / "shared"),
            redis_url=self.redis.url, host_delay_ms=self.host_delay_ms,
            lock_ttl=self.lock_ttl, heartbeat_timeout=self.heartbeat_timeout)
        for index in range(self.n_sites):
            host = (self.hosts[index % len(self.hosts)] if self.hosts
                    else f"127.0.0.{2 + index}")
            try:
                server = RecordingDemoServer(n_articles=self.n_articles, seed=2024 + index,
                                             host=host)
            except OSError as exc:
                raise ArchiverError(f"cannot serve a demo site on {host} ({exc})") from None
            self.servers.append(server.start())
        db = open_archive(self.config.archive)
        add_sites(db, [s.base_url + "/" for s in self.servers], every=86400,
                  profile=str(PROFILE), settings=DEMO_CRAWL_SETTINGS)
        db.close()
        return self

    def schedule(self) -> int:
        assert self.config
        return len(schedule(self.config).enqueued)

    def start_workers(self, n: int) -> None:
        assert self.config
        env = {**os.environ, **self.config.environ()}
        for _ in range(n):
            log = open(self.folder / f"worker-{len(self.workers) + 1}.log", "ab")
            self.workers.append(subprocess.Popen(
                [sys.executable, "-m", "archiver", "fleet", "worker"], env=env,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True))
            log.close()

    def kill_worker(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL one worker (its crawl dies with it: PR_SET_PDEATHSIG)."""
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    def merged_outputs(self) -> list[dict[str, Any]]:
        assert self.config
        db = open_archive(self.config.archive)
        try:
            return list(db.query("SELECT * FROM fleet_outputs ORDER BY started"))
        finally:
            db.close()

    def merged_sites(self) -> dict[str, str]:
        """site URL -> status of its latest merged output."""
        assert self.config
        db = open_archive(self.config.archive)
        try:
            return {row["site_url"]: row["status"] for row in db.query(
                "SELECT site_url, status FROM fleet_outputs ORDER BY started")}
        finally:
            db.close()

    def ingest_until_done(self, timeout: float, every: float = 1.0,
                          on_tick: Any = None) -> IngestResult:
        """Run the ingester every ``every`` seconds until each site has a finished output."""
        assert self.config
        total = IngestResult()
        deadline = time.monotonic() + timeout
        while True:
            result = ingest(self.config)
            total.merged += result.merged
            total.articles += result.articles
            total.comments += result.comments
            total.seconds += result.seconds
            done = self.merged_sites()
            if sum(status == "finished" for status in done.values()) >= self.n_sites:
                return total
            if on_tick:
                on_tick(self)
            if time.monotonic() > deadline:
                raise ArchiverError(f"the fleet did not finish in {timeout:.0f} s: "
                                    f"{len(done)} of {self.n_sites} sites merged")
            for worker in self.workers:
                if worker.poll() is not None and worker.returncode not in (0, -9):
                    raise ArchiverError(f"a worker exited ({worker.returncode}); see "
                                        f"{self.folder}/worker-*.log")
            time.sleep(every)

    def mismatches(self) -> dict[str, list[str]]:
        assert self.config
        found = {}
        for server in self.servers:
            records = list(article_records(self.config.archive, server.base_url))
            found[server.base_url] = compare(server.truth, records)
        return found

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        self.workers.clear()
        for server in self.servers:
            server.stop()
        self.servers.clear()
        if self.redis:
            self.redis.stop()

    def __enter__(self) -> Fleet:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_fleet_demo(folder: str | Path, *, n_sites: int = 12, n_articles: int = 8,
                   workers: int = 3, host_delay_ms: int = 50, timeout: float = 300,
                   progress: Any = None) -> dict[str, Any]:
    """Run the demo; the summary (the JSON line's fields plus per-site detail)."""
    started = time.monotonic()
    with Fleet(Path(folder), n_sites=n_sites, n_articles=n_articles,
               host_delay_ms=host_delay_ms) as fleet:
        fleet.schedule()
        fleet.start_workers(workers)
        fleet.ingest_until_done(timeout, on_tick=progress)
        mismatches = fleet.mismatches()
        assert fleet.config
        db = open_archive(fleet.config.archive)
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        comments = db.execute("SELECT count(*) FROM comments").fetchone()[0]
        db.close()
        rates = {s.base_url: max_rate(s.request_times) for s in fleet.servers}
        truth = {s.base_url: (len(s.truth["articles"]),
                              sum(len(a["comments"]) for a in s.truth["articles"]))
                 for s in fleet.servers}
        archive = fleet.config.archive
    return {
        "sites": n_sites, "articles": articles, "comments": comments,
        "mismatches": sum(len(m) for m in mismatches.values()),
        "max_requests_per_second": max(rates.values()),
        "host_delay_ms": host_delay_ms, "workers": workers,
        "seconds": round(time.monotonic() - started, 1),
        "archive": archive, "per_site": {url: {"truth": truth[url], "rate": rates[url],
                                               "mismatches": mismatches[url][:5]}
                                         for url in rates},
    }


def render_demo(summary: dict[str, Any]) -> str:
    lines = [f"Fleet demo: {summary['sites']} sites, {summary['workers']} workers, one request"
             f" per host per {summary['host_delay_ms']} ms, in {summary['seconds']} s"]
    for url, site in summary["per_site"].items():
        verdict = "exact" if not site["mismatches"] else f"MISMATCHES: {site['mismatches']}"
        lines.append(f"  {url}  {site['truth'][0]} articles, {site['truth'][1]} comments,"
                     f" max {site['rate']:.0f} req/s, {verdict}")
    lines.append(f"Central archive: {summary['archive']}")
    short = {k: summary[k] for k in ("sites", "articles", "comments", "mismatches",
                                     "max_requests_per_second")}
    lines.append(json.dumps(short))
    return "\n".join(lines)
