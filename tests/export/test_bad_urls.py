"""One bad URL, in an archive or in a snapshot, never blocks an export or an import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.export import export_archive, import_into_archive
from archiver.export.names import safe_name
from archiver.store import open_archive, save_records
from tests.store.store_records import ORIGIN, make_comment, make_record

BAD_URLS = ["http://[::1/post/", "http://example.com:99999/post/", "not a url",
            "javascript:alert(1)", "https:///no-host"]


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    db = open_archive(tmp_path / "archive.db")
    save_records(db, [make_record(f"{ORIGIN}/{n}/", title=f"Post {n}",
                                  comments=[make_comment(f"{n}-1")]) for n in range(3)], None)
    db.close()
    export_archive(tmp_path / "archive.db", tmp_path / "snap")
    return tmp_path / "snap"


@pytest.mark.parametrize("bad", BAD_URLS)
def test_import_records_and_skips_an_article_with_a_bad_url(snapshot, tmp_path, bad):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    first = snapshot / manifest["files"][0]["path"]
    document = json.loads(first.read_text())
    document["article"]["url"] = bad
    first.write_text(json.dumps(document))

    result = import_into_archive(snapshot, tmp_path / "copy.db")
    assert result.articles["new"] == 2
    assert len(result.errors) == 1 and "\n" not in result.errors[0]
    assert bad[:10] in result.errors[0]
    db = open_archive(tmp_path / "copy.db")
    assert [r["kind"] for r in db.query("select kind from errors")] == ["import-unreadable"]
    assert db.execute("select count(*) from articles where url = ?", [bad]).fetchone()[0] == 0
    db.close()
    # ... and the archive it made exports.
    assert export_archive(tmp_path / "copy.db", tmp_path / "again").articles == 2


def test_import_of_a_jsonl_row_with_a_bad_url_skips_that_row(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    save_records(db, [make_record(f"{ORIGIN}/{n}/") for n in range(2)], None)
    db.close()
    export_archive(tmp_path / "archive.db", tmp_path / "snap", fmt="jsonl")
    rows = (tmp_path / "snap" / "articles.jsonl").read_text().splitlines()
    first = json.loads(rows[0])
    first["url"] = "http://[::1/post/"
    rows[0] = json.dumps(first)
    (tmp_path / "snap" / "articles.jsonl").write_text("\n".join(rows) + "\n")
    result = import_into_archive(tmp_path / "snap", tmp_path / "copy.db")
    assert result.articles["new"] == 1
    assert result.errors == ["articles.jsonl line 1: article url 'http://[::1/post/' is not "
                             "a URL (Invalid IPv6 URL)"]


@pytest.mark.parametrize("bad", BAD_URLS)
def test_export_names_every_row_the_archive_holds(tmp_path, bad):
    # An archive written before import checked URLs may hold any text as an article key.
    db = open_archive(tmp_path / "archive.db")
    save_records(db, [make_record(bad, comments=[make_comment("1")]),
                      make_record(f"{ORIGIN}/fine/")], None)
    db.close()
    result = export_archive(tmp_path / "archive.db", tmp_path / "snap")
    assert result.articles == 2
    assert (tmp_path / "snap" / "articles" / f"{safe_name(bad)}.json").is_file()
