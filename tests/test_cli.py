"""The CLI in-process (click's CliRunner, exceptions not caught so tracebacks fail loudly),
and crawls that fail, in a child process as a user runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from archiver.cli import main
from tests.helpers import FIXTURES, free_port, last_crawl, query, run_cli

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
