"""`bench/run --quick` runs end to end against nginx and prints the whole table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = (
    "crawl pages/s",
    "crawl CPU ms/page",
    "pages per crawl",
    "extraction CPU ms/page",
    "store comment rows/CPU s (new)",
    "store comment rows/CPU s (unchanged re-save)",
    "crawl peak RSS MB",
    "ground-truth mismatches, all archiver crawls",
    "unchanged recrawl: bytes",
    "unchanged recrawl: requests",
    "unchanged recrawl: wall",
    "export articles/s",
    "reparse pages/s",
    "link-dense: crawl pages/s",
    "link-dense: crawl CPU ms/page",
    "link-dense: requests per article",
    "link-dense: links found -> requested",
    "link-dense: extraction CPU ms/page",
    "link-dense: crawl peak RSS MB",
    "link-dense: ground-truth mismatches",
)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quick_bench_prints_every_row_and_matches_ground_truth():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run"), "--quick"],
                          capture_output=True, text=True, cwd=ROOT, timeout=580)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in proc.stdout.splitlines() if line.startswith("| ")}
    for label in ROWS:
        assert any(key.startswith(label) for key in rows), f"no {label!r} row:\n{proc.stdout}"
    truth = next(cells for key, cells in rows.items()
                 if key.startswith("ground-truth mismatches"))
    assert truth[0] == "0" and truth[-1] == "yes", proc.stdout
    # An unchanged site recrawled: conditional requests, a small share of the bytes.
    recrawl_bytes = rows["unchanged recrawl: bytes"]
    assert recrawl_bytes[-1] == "yes", proc.stdout
    # Both spiders fetched the site: the same pages, give or take robots.txt.
    pages = rows["pages per crawl"]
    ours, bare = int(pages[0]), int(pages[1].split()[-1])
    assert ours > 100 and abs(ours - bare) <= 3, proc.stdout
    # The link-dense shape, no profile: exact, and the frontier kept requests near pages.
    dense_truth = rows["link-dense: ground-truth mismatches, all archiver crawls"]
    assert dense_truth[0] == "0" and dense_truth[-1] == "yes", proc.stdout
    assert rows["link-dense: requests per article"][-1] == "yes", proc.stdout
    # Every goal not met comes with the profile of where its time goes.
    for measure, heading in (("extraction CPU ms/page", "**Extraction"),
                             ("store comment rows/CPU s", "**Store")):
        if any(key.startswith(measure) and cells[-1] == "NO" for key, cells in rows.items()):
            assert "What remains" in proc.stdout and heading in proc.stdout, proc.stdout
    for label, cells in rows.items():
        if "ground-truth" not in label:
            assert cells[0] and cells[0] not in ("0", "0.0"), f"{label}: {cells}"
