"""Reading the archive back: whole article records and crawl summaries.

Queries live here, beside the schema they know; callers get plain dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database


def _db(db_or_path: Database | str | Path) -> Database:
    return db_or_path if isinstance(db_or_path, Database) else Database(db_or_path)


def article_records(
    db_or_path: Database | str | Path, site_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every article with its authors (byline order), tags and comments (reading order)."""
    db = _db(db_or_path)
    where, params = ("where site_id = ?", [site_id]) if site_id else ("", [])
    for article in db.query(f"select * from articles {where} order by url", params):
        url = article["url"]
        article["authors"] = list(
            db.query(
                """select au.name, au.url, au.key, aa.byline_name from article_authors aa
               join authors au on au.id = aa.author_id
               where aa.article_url = ? order by aa.position""",
                [url],
            )
        )
        article["tags"] = [
            row["name"]
            for row in db.query(
                """select t.name from article_tags at join tags t on t.id = at.tag_id
               where at.article_url = ? order by at.position""",
                [url],
            )
        ]
        article["comments"] = list(
            db.query(
                """select c.*, cm.name as commenter_name, cm.url as commenter_url,
                      cm.key as commenter_key, cm.is_guest as commenter_is_guest
               from comments c left join commenters cm on cm.id = c.commenter_id
               where c.article_url = ? order by c.path""",
                [url],
            )
        )
        yield article


def crawl_summary(db_or_path: Database | str | Path) -> dict[str, Any]:
    """Counts for people: articles, comments, commenters, authors, the deepest reply, and
    what the latest crawl recorded."""
    db = _db(db_or_path)

    def count(sql: str, params: list[Any] | None = None) -> int:
        return next(db.query(sql, params or []))["n"]

    summary: dict[str, Any] = {
        "articles": count("select count(*) as n from articles"),
        # A superseded row is a comment also stored under its new id: counted once.
        "comments": count("select (select count(*) from comments) - (select count(*) from"
                          " comments where status = 'superseded') as n"),
        "commenters": count("select count(*) as n from commenters"),
        "authors": count("select count(*) as n from authors"),
        "sites": count("select count(*) as n from sites"),
        "articles_with_comments": count("select count(distinct article_url) as n from comments"),
    }
    deepest = list(
        db.query(
            """select c.depth, c.article_url, c.author_name, c.native_id from comments c
           where c.status is not 'superseded'
           order by c.depth desc, c.article_url, c.path limit 1"""
        )
    )
    summary["deepest_reply"] = deepest[0] if deepest else None
    crawl = list(db.query("select * from crawls order by id desc limit 1"))
    summary["last_crawl"] = crawl[0] if crawl else None
    summary["crawl_errors"] = (
        count("select count(*) as n from errors where crawl_id = ?", [crawl[0]["id"]])
        if crawl
        else 0
    )
    return summary


# What a snapshot holds of an article and a comment: content, not crawl bookkeeping
# (first_seen/last_seen/crawl ids move with every crawl and would make every file differ).
SNAPSHOT_ARTICLE_COLUMNS = (
    "url", "site_id", "fetched_url", "title", "byline_raw", "section", "language",
    "body_text", "body_html",
    "published", "published_raw", "published_zone", "published_approximate",
    "published_unparsed",
    "modified", "modified_raw", "modified_zone", "modified_approximate", "modified_unparsed",
    "comment_platform", "comment_markup", "declared_comment_count", "archived_comment_count",
)
_FLAGS = frozenset({
    "published_approximate", "published_unparsed", "modified_approximate",
    "modified_unparsed", "parent_missing", "is_post_author", "is_guest",
})


def _flag(row: dict[str, Any]) -> dict[str, Any]:
    # SQLite stores bools as 0/1; a snapshot says true/false (null stays null).
    return {k: (bool(v) if k in _FLAGS and v is not None else v) for k, v in row.items()}


def _article_comments(db: Database, url: str) -> list[dict[str, Any]]:
    rows = db.query(
        """select c.native_id, c.platform, c.id_source, c.parent_native_id,
              root.native_id as root_native_id, c.depth, c.position, c.path,
              c.parent_missing, c.author_name, c.is_post_author,
              cm.key as commenter_key, cm.url as commenter_url,
              cm.user_id as commenter_user_id, cm.is_guest,
              c.published, c.published_raw, c.published_zone, c.published_approximate,
              c.published_unparsed, c.text, c.html, c.status, c.source_url, c.id as _id,
              c.parent_id as _parent, successor.native_id as superseded_by
           from comments c
           left join commenters cm on cm.id = c.commenter_id
           left join comments root on root.id = c.root_id
           left join comments successor on successor.id = c.superseded_by
           where c.article_url = ?
           order by c.path is null, c.path, c.platform, c.native_id""",
        [url],
    )
    comments = []
    for row in rows:
        row = _flag(row)
        comments.append({
            "id": row["native_id"],
            "platform": row["platform"],
            "id_source": row["id_source"],
            "parent_id": row["parent_native_id"],
            "root_id": row["root_native_id"],
            "depth": row["depth"],
            "position": row["position"],
            "path": row["path"],
            "parent_missing": row["parent_missing"],
            "author": {
                "key": row["commenter_key"],
                "name": row["author_name"],
                "url": row["commenter_url"],
                "user_id": row["commenter_user_id"],
                "is_guest": row["is_guest"],
                "is_post_author": row["is_post_author"],
            },
            **{k: row[k] for k in ("published", "published_raw", "published_zone",
                                   "published_approximate", "published_unparsed")},
            "text": row["text"],
            "html": row["html"],
            "status": row["status"],
            "source_url": row["source_url"],
            # Only on a superseded comment: other comments' files stay as they were.
            **({"superseded_by": row["superseded_by"]} if row["superseded_by"] else {}),
            "_id": row["_id"],
            "_parent": row["_parent"],
        })
    return comments


def nest_comments(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Comments in reading order (flat, with ``_id``/``_parent`` archive ids) as a tree.

    Each comment gets ``replies``; a reply sits under its parent when the parent is in the
    list, otherwise (parent never archived, a broken reply cycle) it is listed at the top
    level, so no comment is ever left out. The helper keys are removed.
    """
    by_id = {c["_id"]: c for c in comments}
    children: dict[str, list[dict[str, Any]]] = {}
    roots: list[dict[str, Any]] = []
    for comment in comments:
        parent = comment["_parent"]
        if parent in by_id and parent != comment["_id"] and not comment.get("parent_missing"):
            children.setdefault(parent, []).append(comment)
        else:
            roots.append(comment)
    placed: set[str] = set()

    def build(comment: dict[str, Any]) -> dict[str, Any]:
        placed.add(comment["_id"])
        node = {k: v for k, v in comment.items() if k not in ("_id", "_parent")}
        node["replies"] = [build(c) for c in children.get(comment["_id"], [])
                           if c["_id"] not in placed]
        return node

    tree = [build(c) for c in roots]
    # Members of a cycle the archive did not flag are reachable from no root: list them too.
    tree += [build(c) for c in comments if c["_id"] not in placed]
    return tree


def _article_snapshot(db: Database, article: dict[str, Any], nested: bool) -> dict[str, Any]:
    url = article["url"]
    snapshot = _flag({k: article[k] for k in SNAPSHOT_ARTICLE_COLUMNS})
    snapshot["site"] = snapshot.pop("site_id")
    snapshot["authors"] = list(
        db.query(
            """select au.key, au.name, au.url, aa.byline_name from article_authors aa
               join authors au on au.id = aa.author_id
               where aa.article_url = ? order by aa.position, au.key""",
            [url],
        )
    )
    snapshot["tags"] = [
        row["name"]
        for row in db.query(
            """select t.name from article_tags at join tags t on t.id = at.tag_id
               where at.article_url = ? order by at.position, t.name""",
            [url],
        )
    ]
    comments = _article_comments(db, url)
    if nested:
        snapshot["comments"] = nest_comments(comments)
    else:
        snapshot["comments"] = [
            {k: v for k, v in c.items() if k not in ("_id", "_parent")} for c in comments
        ]
    return snapshot


def snapshot_articles(
    db_or_path: Database | str | Path,
    site_id: str | None = None,
    since: str | None = None,
    nested: bool = True,
) -> Iterator[dict[str, Any]]:
    """Articles as snapshots store them, ordered by URL, each with authors, tags and its
    comments (a reply tree when ``nested``, else flat in reading order).

    ``since`` (an ISO date or instant) keeps articles published on or after it.
    """
    db = _db(db_or_path)
    clauses, params = [], []
    if site_id:
        clauses.append("site_id = ?")
        params.append(site_id)
    if since:
        clauses.append("published >= ?")
        params.append(since)
    where = ("where " + " and ".join(clauses)) if clauses else ""
    for article in db.query(f"select * from articles {where} order by url", params):
        yield _article_snapshot(db, article, nested)


def article_snapshot(db_or_path: Database | str | Path, url: str) -> dict[str, Any] | None:
    """One article with its comment tree (as in a snapshot), or None when not archived."""
    db = _db(db_or_path)
    rows = list(db.query("select * from articles where url = ?", [url]))
    return _article_snapshot(db, rows[0], nested=True) if rows else None


def snapshot_sites(db_or_path: Database | str | Path, site_ids: list[str]) -> list[dict[str, Any]]:
    """The sites a snapshot names, ordered by origin, without crawl bookkeeping (and without
    `platform`, which follows whichever article was saved last)."""
    db = _db(db_or_path)
    return list(
        db.query(
            """select id as origin, host, timezone, timezone_source, profile
               from sites where id in (select value from json_each(?)) order by id""",
            [json.dumps(sorted(site_ids))],
        )
    )


def find_site(db_or_path: Database | str | Path, site: str) -> str | None:
    """The site id (origin) named by ``site``: an origin or a host name; None when unknown."""
    db = _db(db_or_path)
    rows = list(db.query("select id from sites where id = ? or host = ? order by id",
                         [site.rstrip("/"), site.lower()]))
    return rows[0]["id"] if rows else None


def site_ids(db_or_path: Database | str | Path) -> list[str]:
    """Every site id (origin) in the archive, sorted."""
    return [row["id"] for row in _db(db_or_path).query("select id from sites order by id")]
