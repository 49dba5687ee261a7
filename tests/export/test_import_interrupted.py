"""An import killed midway is never exported as if the snapshot were whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.export import ExportError, export_archive, import_into_archive, importer
from archiver.store import open_archive, save_records
from archiver.store.imports import unfinished_imports
from tests.helpers import run_cli
from tests.store.store_records import ORIGIN, make_comment, make_record


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler catches it."""


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    db = open_archive(tmp_path / "archive.db")
    save_records(db, [make_record(f"{ORIGIN}/{n:02d}/", title=f"Post {n}",
                                  comments=[make_comment(f"{n}-1")]) for n in range(12)], None)
    db.close()
    export_archive(tmp_path / "archive.db", tmp_path / "snap")
    return tmp_path / "snap"


def kill_import_after(monkeypatch: pytest.MonkeyPatch, batches: int) -> None:
    monkeypatch.setattr(importer, "BATCH", 5)
    real = importer.save_records
    done = {"n": 0}

    def saving(*args, **kwargs):
        if done["n"] == batches:
            raise Killed
        done["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "save_records", saving)


def test_export_refuses_an_archive_with_a_killed_import_until_it_is_rerun(
        snapshot, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    with monkeypatch.context() as m:
        kill_import_after(m, batches=1)
        with pytest.raises(Killed):
            import_into_archive(snapshot, copy)
    db = open_archive(copy)
    assert db["articles"].count == 5  # a prefix, which looks like any archive
    assert len(unfinished_imports(db)) == 1
    db.close()

    with pytest.raises(ExportError, match=r"did not finish.*archiver import"):
        export_archive(copy, tmp_path / "partial")
    assert not (tmp_path / "partial").exists()
    result = run_cli("export", "--db", str(copy), "--out", str(tmp_path / "partial"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"archiver import {snapshot} --db {copy}" in result.stderr

    again = import_into_archive(snapshot, copy)
    assert again.completed_imports == 1 and again.articles["new"] == 7
    export_archive(copy, tmp_path / "whole")
    assert files(tmp_path / "whole") == files(snapshot)


def test_an_import_of_another_snapshot_does_not_finish_a_killed_one(
        snapshot, tmp_path, monkeypatch):
    other_db = open_archive(tmp_path / "other.db")
    save_records(other_db, [make_record(f"{ORIGIN}/other/")], None)
    other_db.close()
    export_archive(tmp_path / "other.db", tmp_path / "other")

    copy = tmp_path / "copy.db"
    with monkeypatch.context() as m:
        kill_import_after(m, batches=2)
        with pytest.raises(Killed):
            import_into_archive(snapshot, copy)
    assert import_into_archive(tmp_path / "other", copy).completed_imports == 0
    with pytest.raises(ExportError, match="did not finish"):
        export_archive(copy, tmp_path / "out")


def test_a_whole_import_leaves_nothing_unfinished(snapshot, tmp_path):
    import_into_archive(snapshot, tmp_path / "copy.db")
    db = open_archive(tmp_path / "copy.db")
    assert unfinished_imports(db) == []
    row = next(db.query("select * from imports"))
    assert row["finished"] and row["articles_expected"] == 12
    db.close()
