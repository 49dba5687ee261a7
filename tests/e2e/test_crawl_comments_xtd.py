"""End to end: a Django blog with django-comments-xtd (PyPI) and its stock comment templates,
seeded through the ORM, crawled through the CLI with no profile; the archive must hold the
threads the app shows, as its database has them.

The app prints times as Django's default "March 4, 2024, 8:45 a.m." in the site's zone
(UTC here, Django's default), so a comment's time is right within the minute it shows.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from tests.helpers import FIXTURES, run_cli
from tests.platforms.comments_xtd.site import CommentsXtdSite, missing_tools
from tests.platforms.thread_score import (
    archived_comments,
    extracted_rows,
    saved_page_truth,
    score_threads,
)

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]
GOAL = 0.98


@pytest.fixture(scope="module")
def site():
    missing = missing_tools()
    if missing:
        pytest.fail("django-comments-xtd test site needs: " + ", ".join(missing))
    started = time.monotonic()
    with CommentsXtdSite() as xtd:
        print(f"\ndjango-comments-xtd set-up: {time.monotonic() - started:.1f}s {xtd.timings}")
        yield xtd


@pytest.fixture(scope="module")
def score(site, tmp_path_factory):
    db = tmp_path_factory.mktemp("xtd") / "xtd.db"
    result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    try:
        # The page shows minutes: 8:45:45 is right as 8:45:00.
        result = score_threads(site.truth(), archived_comments(con), lambda comment: 60)
    finally:
        con.close()
    print("\ndjango-comments-xtd thread fidelity: " + result.report())
    return result


@pytest.mark.slow
def test_seeded_site_has_what_the_issue_asks_for(site):
    truth = site.truth()
    parents = {c["id"]: c["parent_id"] for c in truth}

    def depth(cid: str) -> int:
        return 0 if parents[cid] is None else 1 + depth(parents[cid])

    assert max(depth(c) for c in parents) >= 3
    assert any(c["author"] and not c["author"].isascii() for c in truth)
    assert any(c["author"] == "Guest" and c["visible"] for c in truth)
    assert sum(not c["visible"] for c in truth) == 2
    assert len({c["url"] for c in truth}) >= 2


@pytest.mark.slow
def test_every_shown_comment_is_archived_with_author_parent_and_date(score):
    assert all(value >= GOAL for value in score.figures.values()), score.report()
    assert not score.extra, score.report()


@pytest.mark.slow
def test_moderated_and_removed_comments_are_never_archived(score):
    assert not score.hidden_archived, score.report()


SAVED = sorted((FIXTURES / "platforms" / "comments_xtd").glob("*.html"))


@pytest.mark.parametrize("page", SAVED, ids=[p.stem for p in SAVED])
def test_saved_page_extracts_its_thread(page):
    """The same pages saved as served (tests/platforms/save_pages.py): the extractor alone,
    fast, no server."""
    truth = saved_page_truth(page.with_suffix(".json"))
    url = truth[0]["url"]
    result = run_cli("extract", str(page), "--url", url)
    assert result.returncode == 0, result.stderr
    score = score_threads(truth, extracted_rows(json.loads(result.stdout), url),
                          lambda comment: 60)
    assert all(value >= GOAL for value in score.figures.values()), score.report()
    assert not score.extra and not score.hidden_archived, score.report()
