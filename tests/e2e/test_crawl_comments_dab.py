"""End to end: a Django blog with django-comments-dab (PyPI) and its stock templates,
seeded through the ORM, crawled through the CLI with no profile; the archive must hold the
threads the app shows, as its database has them.

What the stock templates print: the username (not the full name; "Anonymous User" for a
guest), the time only as Django's `timesince` ("1 year, 2 months ago": its two largest
units), replies one level under their comment inside a container the app's script reveals,
and ten top-level comments a page, the rest on "?page=N#comments" links.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import run_cli
from tests.platforms.comments_dab.site import CommentsDabSite, missing_tools
from tests.platforms.thread_score import archived_comments, instant, norm, score_threads

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]
GOAL = 0.98
# timesince's units, largest first: a time it prints is right within the unit after the
# first one it names ("1 year, 2 months" within a month; "5 hours" within a minute).
UNITS = [(timedelta(days=365), timedelta(days=31)), (timedelta(days=30), timedelta(days=7)),
         (timedelta(days=7), timedelta(days=1)), (timedelta(days=1), timedelta(hours=1)),
         (timedelta(hours=1), timedelta(minutes=1))]


def precision(age: timedelta) -> timedelta:
    return next((finer for unit, finer in UNITS if age >= unit), timedelta(minutes=1))


@pytest.fixture(scope="module")
def site():
    missing = missing_tools()
    if missing:
        pytest.fail("django-comments-dab test site needs: " + ", ".join(missing))
    started = time.monotonic()
    with CommentsDabSite() as dab:
        print(f"\ndjango-comments-dab set-up: {time.monotonic() - started:.1f}s {dab.timings}")
        yield dab


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    db = tmp_path_factory.mktemp("dab") / "dab.db"
    result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        articles = [dict(row) for row in con.execute(
            "select url, last_seen, thread_complete from articles")]
        errors = [tuple(row) for row in con.execute("select url, kind, message from errors")]
        comments = archived_comments(con)
    finally:
        con.close()
    return articles, comments, errors


@pytest.fixture(scope="module")
def score(site, crawl):
    articles, comments, _errors = crawl
    fetched = {row["url"]: instant(row["last_seen"]) for row in articles}
    rows = []
    for row in comments:
        # A day or more ago is printed in days, read as the day it was (no invented hour):
        # that day is right when the instant is within its span.
        value = row["published"]
        if value and len(value) == 10:
            value += "T12:00:00Z"
        rows.append(dict(row, published=value))

    def tolerance(comment: dict) -> float:
        seen = fetched.get(comment["url"]) or datetime.now(UTC)
        age = seen - instant(comment["published"])
        return (precision(age) + timedelta(hours=12, minutes=2)).total_seconds()

    result = score_threads(site.truth(), rows, tolerance)
    print("\ndjango-comments-dab thread fidelity: " + result.report())
    return result


@pytest.mark.slow
def test_seeded_site_has_what_the_issue_asks_for(site):
    truth = site.truth()
    shown = [c for c in truth if c["visible"]]
    assert 20 <= len(truth) <= 40
    assert len({c["url"] for c in shown}) >= 2
    assert any(c["parent_id"] for c in shown)
    assert any(c["author"] == "Anonymous User" for c in shown)
    assert any(not c["author"].isascii() for c in shown)
    assert sum(not c["visible"] for c in truth) >= 2
    ages = [datetime.now(UTC) - instant(c["published"]) for c in shown]
    assert min(ages) < timedelta(hours=1) and max(ages) > timedelta(days=730)
    # More top-level comments on one post than the app prints on a page (10).
    tops: dict[str, int] = {}
    for c in shown:
        if c["parent_id"] is None:
            tops[c["url"]] = tops.get(c["url"], 0) + 1
    assert max(tops.values()) > 10
    assert min(sum(c["url"] == url for c in shown) for url in tops) == 1  # a lone comment


@pytest.mark.slow
def test_every_shown_comment_is_archived_with_author_parent_and_date(score):
    assert all(value >= GOAL for value in score.figures.values()), score.report()
    assert not score.extra, score.report()


@pytest.mark.slow
def test_flagged_comments_and_their_replies_are_never_archived(score):
    assert not score.hidden_archived, score.report()


@pytest.mark.slow
def test_the_second_comment_page_is_part_of_its_article(site, crawl):
    """"?page=2" is read as a page of the article's thread, not archived as an article."""
    articles, comments, _errors = crawl
    urls = sorted(row["url"] for row in articles)
    assert not [url for url in urls if "page=" in url], urls
    posts = {c["url"] for c in site.truth()}
    assert posts <= set(urls), urls
    assert len(comments) == len({c["id"] for c in comments})


@pytest.mark.slow
def test_each_text_is_archived_whole(site, crawl):
    """A long comment's fold ("read more...") and escaped markup are the commenter's text."""
    _articles, comments, _errors = crawl
    archived = {norm(c["text"]) for c in comments}
    shown = [c for c in site.truth() if c["visible"]]
    assert [c["text"] for c in shown if norm(c["text"]) not in archived] == []
    assert any(len(c["text"].split()) > 30 for c in shown)  # the app folds it at 30 words
    assert any("<b>" in c["text"] for c in shown)


@pytest.mark.slow
def test_the_threads_are_complete_from_the_html_alone(crawl):
    """Everything is in the served HTML ("read more..." only unfolds a comment's text,
    "2 Replies" only reveals replies printed already): no browser, no error, no gap."""
    articles, _comments, errors = crawl
    assert errors == []
    assert all(row["thread_complete"] for row in articles), articles
