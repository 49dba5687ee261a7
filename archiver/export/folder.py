"""Replace a snapshot folder so that a complete snapshot is always there, even under kill -9.

The new snapshot is written into a sibling folder (``.<name>.export-partial``), then swapped
in with two renames: the previous snapshot goes to ``.<name>.export-previous``, the new one
takes its name, the previous one is deleted. Whatever instant the export is killed at,
either the previous snapshot or the new one is complete under ``<name>`` (or is put back
there by the next export), and the next export removes the leftovers.

Both siblings hold a marker file while they exist, so the cleanup only ever deletes a
folder this code made, never a user's folder that happens to have the same name. Dot
entries of the previous snapshot's folder (``.git``) move into the new one before the swap
and are moved back if the swap never happened.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from archiver.errors import ArchiverError

MARKER = ".archiver-export"
_MARKER_TEXT = "A snapshot being written by `archiver export`; the next export removes it.\n"


class ExportError(ArchiverError):
    """An export that cannot be written (bad option, unknown site, occupied folder)."""


def partial_folder(out: Path) -> Path:
    return out.with_name(f".{out.name}.export-partial")


def previous_folder(out: Path) -> Path:
    return out.with_name(f".{out.name}.export-previous")


def _ours(folder: Path) -> bool:
    # Empty: killed between creating the folder and marking it (and nothing to lose).
    return (folder / MARKER).is_file() or not any(folder.iterdir())


def _mark(folder: Path) -> None:
    (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def _refuse_foreign(folder: Path) -> None:
    if folder.exists() and not (folder.is_dir() and _ours(folder)):
        raise ExportError(f"{folder}: in the way of the export and not made by archiver "
                          f"(no {MARKER} in it); move it away and export again")


def _move_dot_entries(source: Path, target: Path) -> None:
    """Move ``.git`` and the like from ``source`` into ``target`` (never over an entry)."""
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and entry.name != MARKER \
                and not (target / entry.name).exists():
            entry.rename(target / entry.name)


def recover(out: Path) -> None:
    """Finish or undo what an export killed earlier left beside ``out``."""
    partial, previous = partial_folder(out), previous_folder(out)
    _refuse_foreign(partial)
    _refuse_foreign(previous)
    if previous.is_dir():
        if out.exists():
            shutil.rmtree(previous)  # killed after the swap: only the deletion was left
        else:
            previous.rename(out)  # killed between the two renames: the previous goes back
    if out.is_dir():
        (out / MARKER).unlink(missing_ok=True)
    if partial.is_dir():
        if out.is_dir():
            _move_dot_entries(partial, out)
        shutil.rmtree(partial)


def replace_folder(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(folder)`` on a fresh sibling folder, then swap it in as ``out``.

    ``out`` must have been checked (missing, or a previous snapshot) by the caller, after
    ``recover(out)``.
    """
    partial, previous = partial_folder(out), previous_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial.mkdir()
    _mark(partial)
    try:
        write(partial)
    except Exception:  # an error, not a kill: nothing to leave for the next export
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if out.is_dir():
        _move_dot_entries(out, partial)
        _mark(out)
        out.rename(previous)
    partial.rename(out)
    (out / MARKER).unlink()
    if previous.is_dir():
        shutil.rmtree(previous)
