"""bench/fidelity on the real-page corpus: CI fails when extraction falls below a floor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "fidelity"
FLOORS = ROOT / "bench" / "fidelity-floors.json"
LABELS = ("pages refused", "title", "authors", "published date", "body token F1",
          "comment recall", "comment author", "comment parent", "comment date",
          "comment precision")


def find_corpus() -> Path | None:
    if os.environ.get("FIDELITY_CORPUS"):
        return Path(os.environ["FIDELITY_CORPUS"])
    for folder in ROOT.parents:
        if (folder / "shared" / "corpus" / "real" / "score.py").is_file():
            return folder / "shared" / "corpus" / "real"
    return None


CORPUS = find_corpus()
pytestmark = pytest.mark.skipif(CORPUS is None or not (CORPUS / "manifest.json").is_file(),
                                reason="no ../shared/corpus/real (set FIDELITY_CORPUS)")


def fidelity(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(CORPUS), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def table(stdout: str) -> dict[str, list[str]]:
    return {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in stdout.splitlines() if line.startswith("| ")}


@pytest.mark.timeout(600)
def test_whole_corpus_stays_at_or_above_the_floors():
    proc = fidelity("--floors", str(FLOORS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = table(proc.stdout)
    for label in LABELS:
        assert any(key.startswith(label) for key in rows), f"no {label!r} row:\n{proc.stdout}"
    assert all(cells[-1] == "yes" for key, cells in rows.items() if key != "field")
    pages = json.loads((CORPUS / "manifest.json").read_text())["pages"]
    assert f"on {len(pages)} pages" in proc.stdout
    assert "What each page missed:" in proc.stdout


def test_a_figure_under_its_floor_fails_and_is_named(tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"comment_recall": 1.01, "failed": 0}))
    proc = fidelity("--pages", "020", "--floors", str(floors))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "comment_recall" in proc.stderr and "below its floor 1.01" in proc.stderr
    rows = table(proc.stdout)
    assert rows[next(k for k in rows if k.startswith("comment recall"))][-1] == "NO"


def test_per_page_breakdown_agrees_with_the_scorers_own_rows():
    """Each page score.py marks as imperfect is listed with what it missed; no other page."""
    pages = "006,015,020,033"
    proc = fidelity("--pages", pages)
    assert proc.returncode == 0, proc.stderr
    listed = {line[2:5]: line for line in proc.stdout.split("What each page missed:")[1]
              .splitlines() if line.startswith("- ")}
    scorer = subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), "--pages", pages, "--",
         sys.executable, "-m", "archiver", "extract", "{file}", "--url", "{url}"],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    rows = [line.split() for line in scorer.stdout.splitlines() if line.startswith("pages/")]
    assert len(rows) == 4
    for row in rows:
        number = row[0][len("pages/"):][:3]
        if row[1] == "FAILED":
            assert "refused: exit" in listed[number]
            continue
        fields = dict(cell.split("=", 1) for cell in row[1:] if "=" in cell)
        gold, found = int(fields.get("gold", 0)), int(fields.get("found", 0))
        misses = [name for name in ("title", "authors") if fields[name] == "0"]
        if found < gold:
            misses.append(f"comments missed {gold - found} of {gold}")
        if misses:
            assert all(miss in listed[number] for miss in misses), (misses, listed[number])
        elif fields.get("pred", "0") == fields.get("found", "0") and fields["date"] != "0" \
                and float(fields.get("body_f1", 1)) >= 0.9 \
                and fields.get("author") == fields.get("found") \
                and fields.get("parent") == fields.get("found"):
            assert number not in listed, listed[number]


def test_missing_corpus_is_a_clear_skip_not_an_error(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), "--corpus", str(tmp_path / "none")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    assert "no corpus at" in proc.stderr and "skipped" in proc.stderr
    assert "Traceback" not in proc.stderr
