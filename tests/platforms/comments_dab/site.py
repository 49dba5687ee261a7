"""A Django blog with django-comments-dab (from PyPI) on loopback: the small project in
project/ copied into a temporary folder, SQLite, the app's stock templates (rendered by its
`render_comments` tag), seeded through the ORM by seed.py.

The truth is read back from the app's own database: every comment with its parent, the name
the page shows for it (the username; "Anonymous User" for a guest, the app's default), time
(UTC) and text, and whether the app renders it (not flagged, under a parent that is shown).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from tests.platforms.django_server import DjangoServer, serve_until_interrupted

HERE = Path(__file__).resolve().parent
ANONYMOUS_NAME = "Anonymous User"  # COMMENT_ANONYMOUS_USERNAME's default
FLAGGED = 2  # comment.models.Flag.FLAGGED: hidden from everyone but moderators


def missing_tools() -> list[str]:
    try:
        import comment  # noqa: F401
    except ImportError:
        return ["django-comments-dab (pip install -e '.[test]')"]
    return []


class CommentsDabSite(DjangoServer):
    """The project, migrated, seeded and served; close() stops and removes it."""

    def __init__(self) -> None:
        super().__init__("archiver-dab-", "dabblog.settings")
        self.db = self.root / "dab.db"
        self.set_up(lambda: self.copy_project(HERE / "project"), HERE / "seed.py")

    def env(self) -> dict[str, str]:
        return dict(super().env(), DAB_DB=str(self.root / "dab.db"))

    def truth(self) -> list[dict]:
        """Every comment in the app's database, shown or not, top-level ones each followed
        by their replies."""
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        try:
            rows = con.execute(
                "select c.id, c.urlhash, c.parent_id, u.username, c.posted, c.content, "
                "f.state, p.slug from comment_comment c "
                "left join auth_user u on u.id = c.user_id "
                "left join comment_flag f on f.comment_id = c.id "
                "join blog_post p on p.id = c.object_id "
                "order by coalesce(c.parent_id, c.id), c.parent_id is not null, c.posted"
            ).fetchall()
        finally:
            con.close()
        hashes = {row["id"]: row["urlhash"] for row in rows}
        hidden = {row["id"] for row in rows if row["state"] == FLAGGED}
        out = []
        for row in rows:
            out.append({
                # The page's own id for a comment: its `urlhash`, the id of its element.
                "id": row["urlhash"],
                "parent_id": hashes[row["parent_id"]] if row["parent_id"] else None,
                "author": row["username"] or ANONYMOUS_NAME,
                "published": row["posted"].replace(" ", "T")[:19] + "Z",
                "text": row["content"],
                "visible": row["id"] not in hidden and row["parent_id"] not in hidden,
                "url": f"{self.base_url}/posts/{row['slug']}/",
            })
        return out


if __name__ == "__main__":
    sys.exit(serve_until_interrupted(CommentsDabSite(), "django-comments-dab"))
