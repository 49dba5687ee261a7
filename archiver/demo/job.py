"""`archiver demo`: generate the demo magazine, serve it on loopback, crawl it, check it."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archiver import crawl
from archiver.params import CrawlParams

PROFILE = Path(__file__).with_name("profile.toml")

# Politeness off: the server is ours, on loopback.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


@dataclass
class DemoReport:
    db: str
    base_url: str
    elapsed: float
    summary: dict[str, Any]
    mismatches: list[str] = field(default_factory=list)
    truth_articles: int = 0
    truth_comments: int = 0

    def render(self) -> str:
        s = self.summary
        deepest = s["deepest_reply"]
        lines = [
            f"Archived the demo magazine ({self.base_url}) into {self.db} "
            f"in {self.elapsed:.1f}s:",
            f"  articles    {s['articles']:>6}  ({s['articles_with_comments']} with comments)",
            f"  comments    {s['comments']:>6}",
            f"  commenters  {s['commenters']:>6}",
            f"  authors     {s['authors']:>6}",
        ]
        if deepest:
            lines.append(f"  deepest reply: depth {deepest['depth']}, by {deepest['author_name']}"
                         f" on {deepest['article_url']}")
        lines.append(f"  errors recorded: {s['crawl_errors']}")
        if self.mismatches:
            lines.append(f"Ground truth: {len(self.mismatches)} MISMATCHES, first ones:")
            lines += [f"  - {m}" for m in self.mismatches[:20]]
        else:
            lines.append(f"Ground truth: all {self.truth_articles} articles and "
                         f"{self.truth_comments} comments match exactly.")
        db = shlex.quote(self.db)
        lines += [
            "",
            "Query it:",
            f"  {installed_command('sqlite-utils')} {db} \"select depth, author_name,"
            " substr(text, 1, 60) as text from comments order by article_url, path limit 20\""
            " --table",
            f"  {installed_command('sqlite-utils')} {db} \"select * from commenter_stats"
            " limit 10\" --table",
            "Browse it, with threaded pages, search and facets (Ctrl+C stops it):",
            f"  {installed_command('archiver')} serve --db {db}"
            "   # then open http://127.0.0.1:8001/-/thread",
        ]
        return "\n".join(lines)


def installed_command(name: str) -> str:
    """How a shell runs one of the commands installed with archiver: the bare name when
    PATH finds this installation's own, else its full path (a virtualenv not activated,
    as `./run demo` leaves it)."""
    beside = Path(sys.executable).with_name(name)
    if not beside.exists():
        return name
    found = shutil.which(name)
    if found and Path(found).resolve() == beside.resolve():
        return name
    try:  # .venv/bin/archiver, from the checkout
        return shlex.quote(str(beside.absolute().relative_to(Path.cwd())))
    except ValueError:
        return shlex.quote(str(beside))


def _remove_archive(db: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)


def run_demo(db: str = "data/demo.db", *, n_articles: int = 60, seed: int = 2024,
             progress: bool = False, verbose: bool = False) -> DemoReport:
    """Build the demo archive from scratch and check it against the generator's truth."""
    from archiver.demo.server import DemoServer
    from archiver.demo.verify import compare
    from archiver.store.read import article_records, crawl_summary

    _remove_archive(db)
    started = time.monotonic()
    with DemoServer(n_articles=n_articles, seed=seed) as server:
        params = CrawlParams(url=server.base_url + "/", profile=str(PROFILE), db=db)
        overrides = dict(DEMO_SETTINGS, ARCHIVER_PROGRESS=progress,
                         LOG_LEVEL="INFO" if verbose else "WARNING")
        crawl.run(params, overrides)
        truth = server.truth
        base_url = server.base_url
    elapsed = time.monotonic() - started
    mismatches = compare(truth, list(article_records(db)))
    return DemoReport(
        db=db, base_url=base_url, elapsed=elapsed, summary=crawl_summary(db),
        mismatches=mismatches, truth_articles=len(truth["articles"]),
        truth_comments=sum(len(a["comments"]) for a in truth["articles"]),
    )
