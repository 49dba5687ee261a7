"""One crawl per archive at a time: an exclusive ``flock`` on ``<db>.lock`` next to it.

The lock belongs to the open file, so the kernel releases it when the process dies, even
by SIGKILL: a stale lock file never blocks the next crawl.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archiver.errors import ArchiverError


class ArchiveLocked(ArchiverError):
    """Another crawl is writing this archive."""


def lock_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".lock")


@contextmanager
def archive_lock(db: str | Path) -> Iterator[Path]:
    """Hold the archive's lock for the block; raise ArchiveLocked at once if it is taken."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ArchiveLocked(
                f"{db} is being written by another crawl ({holder}); wait for it to finish "
                f"(the lock is {path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield path
    finally:
        handle.close()
