"""The fault site crawled end to end: every fault archived right or recorded, none lost.

One module-scoped run: a crawl of the faulty site into a fresh archive, and a healthy crawl
followed by a ``--full`` crawl of the faulty site into another (a failed fetch must never
count as evidence that comments were deleted).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.capture.warc import warc_dir_for
from tests.faults.site import FaultSite
from tests.helpers import query, run_cli

pytestmark = pytest.mark.slow

# A low timeout (not so low that a busy CI machine misses it) and few retries: the stall
# costs 6 s, not 90. The huge page (1 MB) fits DOWNLOAD_MAXSIZE, the gzip bomb (10 MB once
# decompressed) does not.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=1",
        "-s", "ARCHIVER_MAX_RETRY_AFTER=10", "-s", "DOWNLOAD_MAXSIZE=3000000"]

# Faulty pages a retry gets through: archived exactly.
RECOVERED = {"503_once", "429_retry_after_once", "503_retry_after_date_once", "reset_once",
             "gzip_ok", "charset_label_latin1", "charset_label_utf8"}
# Faulty pages that fail every time: an error row whose message holds the reason.
REASONS = {
    "gzip_truncated": "gzip body cut short",
    "deflate_truncated": "deflate body cut short",
    "short_body": "fewer bytes than its Content-Length",
    "503_retry_after_long": "longer than ARCHIVER_MAX_RETRY_AFTER",
    "500_always": "HTTP 500",
    "503_always": "HTTP 503",
    "reset_always": "ConnectionLost",
    "stall_always": "took longer than 3.0 seconds",
    "gzip_bomb": "decompresses to more than DOWNLOAD_MAXSIZE",
}


@dataclass
class Run:
    site: FaultSite
    fresh: Path  # the faulty site crawled into a fresh archive
    before: dict  # comments of the healthy crawl, by id
    after: dict  # the same archive's after a --full crawl of the faulty site
    reparsed: dict  # and after `archiver reparse` of it
    history: Path  # that archive
    requests: list[tuple[float, str]]  # the fresh crawl's requests, as the server saw them


def _crawl(url: str, db: Path, *extra: str) -> None:
    result = run_cli("crawl", url + "/", "--db", str(db), *FAST, *extra, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr


def _comments(db: Path) -> dict[tuple[str, str], dict]:
    rows = query(db, "select article_url, native_id, author_name, text, status from comments")
    return {(r["article_url"], r["native_id"]): r for r in rows}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    tmp = tmp_path_factory.mktemp("faults")
    with FaultSite() as site:
        site.reset(faults_on=True)
        _crawl(site.url, tmp / "fresh.db")
        requests = list(site.requests)
        site.reset(faults_on=False)
        _crawl(site.url, tmp / "history.db")
        before = _comments(tmp / "history.db")
        site.reset(faults_on=True)
        _crawl(site.url, tmp / "history.db", "--full")
    after = _comments(tmp / "history.db")
    # Replayed from the WARCs, where the cut records of the --full crawl are the latest.
    result = run_cli("reparse", "--db", str(tmp / "history.db"), timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return Run(site, tmp / "fresh.db", before, after, _comments(tmp / "history.db"),
               tmp / "history.db", requests)


def _errors(db: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in query(db, "select url, message from errors"):
        found.setdefault(row["url"], []).append(row["message"])
    return found


def _expected(site: FaultSite, article, page2: bool = True) -> set[tuple[str, str, str]]:
    comments = article.comments + (article.page2 if page2 else [])
    return {(cid, author, text) for cid, author, text in comments}


def _stored(db: Path, url: str) -> set[tuple[str, str, str]]:
    return {(r["native_id"], r["author_name"], r["text"]) for r in query(
        db, "select native_id, author_name, text from comments where article_url = ?", (url,))}


def test_healthy_and_recovered_pages_are_archived_exactly(run):
    site = run.site
    titles = {r["url"]: r["title"] for r in query(run.fresh, "select url, title from articles")}
    for article in site.articles:
        if article.fault in REASONS:
            continue
        url = site.url + article.path
        assert titles.get(url) == article.title, url
        whole = article.page2_fault is None
        assert _stored(run.fresh, url) == _expected(site, article, page2=whole), url


def test_every_failing_page_has_an_error_row_with_its_reason(run):
    errors = _errors(run.fresh)
    archived = {r["url"] for r in query(run.fresh, "select url from articles")}
    for path, fault in run.site.fault_paths().items():
        url = run.site.url + path
        if fault in REASONS:
            assert url not in archived, f"{path} ({fault}) archived from a failed fetch"
            assert any(REASONS[fault] in m for m in errors.get(url, [])), (path, errors.get(url))
        elif fault in RECOVERED:
            assert url in archived and url not in errors, (path, errors.get(url))


def test_a_thread_whose_comment_page_failed_keeps_what_was_read_and_says_what_was_not(run):
    errors = _errors(run.fresh)
    for article in run.site.articles:
        if article.page2_fault:
            page2 = f"{run.site.url}{article.path}comment-page-2/"
            assert any(REASONS[article.page2_fault] in m for m in errors[page2])
            # Page 1's comments only: none of a cut page 2's were read as a whole page.
            assert _stored(run.fresh, run.site.url + article.path) == \
                _expected(run.site, article, page2=False)


@pytest.mark.parametrize("stage", ["after", "reparsed"])
def test_a_failed_fetch_is_never_evidence_of_deletion(run, stage):
    after = getattr(run, stage)
    if stage == "reparsed":
        # A replay has no DOWNLOAD_MAXSIZE: the gzip bomb's WARC record is whole, and read.
        after = {k: r for k, r in after.items() if "/gzip-bomb/" not in k[0]}
    assert set(after) == set(run.before)  # no row lost, none added
    deleted = [key for key, row in after.items() if row["status"] == "deleted"]
    assert deleted == []
    assert {k: (r["author_name"], r["text"]) for k, r in after.items()} == \
        {k: (r["author_name"], r["text"]) for k, r in run.before.items()}


def test_the_full_crawl_met_the_faults_and_said_so(run):
    errors = _errors(run.history)
    for path, fault in run.site.fault_paths().items():
        if fault in REASONS:
            assert run.site.url + path in errors, path


def test_a_body_cut_short_is_captured_as_received_but_validates_nothing(run):
    captures = {r["url"]: r for r in query(
        run.fresh, "select url, etag, warc_file, offset, bytes from captures where status = 200")}
    for path, fault in run.site.fault_paths().items():
        if fault in ("gzip_truncated", "deflate_truncated"):
            row = captures[run.site.url + path]
            assert row["warc_file"] and row["bytes"] > 0  # the WARC holds what came
            assert row["etag"] is None  # no 304 for it next time
            with open(warc_dir_for(run.fresh) / row["warc_file"], "rb") as handle:
                handle.seek(row["offset"])
                record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Truncated") == "disconnect"
    assert captures[run.site.url + "/2024/05/healthy-gzip/"]["etag"]


def test_no_comment_is_stored_twice(run):
    for db in (run.fresh, run.history):
        rows = query(db, "select count(*) n, count(distinct article_url || ' ' || native_id) d"
                         " from comments")[0]
        assert rows["n"] == rows["d"]


def _gap(requests: list[tuple[float, str]], path: str) -> float:
    times = [t for t, p in requests if p == path]
    assert len(times) == 2, (path, times)
    return times[1] - times[0]


def test_a_retry_waits_the_retry_after_the_server_asked(run):
    assert _gap(run.requests, "/2024/05/busy-429/") >= 1.0  # Retry-After: 1
    # An HTTP-date 2 s ahead, in whole seconds: at least 1 s away when it was sent.
    assert _gap(run.requests, "/2024/05/busy-date/") >= 1.0
    # Asked to wait an hour: not retried at all.
    assert [p for _, p in run.requests].count("/2024/05/busy-forever/") == 1


def test_a_redirect_loop_ends_with_an_error_row(run):
    assert any(url.startswith(run.site.url + "/loop/") for url in _errors(run.fresh))


def test_a_malformed_sitemap_and_feed_are_recorded(run):
    errors = _errors(run.fresh)
    assert run.site.url + "/sitemap.xml" in errors
    assert run.site.url + "/feed/" in errors


def test_figures(run, capsys):
    """Not a check: the figures for the release note, printed with -s."""
    faults = run.site.fault_paths()
    articles = query(run.fresh, "select count(*) n from articles")[0]["n"]
    errors = query(run.fresh, "select count(*) n from errors")[0]["n"]
    lost = len(set(run.before) - set(run.after)) + len(set(run.before) - set(run.reparsed))
    waits = [_gap(run.requests, p) for p in ("/2024/05/busy-429/", "/2024/05/busy-date/")]
    with capsys.disabled():
        print(f"\nfault site: {len(faults)} faults injected, {articles} pages archived, "
              f"{errors} failures recorded, {lost} rows lost; Retry-After waits "
              f"{', '.join(f'{w:.2f} s' for w in waits)} (median {statistics.median(waits):.2f})")
