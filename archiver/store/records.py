"""What a record must look like before the store writes it, and its values as SQLite takes them.

A record that fails here raises ``StoreError``: the writer rolls it back alone and records
the message in ``errors`` (bad input is never a traceback, never silently dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archiver.errors import ArchiverError
from archiver.store.columns import date_columns


class StoreError(ArchiverError):
    """A record that does not have the archive record's shape; it is recorded and skipped."""


def scalar(field: str, value: Any) -> Any:
    """A value SQLite can store as it is; bools become 0/1."""
    # The common exact types first: this runs for every column of every comment.
    kind = type(value)
    if value is None or kind is str or kind is float:
        return value
    if kind is int and -(2**63) <= value < 2**63:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and not (
            -(2**63) <= value < 2**63):
        raise StoreError(f"{field}: {value} does not fit an SQLite integer")
    if value is None or isinstance(value, str | int | float):
        return int(value) if isinstance(value, bool) else value
    raise StoreError(f"{field}: expected a string, number, bool or null, got {kind.__name__}")


def keep_earlier_date(old: Mapping[str, Any], new: dict[str, Any], prefix: str) -> None:
    # A relative date ("3 hours ago") resolves against each fetch and gets coarser with
    # age, so an approximate value never replaces one already stored.
    if new.get(prefix + "_approximate") and old.get(prefix) is not None:
        for column in date_columns(prefix):
            new[column] = old[column]


def check_record(record: Any) -> None:
    """Raise StoreError unless ``record`` has what the writer relies on."""
    if not isinstance(record, Mapping):
        raise StoreError("record is not a dict")
    site, article = record.get("site"), record.get("article")
    if not isinstance(site, Mapping) or not isinstance(site.get("origin"), str):
        raise StoreError("record has no site origin")
    if not site["origin"]:
        raise StoreError("record has an empty site origin")
    if not isinstance(article, Mapping) or not isinstance(article.get("url"), str):
        raise StoreError("record has no article url")
    if not article["url"]:
        raise StoreError("record has an empty article url")
    for field in ("authors", "tags"):
        if not isinstance(article.get(field) or [], list):
            raise StoreError(f"article {field} is not a list")
    for author in article.get("authors") or []:
        if not isinstance(author, Mapping) or not isinstance(author.get("key"), str):
            raise StoreError(f"article author without a key: {author!r}")
    comments = record.get("comments") or []
    if not isinstance(comments, list):
        raise StoreError("record comments is not a list")


def comment_keys(comments: list[Any]) -> list[tuple[str, str]]:
    """Each comment's (platform, native id as text); StoreError unless each comment has
    what the writer relies on (checked after ``check_record``, before any write)."""
    keys = []
    for index, comment in enumerate(comments):
        # type() first: a dict is the usual case, and isinstance of an ABC is slow.
        if type(comment) is not dict and not isinstance(comment, Mapping):
            raise StoreError(f"comment {index} is not a dict")
        native_id = comment.get("id")
        kind = type(native_id)
        if not (kind is str or isinstance(native_id, str | int)) or native_id == "":
            raise StoreError(f"comment {index} has no id")
        platform = comment.get("platform")
        if (type(platform) is not str and not isinstance(platform, str)) or not platform:
            raise StoreError(f"comment {native_id} has no platform")
        author = comment.get("author")
        if author and type(author) is not dict and not isinstance(author, Mapping):
            raise StoreError(f"comment {native_id} author is not a dict")
        keys.append((platform, native_id if kind is str else str(native_id)))
    return keys


def record_url(record: Any) -> str | None:
    article = record.get("article") if isinstance(record, Mapping) else None
    url = article.get("url") if isinstance(article, Mapping) else None
    return url if isinstance(url, str) else None


