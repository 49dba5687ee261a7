"""A crawl's archive connection: what a batch costs in memory does not grow with the archive.

SQLite's own allocations are read from the library Python's sqlite3 module uses (through
ctypes: `sqlite3_memory_highwater`); where that library cannot be reached the test skips.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import sqlite3

import pytest

from archiver.crawl.archive import CrawlArchive
from tests.store.store_records import ORIGIN, make_comment, make_record

ARTICLES_BEFORE = 600
COMMENTS = 25
BATCH = 50


def _sqlite_library():
    name = ctypes.util.find_library("sqlite3")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        library = None
    if library is None:
        return None
    library.sqlite3_memory_used.restype = ctypes.c_int64
    library.sqlite3_memory_highwater.restype = ctypes.c_int64
    library.sqlite3_memory_highwater.argtypes = [ctypes.c_int]
    probe = sqlite3.connect(":memory:")
    probe.execute("create table t(x)")
    shared = library.sqlite3_memory_used() > 0  # the very library sqlite3 allocates with
    probe.close()
    return library if shared else None


def _records(rng: random.Random, start: int, count: int) -> list[dict]:
    # Random comment ids, as real threads' are: inserts land all over each index.
    return [make_record(f"{ORIGIN}/{n}/post-{n}/", comments=[
        make_comment(str(rng.getrandbits(48)), author=f"Reader {rng.getrandbits(20)}")
        for _ in range(COMMENTS)]) for n in range(start, start + count)]


def test_a_batch_holds_a_few_megabytes_of_sqlite_memory_in_a_large_archive(tmp_path):
    library = _sqlite_library()
    if library is None:
        pytest.skip("the sqlite library Python uses is not reachable through ctypes")
    rng = random.Random(12)
    archive = CrawlArchive(str(tmp_path / "a.db"), batch_size=BATCH)
    archive.open(ORIGIN, [], {})
    for start in range(0, ARTICLES_BEFORE, BATCH):
        for record in _records(rng, start, BATCH):
            archive.add(record)
    library.sqlite3_memory_highwater(1)  # from here on
    base = library.sqlite3_memory_used()
    for record in _records(rng, ARTICLES_BEFORE, BATCH):
        archive.add(record)
    peak = library.sqlite3_memory_highwater(0) - base
    archive.finish({}, "finished")
    # The page cache is bounded (2 MB); a batch's journal held in memory is not: it grew
    # with the archive, one page per index page the batch's random keys touched.
    assert peak < 3 * 2**20, f"a batch took {peak / 2**20:.1f} MB of SQLite memory"
