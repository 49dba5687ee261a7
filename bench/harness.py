"""bench/run: archiver's cost side by side with what it is built on, as one table.

Generates demo sites (archiver.demo, exact ground truth), serves them with nginx on
loopback, then measures, alternating the commands and taking medians:

* crawl: `archiver crawl` (all a user gets by default, politeness off) vs a bare Scrapy
  spider following the same links (bench/bare_spider.py), pages/s and CPU ms/page;
* extraction alone on the saved article pages: extract_page vs lxml.html.fromstring vs
  trafilatura with comments;
* store alone: archiver.store.save_records vs sqlite3 executemany in one transaction;
* peak RSS of the crawl process for a small and a large site;
* every archiver crawl's archive compared with the generator's ground truth.

Progress goes to stderr, the table (Markdown) to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from venv_python import use_project_venv

use_project_venv()

import remains  # noqa: E402
from nginx import Nginx, find_nginx, free_port  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 2024
CONCURRENCY = 32
# Politeness off (the server is ours); robots.txt stays on for both spiders because the
# demo site's ground truth says its /private/ page must not be archived.
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "True",
    "CONCURRENT_REQUESTS": str(CONCURRENCY),
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
    "LOG_LEVEL": "WARNING",
}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


@dataclass
class Site:
    n: int
    port: int
    root: Path
    site: Any  # archiver.demo.DemoSite

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@dataclass
class ChildRun:
    wall: float
    cpu: float
    maxrss_mb: float
    pages: int
    mismatches: int | None = None
    first_mismatches: list[str] = field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages if self.pages else 0.0


def timed_child(cmd: list[str], logfile: Path) -> tuple[float, float, float]:
    """Run a Python command; (wall s, CPU s user+system, peak RSS MB) of that child process."""
    peak = logfile.with_suffix(".peak")
    cmd = [cmd[0], str(HERE / "peak.py"), str(peak), *cmd[1:]]
    with logfile.open("ab") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = logfile.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, float(peak.read_text())


def _settings_args() -> list[str]:
    return [arg for name, value in CRAWL_SETTINGS.items() for arg in ("-s", f"{name}={value}")]


def crawl_archiver(site: Site, work: Path, tag: str, options: list[str] | None = None) -> ChildRun:
    """`archiver crawl` of the site: with the demo's profile, or with `options` instead."""
    from archiver.demo import PROFILE_PATH
    from archiver.demo.verify import compare
    from archiver.store.read import article_records

    db = work / f"archiver-{tag}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if options is None:
        options = ["--profile", str(PROFILE_PATH)]
    cmd = [sys.executable, "-m", "archiver", "crawl", site.url, "--db", str(db),
           *options, *_settings_args()]
    wall, cpu, rss = timed_child(cmd, work / "archiver.log")
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from crawls order by id desc").fetchone()[0])
    problems = compare(site.site.truth, list(article_records(str(db))))
    return ChildRun(wall, cpu, rss, int(stats.get("downloader/response_count", 0)),
                    mismatches=len(problems), first_mismatches=problems[:5])


def _crawl_row(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from crawls order by id desc limit 1").fetchone())
    row["stats"] = json.loads(row["stats"] or "{}")
    return row


def recrawl_unchanged(site: Site, work: Path, db: Path) -> dict[str, float]:
    """An incremental recrawl of an unchanged site (nginx answers conditional requests with
    304) next to the full crawl that built the archive: requests, bytes and wall time."""
    full = _crawl_row(db)
    cmd = [sys.executable, "-m", "archiver", "crawl", site.url, "--db", str(db),
           "--profile", str(_profile()), *_settings_args()]
    wall, _cpu, _rss = timed_child(cmd, work / "recrawl.log")
    again = _crawl_row(db)
    from archiver.demo.verify import compare
    from archiver.store.read import article_records

    def stat(row: dict[str, Any], key: str) -> float:
        return float(row["stats"].get(key, 0))

    return {
        "requests": stat(again, "downloader/request_count"),
        "full_requests": stat(full, "downloader/request_count"),
        "bytes": stat(again, "downloader/response_bytes"),
        "full_bytes": stat(full, "downloader/response_bytes"),
        "not_modified": float(again.get("not_modified") or 0),
        "wall": wall,
        "versions": float(again.get("articles_changed", 0) + again.get("comments_changed", 0)),
        "mismatches": len(compare(site.site.truth, list(article_records(str(db))))),
    }


def export_and_reparse(site: Site, work: Path, db: Path, pages: int) -> dict[str, float]:
    """Export the crawled archive, and rebuild a new one from its WARC files alone."""
    from archiver.demo.verify import compare
    from archiver.store.read import article_records

    out = work / "export"
    export_wall, _, _ = timed_child(
        [sys.executable, "-m", "archiver", "export", "--db", str(db), "--out", str(out)],
        work / "export.log")
    rebuilt = work / "reparsed.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{rebuilt}{suffix}").unlink(missing_ok=True)
    warcs = db.with_name(db.stem + "-warc")
    reparse_wall, _, _ = timed_child(
        [sys.executable, "-m", "archiver", "reparse", "--db", str(rebuilt), "--warcs", str(warcs),
         "--profile", str(_profile())], work / "reparse.log")
    articles = len(site.site.truth["articles"])
    return {
        "export_articles_per_s": articles / export_wall,
        "reparse_pages_per_s": pages / reparse_wall,
        "reparse_mismatches": len(compare(site.site.truth, list(article_records(str(rebuilt))))),
    }


def _profile() -> Path:
    from archiver.demo import PROFILE_PATH

    return Path(PROFILE_PATH)


def crawl_bare(site: Site, work: Path, tag: str, deny: str | None = None,
               dedupe: bool = False) -> ChildRun:
    """The bare Scrapy spider; `deny`: a regex of links it leaves out (a shape's actions);
    `dedupe`: it drops links it yielded already (a set of strings) before Scrapy sees them."""
    stats_path = work / f"bare-{tag}.json"
    cmd = [sys.executable, str(HERE / "bare_spider.py"), site.url, "--stats", str(stats_path),
           *(["--deny", deny] if deny else []), *(["--dedupe"] if dedupe else []),
           *_settings_args()]
    wall, cpu, rss = timed_child(cmd, work / "bare.log")
    stats = json.loads(stats_path.read_text())
    return ChildRun(wall, cpu, rss, int(stats.get("downloader/response_count", 0)))


# --- extraction and store, in this process -------------------------------------------------


def article_pages(site: Site, limit: int) -> list[tuple[str, bytes, str]]:
    """(url, body, content type) of article pages and their comment pages, evenly sampled."""
    base = site.site.base_url
    article_paths = {a["url"][len(base):] for a in site.site.truth["articles"]}
    pages = []
    for path, (body, content_type) in sorted(site.site.files.items()):
        if not path.endswith("/index.html"):
            continue
        page = path[: -len("index.html")]
        if page in article_paths or re.search(r"/comment-page-\d+/$", page):
            pages.append((base + page, body, content_type))
    step = max(1, len(pages) // limit)
    return pages[::step][:limit]


def per_page_ms(fn: Callable[[str, bytes, str], Any], pages: list, runs: int) -> float:
    """Median over `runs` passes of CPU ms per page (CPU: the machine is shared)."""
    passes = []
    for _ in range(runs):
        started = time.process_time()
        for url, body, content_type in pages:
            fn(url, body, content_type)
        passes.append(1000 * (time.process_time() - started) / len(pages))
    return statistics.median(passes)


def bench_extraction(pages: list, runs: int) -> dict[str, float]:
    import lxml.html
    import trafilatura

    from archiver.extract import extract_page

    def archiver_fn(url: str, body: bytes, content_type: str) -> Any:
        return extract_page(url, body, {"Content-Type": content_type})

    def lxml_fn(url: str, body: bytes, content_type: str) -> Any:
        return lxml.html.fromstring(body)

    def trafilatura_fn(url: str, body: bytes, content_type: str) -> Any:
        return trafilatura.extract(body, url=url, include_comments=True)

    # Warm-up: what a crawl process does once (imports made on the first page of a markup
    # family, compiled patterns), on up to 50 pages spread over the set.
    for fn in (archiver_fn, lxml_fn, trafilatura_fn):
        for page in pages[::max(1, len(pages) // 50)]:
            fn(*page)
    results: dict[str, list[float]] = {"archiver": [], "lxml": [], "trafilatura": []}
    for _ in range(runs):  # alternate the three, one pass each per round
        results["lxml"].append(per_page_ms(lxml_fn, pages, 1))
        results["archiver"].append(per_page_ms(archiver_fn, pages, 1))
        results["trafilatura"].append(per_page_ms(trafilatura_fn, pages, 1))
    return {name: statistics.median(values) for name, values in results.items()}


def store_records(site: Site, pages: list) -> list[dict[str, Any]]:
    """The archive records of ``pages``, as the pipeline hands them to the store."""
    from archiver.extract import extract_page
    from archiver.normalize import normalize_page

    site_info = {"origin": site.site.base_url, "timezone": "Europe/Berlin",
                 "timezone_source": "profile", "profile": "bench", "language": "en"}
    return [
        normalize_page(extract_page(url, body, {"Content-Type": ct}), site=site_info,
                       fetched_at="2025-01-01T00:00:00Z")
        for url, body, ct in pages
    ]


STORE_BATCH = 50  # ARCHIVER_STORE_BATCH_SIZE's default


def _save_batches(db: Any, records: list, crawl_id: int, seen_at: str | None = None) -> None:
    from archiver.store import save_records

    for k in range(0, len(records), STORE_BATCH):
        save_records(db, records[k:k + STORE_BATCH], crawl_id, seen_at=seen_at)


def bench_store(site: Site, pages: list, work: Path, runs: int) -> dict[str, float]:
    """Comment rows/s of save_records, new and re-saved unchanged, and of a bare executemany.

    Rates are per CPU second of this process (SQLite runs in it): on a shared machine wall
    time measures the neighbours; ``*_wall`` keys hold the wall-clock rates too.
    """
    from archiver.store import begin_crawl, open_archive

    records = store_records(site, pages)
    n_comments = sum(len(r["comments"]) for r in records)
    rates: dict[str, list[float]] = {key: [] for key in
                                     ("new", "resave", "plain", "new_wall", "resave_wall",
                                      "plain_wall")}

    def timed(key: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        fn(*args, **kwargs)
        rates[key].append(n_comments / (time.process_time() - cpu))
        rates[key + "_wall"].append(n_comments / (time.perf_counter() - wall))

    for run in range(runs):
        path = work / f"store-{run}.db"
        db = open_archive(path)
        crawl_id = begin_crawl(db, site.site.base_url, {}, {})
        timed("new", _save_batches, db, records, crawl_id)
        timed("resave", _save_batches, db, records, crawl_id, seen_at="2025-02-01T00:00:00Z")
        columns = [row[1] for row in db.execute("pragma table_info(comments)").fetchall()]
        rows = db.execute("select * from comments").fetchall()
        db.close()
        timed("plain", _plain_executemany, work / f"plain-{run}.db", columns, rows)
    return {"comments": n_comments, **{key: statistics.median(v) for key, v in rates.items()}}


def profile_store(site: Site, pages: list, work: Path, out: Path) -> None:
    """cProfile of one new save and one unchanged re-save of the records, written to ``out``."""
    import cProfile

    from archiver.store import begin_crawl, open_archive

    records = store_records(site, pages)
    db = open_archive(work / "profile.db")
    crawl_id = begin_crawl(db, site.site.base_url, {}, {})
    profiler = cProfile.Profile()
    profiler.enable()
    _save_batches(db, records, crawl_id)
    _save_batches(db, records, crawl_id, seen_at="2025-02-01T00:00:00Z")
    profiler.disable()
    db.close()
    profiler.dump_stats(out)


def store_remains(site: Site, pages: list, work: Path, store: dict[str, float]) -> list[str]:
    """bench/remains' profile of a new save and an unchanged re-save of the pages' records."""
    from archiver.store import begin_crawl, open_archive

    records = store_records(site, pages)
    db = open_archive(work / "remains.db")
    try:
        crawl_id = begin_crawl(db, site.site.base_url, {}, {})
        return remains.store(_save_batches, db, records, crawl_id, store)
    finally:
        db.close()


def _changed_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as a later crawl might see them: edits, deletions, likes, approximate
    dates, moved replies, a malformed record and repeated comment ids."""
    import copy

    changed = copy.deepcopy(records)
    for i, record in enumerate(changed):
        comments = record["comments"]
        if i % 4 == 0:
            record["article"]["title"] = (record["article"].get("title") or "") + " (updated)"
        if i % 5 == 1 and comments:
            # A complete thread that lost its last comment: a deletion.
            del comments[-1]
            record["thread_complete"] = True
            record["article"]["comment_markup"] = record["article"].get("comment_markup") or "x"
        if i % 7 == 2:
            record["thread_complete"] = False
        for j, comment in enumerate(comments):
            if j % 3 == 0:
                comment["text"] = (comment.get("text") or "") + " [edited]"
            if j % 4 == 1:
                comment["likes"] = (comment.get("likes") or 0) + 3
            if j % 6 == 2:
                comment["published_approximate"] = True
                comment["published"] = "2025-01-01T00:00:00Z"
            if j % 9 == 4:
                comment["status"] = "hidden"
            if j % 11 == 5:
                comment["position"] = (comment.get("position") or 0) + 100
        if i % 13 == 3 and comments:
            comments.append(dict(comments[0]))
    changed.append({"site": {"origin": "https://broken.example"}, "article": {"url": ""}})
    changed.append({"site": changed[0]["site"], "article": {"url": "https://x.example/a",
                    "authors": "not a list"}})
    return changed


def dump_store(site: Site, pages: list, work: Path) -> str:
    """Every table of an archive after saves of the records new, unchanged, changed and
    back again, rows sorted, as text: two writers that keep the data model agree on it."""
    import hashlib

    from archiver.store import begin_crawl, finish_crawl, open_archive, record_error

    records = store_records(site, pages)
    path = work / "dump.db"
    db = open_archive(path)
    crawl_id = begin_crawl(db, site.site.base_url, {"a": 1}, {"b": 2}, started="2025-01-01")
    # Replies before their parents: the comment pages first, in reverse.
    _save_batches(db, records[::-1], crawl_id)
    _save_batches(db, records, crawl_id, seen_at="2025-02-01T00:00:00Z")
    second = begin_crawl(db, site.site.base_url, {}, {}, started="2025-03-01")
    _save_batches(db, _changed_records(records), second, seen_at="2025-03-01T00:00:00Z")
    record_error(db, second, "https://x.example/b", "fetch", "boom", at="2025-03-01")
    finish_crawl(db, second, {"downloader/request_count": 3}, "finished", finished="2025-03-02")
    _save_batches(db, records, None, seen_at="2025-04-01T00:00:00Z")
    lines = []
    skip = re.compile(r"_fts(_|$)|^sqlite_|^_sqlite_migrations$")
    tables = [row[0] for row in db.execute(
        "select name from sqlite_master where type = 'table' order by name") if not
              skip.search(row[0])]
    for table in tables:
        columns = [row[1] for row in db.execute(f"pragma table_info([{table}])")]
        lines.append(f"## {table} ({', '.join(columns)})")
        order = ", ".join(f"[{c}]" for c in columns)
        for row in db.execute(f"select * from [{table}] order by {order}"):
            lines.append(repr(row))
    # The FTS index in step: its every (term, row, column, offset) equals a fresh rebuild's.
    def vocab(fts: str) -> str:
        db.execute("drop table if exists temp.vocab")
        db.execute(f"create virtual table temp.vocab using fts5vocab(main, {fts}, instance)")
        digest = hashlib.sha256()
        for row in db.execute("select * from temp.vocab order by 1, 2, 3, 4"):
            digest.update(repr(row).encode())
        return digest.hexdigest()

    for fts in ("articles_fts", "comments_fts"):
        kept = vocab(fts)
        db.execute(f"insert into {fts}({fts}) values ('rebuild')")
        lines.append(f"## {fts}: {'in step' if kept == vocab(fts) else 'OUT OF STEP'} {kept}")
    db.close()
    return "\n".join(lines) + "\n"


def _plain_executemany(path: Path, columns: list[str], rows: list[tuple]) -> None:
    """The same comment rows into a bare table, one executemany, one transaction."""
    conn = sqlite3.connect(path)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=normal")
    conn.execute(f"create table comments ({', '.join(columns)})")
    marks = ", ".join("?" for _ in columns)
    with conn:
        conn.executemany(f"insert into comments values ({marks})", rows)
    conn.close()


# --- the run -----------------------------------------------------------------------------


def machine() -> list[str]:
    import lxml.etree
    import scrapy
    import trafilatura

    import archiver

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nginx_version = subprocess.run([find_nginx(install=False), "-v"], capture_output=True,
                                   text=True).stderr.strip().split("/")[-1]
    load = os.getloadavg()
    return [
        f"machine: {cpu}, {os.cpu_count()} cores, load average {load[0]:.1f} at start",
        f"versions: archiver {archiver.__version__}, Python {platform.python_version()}, "
        f"Scrapy {scrapy.__version__}, lxml {'.'.join(map(str, lxml.etree.LXML_VERSION[:3]))}, "
        f"trafilatura {trafilatura.__version__}, SQLite {sqlite3.sqlite_version}, "
        f"nginx {nginx_version}",
    ]


def make_site(n: int, work: Path, port: int | None = None) -> Site:
    from archiver.demo import generate_site

    port = port or free_port()
    started = time.monotonic()
    site = generate_site(f"http://127.0.0.1:{port}", n_articles=n, seed=SEED)
    root = site.write(work / f"site-{n}")
    log(f"generated a {n}-article site ({len(site.files)} files, "
        f"{sum(len(a['comments']) for a in site.truth['articles'])} comments) "
        f"in {time.monotonic() - started:.1f}s")
    return Site(n=n, port=port, root=root, site=site)


def fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def run(args: argparse.Namespace) -> int:
    header = machine()
    work = Path(tempfile.mkdtemp(prefix="archiver-bench-"))
    work.chmod(0o755)  # nginx workers run as nobody when started by root
    log(f"work directory {work}")
    sizes = sorted({args.articles, *args.memory})
    sites = {n: make_site(n, work) for n in sizes}
    from shapes import LinkDense

    dense = LinkDense(args, work)
    nginx = Nginx(work / "nginx")
    for site in [*sites.values(), *dense.sites.values()]:
        nginx.add_site(site.root, site.port)
    main = sites[args.articles]
    archiver_runs: list[ChildRun] = []
    bare_runs: list[ChildRun] = []
    memory_runs: dict[int, ChildRun] = {}
    with nginx:
        for rep in range(args.runs):
            order = [("archiver", crawl_archiver), ("bare", crawl_bare)]
            if rep % 2:
                order.reverse()
            for name, fn in order:
                result = fn(main, work, f"{args.articles}-{rep}")
                (archiver_runs if name == "archiver" else bare_runs).append(result)
                log(f"crawl {rep + 1}/{args.runs} {name}: {result.pages} pages in "
                    f"{result.wall:.1f}s = {result.pages_per_s:.0f} pages/s, "
                    f"{result.cpu_ms_per_page:.1f} CPU ms/page, peak RSS {result.maxrss_mb:.0f} MB"
                    + (f", {result.mismatches} mismatches" if result.mismatches is not None
                       else ""))
        for n in args.memory:
            if n == args.articles:
                memory_runs[n] = archiver_runs[0]
                continue
            memory_runs[n] = crawl_archiver(sites[n], work, f"mem-{n}")
            log(f"memory crawl N={n}: peak RSS {memory_runs[n].maxrss_mb:.0f} MB, "
                f"{memory_runs[n].mismatches} mismatches")
        full_db = work / f"archiver-{args.articles}-0.db"
        recrawl = recrawl_unchanged(main, work, full_db)
        log(f"unchanged recrawl: {recrawl['requests']:.0f} requests, {recrawl['bytes']:.0f} "
            f"bytes, {recrawl['not_modified']:.0f} answered 304, {recrawl['wall']:.1f}s")
        dense.crawl()
    later = export_and_reparse(main, work, full_db, archiver_runs[0].pages)
    log(f"export {later['export_articles_per_s']:.0f} articles/s, reparse "
        f"{later['reparse_pages_per_s']:.0f} pages/s ({later['reparse_mismatches']} mismatches)")
    pages = article_pages(main, args.pages)
    log(f"extraction: {len(pages)} article pages, {args.runs} passes")
    extraction = bench_extraction(pages, args.runs)
    real = corpus_pages()
    real_extraction = bench_extraction(real, args.runs) if real else None
    if real:
        log(f"extraction: {len(real)} real pages of the corpus, {args.runs} passes")
    log("store: saving the same pages' records")
    store = bench_store(main, pages, work, args.runs)

    rows = table(args, archiver_runs, bare_runs, memory_runs, extraction, store, recrawl,
                 later)
    if real_extraction is not None:
        rows[5:5] = extraction_rows(real_extraction, f"real pages of the corpus ({len(real)})")
    print(f"archiver benchmarks: N={args.articles} articles, {args.runs} run(s) each, "
          f"commands alternated, medians; concurrency {CONCURRENCY}")
    for line in header:
        print(line)
    print()
    print("| measure | archiver | reference | ratio | goal | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    dense.measure_extraction()
    print()
    print(dense.describe())
    print()
    print("| measure | archiver | reference | ratio | goal | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in dense.table():
        print("| " + " | ".join(row) + " |")
    lines = []
    if not extraction_met(extraction):
        lines += remains.extraction("demo pages", pages, extraction["archiver"])
    if real_extraction is not None and not extraction_met(real_extraction):
        lines += remains.extraction("real pages of the corpus", real, real_extraction["archiver"])
    if not extraction_met(dense.extraction):
        lines += remains.extraction(f"{dense.label} pages", dense.pages,
                                    dense.extraction["archiver"])
    if min(store["new"], store["resave"]) < 50_000:
        lines += store_remains(main, pages, work, store)
    if lines:
        print("\n### What remains: where the time goes, for each goal not met\n")
        print("\n".join(lines))
    mismatched = [r for r in [*archiver_runs, *memory_runs.values(), *dense.all_runs()]
                  if r.mismatches]
    if recrawl["mismatches"] or later["reparse_mismatches"]:
        print("\nthe recrawled or reparsed archive differs from the ground truth")
        return 1
    for r in mismatched[:1]:
        print("\nfirst mismatches:\n" + "\n".join(f"- {m}" for m in r.first_mismatches))
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 1 if mismatched else 0


def table(args: argparse.Namespace, archiver_runs: list[ChildRun], bare_runs: list[ChildRun],
          memory_runs: dict[int, ChildRun], extraction: dict[str, float],
          store: dict[str, float], recrawl: dict[str, float],
          later: dict[str, float]) -> list[list[str]]:
    def med(runs: list[ChildRun], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in runs)

    a_pps, b_pps = med(archiver_runs, "pages_per_s"), med(bare_runs, "pages_per_s")
    a_cpu, b_cpu = med(archiver_runs, "cpu_ms_per_page"), med(bare_runs, "cpu_ms_per_page")
    crawl_ratio = a_pps / b_pps
    small, large = min(memory_runs), max(memory_runs)
    rss_small, rss_large = memory_runs[small].maxrss_mb, memory_runs[large].maxrss_mb
    growth = rss_large / rss_small
    all_runs = [*archiver_runs,
                *(r for r in memory_runs.values() if all(r is not a for a in archiver_runs))]
    mismatches = sum(r.mismatches or 0 for r in all_runs) + int(recrawl["mismatches"]) + int(
        later["reparse_mismatches"])
    byte_share = recrawl["bytes"] / recrawl["full_bytes"]
    request_share = recrawl["requests"] / recrawl["full_requests"]
    full_wall = med(archiver_runs, "wall")
    return [
        ["crawl pages/s", fmt(a_pps), f"bare Scrapy {fmt(b_pps)}", f"{crawl_ratio:.2f}x",
         ">= 0.5x", _met(crawl_ratio >= 0.5)],
        ["crawl CPU ms/page", fmt(a_cpu), f"bare Scrapy {fmt(b_cpu)}", f"{a_cpu / b_cpu:.2f}x",
         "-", "-"],
        ["pages per crawl", str(archiver_runs[0].pages), f"bare Scrapy {bare_runs[0].pages}",
         "-", "-", "-"],
        *extraction_rows(extraction, "demo pages"),
        *store_rows(store),
        [f"crawl peak RSS MB, N={small} -> N={large}", f"{rss_small:.0f} -> {rss_large:.0f}",
         f"bare Scrapy N={args.articles}: {med(bare_runs, 'maxrss_mb'):.0f}",
         f"{growth:.2f}x", "< 1.1x and < 300 MB", _met(growth < 1.1 and rss_large < 300)],
        ["ground-truth mismatches, all archiver crawls, the recrawl and the reparse",
         str(mismatches), f"{len(all_runs) + 2} archives checked", "-", "0",
         _met(mismatches == 0)],
        ["unchanged recrawl: bytes", fmt(recrawl["bytes"], 0),
         f"full crawl {fmt(recrawl['full_bytes'], 0)}", f"{byte_share:.2%}", "<= 5% of bytes",
         _met(byte_share <= 0.05)],
        ["unchanged recrawl: requests (304s)",
         f"{recrawl['requests']:.0f} ({recrawl['not_modified']:.0f})",
         f"full crawl {recrawl['full_requests']:.0f}", f"{request_share:.2%}", "-", "-"],
        ["unchanged recrawl: wall s, changed rows", f"{recrawl['wall']:.1f}, "
         f"{recrawl['versions']:.0f}", f"full crawl {full_wall:.1f}",
         f"{recrawl['wall'] / full_wall:.2%}", "-", "-"],
        ["export articles/s (json snapshot)", fmt(later["export_articles_per_s"], 0), "-", "-",
         "-", "-"],
        ["reparse pages/s (from the WARCs, new archive)", fmt(later["reparse_pages_per_s"], 0),
         f"crawl {fmt(a_pps)}", f"{later['reparse_pages_per_s'] / a_pps:.2f}x", "-", "-"],
    ]


def extraction_met(extraction: dict[str, float]) -> bool:
    """Extraction CPU <= 4x an lxml parse and below trafilatura's (issue 12: "below
    trafilatura on both")."""
    ex, lx, tr = extraction["archiver"], extraction["lxml"], extraction["trafilatura"]
    return ex / lx <= 4 and ex / tr < 1


def extraction_rows(extraction: dict[str, float], pages: str) -> list[list[str]]:
    """The table's extraction rows for one page set: against lxml and against trafilatura."""
    ex, lx, tr = extraction["archiver"], extraction["lxml"], extraction["trafilatura"]
    return [
        [f"extraction CPU ms/page, {pages}", fmt(ex, 2), f"lxml.html.fromstring {fmt(lx, 2)}",
         f"{ex / lx:.1f}x", "<= 4x", _met(ex / lx <= 4)],
        [f"extraction CPU ms/page, {pages}", fmt(ex, 2), f"trafilatura + comments {fmt(tr, 2)}",
         f"{ex / tr:.2f}x", "< 1x (below it)", _met(ex / tr < 1)],
    ]


def corpus_pages() -> list[tuple[str, bytes, str]]:
    """The real pages of ../shared/corpus/real (FIDELITY_CORPUS), as bench/extraction finds
    them; none when the corpus is not there."""
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    loader = SourceFileLoader("bench_extraction", str(HERE / "extraction"))
    extraction = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(extraction)
    root = Path(os.environ.get("FIDELITY_CORPUS") or extraction.default_corpus())
    return extraction.corpus_pages(root) if (root / "manifest.json").is_file() else []


def store_rows(store: dict[str, float]) -> list[list[str]]:
    """The table's store rows: comment rows per CPU second, new and unchanged, goal 50,000."""
    return [
        [f"store comment rows/CPU s ({name})", fmt(store[key], 0),
         f"sqlite3 executemany {fmt(store['plain'], 0)}", f"{store[key] / store['plain']:.3f}x",
         ">= 50,000", _met(store[key] >= 50_000)]
        for name, key in (("new", "new"), ("unchanged re-save", "resave"))
    ]


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small sites, one run each (about a minute): a smoke test")
    parser.add_argument("--articles", type=int, help="articles in the timed site (2000)")
    parser.add_argument("--runs", type=int, help="runs of each command, alternated (3)")
    parser.add_argument("--memory", type=lambda s: [int(x) for x in s.split(",")],
                        help="two site sizes for the peak-RSS comparison (500,5000)")
    parser.add_argument("--pages", type=int, help="article pages for extraction/store (400)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    quick = args.quick
    args.articles = args.articles or (100 if quick else 2000)
    args.runs = args.runs or (1 if quick else 3)
    args.memory = args.memory or ([100, 400] if quick else [500, 5000])
    args.pages = args.pages or (80 if quick else 400)
    if len(args.memory) != 2 or min(args.memory) < 1 or args.articles < 1:
        parser.error("--memory takes two sizes, like 500,5000")
    # A kill of the bench must still stop nginx (the `with` block's exit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return run(args)
    except RuntimeError as exc:  # nginx missing, a child that failed: say so, no traceback
        print(f"bench: {exc}", file=sys.stderr)
        return 2
