"""The kill -9 campaign: crawl, reparse, export and import SIGKILLed at random moments.

For each command, one archive (or snapshot folder) takes every kill in turn: the command
starts, is killed after a random delay within the time an uninterrupted run takes, starts
again, and so on; then it runs to completion. The result is compared row by row with an
uninterrupted run: 0 rows lost, 0 duplicated, and a sound archive after every kill.

Short in CI (ARCHIVER_KILL_CAMPAIGN kills per command, default 3); run it long with e.g.
``ARCHIVER_KILL_CAMPAIGN=200 pytest -q tests/e2e/test_kill_campaign.py -s``. The moments
come from ARCHIVER_KILL_SEED (default: random, printed), so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from archiver.demo.job import PROFILE
from tests.helpers import REPO, copy_archive, run_cli

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("ARCHIVER_KILL_CAMPAIGN") or 3)
SEED = int(os.environ.get("ARCHIVER_KILL_SEED") or random.randrange(2**31))
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
# The archive's content; bookkeeping (crawls, errors, captures, imports) differs by design.
CONTENT_TABLES = ("sites", "articles", "authors", "article_authors", "tags", "article_tags",
                  "commenters", "comments")
# When a row was seen or by which crawl: differs between any two runs.
VOLATILE = {"first_seen", "last_seen", "last_changed", "crawl_id"}
FIGURES: dict[str, dict[str, int]] = {}


def content(db: Path) -> dict[str, Counter]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        out = {}
        for table in CONTENT_TABLES:
            rows = con.execute(f"SELECT * FROM {table}").fetchall()
            out[table] = Counter(
                tuple((k, r[k]) for k in r.keys() if k not in VOLATILE) for r in rows)
        return out
    finally:
        con.close()


def diff(reference: dict[str, Counter], got: dict[str, Counter]) -> dict[str, int]:
    """Rows of the reference missing from ``got`` (lost) and rows beyond it (duplicated)."""
    lost = sum(sum((reference[t] - got[t]).values()) for t in CONTENT_TABLES)
    extra = sum(sum((got[t] - reference[t]).values()) for t in CONTENT_TABLES)
    return {"rows": sum(sum(c.values()) for c in reference.values()), "lost": lost,
            "duplicated": extra}


def assert_sound(db: Path) -> None:
    if not db.exists():
        return
    con = sqlite3.connect(db, timeout=30)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def archiver_args(*args: str) -> list[str]:
    return [sys.executable, "-m", "archiver", *args]


def timed(args: list[str]) -> float:
    started = time.monotonic()
    result = subprocess.run(archiver_args(*args), cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode in (0, 1), result.stderr  # import exits 1 on recorded errors
    assert "Traceback" not in result.stderr, result.stderr
    return time.monotonic() - started


def run_killed(args: list[str], delay: float) -> bool:
    """Start ``archiver ARGS``, SIGKILL its process group after ``delay`` seconds; False when
    it finished first."""
    child = subprocess.Popen(archiver_args(*args), cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        child.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        return True
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def campaign(name: str, args: list[str], duration: float, after_kill=None) -> dict[str, int]:
    """KILLS random kills of ``archiver ARGS``, then a run to completion."""
    rng = random.Random(f"{SEED}-{name}")
    killed = finished_first = 0
    for _ in range(KILLS):
        # Python and Scrapy take a while to start: moments before they write are cheap,
        # so most kills fall within the part of the run that writes.
        if run_killed(args, rng.uniform(0.05, 1.0) * duration):
            killed += 1
        else:
            finished_first += 1
        if after_kill:
            after_kill()
    timed(args)
    return {"kills": killed, "finished_before_the_kill": finished_first}


@pytest.fixture(scope="module")
def reference(demo_site, tmp_path_factory):
    """An uninterrupted crawl of the demo site, its snapshot, and how long each took."""
    folder = tmp_path_factory.mktemp("reference")
    db = folder / "demo.db"
    crawl = ["crawl", demo_site.base_url + "/", "--profile", str(PROFILE), "--db", str(db),
             *FAST]
    times = {"crawl": timed(crawl)}
    times["export"] = timed(["export", "--db", str(db), "--out", str(folder / "snap")])
    times["import"] = timed(["import", str(folder / "snap"), "--db", str(folder / "imp.db")])
    times["reparse"] = timed(["reparse", "--warcs", str(folder / "demo-warc"),
                              "--db", str(folder / "rebuilt.db")])
    yield {"db": db, "crawl": crawl, "times": times, "folder": folder,
           "content": content(db), "snapshot": folder / "snap"}
    print(f"\nkill campaign (seed {SEED}, {KILLS} kills per command):")
    for name, figures in FIGURES.items():
        print(f"  {name:8} " + ", ".join(f"{k} {v}" for k, v in figures.items()))


def test_crawl_killed_at_random_loses_and_duplicates_nothing(reference, tmp_path):
    db = tmp_path / "killed.db"
    args = [*reference["crawl"][:5], str(db), *FAST]
    figures = campaign("crawl", args, reference["times"]["crawl"], lambda: assert_sound(db))
    figures.update(diff(reference["content"], content(db)))
    FIGURES["crawl"] = figures
    assert (figures["lost"], figures["duplicated"]) == (0, 0), figures
    assert run_cli("doctor", "--db", str(db)).returncode == 0


def test_reparse_killed_at_random_rebuilds_the_whole_archive(reference, tmp_path):
    db = tmp_path / "rebuilt.db"
    args = ["reparse", "--warcs", str(reference["folder"] / "demo-warc"), "--db", str(db)]
    figures = campaign("reparse", args, reference["times"]["reparse"],
                       lambda: assert_sound(db))
    figures.update(diff(reference["content"], content(db)))
    FIGURES["reparse"] = figures
    assert (figures["lost"], figures["duplicated"]) == (0, 0), figures


def snapshot_files(folder: Path) -> dict[str, bytes]:
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
             if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("exported_at")
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def test_export_killed_at_random_always_leaves_a_complete_snapshot(reference, tmp_path):
    db = copy_archive(reference["db"], tmp_path / "demo.db")
    out = tmp_path / "snap"
    expected = snapshot_files(reference["snapshot"])
    assert run_cli("export", "--db", str(db), "--out", str(out)).returncode == 0
    complete = {"checked": 0}

    def still_complete() -> None:
        # Killed at any moment, --out holds a whole snapshot (here always the same one).
        assert snapshot_files(out) == expected
        complete["checked"] += 1

    figures = campaign("export", ["export", "--db", str(db), "--out", str(out)],
                       reference["times"]["export"], still_complete)
    assert snapshot_files(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")) \
        == ["snap"]  # nothing left beside it
    got = snapshot_files(out)
    figures.update({"files": len(expected), "lost": len(set(expected) - set(got)),
                    "duplicated": len(set(got) - set(expected)),
                    "complete_after_kill": complete["checked"]})
    FIGURES["export"] = figures
    assert (figures["lost"], figures["duplicated"]) == (0, 0), figures


def test_import_killed_at_random_completes_and_is_never_exported_half_done(
        reference, tmp_path):
    db = tmp_path / "imported.db"
    snapshot = tmp_path / "snap"
    shutil.copytree(reference["snapshot"], snapshot)
    refused = {"n": 0}

    def not_exported_half_done() -> None:
        assert_sound(db)
        if not db.exists():
            return
        result = run_cli("export", "--db", str(db), "--out", str(tmp_path / "out"))
        if result.returncode != 0:
            assert "did not finish" in result.stderr, result.stderr
            refused["n"] += 1
        else:  # only when the import had finished (or had not begun)
            exported = snapshot_files(tmp_path / "out")
            articles = [k for k in exported if k.startswith("articles/")]
            assert not articles or exported == snapshot_files(reference["snapshot"])
        shutil.rmtree(tmp_path / "out", ignore_errors=True)

    figures = campaign("import", ["import", str(snapshot), "--db", str(db)],
                       reference["times"]["import"], not_exported_half_done)
    imported = content(reference["folder"] / "imp.db")
    figures.update(diff(imported, content(db)))
    figures["export_refused"] = refused["n"]
    FIGURES["import"] = figures
    assert (figures["lost"], figures["duplicated"]) == (0, 0), figures
    assert run_cli("doctor", "--db", str(db)).returncode == 0
