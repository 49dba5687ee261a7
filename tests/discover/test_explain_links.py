"""`archiver extract PAGE --explain-links`: the crawl's decision on every link of a page."""

from __future__ import annotations

import json
import sys

from tests.helpers import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
from dense_site import generate_dense_site

BASE = "http://mag.example"


def _article_page(tmp_path):
    site = generate_dense_site(BASE, n_articles=40)
    article = site.truth["articles"][0]["url"].removeprefix(BASE)
    path = tmp_path / "page.html"
    path.write_bytes(site.files[article + "index.html"][0])
    return path, BASE + article


def test_explain_links_gives_every_link_its_decision_and_reason(tmp_path):
    path, url = _article_page(tmp_path)
    result = run_cli("extract", str(path), "--url", url, "--explain-links", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) > 100
    by_decision = {}
    for row in rows:
        by_decision.setdefault(row["decision"], set()).add(f"{row['kind']}/{row['reason']}")
    assert {"action/vote", "action/flag", "action/reply", "action/share",
            "offsite/offsite"} <= by_decision["skip"]
    assert "page/page" in by_decision["follow"] and "page/page" in by_decision["seen"]
    liked = next(r for r in rows if "/like/" in r["url"])
    assert (liked["decision"], liked["kind"], liked["reason"]) == ("skip", "action", "vote")
    followed = [r["canonical"] for r in rows if r["decision"] == "follow"]
    assert len(followed) == len(set(followed))


def test_explain_links_plain_lines_end_with_a_summary(tmp_path):
    path, url = _article_page(tmp_path)
    result = run_cli("extract", str(path), "--url", url, "--explain-links")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("skip    action/vote") for line in lines)
    assert "links:" in result.stderr and "follow" in result.stderr
