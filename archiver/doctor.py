"""`archiver doctor`: check an archive and say what to do about each problem found.

Changes nothing: the archive is opened without migrations or shape changes, so a damaged
or old archive is reported as it is. Checks, each independent of the others:

- SQLite's own ``integrity_check`` and ``foreign_key_check``;
- orphans: comments whose article row is missing, replies whose parent id names no stored
  comment without being flagged ``parent_missing``;
- full-text search: each FTS index holds one entry per row, passes FTS5's own
  integrity-check, and has the triggers that keep it in sync;
- WARC links: every ``captures`` row with a ``warc_file`` names a file that exists, whose
  record at ``offset`` reads back as the response for that URL;
- imports started and never finished (a kill midway; see docs/export.md);
- comments marked deleted that were only re-keyed: a hash-keyed comment (the page gave
  it no id) an earlier archiver marked deleted at the fetch that first saw the same
  comment under a new id (``store.supersede``). The next complete save of the article
  repairs them (status ``superseded``); superseded comments already in the archive are
  counted on an ``info`` line: they are not deletions.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver.errors import ArchiverError

FTS_TABLES = {"articles": "title body_text", "comments": "text"}
# Enough to find a broken file or a wrong offset; every capture of a large archive would
# take as long as a reparse.
MAX_WARC_READS = 2000


@dataclass
class Problem:
    check: str
    message: str
    fix: str

    def render(self) -> str:
        return f"PROBLEM {self.check}: {self.message} -> {self.fix}"


@dataclass
class Report:
    db: Path
    passed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # in the order the checks ran

    @property
    def healthy(self) -> bool:
        return not self.problems

    def render(self) -> str:
        lines = list(self.lines)
        verdict = ("healthy" if self.healthy
                   else f"{len(self.problems)} problem(s), each with what to do")
        lines.append(f"{self.db}: {verdict}")
        return "\n".join(lines)


def _count(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(conn.execute(sql, params).fetchone()[0])


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


class _Doctor:
    def __init__(self, conn: sqlite3.Connection, db: Path, warc_dir: Path) -> None:
        self.conn = conn
        self.db = db
        self.quoted = shlex.quote(str(db))
        self.warc_dir = warc_dir
        self.report = Report(db)
        self.tables = _tables(conn)

    def problem(self, check: str, message: str, fix: str) -> None:
        self.report.problems.append(Problem(check, message, fix))

    def run(self) -> Report:
        for check in (self.integrity, self.foreign_keys, self.orphans, self.fts,
                      self.warc_links, self.imports, self.mistaken_deletions):
            before = len(self.report.problems)
            try:
                check()
            except sqlite3.DatabaseError as exc:
                self.problem(check.__name__, f"could not be checked ({exc})",
                             "restore the archive from a backup, or try "
                             f"`sqlite3 {self.quoted} .recover`")
            if len(self.report.problems) == before:
                name = check.__name__.replace("_", " ")
                self.report.passed.append(name)
                self.report.lines.append(f"ok      {name}")
            else:
                self.report.lines += [p.render() for p in self.report.problems[before:]]
        return self.report

    def integrity(self) -> None:
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            self.problem("integrity", f"{len(rows)} finding(s), first: {rows[0]}",
                         f"restore from a backup, or `sqlite3 {self.quoted} .recover` into a "
                         "new file and run `archiver doctor` on it")

    def foreign_keys(self) -> None:
        found = Counter((r[0], r[2]) for r in self.conn.execute("PRAGMA foreign_key_check"))
        for (table, parent), n in sorted(found.items()):
            if (table, parent) == ("comments", "articles"):
                continue  # reported with its fix by the orphans check
            self.problem("foreign keys", f"{n} row(s) of {table} point at a missing {parent} "
                         "row", f"re-crawl the site or re-import its snapshot to restore the "
                         f"{parent} rows (SQL: PRAGMA foreign_key_check({table}))")

    def orphans(self) -> None:
        if not {"comments", "articles"} <= self.tables:
            return
        missing = list(self.conn.execute(
            "SELECT article_url, count(*) FROM comments WHERE NOT EXISTS"
            " (SELECT 1 FROM articles WHERE articles.url = comments.article_url)"
            " GROUP BY article_url ORDER BY article_url"))
        if missing:
            total = sum(n for _, n in missing)
            self.problem("orphans", f"{total} comment(s) of {len(missing)} article(s) whose "
                         f"article row is missing, e.g. {missing[0][0]}",
                         "re-crawl those articles (`archiver crawl URL --full`) or re-import "
                         "the snapshot that holds them")
        unflagged = self.conn.execute(
            "SELECT count(*), min(c.article_url) FROM comments c WHERE c.parent_id IS NOT NULL"
            " AND coalesce(c.parent_missing, 0) = 0 AND NOT EXISTS"
            " (SELECT 1 FROM comments p WHERE p.id = c.parent_id)").fetchone()
        if unflagged[0]:
            self.problem("orphans", f"{unflagged[0]} repl(ies) whose parent is not in the "
                         f"archive and not flagged parent_missing, e.g. in {unflagged[1]}",
                         "re-read them: `archiver reparse --db " + self.quoted + "` (or "
                         "re-crawl with --full) sets parent_missing where the parent is gone")

    def fts(self) -> None:
        for table, columns in FTS_TABLES.items():
            if table not in self.tables:
                continue
            fts = f"{table}_fts"
            rebuild = f"`sqlite-utils rebuild-fts {self.quoted} {table}`"
            if fts not in self.tables:
                self.problem("fts", f"{table} has no search index",
                             f"run any archiver command that opens it (e.g. `archiver export`)"
                             f", or `sqlite-utils enable-fts {self.quoted} {table} {columns} "
                             "--fts5 --tokenize porter --create-triggers`")
                continue
            rows = _count(self.conn, f"SELECT count(*) FROM [{table}]")
            indexed = _count(self.conn, f"SELECT count(*) FROM [{fts}_docsize]")
            if rows != indexed:
                self.problem("fts", f"the search index of {table} has {indexed} entries for "
                             f"{rows} rows", f"run {rebuild}")
            else:
                try:
                    self.conn.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES('integrity-check')")
                except sqlite3.DatabaseError as exc:
                    self.problem("fts", f"the search index of {table} does not match its rows "
                                 f"({exc})", f"run {rebuild}")
            triggers = {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=?", [table])}
            absent = sorted({f"{table}_ai", f"{table}_ad", f"{table}_au"} - triggers)
            if absent:
                self.problem("fts", f"the triggers that keep the search index of {table} in "
                             f"sync are missing ({', '.join(absent)})",
                             f"run `sqlite-utils enable-fts {self.quoted} {table} {columns} "
                             "--fts5 --tokenize porter --create-triggers --replace`")

    def warc_links(self) -> None:
        if "captures" not in self.tables:
            return
        from archiver.capture.warc import read_response

        rows = list(self.conn.execute(
            "SELECT id, url, warc_file, offset FROM captures WHERE warc_file IS NOT NULL"
            " ORDER BY id"))
        missing: Counter[str] = Counter()
        unfinished: Counter[str] = Counter()
        bad: list[str] = []
        reads = 0
        for capture_id, url, name, offset in rows:
            path = self.warc_dir / name
            if not path.is_file():
                if path.with_name(name + ".open").is_file():
                    unfinished[name] += 1
                else:
                    missing[name] += 1
                continue
            if reads >= MAX_WARC_READS:
                continue
            reads += 1
            try:
                stored = read_response(path, int(offset))
            except Exception as exc:  # any damage in a file: report it, go on
                bad.append(f"capture {capture_id} ({name} at {offset}): {type(exc).__name__}")
                continue
            if stored.url != url:
                bad.append(f"capture {capture_id} ({name} at {offset}) reads back "
                           f"{stored.url!r}, not {url!r}")
        if missing:
            name, n = missing.most_common(1)[0]
            self.problem("warc links", f"{sum(missing.values())} capture(s) name WARC files "
                         f"missing from {self.warc_dir} ({len(missing)} file(s), e.g. {name}: "
                         f"{n})", "put the WARC files back there (or pass --warcs DIR); "
                         "without them those pages cannot be reparsed")
        if unfinished:
            self.problem("warc links", f"{len(unfinished)} WARC file(s) still .open (a crawl "
                         "running or killed)", "if no crawl is running, the next `archiver "
                         "crawl` or `archiver reparse` of this archive repairs them")
        if bad:
            self.problem("warc links", f"{len(bad)} capture(s) do not read back their "
                         f"record, first: {bad[0]}", "the WARC file is damaged or was "
                         "replaced: restore it from a backup, or re-crawl those pages")

    def imports(self) -> None:
        if "imports" not in self.tables:
            return
        rows = list(self.conn.execute(
            "SELECT snapshot, started FROM imports WHERE finished IS NULL ORDER BY id"))
        for snapshot, started in rows:
            self.problem("imports", f"the import of {snapshot} started {started} did not "
                         "finish: the archive holds part of that snapshot",
                         f"run `archiver import {shlex.quote(snapshot)} --db {self.quoted}` "
                         "again to complete it")


    def mistaken_deletions(self) -> None:
        if "comments" not in self.tables:
            return
        from archiver.store.supersede import mistaken_deletions

        found = mistaken_deletions(self.conn)
        if found:
            url, n = next(iter(found.items()))
            self.problem("mistaken deletions", f"{sum(found.values())} comment(s) of "
                         f"{len(found)} article(s) marked deleted that were only re-keyed "
                         f"(stored again under a new id the same day), e.g. {n} in {url}",
                         f"`archiver reparse --db {self.quoted}` (or a re-crawl) marks them "
                         "superseded: each article's next complete save repairs them")
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(comments)")}
        if "superseded_by" in columns:
            superseded = _count(self.conn,
                                "SELECT count(*) FROM comments WHERE status = 'superseded'")
            if superseded:
                self.report.lines.append(
                    f"info    {superseded} comment(s) superseded: each is stored again "
                    "under a new id (superseded_by) that a better extraction gave it; "
                    "not a deletion")


def check_archive(db: str | Path, warc_dir: str | Path | None = None) -> Report:
    """Check the archive at ``db`` (read only); see the module docstring."""
    from archiver.capture.warc import warc_dir_for

    path = Path(db)
    if not path.is_file():
        raise ArchiverError(f"{db}: no archive there")
    try:
        # Read-write, not ro: FTS5's integrity-check is an INSERT (that writes nothing).
        # Nothing here commits a change.
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=rw", uri=True)
    except sqlite3.Error as exc:
        raise ArchiverError(f"{db}: cannot be opened ({exc})") from None
    try:
        try:
            tables = _tables(conn)
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise ArchiverError(f"{db}: not an SQLite archive ({exc})") from None
            raise ArchiverError(f"{db}: damaged beyond reading its schema ({exc}); restore "
                                f"it from a backup, or try `sqlite3 {shlex.quote(str(db))} "
                                ".recover`") from None
        if "articles" not in tables:
            raise ArchiverError(f"{db}: an SQLite file, but not an archive (no articles table)")
        warcs = Path(warc_dir) if warc_dir else warc_dir_for(path)
        return _Doctor(conn, path, warcs).run()
    finally:
        conn.close()
