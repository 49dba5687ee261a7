"""A killed export never costs the previous snapshot, and the next export cleans up after it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.export import ExportError, export_archive, snapshot
from archiver.export.folder import MARKER, partial_folder, previous_folder
from archiver.store import open_archive, save_records
from tests.store.store_records import ORIGIN, make_comment, make_record


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler catches it."""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    save_records(db, [make_record(f"{ORIGIN}/2024/06/{n:02d}/post/", title=f"Post {n}",
                                  comments=[make_comment(f"{n}-1")]) for n in range(1, 6)],
                 None)
    db.close()
    return path


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def add_article(archive: Path, n: int) -> None:
    db = open_archive(archive)
    save_records(db, [make_record(f"{ORIGIN}/2024/07/{n:02d}/new/", title=f"New {n}")], None)
    db.close()


def kill_after(monkeypatch: pytest.MonkeyPatch, target: object, name: str, calls: int) -> None:
    """Make ``target.name`` raise Killed on its ``calls``-th call (1-based)."""
    real = getattr(target, name)
    count = {"n": 0}

    def dying(*args, **kwargs):
        count["n"] += 1
        if count["n"] >= calls:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, dying)


@pytest.mark.parametrize("files_written", [1, 3, 6])
def test_an_export_killed_mid_write_keeps_the_previous_snapshot(
        archive, tmp_path, monkeypatch, files_written):
    out = tmp_path / "snap"
    export_archive(archive, out)
    before = files(out)
    add_article(archive, 1)

    with monkeypatch.context() as m:
        kill_after(m, snapshot, "_write", files_written)
        with pytest.raises(Killed):
            export_archive(archive, out)
    assert files(out) == before  # the previous snapshot, whole

    # The same command runs again: no refusal, the leftover goes, the new snapshot is in.
    result = export_archive(archive, out)
    assert result.articles == 6
    assert json.loads((out / "manifest.json").read_text())["counts"]["articles"] == 6
    assert not partial_folder(out).exists() and not previous_folder(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("archive.db")) \
        == ["snap"]


@pytest.mark.parametrize("renames", [1, 2, 3])
def test_an_export_killed_during_the_swap_leaves_one_complete_snapshot(
        archive, tmp_path, monkeypatch, renames):
    out = tmp_path / "snap"
    export_archive(archive, out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = files(out)
    add_article(archive, 1)

    with monkeypatch.context() as m:
        kill_after(m, Path, "rename", renames)
        with pytest.raises(Killed):
            export_archive(archive, out)
    # Killed before the swap, the previous snapshot is in place; killed between the
    # renames, it is beside it, and the next export puts things right either way.
    result = export_archive(archive, out)
    assert result.articles == 6
    after = files(out)
    assert after[".git/HEAD"] == before[".git/HEAD"]
    assert MARKER not in after
    assert not partial_folder(out).exists() and not previous_folder(out).exists()


def test_a_users_folder_with_the_temporary_name_is_never_deleted(archive, tmp_path):
    out = tmp_path / "snap"
    mine = partial_folder(out)
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="not made by archiver"):
        export_archive(archive, out)
    assert (mine / "notes.txt").read_text() == "mine"
    assert not out.exists()


def test_an_export_that_fails_removes_its_partial_folder(archive, tmp_path, monkeypatch):
    out = tmp_path / "snap"
    export_archive(archive, out)
    before = files(out)

    def failing(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(snapshot, "_write", failing)
    with pytest.raises(OSError):
        export_archive(archive, out)
    assert files(out) == before
    assert not partial_folder(out).exists()


def test_an_export_killed_before_marking_its_folder_is_not_refused(archive, tmp_path):
    out = tmp_path / "snap"
    partial_folder(out).mkdir()  # created, then killed before the marker was written
    assert export_archive(archive, out).articles == 5
    assert not partial_folder(out).exists()
