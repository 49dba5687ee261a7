"""A stock Mezzanine CMS (from PyPI) on loopback: `mezzanine-project` in a temporary folder,
SQLite, its own templates and threaded comments, seeded through its ORM by seed.py.

The truth is read back from Mezzanine's own database: every comment with its parent, name,
time (UTC) and text, and whether the stock templates show it (approved and not removed).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import urllib.parse
from pathlib import Path

from tests.platforms.django_server import DjangoServer, serve_until_interrupted

HERE = Path(__file__).resolve().parent
LOCAL_SETTINGS = """
DEBUG = False
SECRET_KEY = "archiver-tests-only"
NEVERCACHE_KEY = "archiver-tests-only-too"
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {db!r}}}}}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
"""


def missing_tools() -> list[str]:
    try:
        import mezzanine  # noqa: F401
    except ImportError:
        return ["mezzanine (pip install -e '.[test]')"]
    return []


class MezzanineSite(DjangoServer):
    """The project `mzsite`, migrated, seeded and served; close() stops and removes it."""

    def __init__(self) -> None:
        super().__init__("archiver-mezzanine-", "mzsite.settings")
        self.db = self.root / "mezzanine.db"
        self.set_up(self._lay_out, HERE / "seed.py", self.base_url)

    def _lay_out(self) -> None:
        """Mezzanine's own project template (`mezzanine-project`), on SQLite."""
        tool = shutil.which("mezzanine-project") or str(
            Path(sys.executable).with_name("mezzanine-project"))
        self.run("project", tool, "mzsite", str(self.root))
        (self.root / "mzsite" / "local_settings.py").write_text(
            LOCAL_SETTINGS.format(db=str(self.db)))

    def truth(self) -> list[dict]:
        """Every comment in Mezzanine's database, shown or not, in thread order."""
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        try:
            rows = con.execute(
                "select c.id, t.replied_to_id, c.user_name, c.submit_date, c.comment, "
                "c.is_public, c.is_removed, p.slug from django_comments c "
                "join generic_threadedcomment t on t.comment_ptr_id = c.id "
                "join blog_blogpost p on p.id = c.object_pk order by c.id").fetchall()
        finally:
            con.close()
        return [{
            "id": str(row["id"]),
            "parent_id": None if row["replied_to_id"] is None else str(row["replied_to_id"]),
            "author": row["user_name"] or None,
            # Django stores aware datetimes in UTC, without an offset, in SQLite.
            "published": row["submit_date"].replace(" ", "T")[:19] + "Z",
            "text": row["comment"],
            "visible": bool(row["is_public"]) and not row["is_removed"],
            "url": f"{self.base_url}/blog/{urllib.parse.quote(row['slug'])}/",
        } for row in rows]


if __name__ == "__main__":
    sys.exit(serve_until_interrupted(MezzanineSite(), "Mezzanine"))
