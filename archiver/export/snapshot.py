"""Write an archive as a deterministic JSON snapshot (the format: docs/export.md).

Same archive, same options -> byte-identical files, except the manifest's one
``exported_at`` field: keys sorted, articles by URL, comments by thread path, UTF-8,
two-space indents (``json``) or one compact object a line (``jsonl``), a newline at the
end, and gzip streams without a time stamp or file name.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from archiver.export.folder import ExportError, recover, replace_folder
from archiver.export.names import safe_name
from archiver.normalize.dates import format_instant, utc_now

SNAPSHOT_VERSION = 1
FORMATS = ("json", "jsonl")
MANIFEST = "manifest.json"
ARTICLES_DIR = "articles"
JSONL_FILES = ("articles.jsonl", "comments.jsonl")
# What may already sit in an output folder: a previous snapshot (replaced) and VCS files.
_OURS = {MANIFEST, ARTICLES_DIR, *JSONL_FILES, *(f + ".gz" for f in JSONL_FILES)}


@dataclass
class ExportResult:
    out: Path
    format: str
    articles: int = 0
    comments: int = 0
    sites: int = 0
    files: list[str] = field(default_factory=list)


def dumps(value: Any, *, compact: bool = False) -> str:
    """The snapshot's one JSON encoding: sorted keys, UTF-8 text, stable whitespace."""
    if compact:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def parse_since(value: str) -> str:
    """``--since`` as the archive writes dates: YYYY-MM-DD, or an instant in UTC with Z."""
    text = value.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ExportError(
            f"--since {value!r}: not a date; use YYYY-MM-DD or an ISO 8601 time such as "
            "2024-05-01T12:00:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_instant(moment)


def _write(path: Path, text: str, use_gzip: bool) -> None:
    data = text.encode("utf-8")
    if use_gzip:
        # mtime=0 and no file name in the header: the same text gives the same bytes.
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


def _is_snapshot(out: Path) -> bool:
    """True when ``out`` holds a manifest this exporter wrote."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "snapshot_version" in manifest


def _check_target(out: Path) -> None:
    """Refuse an ``out`` that is neither missing, empty nor a previous snapshot.

    A folder holding anything else is refused rather than mixed into or replaced.
    """
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder")
    if not out.is_dir():
        return
    foreign = sorted(p.name for p in out.iterdir()
                     if p.name not in _OURS and not p.name.startswith("."))
    ours = [p for p in out.iterdir() if p.name in _OURS]
    if ours and not _is_snapshot(out):
        # Names like "articles/" are common: without our manifest they are the user's.
        foreign += sorted(p.name for p in ours)
    if foreign:
        raise ExportError(
            f"{out}: holds files that are not part of a snapshot ({', '.join(foreign[:5])}); "
            "export into an empty folder or a previous snapshot's folder"
        )


def write_snapshot(
    articles: Iterable[dict[str, Any]],
    sites_for: Any,
    out: Path,
    *,
    fmt: str = "json",
    use_gzip: bool = False,
    filters: dict[str, Any] | None = None,
    archive_schema: list[str] | None = None,
    exported_at: str | None = None,
) -> ExportResult:
    """Write snapshot files for ``articles`` (as ``store.read.snapshot_articles`` gives them).

    ``sites_for(site_ids) -> list[dict]`` gives the manifest's site rows.
    """
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    recover(out)
    _check_target(out)
    result = ExportResult(out=out, format=fmt)
    replace_folder(out, lambda folder: _write_files(
        folder, result, articles, sites_for, use_gzip=use_gzip, filters=filters,
        archive_schema=archive_schema, exported_at=exported_at))
    return result


def _write_files(out: Path, result: ExportResult, articles: Iterable[dict[str, Any]],
                 sites_for: Any, *, use_gzip: bool, filters: dict[str, Any] | None,
                 archive_schema: list[str] | None, exported_at: str | None) -> None:
    fmt = result.format
    suffix = ".gz" if use_gzip else ""
    files: list[dict[str, Any]] = []
    site_set: set[str] = set()
    if fmt == "json":
        (out / ARTICLES_DIR).mkdir()
        taken: set[str] = set()
        for article in articles:
            rel = f"{ARTICLES_DIR}/{safe_name(article['url'])}.json{suffix}"
            if rel in taken:
                # Two URLs whose short hashes collide: the later one (URL order, so always
                # the same one) takes the full hash.
                rel = f"{ARTICLES_DIR}/{safe_name(article['url'], 64)}.json{suffix}"
            taken.add(rel)
            count = _count(article["comments"])
            _write(out / rel, dumps({"article": article}), use_gzip)
            files.append({"path": rel, "url": article["url"], "comments": count})
            site_set.add(article["site"])
            result.articles += 1
            result.comments += count
    else:
        article_lines: list[str] = []
        comment_lines: list[str] = []
        for article in articles:
            comments = article.pop("comments")
            article_lines.append(dumps(article, compact=True))
            for comment in comments:
                comment_lines.append(dumps({"article_url": article["url"], **comment},
                                           compact=True))
            site_set.add(article["site"])
            result.articles += 1
            result.comments += len(comments)
        for name, lines, rows in (("articles.jsonl", article_lines, result.articles),
                                  ("comments.jsonl", comment_lines, result.comments)):
            rel = name + suffix
            _write(out / rel, "".join(line + "\n" for line in lines), use_gzip)
            files.append({"path": rel, "rows": rows})
    sites = sites_for(sorted(site_set))
    result.sites = len(sites)
    manifest = {
        "snapshot_version": SNAPSHOT_VERSION,
        "format": fmt,
        "gzip": use_gzip,
        "exported_at": exported_at or utc_now(),
        "archive_schema": archive_schema or [],
        "filters": filters or {},
        "counts": {"articles": result.articles, "comments": result.comments,
                   "sites": result.sites},
        "sites": sites,
        "files": files,
    }
    (out / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
    result.files = [MANIFEST, *(f["path"] for f in files)]


def _count(tree: list[dict[str, Any]]) -> int:
    return sum(1 + _count(c["replies"]) for c in tree)
