"""Everything about the archive's shape that is derived, not stored: FTS and views.

``ensure_db_shape`` is idempotent and cheap, so it runs after every open (the
github-to-sqlite pattern). Tables and indexes belong to ``migrations``.
"""

from __future__ import annotations

from sqlite_utils import Database

# table -> columns indexed for full-text search. Porter stemming (over FTS5's default
# unicode61 tokenizer) so "arguing" finds "argued"; kept in sync by triggers.
FTS_CONFIG: dict[str, tuple[str, ...]] = {
    "articles": ("title", "body_text"),
    "comments": ("text",),
}
FTS_TOKENIZE = "porter"

# A superseded row (``store.supersede``) is a comment also stored under its new id: views
# that read threads or count comments leave it out, so no comment is shown or counted twice.
VIEWS: dict[str, str] = {
    # A thread read like the page: ORDER BY path is page order, the preview is indented
    # two spaces per nesting level.
    "comment_threads": """
SELECT
  comments.article_url,
  comments.path,
  comments.depth,
  printf('%*s', coalesce(comments.depth, 0) * 2, '') || substr(comments.text, 1, 80)
    AS preview,
  comments.author_name,
  comments.published,
  comments.status,
  comments.id AS comment_id
FROM comments
WHERE comments.status IS NOT 'superseded'
ORDER BY comments.article_url, comments.path
""".strip(),
    "commenter_stats": """
SELECT
  commenters.id AS commenter_id,
  commenters.site_id,
  commenters.platform,
  commenters.name AS commenter,
  count(comments.id) AS comments,
  min(comments.published) AS first_comment,
  max(comments.published) AS last_comment,
  count(DISTINCT comments.article_url) AS articles
FROM commenters
JOIN comments ON comments.commenter_id = commenters.id
  AND comments.status IS NOT 'superseded'
GROUP BY commenters.id
""".strip(),
}


def fts_update_trigger(table: str, columns: tuple[str, ...]) -> str:
    """sqlite-utils' update trigger for ``table``'s FTS index, firing on its columns only.

    sqlite-utils' own fires on an update of any column and re-indexes the row: every
    recrawl that only moves ``last_seen`` would delete and re-add each row's terms.
    """
    fts = f"{table}_fts"
    names = ", ".join(f'"{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    return (
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {names} ON "{table}" BEGIN\n'
        f"  INSERT INTO \"{fts}\" (\"{fts}\", rowid, {names})"
        f" VALUES('delete', old.rowid, {old});\n"
        f'  INSERT INTO "{fts}" (rowid, {names}) VALUES (new.rowid, {new});\n'
        "END"
    )


def ensure_db_shape(db: Database) -> None:
    """Add missing FTS tables (with sync triggers) and create or update the views."""
    # One transaction: a process killed here leaves either no FTS table or a complete one.
    with db.atomic():
        for table, columns in FTS_CONFIG.items():
            if db.table(table).exists() and db.table(table).detect_fts() is None:
                db.table(table).enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE)
            wanted = fts_update_trigger(table, columns)
            found = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                               " AND name = ?", [f"{table}_au"]).fetchone()
            # Only a trigger that is there is replaced: a missing one is doctor's to report.
            if found is not None and found[0] != wanted:
                db.execute(f'DROP TRIGGER "{table}_au"')
                db.execute(wanted)
        for name, sql in VIEWS.items():
            # replace=True is a no-op when the definition is unchanged.
            db.create_view(name, sql, replace=True)
