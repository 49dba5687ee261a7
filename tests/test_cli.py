"""The CLI in-process (click's CliRunner, exceptions not caught so tracebacks fail loudly),
and crawls that fail, in a child process as a user runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from archiver.cli import main
from tests.helpers import FIXTURES, REPO, free_port, last_crawl, query, run_cli

GOOD = FIXTURES / "sites" / "bad-input" / "2024" / "05" / "good-article" / "index.html"
LISTING = FIXTURES / "sites" / "bad-input" / "index.html"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_prints_the_article_and_its_threaded_comments():
    result = invoke("extract", str(GOOD), "--url", "https://biw.example/2024/05/good-article/")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    article = record["article"]
    assert article["url"] == "https://biw.example/2024/05/good-article/"
    assert article["title"] == "A good article"
    assert [a["name"] for a in article["authors"]] == ["Ada Lovelace"]
    assert article["published"] == "2024-05-02T07:30:00Z"
    assert article["body_text"] == ("The first paragraph of a good article.\n\n"
                                    "The second paragraph, with emphasis.")
    assert article["declared_comment_count"] == 2
    comments = record["comments"]
    assert [(c["id"], c["parent_id"], c["depth"]) for c in comments] == [
        ("1", None, 0), ("2", "1", 1)]
    assert comments[0]["author"]["name"] == "Zoë"
    assert comments[1]["published"] == "2024-05-02T09:00:00Z"
    assert comments[0]["text"] == "First!"


def test_extract_refuses_a_page_that_is_not_an_article():
    result = CliRunner().invoke(main, ["extract", str(LISTING)])
    assert result.exit_code == 1
    assert "not an article page" in result.output
    assert invoke("extract", str(LISTING), "--any-page").exit_code == 0


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_extract_of_an_unreachable_url_is_a_clear_error():
    from tests.helpers import free_port

    result = CliRunner().invoke(main, ["extract", f"http://127.0.0.1:{free_port()}/x/"])
    assert result.exit_code == 1
    assert "cannot fetch" in result.output


class NoSuchHost(CachingThreadedResolver):
    """Fault injection (TWISTED_DNS_RESOLVER): every name lookup fails as for a name that does not
    exist, without asking any name server."""

    def getHostByName(self, name: str, timeout=()):  # Twisted's interface
        return defer.fail(DNSLookupError(name))


def assert_failed_crawl(result, db, url: str, why: str) -> None:
    """One line on stderr, exit status 1, the crawl row `failed: ...` with the reason, and
    the start URL in the errors table."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: could not fetch the start URL: {url}: "), lines[0]
    assert why in result.stderr
    crawl = last_crawl(db)
    assert crawl["finish_reason"].startswith("failed: could not fetch the start URL: " + url)
    assert why in crawl["finish_reason"]
    errors = query(db, "select url from errors where crawl_id = ?", (crawl["id"],))
    assert url in {e["url"] for e in errors}


@pytest.mark.slow
def test_a_refused_start_url_fails_the_crawl_in_one_line(tmp_path):
    # Defaults as a user has them: robots.txt obeyed, retries on.
    url = f"http://127.0.0.1:{free_port()}/"
    db = tmp_path / "x.db"
    result = run_cli("crawl", url, "--db", str(db))
    assert_failed_crawl(result, db, url, "Connection was refused")
    # Each request was tried (retries kept) until the site was known not to answer.
    assert last_crawl(db)["stats"]["retry/count"] >= 2


@pytest.mark.slow
def test_an_unknown_host_fails_the_crawl_in_one_line(tmp_path):
    url = "http://archiver-test-no-such-host.invalid/"
    db = tmp_path / "x.db"
    result = run_cli("crawl", url, "--db", str(db),
                     "-s", "TWISTED_DNS_RESOLVER=tests.test_cli.NoSuchHost")
    assert_failed_crawl(result, db, url, "DNS lookup failed")


@pytest.mark.slow
def test_a_start_url_answering_404_fails_the_crawl(serve_directory, tmp_path):
    base = serve_directory(tmp_path, {"/": 404})
    db = tmp_path / "x.db"
    result = run_cli("crawl", base + "/", "--db", str(db), "-s", "AUTOTHROTTLE_ENABLED=False")
    assert_failed_crawl(result, db, base + "/", "HTTP 404")


# --- schedule, serve, demo, help: what a new user meets ---------------------------------

BAD_PROFILES = {
    "unknown time zone": "[site]\nstart_urls = ['https://mag.example/']\n"
                         "timezone = 'Nowhere/Special'\n",
    "invalid TOML": "[site\nstart_urls = ['https://mag.example/']\n",
    "no start URL": "[site]\nname = 'Nothing to crawl'\n",
}


@pytest.mark.parametrize("content", BAD_PROFILES.values(), ids=BAD_PROFILES.keys())
def test_schedule_refuses_a_profile_that_crawl_refuses(tmp_path, content):
    profile = tmp_path / "site.toml"
    profile.write_text(content)
    db = str(tmp_path / "x.db")
    crawl = CliRunner().invoke(main, ["crawl", "--profile", str(profile), "--db", db])
    schedule = CliRunner().invoke(main, ["schedule", str(profile), "--every", "1h", "--db", db])
    assert crawl.exit_code == 1 and crawl.stderr.startswith("Error: "), crawl.output
    assert schedule.exit_code == 1, schedule.output
    assert schedule.stderr == crawl.stderr
    assert schedule.stdout == ""  # no crontab line for a crawl that would fail every run


def empty_archive(tmp_path):
    from archiver.store import open_archive

    db = tmp_path / "archive.db"
    open_archive(db).close()
    return db


def test_serve_on_a_busy_port_is_one_line_before_any_serving(tmp_path):
    db = empty_archive(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run_cli("serve", "--db", str(db), "--port", str(port), timeout=60)
    assert result.returncode == 1
    assert "Serving" not in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(another server is running there: choose another --port)"]


def test_serve_of_a_missing_archive_never_says_serving(tmp_path):
    result = run_cli("serve", "--db", str(tmp_path / "none.db"), timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'none.db'}: no archive there (make one with `archiver crawl` or "
        "`archiver demo`)"]


def test_the_demo_suggests_commands_that_are_installed():
    from archiver.demo.job import DemoReport

    summary = {"articles": 1, "articles_with_comments": 1, "comments": 1, "commenters": 1,
               "authors": 1, "deepest_reply": None, "crawl_errors": 0}
    text = DemoReport(db="data/demo.db", base_url="http://127.0.0.1:1", elapsed=1.0,
                      summary=summary).render()
    hints = text.split("Query it:", 1)[1]
    assert "pip install" not in hints
    assert "serve --db data/demo.db" in hints
    commands = [line.split()[0] for line in hints.splitlines()
                if line.startswith("  ") and line.strip()]
    assert len(commands) == 3
    for command in commands:  # each runs as printed, with archiver's own dependencies
        assert shutil.which(command), command


@pytest.mark.parametrize("command", sorted(main.commands))
def test_help_at_80_columns_never_breaks_an_option_or_an_example(command):
    # As a user types it: `COLUMNS=80 archiver crawl --help`.
    result = subprocess.run([sys.executable, "-m", "archiver", command, "--help"],
                            capture_output=True, text=True, cwd=REPO, timeout=60,
                            env=dict(os.environ, COLUMNS="80"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if len(line) > 80] == []
    # A word broken at its hyphen ("--max-" / "articles"): click's rewrapping did it.
    assert [line for line in lines if re.search(r"[A-Za-z]-$", line)] == []
    docstring = main.commands[command].help or ""
    examples = re.findall(r"^\s*(?:Example:\s*)?(archiver [^\n]+)$", docstring, re.M)
    for example in examples:
        assert any(example.strip() in line for line in lines), example


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                    reason="needs a git checkout")
def test_what_normal_use_writes_into_a_checkout_is_ignored_by_git():
    from archiver.capture.warc import warc_dir_for
    from archiver.incremental.lock import lock_path

    demo_db = REPO / main.commands["demo"].params[0].default
    written = [demo_db, Path(f"{demo_db}-wal"), lock_path(demo_db),
               warc_dir_for(demo_db) / "archive-00001.warc.gz",
               REPO / "snapshots" / "demo" / "manifest.json",  # README's export example
               REPO / ".venv" / "bin" / "archiver"]  # ./run's virtualenv
    result = subprocess.run(["git", "check-ignore", "--no-index", *map(str, written)],
                            cwd=REPO, capture_output=True, text=True)
    assert sorted(result.stdout.split()) == sorted(map(str, written))
