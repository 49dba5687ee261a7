"""A writer killed with SIGKILL at any instant leaves a sound archive (invariant 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlite_utils import Database
from store_records import foreign_key_problems, make_comment, make_record

from archiver.store import open_archive, save_records

COMMENTS_PER_ARTICLE = 150
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

CHILD = textwrap.dedent(
    """
    import sys
    from store_records import make_comment, make_record
    from archiver.store import begin_crawl, open_archive, save_record

    db = open_archive(sys.argv[1])
    crawl = begin_crawl(db, "https://example.com", {}, {})
    n = 0
    while True:
        comments = [
            make_comment(f"{n}-{i}", f"{n}-{i - 1}" if i % 3 else None)
            for i in range(int(sys.argv[2]))
        ]
        save_record(db, make_record(f"https://example.com/p{n}/", comments=comments), crawl)
        print(n, flush=True)
        n += 1
    """
)


def _record(n: int) -> dict:
    comments = [
        make_comment(f"{n}-{i}", f"{n}-{i - 1}" if i % 3 else None)
        for i in range(COMMENTS_PER_ARTICLE)
    ]
    return make_record(f"https://example.com/p{n}/", comments=comments)


def _kill_writer_after(db_path: Path, saved: int, extra_delay: float) -> int:
    """Start a writer, let it commit `saved` articles, SIGKILL it; return the last reported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(HERE)])}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(COMMENTS_PER_ARTICLE)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    last = -1
    try:
        assert child.stdout is not None
        while last < saved - 1:
            line = child.stdout.readline()
            assert line, "writer exited before it was killed"
            last = int(line)
        if extra_delay:
            # Let it get into the middle of the next article's transaction.
            time.sleep(extra_delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return last


def _assert_sound(db: Database) -> None:
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert foreign_key_problems(db) == []
    # The search index must match its table too, or searches return wrong rows.
    db.execute("INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')")
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize("extra_delay", [0.0, 0.003, 0.011])
def test_a_killed_crawl_leaves_a_sound_archive_that_the_next_crawl_completes(
    tmp_path: Path, extra_delay: float
) -> None:
    db_path = tmp_path / "archive.db"
    last_reported = _kill_writer_after(db_path, saved=3, extra_delay=extra_delay)

    db = open_archive(db_path)
    _assert_sound(db)
    stored = db["articles"].count
    assert stored >= last_reported + 1
    # Each article is all or nothing: never an article with part of its comments.
    per_article = {
        row["article_url"]: row["n"]
        for row in db.query("SELECT article_url, count(*) AS n FROM comments GROUP BY 1")
    }
    assert len(per_article) == stored
    assert set(per_article.values()) == {COMMENTS_PER_ARTICLE}
    # The crawl's counters were committed with the rows they count.
    crawl = next(db.query("SELECT * FROM crawls"))
    assert crawl["articles_new"] == stored
    assert crawl["finished"] is None

    total = stored + 2
    results = save_records(db, [_record(n) for n in range(total)], None)

    assert [r["article"] for r in results] == ["unchanged"] * stored + ["new"] * 2
    assert db["articles"].count == total
    assert db["comments"].count == total * COMMENTS_PER_ARTICLE
    _assert_sound(db)
