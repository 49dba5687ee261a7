"""What remains where a goal is not met: a cProfile of the measured work, by area.

bench/run prints, under its tables, one of these for every goal it did not meet, so that
the figure comes with the profile of where the time goes (issue 12's "Done when"). The
shares come from cProfile, whose overhead inflates small Python calls; the milliseconds
are each share of the time measured without the profiler.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

# Built-ins (C code) by the object or module they belong to, as cProfile names them.
_BUILTIN_AREAS = (
    (re.compile(r"lxml"), "lxml (C: parse, XPath, iteration, serialisation)"),
    (re.compile(r"sqlite3"), "SQLite (C: statements, indexes, FTS triggers, commit)"),
    (re.compile(r"re\.Pattern|_sre|'re'"), "regular expressions (C)"),
)
_PACKAGE = re.compile(r"(?:site|dist)-packages/([A-Za-z0-9_]+)")
_ARCHIVER = re.compile(r"/archiver/((?:[a-z_]+/)?[a-z_]+)")
_STDLIB = re.compile(r"/python3\.\d+/(?!site-packages)")


def area(filename: str, name: str) -> str:
    """The area one profiled function belongs to: an archiver package (two levels deep),
    a third-party distribution, the standard library or a kind of built-in."""
    if filename == "~":
        for pattern, label in _BUILTIN_AREAS:
            if pattern.search(name):
                return label
        return "other built-ins"
    if (found := _PACKAGE.search(filename)) is not None:
        return found.group(1)
    if (found := _ARCHIVER.search(filename)) is not None:
        return "archiver." + found.group(1).replace("/", ".").removesuffix(".py")
    if _STDLIB.search(filename):
        return "Python standard library"
    return "other"


def profile(fn: Callable[[], Any]) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    return pstats.Stats(profiler)


def shares(stats: pstats.Stats) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(areas, functions), each as (label, share of all own time), largest first."""
    by_area: dict[str, float] = defaultdict(float)
    by_function: dict[str, float] = {}
    for (filename, line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_area[area(filename, name)] += tottime
        where = name if filename == "~" else f"{_short(filename)}:{line} {name}"
        by_function[where] = by_function.get(where, 0.0) + tottime
    total = sum(by_area.values()) or 1.0
    ranked = sorted(by_area.items(), key=lambda kv: -kv[1])
    functions = sorted(by_function.items(), key=lambda kv: -kv[1])
    return ([(k, v / total) for k, v in ranked], [(k, v / total) for k, v in functions])


def _short(filename: str) -> str:
    for pattern in (_ARCHIVER, _PACKAGE):
        if (found := pattern.search(filename)) is not None:
            return filename[found.start(1):]
    return filename.rsplit("/", 1)[-1]


def section(title: str, measured: float, unit: str, stats: pstats.Stats,
            areas: int = 8, functions: int = 6) -> list[str]:
    """Markdown lines: where `measured` (per `unit`, taken without the profiler) goes."""
    by_area, by_function = shares(stats)
    lines = [f"**{title}**: {measured:.3g} {unit}", "",
             f"| area | share | {unit} |", "| --- | --- | --- |"]
    shown = by_area[:areas]
    lines += [f"| {label} | {share:.0%} | {share * measured:.3g} |" for label, share in shown]
    rest = 1.0 - sum(share for _label, share in shown)
    if rest > 0.005:
        lines.append(f"| everything else | {rest:.0%} | {rest * measured:.3g} |")
    lines += ["", "largest functions (own time): " + "; ".join(
        f"`{label}` {share:.0%}" for label, share in by_function[:functions]), ""]
    return lines


def extraction(title: str, pages: list[tuple[str, bytes, str]], measured_ms: float
               ) -> list[str]:
    """Where extract_page's time goes on `pages` (url, body, content type)."""
    from archiver.extract import extract_page

    stats = profile(lambda: [extract_page(url, body, {"Content-Type": content_type})
                             for url, body, content_type in pages])
    return section(f"Extraction, {title} ({len(pages)} pages)", measured_ms, "CPU ms/page",
                   stats)


def store(save: Callable[..., Any], db: Any, records: list[dict[str, Any]], crawl_id: int,
          measured: dict[str, float]) -> list[str]:
    """Where save_records' time goes: a new save of `records` into the empty archive `db`,
    then an unchanged re-save; `save(db, records, crawl_id, seen_at=...)` saves in batches."""
    lines = []
    for key, label, seen_at in (("new", "new comment rows", None),
                                ("resave", "an unchanged re-save", "2025-02-01T00:00:00Z")):
        stats = profile(lambda: save(db, records, crawl_id, seen_at=seen_at))  # noqa: B023
        lines += section(f"Store, {label}", 1e6 / measured[key], "CPU us/row", stats)
    return lines
