"""Fleet workers: a Dramatiq actor that runs one site job at a time.

A job is one ``archiver crawl URL --db <output>/shard.db`` subprocess (a Twisted reactor
cannot be restarted in-process) into its own folder under the shared location:
``outputs/<site-key>/<job-id>/`` with the shard, its WARCs (``shard-warc/``), the crawl's
log, ``attempts.jsonl`` (when each delivery started and ended, and where) and, written
atomically once the crawl is over, ``manifest.json``: the ingester's sign that the output
is complete. The job holds the site's lock in Redis for its whole run.

Delivery is at least once: a message whose worker died is redelivered (Dramatiq's Redis
broker requeues the unacked messages of a worker silent for its heartbeat timeout). A
redelivered job reuses its folder: the crawl resumes the shard the dead one left; one whose
manifest exists is already done and returns at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from archiver.fleet import locks
from archiver.fleet.config import FleetConfig
from archiver.fleet.manifest import MANIFEST, read_manifest, write_manifest
from archiver.fleet.sites import site_key
from archiver.normalize.dates import utc_now

logger = logging.getLogger(__name__)

QUEUE = "archiver-fleet"
ACTOR = "crawl_site"
# Queue maintenance (requeueing dead workers' messages) runs on this share of broker
# commands, out of a million; Dramatiq's default (1,000) can leave a dead worker's job
# waiting for many minutes on a quiet queue.
MAINTENANCE_CHANCE = 100_000
_PR_SET_PDEATHSIG = 1
FIRST_ATTEMPT = "first-attempt.json"
# Crawls this process runs, stopped (gracefully) when the worker is asked to stop.
_running: set[subprocess.Popen[bytes]] = set()
_stopping = threading.Event()


class SiteBusy(dramatiq.Retry):
    """The site's lock is held by another job: try again once it may have expired."""


def make_broker(config: FleetConfig) -> RedisBroker:
    broker = RedisBroker(url=config.redis_url, heartbeat_timeout=config.heartbeat_timeout * 1000,
                         maintenance_chance=MAINTENANCE_CHANCE,
                         socket_timeout=30, socket_connect_timeout=5, health_check_interval=30)
    dramatiq.set_broker(broker)
    return broker


def declare_actor(broker: RedisBroker, config: FleetConfig) -> dramatiq.Actor:
    """The crawl_site actor on ``broker`` (the scheduler sends, workers run it)."""
    return dramatiq.actor(
        run_job, actor_name=ACTOR, queue_name=QUEUE, broker=broker,
        # A crawl that fails is recorded in its manifest and retried at the site's next
        # interval, not here; retries are for a busy site or a worker-side failure.
        max_retries=50, min_backoff=1000, max_backoff=5 * 60_000,
        time_limit=(config.job_timeout + 600) * 1000,
    )


def job_folder(config: FleetConfig, site: str, job_id: str) -> Path:
    return config.outputs / site_key(site) / job_id


def run_job(site: str, job_id: str, profile: str | None = None,
            settings: dict[str, Any] | None = None) -> None:
    """The actor: crawl ``site`` into its job folder, holding the site's lock."""
    config = FleetConfig.load()
    folder = job_folder(config, site, job_id)
    if (folder / MANIFEST).exists():
        logger.info("%s: job %s finished before (a redelivery)", site, job_id)
        return
    connection = locks.client(config.redis_url)
    key = site_key(site)
    lock = locks.SiteLock(connection, key, config.lock_ttl)
    if not lock.acquire():
        raise SiteBusy(f"{site}: another job holds the site's lock",
                       delay=max(1000, config.lock_ttl * 500))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        started = utc_now()
        worker = f"{socket.gethostname()}:{os.getpid()}"
        _attempt(folder, {"event": "start", "at": started, "t": time.time(), "worker": worker})
        with contextlib.suppress(Exception):
            connection.hset(locks.RUNNING, key, json.dumps(
                {"site": site, "job_id": job_id, "worker": worker, "started": started}))
        seeded = _seed_shard(config, site, folder)
        status, reason = _crawl(config, site, job_id, folder, profile, settings or {}, lock)
        _single_file(folder / "shard.db")
        finished = utc_now()
        _attempt(folder, {"event": "end", "at": finished, "t": time.time(), "worker": worker,
                          "status": status})
        first = read_manifest(folder, FIRST_ATTEMPT)
        write_manifest(folder, {
            "job_id": job_id, "site": site, "site_key": key, "status": status,
            "reason": reason, "started": first.get("started", started),
            "finished": finished, "shard": "shard.db", "warcs": "shard-warc",
            "seeded_from": seeded, "worker": worker,
        })
        logger.info("%s: job %s %s", site, job_id, status)
    finally:
        with contextlib.suppress(Exception):
            connection.hdel(locks.RUNNING, key)
        lock.release()


def _single_file(shard: Path) -> None:
    """Fold the shard's write-ahead log into it and leave rollback journaling: the ingester
    may read it from another machine, over NFS, where WAL's shared memory does not work."""
    if not shard.exists():
        return
    with contextlib.closing(sqlite3.connect(shard)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")


def _attempt(folder: Path, event: dict[str, Any]) -> None:
    # The first delivery's start is the job's start: the ingester merges what this job saw
    # since then, including what a killed delivery saved before it died.
    if event["event"] == "start" and not (folder / FIRST_ATTEMPT).exists():
        write_manifest(folder, {"started": event["at"]}, name=FIRST_ATTEMPT)
    with open(folder / "attempts.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps(event) + "\n")
        log.flush()
        os.fsync(log.fileno())


def _seed_shard(config: FleetConfig, site: str, folder: Path) -> str | None:
    """Start from the site's last finished shard, so the crawl is incremental (validators,
    known URLs, refresh schedule) and can tell what was deleted; None on a first crawl or a
    redelivery (the shard is already there: the crawl resumes it)."""
    shard = folder / "shard.db"
    if shard.exists():
        return None
    candidates = sorted((p for p in folder.parent.iterdir() if p != folder and p.is_dir()),
                        reverse=True)
    for previous in candidates:
        try:
            manifest = read_manifest(previous)
        except (OSError, ValueError):
            continue
        source = previous / str(manifest.get("shard", "shard.db"))
        # Only a finished crawl's shard: an interrupted one counts as finished to the next
        # incremental crawl, which would leave its half-read threads half-read until the
        # next full refresh; without it, what that job had not finished is fetched again.
        if manifest.get("status") != "finished" or not source.exists():
            continue
        partial = folder / "shard.db.partial"
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
                contextlib.closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        os.replace(partial, shard)
        return str(previous.relative_to(config.outputs))
    return None


def _die_with_parent() -> None:
    # The crawl dies with its worker (a SIGKILLed worker must not leave a crawl running
    # unlocked: the redelivered job would be a second crawler of the site).
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    os.setpgrp()


def crawl_command(site: str, job_id: str, folder: Path, profile: str | None,
                  settings: dict[str, Any], config: FleetConfig) -> list[str]:
    command = [sys.executable, "-m", "archiver", "crawl", site, "--db", str(folder / "shard.db")]
    if profile:
        command += ["--profile", profile]
    overrides = {**settings, "ARCHIVER_FLEET_JOB": job_id,
                 "ARCHIVER_FLEET_REDIS_URL": config.redis_url,
                 "ARCHIVER_FLEET_HOST_DELAY_MS": config.host_delay_ms}
    for name, value in overrides.items():
        command += ["-s", f"{name}={value}"]
    return command


def _crawl(config: FleetConfig, site: str, job_id: str, folder: Path, profile: str | None,
           settings: dict[str, Any], lock: locks.SiteLock) -> tuple[str, str | None]:
    """Run the crawl, renewing the lock; (status, reason): finished, failed, interrupted."""
    command = crawl_command(site, job_id, folder, profile, settings, config)
    renew_every = max(1.0, config.lock_ttl / 3)
    with open(folder / "crawl.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        _running.add(process)
        elapsed = 0.0
        try:
            while True:
                try:
                    code = process.wait(timeout=renew_every)
                    break
                except subprocess.TimeoutExpired:
                    elapsed += renew_every
                if elapsed > config.job_timeout:
                    _stop(process)
                    return "failed", f"timed out after {config.job_timeout} s"
                try:
                    still_ours = lock.renew()
                except Exception as exc:  # Redis away (a restart): keep crawling, retry
                    logger.warning("%s: cannot renew the site lock (%s)", site, exc)
                    continue
                if not still_ours:
                    # Another worker may be crawling the site now: stop ours at once.
                    _stop(process)
                    raise RuntimeError(f"{site}: the site lock expired during the crawl")
        except BaseException:
            _stop(process)
            raise
        finally:
            _running.discard(process)
    if _stopping.is_set():
        return "interrupted", "the worker was stopped"
    if code == 0:
        return "finished", None
    if code < 0:
        return "interrupted", f"crawl stopped by signal {-code}"
    return "failed", _last_error(folder / "crawl.log") or f"crawl exited with status {code}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _last_error(log: Path) -> str | None:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        if line.startswith("Error: "):
            return line.removeprefix("Error: ").strip()[:500]
    return None


def run_worker(config: FleetConfig, stop: threading.Event | None = None) -> None:
    """Run one worker (one job at a time) until SIGTERM/SIGINT or ``stop``."""
    broker = make_broker(config)
    declare_actor(broker, config)
    worker = dramatiq.Worker(broker, queues={QUEUE}, worker_threads=1, worker_timeout=1000)
    # One message at a time: a prefetched job would wait here while another worker idles.
    worker.queue_prefetch = 1
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    worker.start()
    logger.info("fleet worker %s started", os.getpid())
    try:
        stop.wait()
    finally:
        # The running crawl stops as Scrapy does on SIGTERM (what it saved stays); its job
        # is recorded as interrupted and the site is due again at once.
        _stopping.set()
        for process in list(_running):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        worker.stop(timeout=config.job_timeout * 1000)
        broker.close()
