"""The archive schema as named, ordered, transactional migrations (sqlite-utils ``Migrations``).

Rules: every column has an explicit type, nothing is ever added implicitly by a write
(no ``alter=True``), and a shipped migration is never edited: change the schema by
appending a new one.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("archiver")

# Every parsed date is stored with the raw text it came from and how it was read
# (data-model invariant 4); these are the companion columns of one date column.
_DATE_PARTS = ("", "_raw", "_zone", "_approximate", "_unparsed")


def _date_columns(name: str) -> dict[str, type]:
    return {
        f"{name}{part}": int if part in ("_approximate", "_unparsed") else str
        for part in _DATE_PARTS
    }


def _index(db: Database, table: str, columns: list[str]) -> None:
    db.table(table).create_index(
        columns, index_name=f"idx_{table}_{'_'.join(columns)}", if_not_exists=True
    )


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    """Sites, articles, authors, tags, commenters, comments and crawls."""
    db.create_table(
        "sites",
        {
            "id": str,
            "host": str,
            "platform": str,
            "timezone": str,
            "timezone_source": str,
            "profile": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null=["first_seen", "last_seen"],
    )
    db.create_table(
        "crawls",
        {
            "id": int,
            # Not a foreign key: a crawl starts before its site has a row.
            "site_id": str,
            "started": str,
            "finished": str,
            "finish_reason": str,
            "args": str,
            "settings": str,
            "stats": str,
            "articles_new": int,
            "articles_changed": int,
            "articles_unchanged": int,
            "comments_new": int,
            "comments_changed": int,
            "comments_unchanged": int,
            "errors": int,
        },
        pk="id",
        not_null=["started"],
        defaults={
            column: 0
            for column in (
                "articles_new",
                "articles_changed",
                "articles_unchanged",
                "comments_new",
                "comments_changed",
                "comments_unchanged",
                "errors",
            )
        },
    )
    db.create_table(
        "articles",
        {
            "url": str,
            "site_id": str,
            "fetched_url": str,
            "title": str,
            "byline_raw": str,
            "section": str,
            "language": str,
            "body_text": str,
            "body_html": str,
            **_date_columns("published"),
            **_date_columns("modified"),
            "comment_platform": str,
            "comment_markup": str,
            "declared_comment_count": int,
            "archived_comment_count": int,
            "first_seen": str,
            "last_seen": str,
            "last_changed": str,
            "crawl_id": int,
        },
        pk="url",
        foreign_keys=[("site_id", "sites", "id"), ("crawl_id", "crawls", "id")],
        not_null=["site_id", "first_seen", "last_seen", "last_changed"],
        defaults={"archived_comment_count": 0},
    )
    db.create_table(
        "authors",
        {
            "id": str,
            "site_id": str,
            "key": str,
            "name": str,
            "url": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
        not_null=["site_id", "key", "first_seen", "last_seen"],
    )
    db.create_table(
        "article_authors",
        {
            "article_url": str,
            "author_id": str,
            "position": int,
            "byline_name": str,
            # A link missing from a later crawl is kept; last_seen tells it is stale.
            "first_seen": str,
            "last_seen": str,
        },
        pk=("article_url", "author_id"),
        foreign_keys=[("article_url", "articles", "url"), ("author_id", "authors", "id")],
        not_null=["article_url", "author_id", "first_seen", "last_seen"],
    )
    db.create_table(
        "tags",
        {"id": str, "site_id": str, "name": str},
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
        not_null=["site_id", "name"],
    )
    db.create_table(
        "article_tags",
        {
            "article_url": str,
            "tag_id": str,
            "position": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("article_url", "tag_id"),
        foreign_keys=[("article_url", "articles", "url"), ("tag_id", "tags", "id")],
        not_null=["article_url", "tag_id", "first_seen", "last_seen"],
    )
    db.create_table(
        "commenters",
        {
            "id": str,
            "site_id": str,
            "platform": str,
            "key": str,
            "name": str,
            "url": str,
            "user_id": str,
            "is_guest": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
        not_null=["site_id", "platform", "key", "first_seen", "last_seen"],
    )
    db.create_table(
        "comments",
        {
            "id": str,
            "site_id": str,
            "article_url": str,
            "platform": str,
            "native_id": str,
            "id_source": str,
            # Not a foreign key: a reply is stored even when its parent never was
            # (invariant 3); the id is derived, so it still names the parent.
            "parent_id": str,
            "parent_native_id": str,
            "root_id": str,
            "depth": int,
            "position": int,
            "path": str,
            "parent_missing": int,
            "commenter_id": str,
            "author_name": str,
            "is_post_author": int,
            **_date_columns("published"),
            "text": str,
            "html": str,
            "status": str,
            "source_url": str,
            "first_seen": str,
            "last_seen": str,
            "last_changed": str,
        },
        pk="id",
        foreign_keys=[
            ("site_id", "sites", "id"),
            ("article_url", "articles", "url"),
            ("commenter_id", "commenters", "id"),
        ],
        not_null=[
            "site_id",
            "article_url",
            "platform",
            "native_id",
            "first_seen",
            "last_seen",
            "last_changed",
        ],
        defaults={"status": "visible", "parent_missing": 0, "is_post_author": 0},
    )
    for table, columns in (
        ("articles", ["site_id"]),
        ("articles", ["published"]),
        ("articles", ["section"]),
        ("articles", ["crawl_id"]),
        ("authors", ["site_id"]),
        ("article_authors", ["author_id"]),
        ("tags", ["site_id"]),
        ("article_tags", ["tag_id"]),
        ("commenters", ["site_id"]),
        ("comments", ["article_url", "path"]),
        ("comments", ["commenter_id"]),
        ("comments", ["published"]),
        ("comments", ["parent_id"]),
        ("comments", ["site_id"]),
    ):
        _index(db, table, columns)


@migrations(name="m002_errors")
def m002_errors(db: Database) -> None:
    """Bad input is recorded here and skipped, never silently dropped."""
    db.create_table(
        "errors",
        {
            "id": int,
            "crawl_id": int,
            "url": str,
            "kind": str,
            "message": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
        not_null=["kind", "at"],
    )
    _index(db, "errors", ["crawl_id"])



@migrations(name="m003_history_and_captures")
def m003_history_and_captures(db: Database) -> None:
    """Previous versions of articles and comments, deletions, captures, crawl kinds."""
    # A version row is the content a row had before a crawl saw it change: the old
    # columns, when that content was first seen (valid_from) and when it was replaced.
    db.create_table(
        "article_versions",
        {
            "id": int,
            "article_url": str,
            "title": str,
            "byline_raw": str,
            "section": str,
            "language": str,
            "body_text": str,
            "body_html": str,
            **_date_columns("published"),
            **_date_columns("modified"),
            "valid_from": str,
            "last_seen": str,
            "replaced_at": str,
            "crawl_id": int,
        },
        pk="id",
        foreign_keys=[("article_url", "articles", "url"), ("crawl_id", "crawls", "id")],
        not_null=["article_url", "replaced_at"],
    )
    _index(db, "article_versions", ["article_url"])
    db.create_table(
        "comment_versions",
        {
            "id": int,
            "comment_id": str,
            "parent_id": str,
            "parent_native_id": str,
            "commenter_id": str,
            "author_name": str,
            "is_post_author": int,
            **_date_columns("published"),
            "text": str,
            "html": str,
            "status": str,
            "valid_from": str,
            "last_seen": str,
            "replaced_at": str,
            "crawl_id": int,
        },
        pk="id",
        foreign_keys=[("comment_id", "comments", "id"), ("crawl_id", "crawls", "id")],
        not_null=["comment_id", "replaced_at"],
    )
    _index(db, "comment_versions", ["comment_id"])
    # When a complete fetch of the thread first missed the comment; last_seen keeps when
    # it was last there.
    db["comments"].add_column("deleted_at", str)
    # Every response fetched: the fetch log that conditional requests and "known URL"
    # decisions read, and where its WARC records are (NULL when WARC capture is off).
    db.create_table(
        "captures",
        {
            "id": int,
            "url": str,
            "status": int,
            "fetched_at": str,
            "crawl_id": int,
            "warc_file": str,
            "offset": int,
            "length": int,
            "request_offset": int,
            "content_type": str,
            "etag": str,
            "last_modified": str,
            "bytes": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
        not_null=["url", "fetched_at"],
    )
    _index(db, "captures", ["url"])
    _index(db, "captures", ["crawl_id"])
    for column in ("requests", "not_modified", "bytes", "comments_deleted"):
        db["crawls"].add_column(column, int, not_null_default=0)
    db["crawls"].add_column("kind", str)


@migrations(name="m004_comment_reactions")
def m004_comment_reactions(db: Database) -> None:
    """Likes (or the platform's score) and the edited flag, where a platform reports them."""
    db["comments"].add_column("likes", int)
    db["comments"].add_column("edited", int)


@migrations(name="m005_imports")
def m005_imports(db: Database) -> None:
    """Each `archiver import`, so that one killed midway is never taken for a whole one."""
    db.create_table(
        "imports",
        {
            "id": int,
            "crawl_id": int,
            "snapshot": str,
            # Which snapshot: an import of the same one (same manifest) finishes this one.
            "manifest_sha256": str,
            "exported_at": str,
            "articles_expected": int,
            "started": str,
            "finished": str,
            # The import that completed this one, when this one was killed.
            "finished_by": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
        not_null=["snapshot", "manifest_sha256", "started"],
    )
    _index(db, "imports", ["finished"])


@migrations(name="m006_thread_completeness")
def m006_thread_completeness(db: Database) -> None:
    """Whether each article's thread was read whole, and why not (no_adapter, refused,
    capped, failed, interrupted, unreadable): what an archive does not hold is said."""
    db["articles"].add_column("thread_complete", int)
    db["articles"].add_column("thread_incomplete_reason", str)
    _index(db, "articles", ["thread_complete"])


@migrations(name="m007_missing_parent_index")
def m007_missing_parent_index(db: Database) -> None:
    """Index only the replies whose parent is missing, instead of every comment's parent.

    The one query that looks comments up by parent_id is the writer's: replies saved
    before their parent, flagged ``parent_missing``, lose the flag when it arrives. A
    partial index of those few rows serves it; the full one cost every comment insert
    an index entry no reader used (threads are read by article_url and path).
    """
    db.execute("DROP INDEX IF EXISTS idx_comments_parent_id")
    db.execute("CREATE INDEX IF NOT EXISTS idx_comments_missing_parent"
               " ON comments (parent_id) WHERE parent_missing = 1")


@migrations(name="m008_comment_record_digest")
def m008_comment_record_digest(db: Database) -> None:
    """A digest of the record fields each comment row was last written from.

    A re-crawl that brings the same fields again (the usual case) finds the comment
    unchanged from the digest alone, without building its row or reading its text back
    (``store.unchanged``). Comments saved before this migration have none and are compared
    column by column once, which fills it in.
    """
    db["comments"].add_column("record_digest", str)


@migrations(name="m009_superseded_comments")
def m009_superseded_comments(db: Database) -> None:
    """Comments re-keyed by a better extraction: status 'superseded', pointing at their row.

    A comment the page gives no id is keyed by a hash of its content (author, date, first
    words, parent); reading any of those better gives the same comment a new id. The old
    row stays (invariant 2), marked 'superseded' with ``superseded_by`` the new row's id,
    instead of 'deleted' (``store.supersede``). Two partial indexes keep the few rows the
    writer looks for on every complete save out of a scan of the thread: hash-keyed rows
    marked deleted (an earlier crawl may have mistaken a re-keying for a deletion) and
    superseded rows (left out of the archived comment count).
    """
    db["comments"].add_column("superseded_by", str)
    db["crawls"].add_column("comments_superseded", int, not_null_default=0)
    db.execute("CREATE INDEX IF NOT EXISTS idx_comments_deleted_hash ON comments (article_url)"
               " WHERE status = 'deleted' AND id_source = 'hash'")
    db.execute("CREATE INDEX IF NOT EXISTS idx_comments_superseded ON comments (article_url)"
               " WHERE status = 'superseded'")


def apply(db: Database) -> None:
    """Apply every pending migration, each in its own transaction."""
    migrations.apply(db)


def applied_migrations(db: Database) -> list[str]:
    """Names of the archiver migrations applied to ``db``, in the order they ran."""
    return [migration.name for migration in migrations.applied(db)]


def pending_migrations(db: Database) -> list[str]:
    """Names of the archiver migrations not yet applied to ``db``."""
    return [migration.name for migration in migrations.pending(db)]
