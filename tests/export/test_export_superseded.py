"""A superseded comment (re-keyed by a better extraction, store.supersede) is exported with
its status and the id of the comment that took its place, and imported back as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.export import export_archive, import_into_archive
from archiver.store import open_archive, save_record
from tests.export.test_snapshot import read_files, validator, without_export_time
from tests.store.store_records import FETCHED_AT, LATER
from tests.store.test_supersede import complete, new_thread, old_thread


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    save_record(db, complete(old_thread(), FETCHED_AT), None)
    assert save_record(db, complete(new_thread(), LATER), None)["comments_superseded"] == 4
    db.close()
    return path


def stored(path: Path) -> list[tuple]:
    db = open_archive(path)
    try:
        return [tuple(row.values()) for row in db.query(
            "select native_id, status, superseded_by, parent_id, text from comments"
            " order by native_id")]
    finally:
        db.close()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_superseded_comments_round_trip(archive, tmp_path, fmt):
    export_archive(archive, tmp_path / "one", fmt=fmt, exported_at="2024-06-01T00:00:00Z")
    files = read_files(tmp_path / "one")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in files["comments.jsonl"].decode().splitlines()]
    else:
        [name] = [k for k in files if k.startswith("articles/")]
        rows, todo = [], json.loads(files[name])["article"]["comments"]
        while todo:
            comment = todo.pop(0)
            rows.append(comment)
            todo += comment["replies"]
    by_id = {row["id"]: row for row in rows}
    old, new = old_thread(), new_thread()
    for before, after in zip(old[:4], new[:4], strict=True):
        assert by_id[before["id"]]["status"] == "superseded"
        assert by_id[before["id"]]["superseded_by"] == after["id"]
        assert "superseded_by" not in by_id[after["id"]]  # only where there is one
    if fmt == "jsonl":
        for row in rows:
            validator("comment_row").validate(row)
    else:
        validator("article_file").validate(json.loads(files[name]))

    result = import_into_archive(tmp_path / "one", tmp_path / "copy.db")

    assert not result.errors
    assert stored(tmp_path / "copy.db") == stored(archive)
    export_archive(tmp_path / "copy.db", tmp_path / "two", fmt=fmt,
                   exported_at="2024-06-01T00:00:00Z")
    assert without_export_time(read_files(tmp_path / "two")) == without_export_time(files)
