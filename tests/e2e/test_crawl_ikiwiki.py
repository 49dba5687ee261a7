"""End to end: a stock ikiwiki blog (Debian's package, its comments plugin, lighttpd's CGI),
commented through its own CGI form, crawled through the CLI with no profile; the archive
must hold each post's comments as ikiwiki's own `._comment` files have them, and none of
the comment held for moderation (a `._comment_pending` file, never shown).

ikiwiki's stock templates print a comment's time with '%c' in the site's zone, without the
zone; this site runs in UTC, which is also what archiver assumes without a profile.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from tests.helpers import run_cli
from tests.platforms.ikiwiki.site import IkiwikiSite, missing_tools
from tests.platforms.thread_score import archived_comments, norm, score_threads

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site():
    missing = missing_tools()
    if missing:
        pytest.skip("the ikiwiki test site needs: " + ", ".join(missing)
                    + " (./run setup --test installs them)")
    started = time.monotonic()
    with IkiwikiSite() as ikiwiki:
        print(f"\nikiwiki set-up: {time.monotonic() - started:.1f}s {ikiwiki.timings}")
        yield ikiwiki


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    db = tmp_path_factory.mktemp("ikiwiki") / "ikiwiki.db"
    result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    # Only the crawl's requests: posting the comments went through the CGI too.
    yield con, site.requests(agent="archiver/")
    con.close()


def test_the_site_has_what_the_test_is_about(site):
    truth = site.truth()
    shown = [c for c in truth if c["visible"]]
    assert len(shown) == 8 and len({c["url"] for c in shown}) == 2, truth
    assert [c["author"] for c in shown if c["signed_in"]] == ["renée"], truth
    assert [c["author"] for c in truth if not c["visible"]] == ["Spam Bot"], truth
    assert any(c["author"] and not c["author"].isascii() for c in truth)
    # Anonymous (no name given), shown as "Anonymous".
    assert sum(c["author"] is None for c in shown) == 2, truth
    assert len({c["published"] for c in truth}) == len(truth), truth


def test_every_comment_is_archived_on_its_post_with_author_date_and_text(site, crawl):
    con, _ = crawl
    truth = site.truth()
    archived = archived_comments(con)
    score = score_threads(truth, archived, lambda comment: 0)  # the page prints seconds
    print("\nikiwiki thread fidelity: " + score.report())
    assert all(value == 1.0 for value in score.figures.values()), score.report()
    assert not score.extra and not score.hidden_archived, score.report()
    by_post: dict[str, list[dict]] = {}
    for row in archived:
        by_post.setdefault(row["article_url"], []).append(row)
    for url in {c["url"] for c in truth}:
        # In date order, as the page shows them.
        gold = [c for c in truth if c["url"] == url and c["visible"]]
        rows = by_post.get(url, [])
        assert [norm(r["text"]) for r in rows] == [norm(c["text"]) for c in gold], url
        assert [r["published"] for r in rows] == [c["published"] for c in gold], url


def test_a_page_listing_other_posts_comments_holds_none_of_them(site, crawl):
    """comments/ (the stock blog's "recent comments" page) prints every comment again,
    each linked to its post: archived there, they were moved off their posts."""
    con, requests = crawl
    assert any(r.startswith("GET /comments/ ") for r in requests)
    assert con.execute("select count(*) from comments where article_url not like ?",
                       (f"{site.base_url}/posts/%",)).fetchone()[0] == 0
    assert con.execute("select count(*) from articles where url = ?",
                       (f"{site.base_url}/comments/",)).fetchone()[0] == 0


def test_each_post_is_an_article_with_its_title_and_author(site, crawl):
    con, _ = crawl
    for url, post in site.posts().items():
        row = con.execute("select title from articles where url = ?", (url,)).fetchone()
        assert row is not None, f"{url} not archived"
        assert row["title"] == post["title"]
        names = [r[0] for r in con.execute(
            "select a.name from article_authors aa join authors a on a.id = aa.author_id "
            "where aa.article_url = ? order by aa.position", (url,))]
        assert names == ([post["author"]] if post["author"] else []), url
        count = con.execute("select archived_comment_count from articles where url = ?",
                            (url,)).fetchone()[0]
        assert count == sum(c["url"] == url and c["visible"] for c in site.truth()), url


def test_each_post_is_dated_as_ikiwiki_dates_it(site, crawl):
    """A post page prints only "Last edited <date>" (its "Created" date is inside an HTML
    comment): the date is the feed's, and the edit is the modified date."""
    con, _ = crawl
    for url, post in site.posts().items():
        row = con.execute("select published, modified from articles where url = ?",
                          (url,)).fetchone()
        assert row is not None and row["published"] in (post["date"], post["date"][:10]), url
        assert row["modified"] and row["modified"] >= row["published"], url


def test_no_action_link_of_the_cgi_is_ever_requested(crawl):
    """Edit, Preferences, "Add a comment", sign in, a member's user page (do=goto):
    ikiwiki.cgi?do=... links on every page."""
    con, requests = crawl
    assert requests, "the crawl made no request"
    assert not [r for r in requests if "ikiwiki.cgi" in r]
    stats = con.execute("select stats from crawls order by id desc limit 1").fetchone()[0]
    assert '"archiver/links/skipped/action/' in stats  # seen, and left alone
