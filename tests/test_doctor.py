"""`archiver doctor`: each kind of damage is found, with what to do; a sound archive passes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archiver.capture.warc import WarcFiles, warc_dir_for
from archiver.doctor import check_archive
from archiver.store import open_archive, save_records
from archiver.store.history import record_captures
from tests.helpers import run_cli
from tests.store.store_records import ORIGIN, make_comment, make_record

URLS = [f"{ORIGIN}/2024/06/{n:02d}/post/" for n in range(1, 4)]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Three articles with threads, and a WARC capture of each page."""
    path = tmp_path / "archive.db"
    db = open_archive(path)
    save_records(db, [make_record(url, comments=[make_comment(f"{n}-1"),
                                                 make_comment(f"{n}-2", f"{n}-1")])
                      for n, url in enumerate(URLS)], None)
    warcs = WarcFiles(warc_dir_for(path), "test", 10**9)
    rows = []
    for url in URLS:
        written = warcs.write(url=url, method="GET", request_headers=[], request_body=b"",
                              status=200, response_headers=[(b"Content-Type", b"text/html")],
                              body=b"<html>page</html>")
        rows.append({"url": url, "status": 200, "fetched_at": "2024-06-10T00:00:00Z",
                     "warc_file": written.warc_file, "offset": written.offset,
                     "length": written.length})
    warcs.close()
    record_captures(db, rows)
    db.close()
    return path


def raw(path: Path) -> sqlite3.Connection:
    """A connection that writes behind the store's back, as damage would."""
    return sqlite3.connect(path, isolation_level=None)


def problems(path: Path) -> list[str]:
    return [p.render() for p in check_archive(path).problems]


def test_a_sound_archive_is_healthy_and_exits_0(archive):
    report = check_archive(archive)
    assert report.healthy, report.render()
    assert report.passed == ["integrity", "foreign keys", "orphans", "fts", "warc links",
                             "imports", "mistaken deletions"]
    result = run_cli("doctor", "--db", str(archive))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("healthy")


def test_comments_whose_article_is_missing(archive):
    with raw(archive) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM article_authors WHERE article_url = ?", [URLS[0]])
        conn.execute("DELETE FROM article_tags WHERE article_url = ?", [URLS[0]])
        conn.execute("DELETE FROM articles WHERE url = ?", [URLS[0]])
    found = problems(archive)
    assert any("orphans: 2 comment(s) of 1 article(s) whose article row is missing" in p
               and "archiver crawl" in p for p in found), found


def test_replies_to_a_missing_parent_that_are_not_flagged(archive):
    with raw(archive) as conn:
        conn.execute("DELETE FROM comments WHERE native_id = '1-1'")
    [problem] = problems(archive)
    assert "1 repl(ies) whose parent is not in the archive and not flagged" in problem
    assert "archiver reparse" in problem


def test_a_search_index_out_of_sync(archive):
    with raw(archive) as conn:
        conn.execute("DROP TRIGGER comments_ad")
        conn.execute("DELETE FROM comments WHERE native_id = '2-2'")
    found = problems(archive)
    assert any("search index of comments has 6 entries for 5 rows" in p
               and "sqlite-utils rebuild-fts" in p for p in found), found
    assert any("comments_ad" in p and "--create-triggers" in p for p in found), found


def test_missing_and_mismatched_warc_records(archive, tmp_path):
    with raw(archive) as conn:
        conn.execute("UPDATE captures SET offset = offset + 7 WHERE url = ?", [URLS[0]])
        conn.execute("UPDATE captures SET url = ? WHERE url = ?", [URLS[0] + "x", URLS[1]])
    found = problems(archive)
    assert len(found) == 1 and "2 capture(s) do not read back their record" in found[0]

    for warc in warc_dir_for(archive).iterdir():
        warc.unlink()
    found = problems(archive)
    assert len(found) == 1 and "3 capture(s) name WARC files missing" in found[0]
    assert "--warcs" in found[0]


def test_an_unfinished_import(archive, tmp_path):
    with raw(archive) as conn:
        conn.execute("INSERT INTO imports (snapshot, manifest_sha256, started) VALUES"
                     " ('snapshots/demo', 'abc', '2024-06-10T00:00:00Z')")
    [problem] = problems(archive)
    assert "the import of snapshots/demo started 2024-06-10T00:00:00Z did not finish" in problem
    assert f"archiver import snapshots/demo --db {archive}" in problem
    result = run_cli("doctor", "--db", str(archive))
    assert result.returncode == 1 and "PROBLEM imports" in result.stdout


@pytest.mark.parametrize("where", ["data", "schema"])
def test_a_damaged_file_is_reported_not_a_traceback(archive, tmp_path, where):
    with raw(archive) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        rows_page = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'comments'").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(archive.read_bytes())
    # Scribble over a page: the schema's (1) or the one holding the comment rows.
    start = ((1 if where == "schema" else rows_page) - 1) * page_size
    data[start + 100:start + page_size - 100] = b"\xff" * (page_size - 200)
    archive.write_bytes(bytes(data))
    result = run_cli("doctor", "--db", str(archive))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    if where == "data":
        assert "PROBLEM integrity" in result.stdout and ".recover" in result.stdout
    else:
        assert "Error: " in result.stderr and ".recover" in result.stderr


def test_a_file_that_is_not_an_archive(tmp_path):
    (tmp_path / "text.db").write_text("not a database " * 1000)
    result = run_cli("doctor", "--db", str(tmp_path / "text.db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not an SQLite archive" in result.stderr
    result = run_cli("doctor", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 1 and "no archive there" in result.stderr


def test_comments_marked_deleted_that_were_only_rekeyed(tmp_path):
    from archiver.store import save_record
    from tests.store.test_supersede import THIRD, complete, new_thread, wrongly_deleted

    path = tmp_path / "rekeyed.db"
    db = open_archive(path)
    wrongly_deleted(db)  # as an earlier archiver left it: four re-keyed comments deleted
    [problem] = problems(path)
    assert problem.startswith("PROBLEM mistaken deletions: 4 comment(s) of 1 article(s)")
    assert f"archiver reparse --db {path}" in problem

    save_record(db, complete(new_thread(), THIRD), None)  # the next complete save
    db.close()
    report = check_archive(path)
    assert report.healthy, report.render()
    assert any(line.startswith("info    4 comment(s) superseded") for line in report.lines)
