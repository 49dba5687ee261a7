"""End to end: a stock Mezzanine CMS (PyPI) seeded through its ORM, crawled through the CLI
with no profile; the archive must hold the threads Mezzanine shows, as its database has them.

Mezzanine's stock templates print comment times only as "5 days, 2 hours ago" (Django's
timesince, two units), so a comment's time is right when it is within the unit the page
shows, counted from the crawl.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from tests.helpers import FIXTURES, run_cli
from tests.platforms.mezzanine.site import MezzanineSite, missing_tools
from tests.platforms.thread_score import (
    archived_comments,
    extracted_rows,
    instant,
    saved_page_truth,
    score_threads,
)

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]
GOAL = 0.98
# Django's timesince units, largest first; it prints the first non-zero one and the next.
UNITS = (timedelta(days=365), timedelta(days=30), timedelta(days=7), timedelta(days=1),
         timedelta(hours=1), timedelta(minutes=1))


def shown_precision(age: timedelta) -> timedelta:
    for unit, finer in pairwise(UNITS):
        if age >= unit:
            return finer
    return UNITS[-1]


@pytest.fixture(scope="module")
def site():
    missing = missing_tools()
    if missing:
        pytest.fail("Mezzanine test site needs: " + ", ".join(missing))
    started = time.monotonic()
    with MezzanineSite() as mezzanine:
        print(f"\nMezzanine set-up: {time.monotonic() - started:.1f}s {mezzanine.timings}")
        yield mezzanine


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    db = tmp_path_factory.mktemp("mezzanine") / "mezzanine.db"
    crawled_at = datetime.now(UTC)
    result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    yield archived_comments(con), crawled_at
    con.close()


@pytest.fixture(scope="module")
def score(site, crawl):
    archived, crawled_at = crawl

    def tolerance(comment: dict) -> float:
        age = crawled_at - instant(comment["published"])
        # The page floors to its unit; the crawl itself takes a little while.
        return (shown_precision(age) + timedelta(minutes=2)).total_seconds()

    result = score_threads(site.truth(), archived, tolerance)
    print("\nMezzanine thread fidelity: " + result.report())
    return result


@pytest.mark.slow
def test_seeded_site_has_what_the_issue_asks_for(site):
    truth = site.truth()
    parents = {c["id"]: c["parent_id"] for c in truth}

    def depth(cid: str) -> int:
        return 0 if parents[cid] is None else 1 + depth(parents[cid])

    assert max(depth(c) for c in parents) >= 3
    assert any(c["author"] and not c["author"].isascii() for c in truth)
    assert any(c["author"] is None and c["visible"] for c in truth)
    assert sum(not c["visible"] for c in truth) == 2
    assert len({c["url"] for c in truth}) >= 2


@pytest.mark.slow
def test_every_shown_comment_is_archived_with_author_parent_and_date(score):
    assert all(value >= GOAL for value in score.figures.values()), score.report()
    assert not score.extra, score.report()


@pytest.mark.slow
def test_moderated_and_removed_comments_are_never_archived(score):
    assert not score.hidden_archived, score.report()


SAVED = sorted((FIXTURES / "platforms" / "mezzanine").glob("*.html"))


@pytest.mark.parametrize("page", SAVED, ids=[p.stem for p in SAVED])
def test_saved_page_extracts_its_thread(page):
    """The same pages saved as served (tests/platforms/save_pages.py): the extractor alone,
    fast, no server.
    (Its times are relative to the moment it was served, so they are not scored here.)"""
    truth = saved_page_truth(page.with_suffix(".json"))
    url = truth[0]["url"]
    result = run_cli("extract", str(page), "--url", url)
    assert result.returncode == 0, result.stderr
    score = score_threads(truth, extracted_rows(json.loads(result.stdout), url),
                          lambda comment: 60)
    assert all(score.figures[k] >= GOAL for k in ("recall", "author", "parent")), score.report()
    assert not score.extra and not score.hidden_archived, score.report()
