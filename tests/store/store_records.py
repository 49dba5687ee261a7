"""Hand-built archive records (docs/internals.md section 3) and small checks for store tests.

A plain module, not conftest, so test modules and the kill test's child process can import it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

ORIGIN = "https://example.com"
FETCHED_AT = "2024-05-01T12:00:00Z"
LATER = "2024-05-02T12:00:00Z"
ARTICLE_URL = "https://example.com/2024/05/01/on-commentary/"


def make_comment(
    native_id: str,
    parent_id: str | None = None,
    *,
    text: str | None = None,
    author: str | None = "Alice Example",
    platform: str = "wordpress",
    published: str | None = "2024-05-01T08:00:00Z",
    published_raw: str | None = "2024-05-01T10:00:00+02:00",
    **overrides: Any,
) -> dict[str, Any]:
    """One comment in the archive record's shape; thread fields are filled by make_record."""
    key = None if author is None else "name:" + author.casefold()
    comment: dict[str, Any] = {
        "id": native_id,
        "id_source": "page",
        "parent_id": parent_id,
        "platform": platform,
        "author": {
            "key": key if author is not None else "anonymous",
            "name": author,
            "url": None,
            "user_id": None,
            "is_guest": True,
            "is_post_author": False,
        },
        "published": published,
        "published_raw": published_raw,
        "published_zone": "given" if published else None,
        "published_approximate": False,
        "published_unparsed": published is None,
        "text": text if text is not None else f"Comment {native_id} has an opinion.",
        "html": f"<p>{text or 'Comment ' + native_id}</p>",
        "source_url": ARTICLE_URL,
    }
    comment.update(overrides)
    return comment


def _thread(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A small stand-in for normalize.threads.build_threads, enough for store tests.
    by_id = {c["id"]: c for c in comments}
    children: dict[str | None, int] = {}
    out = []
    for position, comment in enumerate(comments):
        comment = dict(comment)
        parent = comment["parent_id"]
        present = parent in by_id
        chain, node = [], comment
        while node["parent_id"] in by_id and len(chain) < len(comments):
            node = by_id[node["parent_id"]]
            chain.append(node)
        sibling = children.get(parent, 0)
        children[parent] = sibling + 1
        parent_path = next((o["path"] for o in out if o["id"] == parent), None)
        comment.setdefault("position", position)
        comment.setdefault("depth", len(chain))
        comment.setdefault("root_id", chain[-1]["id"] if chain else comment["id"])
        comment.setdefault(
            "path", f"{parent_path}.{sibling:04d}" if parent_path else f"{sibling:04d}"
        )
        comment.setdefault("parent_missing", parent is not None and not present)
        out.append(comment)
    return out


def make_record(
    url: str = ARTICLE_URL,
    *,
    comments: Iterable[dict[str, Any]] = (),
    origin: str = ORIGIN,
    fetched_at: str = FETCHED_AT,
    authors: Iterable[str] = ("Jane Writer",),
    tags: Iterable[str] = ("Politics", "Media"),
    **article: Any,
) -> dict[str, Any]:
    """An archive record (docs/internals.md section 3) with sensible defaults."""
    comment_list = _thread([copy.deepcopy(c) for c in comments])
    record_article: dict[str, Any] = {
        "url": url,
        "fetched_url": url + "?utm_source=feed",
        "title": "On commentary",
        "byline_raw": "By " + " and ".join(authors) if authors else None,
        "section": "Essays",
        "language": "en",
        "body_text": "Reader comments are the argument's second half.\n\nKeep them.",
        "body_html": "<p>Reader comments are the argument's second half.</p><p>Keep them.</p>",
        "tags": list(tags),
        "authors": [
            {"name": name, "url": None, "key": "name:" + name.casefold()} for name in authors
        ],
        "published": "2024-04-30T09:00:00Z",
        "published_raw": "April 30, 2024 at 11:00",
        "published_zone": "assumed",
        "published_approximate": False,
        "published_unparsed": False,
        "modified": None,
        "modified_raw": None,
        "modified_zone": None,
        "modified_approximate": False,
        "modified_unparsed": False,
        "comment_platform": "wordpress" if comment_list else None,
        "comment_markup": "wordpress-html5" if comment_list else None,
        "declared_comment_count": len(comment_list),
        "archived_comment_count": len(comment_list),
        "fetched_at": fetched_at,
    }
    record_article.update(article)
    return {
        "site": {
            "origin": origin,
            "timezone": "Europe/Berlin",
            "timezone_source": "profile",
            "profile": "example",
        },
        "article": record_article,
        "comments": comment_list,
    }


def basic_thread() -> list[dict[str, Any]]:
    """Three comments: a top-level one, a reply to it, and a second top-level one."""
    return [
        make_comment("101", text="First! The argument holds up."),
        make_comment("102", "101", author="Bob Reply", text="I argued the opposite last week."),
        make_comment("103", text="A separate point entirely."),
    ]


def table_rows(db: Database, table: str) -> list[dict[str, Any]]:
    """All rows of a table in a stable order."""
    return list(db.query(f"SELECT * FROM [{table}] ORDER BY rowid"))


def foreign_key_problems(db: Database) -> list[dict[str, Any]]:
    """Rows of PRAGMA foreign_key_check (empty when every reference resolves)."""
    return [dict(row) for row in db.execute("PRAGMA foreign_key_check").fetchall()]
