"""A job folder's manifest: written atomically, last, so its presence means "complete"."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def write_manifest(folder: Path, data: dict[str, Any], name: str = MANIFEST) -> Path:
    """Write ``name`` in ``folder`` so a reader (on another machine, over NFS) sees the whole
    file or none: a temporary file, flushed to disk, renamed, and the folder flushed."""
    path = folder / name
    partial = folder / f".{name}.partial"
    with open(partial, "w", encoding="utf-8") as stream:
        json.dump({"manifest_version": MANIFEST_VERSION, **data}, stream, indent=2,
                  sort_keys=True)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(partial, path)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return path


def read_manifest(folder: Path, name: str = MANIFEST) -> dict[str, Any]:
    """The manifest as a dict; ValueError when it is not one archiver wrote."""
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{folder / name}: not readable JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("manifest_version") != MANIFEST_VERSION:
        raise ValueError(f"{folder / name}: not a fleet manifest (version "
                         f"{data.get('manifest_version') if isinstance(data, dict) else None!r})")
    return data
