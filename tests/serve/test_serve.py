"""`archiver serve`: Datasette on loopback answers search, facets and the canned queries;
headless Chromium renders the threaded page nested as the thread, with hostile HTML inert."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sqlite_utils import Database

from archiver.store import open_archive, save_records
from tests.helpers import REPO, free_port
from tests.store.store_records import make_comment, make_record

pytestmark = pytest.mark.slow

HOSTILE_URL = "https://hostile.example/2024/05/xss/"
# Each payload would set the title if it ever ran.
HOSTILE_HTML = (
    "<p>Nice post</p><script>document.title='PWNED'</script>"
    "<img src=x onerror=\"document.title='PWNED'\">"
    "<a href=\"javascript:document.title='PWNED'\">link</a>"
    "<svg onload=\"document.title='PWNED'\"></svg>"
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(url: str, tmp_path: Path) -> str:
    """The DOM after the page loaded and ran its scripts, from headless Chromium."""
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    profile = tmp_path / f"chromium-{time.monotonic_ns()}"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=3000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def archive(demo_archive, tmp_path_factory) -> Path:
    """The demo archive plus an article whose comments hold raw hostile HTML."""
    db_path = tmp_path_factory.mktemp("serve") / "archive.db"
    shutil.copy(demo_archive, db_path)
    db = open_archive(db_path)
    hostile = make_comment("666", text="hostile", html=HOSTILE_HTML)
    reply = make_comment("667", "666", text="reply", html="<p>a reply</p>" + HOSTILE_HTML)
    results = save_records(db, [make_record(HOSTILE_URL, origin="https://hostile.example",
                                            comments=[hostile, reply])], None)
    assert results[0]["article"] == "new"
    # The writer stores html as given: the raw payload is in the archive.
    assert next(db.query("select html from comments where native_id = '666'"))["html"] == \
        HOSTILE_HTML
    db.close()
    return db_path


@pytest.fixture(scope="module")
def server(archive):
    """`archiver serve` on a free loopback port, as a user starts it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver", "serve", "--db", str(archive), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                out, err = process.communicate()
                pytest.fail(f"archiver serve did not start: {out}\n{err}")
            time.sleep(0.2)
    yield base
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get_json(base: str, path: str, **params: str):
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{base}{path}?{query}", timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def db(archive):
    database = Database(archive)
    yield database
    database.close()


def busiest_article(db: Database) -> str:
    return next(db.query("select article_url from comments where article_url like 'http://127%'"
                         " group by article_url order by max(depth) desc, count(*) desc,"
                         " article_url limit 1"))["article_url"]


def test_full_text_search_finds_the_matching_comments(server, db):
    word = "parliament"
    expected = {r["id"] for r in db.query(
        "select comments.id from comments_fts join comments on comments.rowid = comments_fts.rowid"
        " where comments_fts match ?", [word])}
    assert 0 < len(expected) < 1000
    data = get_json(server, f"/{db_name(db)}/comments.json", _search=word, _size="max",
                    _shape="objects")
    assert {row["id"] for row in data["rows"]} == expected
    assert data["filtered_table_rows_count"] == len(expected)


def test_section_facet_counts_articles(server, db):
    data = get_json(server, f"/{db_name(db)}/articles.json", _facet="section")
    got = {r["value"]: r["count"] for r in data["facet_results"]["section"]["results"]}
    expected = {r["section"]: r["n"] for r in db.query(
        "select section, count(*) as n from articles where section is not null group by section")}
    assert got == expected and len(expected) > 1


def db_name(db: Database) -> str:
    return Path(db.conn.execute("pragma database_list").fetchone()[2]).stem


def canned(server, db, name, **params):
    return get_json(server, f"/{db_name(db)}/{name}.json", _shape="array", **params)


def test_canned_article_thread_reads_in_order_with_depth(server, db):
    url = busiest_article(db)
    rows = canned(server, db, "article_thread", url=url)
    expected = list(db.query("select native_id, depth from comments where article_url = ?"
                             " order by path", [url]))
    assert [(r["native_id"], r["depth"]) for r in rows] == \
        [(r["native_id"], r["depth"]) for r in expected]
    assert max(r["depth"] for r in rows) >= 2


def test_canned_commenter_history_and_most_active(server, db):
    top = list(db.query("select commenters.name, count(*) as n from comments join commenters"
                        " on commenters.id = comments.commenter_id group by commenters.id"
                        " order by n desc, commenters.name"))
    most_active = canned(server, db, "most_active_commenters")
    assert [(r["commenter"], r["comments"]) for r in most_active] == \
        [(r["name"], r["n"]) for r in top[:100]]
    name = top[0]["name"]
    history = canned(server, db, "commenter_history", commenter=name)
    assert len(history) == sum(r["n"] for r in top if r["name"] == name)
    assert [r["published"] for r in history] == sorted(r["published"] for r in history)


def test_canned_comments_per_day_and_new_since(server, db):
    per_day = canned(server, db, "comments_per_day")
    expected = {r["day"]: r["n"] for r in db.query(
        "select date(published) as day, count(*) as n from comments"
        " where published is not null group by day")}
    assert {r["day"]: r["comments"] for r in per_day} == expected
    since = sorted(expected)[len(expected) // 2]
    new = canned(server, db, "new_comments_since", since=since)
    count = db.execute("select count(*) from comments where published >= ?", [since]).fetchone()
    assert len(new) == count[0] > 0


def test_thread_page_nests_comments_as_the_thread(server, db, tmp_path):
    url = busiest_article(db)
    dom = dump_dom(f"{server}/-/thread?" + urllib.parse.urlencode({"url": url}), tmp_path)
    tree = lxml_html.fromstring(dom)
    items = tree.xpath("//li[contains(@class, 'comment')]")
    rows = list(db.query("select native_id, parent_native_id, depth, parent_missing"
                         " from comments where article_url = ? order by path", [url]))
    assert [li.get("data-comment-id") for li in items] == [r["native_id"] for r in rows]
    by_id = {r["native_id"]: r for r in rows}
    for li in items:
        row = by_id[li.get("data-comment-id")]
        ancestors = li.xpath("ancestor::li[contains(@class, 'comment')]")
        # Nesting in the DOM is the thread: depth = enclosing comments, parent = nearest one.
        assert len(ancestors) == row["depth"]
        parent = ancestors[-1].get("data-comment-id") if ancestors else None
        assert parent == (None if row["parent_missing"] else row["parent_native_id"])
        assert li.getparent().tag == "ol"


def test_hostile_comment_html_renders_inert(server, tmp_path):
    page = f"{server}/-/thread?" + urllib.parse.urlencode({"url": HOSTILE_URL})
    dom = dump_dom(page, tmp_path)
    tree = lxml_html.fromstring(dom)
    assert tree.findtext(".//title") != "PWNED"
    bodies = tree.xpath("//div[@class='comment-body']")
    assert len(bodies) == 2 and "Nice post" in bodies[0].text_content()
    for body in bodies:
        assert not body.xpath(".//script | .//svg | .//img")
        assert not [a for el in body.iter() for a in el.attrib if a.lower().startswith("on")]
        assert not body.xpath(".//a[starts-with(@href, 'javascript')]")


def test_the_browser_check_would_catch_a_script(tmp_path):
    # Control: the same payload served unsanitized does change the title in this browser,
    # so the test above can fail.
    page = tmp_path / "raw.html"
    page.write_text(f"<html><head><title>ok</title></head><body>{HOSTILE_HTML}</body></html>")
    dom = dump_dom(page.as_uri(), tmp_path)
    assert lxml_html.fromstring(dom).findtext(".//title") == "PWNED"


def test_serve_refuses_a_missing_archive(tmp_path):
    result = subprocess.run([sys.executable, "-m", "archiver", "serve", "--db",
                             str(tmp_path / "none.db")], capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 1 and "no archive there" in result.stderr
    assert "Traceback" not in result.stderr
