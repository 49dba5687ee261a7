"""A Django blog with django-comments-xtd (from PyPI) on loopback: the small project in
project/ copied into a temporary folder, SQLite, the app's stock comment templates (a tree
of nested `div.comment` blocks), seeded through the ORM by seed.py.

The truth is read back from the app's own database: every comment with its parent, name,
time (UTC) and text, and whether the app renders it (public and not removed).
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from tests.platforms.django_server import DjangoServer, serve_until_interrupted

HERE = Path(__file__).resolve().parent


def missing_tools() -> list[str]:
    try:
        import django_comments_xtd  # noqa: F401
    except ImportError:
        return ["django-comments-xtd (pip install -e '.[test]')"]
    return []


class CommentsXtdSite(DjangoServer):
    """The project, migrated, seeded and served; close() stops and removes it."""

    def __init__(self) -> None:
        super().__init__("archiver-xtd-", "xtdblog.settings")
        self.db = self.root / "xtd.db"
        self.set_up(lambda: self.copy_project(HERE / "project"), HERE / "seed.py", self.base_url)

    def env(self) -> dict[str, str]:
        return dict(super().env(), XTD_DB=str(self.root / "xtd.db"))

    def truth(self) -> list[dict]:
        """Every comment in the app's database, shown or not, in thread order."""
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        try:
            rows = con.execute(
                "select c.id, x.parent_id, c.user_name, c.submit_date, c.comment, c.is_public, "
                "c.is_removed, a.slug, a.publish from django_comments c "
                "join django_comments_xtd_xtdcomment x on x.comment_ptr_id = c.id "
                "join blog_article a on a.id = c.object_pk "
                "order by x.thread_id, x.\"order\"").fetchall()
        finally:
            con.close()
        out = []
        for row in rows:
            published = datetime.fromisoformat(row["publish"])
            out.append({
                "id": str(row["id"]),
                # The app stores a top-level comment as its own parent.
                "parent_id": None if row["parent_id"] == row["id"] else str(row["parent_id"]),
                "author": row["user_name"] or None,
                "published": row["submit_date"].replace(" ", "T")[:19] + "Z",
                "text": row["comment"],
                "visible": bool(row["is_public"]) and not row["is_removed"],
                "url": f"{self.base_url}/{published.year}/{published.month}/{row['slug']}/",
            })
        return out


if __name__ == "__main__":
    sys.exit(serve_until_interrupted(CommentsXtdSite(), "django-comments-xtd"))
