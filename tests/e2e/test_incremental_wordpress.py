"""End to end: history from a real WordPress whose database is edited between crawls.

A comment's text is edited and another comment is trashed in WordPress's own database
(what a moderator does); the next crawl must keep the old text as a version and mark the
trashed comment deleted, keeping its row and its replies' parent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_crawl_wordpress import FAST, wordpress  # noqa: F401  (the fixture)
from tests.helpers import last_crawl, query, run_cli

pytestmark = pytest.mark.slow

EDITED = "Edited by the moderator: this comment was changed after the first crawl."


def crawl(site, db: Path) -> dict:
    # Every article due at every crawl: the test is about what a refresh finds.
    result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST,
                     "-s", "ARCHIVER_REFRESH_SCHEDULE=100000:0")
    assert result.returncode == 0, result.stderr
    return last_crawl(db)


def test_edits_and_deletions_in_wordpress_show_in_the_history(wordpress, tmp_path):  # noqa: F811
    db = tmp_path / "wp.db"
    crawl(wordpress, db)
    truth = wordpress.truth()
    comments = truth["comments"]
    parents = {c["comment_parent"] for c in comments}
    edited = next(c for c in comments if c["comment_ID"] in parents)
    trashed = next(c for c in comments if c["comment_ID"] not in parents
                   and c["comment_ID"] != edited["comment_ID"])
    old_text = query(db, "select text from comments where native_id = ?",
                    (edited["comment_ID"],))[0]["text"]
    try:
        wordpress.sql(
            f"UPDATE wordpress.wp_comments SET comment_content = '{EDITED}'"
            f" WHERE comment_ID = {int(edited['comment_ID'])}")
        wordpress.sql("UPDATE wordpress.wp_comments SET comment_approved = 'trash'"
                      f" WHERE comment_ID = {int(trashed['comment_ID'])}")
        second = crawl(wordpress, db)
    finally:
        wordpress.sql(
            "UPDATE wordpress.wp_comments SET comment_content = "
            + "'" + edited["comment_content"].replace("\\", "\\\\").replace("'", "''") + "'"
            + f", comment_approved = '1' WHERE comment_ID IN ({int(edited['comment_ID'])},"
            f" {int(trashed['comment_ID'])})")

    now = query(db, "select * from comments where native_id = ?", (edited["comment_ID"],))[0]
    assert now["text"] == EDITED and now["status"] == "visible"
    versions = query(db, "select * from comment_versions where comment_id = ?", (now["id"],))
    assert [v["text"] for v in versions] == [old_text]
    assert versions[0]["replaced_at"] == now["last_changed"]

    gone = query(db, "select * from comments where native_id = ?", (trashed["comment_ID"],))[0]
    assert gone["status"] == "deleted"
    assert gone["deleted_at"] > gone["last_seen"]
    assert second["comments_changed"] == 1  # the edit; the deletion is counted apart
    assert second["comments_deleted"] == 1
    assert query(db, "select count(*) as n from comments")[0]["n"] == len(comments)
