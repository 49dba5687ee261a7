"""Load a snapshot back into an archive, through the store's writer.

Each snapshot article becomes an archive record (docs/internals.md section 3) and is saved
with ``save_records``, so an import merges like a crawl: rows are upserted by their keys,
nothing is deleted. The rows count as seen at the snapshot's ``exported_at``. A file that
cannot be read is recorded in ``errors`` and skipped; the rest is imported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from archiver.errors import ArchiverError
from archiver.export.snapshot import MANIFEST, SNAPSHOT_VERSION
from archiver.store import begin_crawl, finish_crawl, record_error, save_records
from archiver.store.imports import begin_import, finish_import

BATCH = 50
_ARTICLE_FIELDS = (
    "url", "fetched_url", "title", "byline_raw", "section", "language", "body_text",
    "body_html", "published", "published_raw", "published_zone", "published_approximate",
    "published_unparsed", "modified", "modified_raw", "modified_zone", "modified_approximate",
    "modified_unparsed", "comment_platform", "comment_markup", "declared_comment_count",
    "archived_comment_count",
)
_COMMENT_FIELDS = (
    "id", "platform", "id_source", "parent_id", "root_id", "depth", "position", "path",
    "parent_missing", "author", "published", "published_raw", "published_zone",
    "published_approximate", "published_unparsed", "text", "html", "status", "source_url",
)


class SnapshotError(ArchiverError):
    """A folder that is not a snapshot archiver can read."""


@dataclass
class ImportResult:
    crawl_id: int
    articles: dict[str, int] = field(default_factory=dict)
    comments: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Earlier imports of the same snapshot, killed midway, that this one completed.
    completed_imports: int = 0


# Far beyond any article's file (a jsonl file holds the whole archive, hence the room).
MAX_FILE_BYTES = 4 * 2**30


class _BadFile(Exception):
    pass


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise SnapshotError(f"{folder}: not a snapshot (no {MANIFEST}); "
                            "make one with `archiver export --out DIR`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SnapshotError(f"{path}: not readable JSON ({exc or 'nested too deep'})") from None
    if not isinstance(manifest, dict) or manifest.get("snapshot_version") != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"{path}: snapshot_version {manifest.get('snapshot_version')!r} is not "
            f"{SNAPSHOT_VERSION}, the version this archiver reads"
            if isinstance(manifest, dict) else f"{path}: the manifest is not a JSON object"
        )
    if manifest.get("format") not in ("json", "jsonl") or not isinstance(
        manifest.get("files"), list
    ):
        raise SnapshotError(f"{path}: no format json/jsonl or no file list")
    return manifest


def _read_text(folder: Path, rel: Any) -> str:
    """The text of a file the manifest names; never a file outside the snapshot."""
    if not isinstance(rel, str) or not rel:
        raise _BadFile(f"manifest file entry without a path: {rel!r}")
    path = (folder / rel).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise _BadFile(f"{rel}: outside the snapshot folder, not read")
    try:
        if rel.endswith(".gz"):
            # Bounded: a small hostile .gz must not decompress into all of memory.
            with gzip.open(path) as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        else:
            data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            raise _BadFile(f"{rel}: larger than {MAX_FILE_BYTES // 2**20} MB, not read")
        return data.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise _BadFile(f"{rel}: cannot be read ({exc})") from None


def _comment_fields(comment: dict[str, Any]) -> dict[str, Any]:
    fields = {k: comment.get(k) for k in _COMMENT_FIELDS}
    # Only a superseded comment carries it (the records of the rest stay as they were).
    if comment.get("superseded_by") is not None:
        fields["superseded_by"] = comment["superseded_by"]
    return fields


def _flatten(tree: list[Any]) -> Iterator[dict[str, Any]]:
    for comment in tree:
        if not isinstance(comment, dict):
            raise _BadFile(f"a comment is not an object: {comment!r:.80}")
        yield _comment_fields(comment)
        replies = comment.get("replies") or []
        if not isinstance(replies, list):
            raise _BadFile(f"replies are not a list: {replies!r:.80}")
        yield from _flatten(replies)


def _check_url(url: str) -> None:
    """Refuse an article key no crawl could have written: not an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise _BadFile(f"article url {url[:200]!r} is not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _BadFile(f"article url {url[:200]!r} is not an absolute http(s) URL")


def to_record(article: Any, comments: list[dict[str, Any]], sites: dict[str, dict[str, Any]],
              seen: str) -> dict[str, Any]:
    """A snapshot article and its flat comments as an archive record (internals.md 3)."""
    if not isinstance(article, dict) or not isinstance(article.get("url"), str):
        raise _BadFile("an article without a url")
    _check_url(article["url"])
    if not isinstance(article.get("site"), str):
        raise _BadFile(f"{article['url']}: the article's site is not a string")
    site = sites.get(article["site"]) or {"origin": article["site"]}
    record_article = {k: article.get(k) for k in _ARTICLE_FIELDS}
    record_article["tags"] = article.get("tags") or []
    record_article["authors"] = [
        {"key": a.get("key"), "name": a.get("byline_name") or a.get("name"), "url": a.get("url")}
        if isinstance(a, dict) else a
        for a in article.get("authors") or []
    ]
    record_article["fetched_at"] = seen
    return {
        "site": {"origin": site.get("origin"), "timezone": site.get("timezone"),
                 "timezone_source": site.get("timezone_source"), "profile": site.get("profile")},
        "article": record_article,
        "comments": comments,
    }


def _records(folder: Path, manifest: dict[str, Any], sites: dict[str, dict[str, Any]],
             seen: str, bad: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    if manifest["format"] == "json":
        for entry in manifest["files"]:
            rel = entry.get("path") if isinstance(entry, dict) else entry
            try:
                document = json.loads(_read_text(folder, rel))
                article = document.get("article") if isinstance(document, dict) else None
                if not isinstance(article, dict):
                    raise _BadFile(f"{rel}: no article object")
                tree = article.get("comments") or []
                if not isinstance(tree, list):
                    raise _BadFile(f"{rel}: comments are not a list")
                comments = list(_flatten(tree))
                yield to_record(article, comments, sites, seen)
            except RecursionError:
                bad.append((str(rel), f"{rel}: replies nested too deep to read"))
            except (_BadFile, json.JSONDecodeError) as exc:
                bad.append((str(rel), f"{rel}: {exc}" if isinstance(exc, ValueError)
                            else str(exc)))
        return
    paths = {Path(str(e.get("path", ""))).name.removesuffix(".gz"): e.get("path")
             for e in manifest["files"] if isinstance(e, dict)}
    comments: dict[str, list[dict[str, Any]]] = {}
    for number, line in enumerate(_lines(folder, paths.get("comments.jsonl"), bad), 1):
        row = _parse_line(line, "comments.jsonl", number, bad)
        if row is None:
            continue
        if not isinstance(row.get("article_url"), str):
            bad.append(("comments.jsonl", f"comments.jsonl line {number}: no article_url"))
            continue
        comments.setdefault(row["article_url"], []).append(
            _comment_fields(row))
    for number, line in enumerate(_lines(folder, paths.get("articles.jsonl"), bad), 1):
        article = _parse_line(line, "articles.jsonl", number, bad)
        if article is None:
            continue
        try:
            yield to_record(article, comments.pop(article.get("url"), []), sites, seen)
        except _BadFile as exc:
            bad.append(("articles.jsonl", f"articles.jsonl line {number}: {exc}"))
    for url in sorted(comments):
        bad.append((url, f"comments.jsonl: {len(comments[url])} comments of {url}, "
                         "an article missing from articles.jsonl"))


def _lines(folder: Path, rel: Any, bad: list[tuple[str, str]]) -> list[str]:
    try:
        return _read_text(folder, rel).splitlines()
    except _BadFile as exc:
        bad.append((str(rel), str(exc)))
        return []


def _parse_line(line: str, name: str, number: int,
                bad: list[tuple[str, str]]) -> dict[str, Any] | None:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        bad.append((name, f"{name} line {number}: {exc or 'nested too deep'}"))
        return None
    if not isinstance(row, dict):
        bad.append((name, f"{name} line {number}: not a JSON object"))
        return None
    return row


def _expected_articles(manifest: dict[str, Any]) -> int:
    counts = manifest.get("counts")
    if isinstance(counts, dict) and isinstance(counts.get("articles"), int):
        return counts["articles"]
    return len(manifest["files"])


def import_snapshot(db: Database, folder: str | Path) -> ImportResult:
    """Load the snapshot in ``folder`` into the archive ``db``; see the module docstring."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    digest = hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()
    seen = manifest.get("exported_at") if isinstance(manifest.get("exported_at"), str) else None
    sites = {s["origin"]: s for s in manifest.get("sites") or []
             if isinstance(s, dict) and isinstance(s.get("origin"), str)}
    crawl_id = begin_crawl(db, None, {"command": "import", "snapshot": str(folder)},
                           {"snapshot_version": manifest["snapshot_version"],
                            "format": manifest["format"]})
    import_id = begin_import(db, crawl_id, str(folder), digest, seen,
                             _expected_articles(manifest))
    result = ImportResult(crawl_id=crawl_id)
    articles = dict.fromkeys(("new", "changed", "unchanged", "error"), 0)
    comments = dict.fromkeys(("new", "changed", "unchanged"), 0)
    bad: list[tuple[str, str]] = []
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        for counts in save_records(db, batch, crawl_id, seen_at=seen):
            articles[counts["article"]] += 1
            if counts["article"] == "error":
                result.errors.append(counts["error"])
            for state in comments:
                comments[state] += counts["comments_" + state]
        batch.clear()

    for record in _records(folder, manifest, sites, seen or "", bad):
        batch.append(record)
        if len(batch) >= BATCH:
            flush()
    flush()
    for where, message in bad:
        record_error(db, crawl_id, where, "import-unreadable", message)
        result.errors.append(message)
    finish_crawl(db, crawl_id, {"articles": articles, "comments": comments}, "finished")
    result.completed_imports = finish_import(db, import_id)
    result.articles, result.comments = articles, comments
    return result
