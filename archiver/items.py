"""What the spider hands the item pipelines: plain dataclasses, no Scrapy Item classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    """One article as fetched: its extraction and the comments of all its comment pages."""

    site: dict[str, Any]
    url: str
    fetched_at: str
    extracted: dict[str, Any]
    comments: list[dict[str, Any]] = field(default_factory=list)
    # Every comment page of the thread was fetched and read: what is missing is really gone.
    thread_complete: bool = True
    # Why not, when it was not (no_adapter, refused, capped, failed, ...).
    thread_incomplete_reason: str | None = None
    record: dict[str, Any] | None = None  # the archive record, set by NormalizePipeline


@dataclass
class UnchangedItem:
    """A page the server answered 304 Not Modified: only its last_seen moves."""

    url: str
    fetched_at: str


@dataclass
class ErrorItem:
    """Bad input met during a crawl: recorded in the archive's errors table, then skipped."""

    url: str
    kind: str
    message: str
