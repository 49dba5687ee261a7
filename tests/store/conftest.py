"""Fixtures for store tests: a fresh archive on disk (record builders: store_records.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from archiver.store import open_archive


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's archive lives."""
    return tmp_path / "archive.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly opened, empty archive."""
    database = open_archive(db_path)
    yield database
    database.close()
