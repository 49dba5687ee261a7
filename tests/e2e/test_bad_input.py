"""Bad input gets a clear message and loses nothing else."""

from __future__ import annotations

import sqlite3

import pytest

from tests.helpers import FIXTURES, free_port, run_cli

pytestmark = pytest.mark.slow

SITE = FIXTURES / "sites" / "bad-input"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False"]


def test_broken_pages_are_recorded_and_skipped_and_the_rest_is_archived(
        serve_directory, tmp_path):
    base = serve_directory(SITE, {"/2024/05/server-error/": 500})
    db = tmp_path / "bad.db"
    result = run_cli("crawl", base + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    con = sqlite3.connect(db)
    articles = dict(con.execute("select url, title from articles"))
    assert articles == {
        f"{base}/2024/05/good-article/": "A good article",
        f"{base}/2024/05/broken-article/": "A broken article",
    }
    comments = con.execute(
        "select native_id, parent_native_id, depth from comments order by article_url, path"
    ).fetchall()
    assert ("7", None, 0) in comments  # the broken page's comment survived
    assert ("2", "1", 1) in comments
    errors = con.execute("select url, kind, message from errors").fetchall()
    assert any(u.endswith("/server-error/") and "500" in m for u, _, m in errors)
    assert "2 errors" in result.stdout or "errors recorded" in result.stdout


def test_a_malformed_profile_is_named_with_its_line(tmp_path):
    profile = tmp_path / "site.toml"
    profile.write_text("[site]\nname = 'x'\ntimezone = 'Nowhere/Special'\n")
    result = run_cli("crawl", "https://mag.example/", "--profile", str(profile),
                     "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert f"{profile}, line 3: unknown time zone" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_an_unreachable_site_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/"
    result = run_cli("crawl", url, "--db", str(tmp_path / "x.db"), *FAST,
                     "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert "could not fetch the start URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_without_articles_says_so(serve_directory, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(
        "<html><head><title>Just a homepage</title></head><body><p>Hello.</p></body></html>")
    base = serve_directory(folder)
    result = run_cli("crawl", base + "/", "--db", str(tmp_path / "x.db"), *FAST)
    assert result.returncode == 1
    assert "no articles found" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_page_naming_a_local_file_as_its_comment_api_never_reads_it(
        serve_directory, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LOCAL-FILE-CONTENT")
    site = tmp_path / "site"
    (site / "2024" / "05" / "post").mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="/2024/05/post/">post</a></body></html>')
    (site / "2024" / "05" / "post" / "index.html").write_text(
        f'<html><head><title>Post</title><meta property="og:type" content="article">'
        f'<link rel="https://api.w.org/" href="file://{secret}?rest_route=/">'
        f'<link rel="shortlink" href="/?p=5"><meta name="generator" content="WordPress 6.1">'
        f'</head><body class="post-template-default single single-post postid-5">'
        f'<article class="post hentry"><h1 class="entry-title">Post</h1>'
        f'<div class="entry-content"><p>Text.</p></div></article></body></html>')
    base = serve_directory(site)
    db = tmp_path / "x.db"
    result = run_cli("crawl", base + "/", "--db", str(db), *FAST)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(db)
    dumped = "\n".join(con.iterdump())
    assert "SECRET-LOCAL-FILE-CONTENT" not in dumped
    assert con.execute("select title from articles").fetchall() == [("Post",)]
    messages = [m for (m,) in con.execute("select message from errors")]
    assert any("not an HTTP endpoint" in m for m in messages), messages
