"""Job outputs made with the store's own writer, for the ingester's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archiver.fleet.manifest import write_manifest
from archiver.store import begin_crawl, finish_crawl, open_archive, record_error, save_records

ORIGIN = "http://site.test"


def record(n: int, comments: int = 3, text: str = "first words") -> dict[str, Any]:
    url = f"{ORIGIN}/{n:04d}/"
    return {
        "site": {"origin": ORIGIN, "timezone": "UTC", "timezone_source": "default",
                 "profile": None},
        "article": {
            "url": url, "fetched_url": url, "title": f"Article {n}", "body_text": "Body.",
            "body_html": "<p>Body.</p>", "tags": ["t"], "fetched_at": "2026-01-01T00:00:00Z",
            "authors": [{"name": "Ann Author", "url": None, "key": "ann author"}],
            "published": "2025-12-01", "published_raw": "2025-12-01",
        },
        "comments": [{
            # Comment ids are the platform's, unique across the site.
            "id": f"{n}-{i}", "id_source": "page", "parent_id": f"{n}-{i - 1}" if i else None,
            "platform": "html", "depth": i, "position": i, "path": ".".join(["0000"] * (i + 1)),
            "root_id": f"{n}-0", "parent_missing": False,
            "author": {"key": f"name:c{i}", "name": f"C {i}", "url": None},
            "published": "2025-12-02T10:00:00Z", "published_raw": "2025-12-02 10:00",
            "text": f"{text} {i}", "html": f"<p>{text} {i}</p>",
        } for i in range(comments)],
    }


def make_output(shared: Path, site_key: str, job_id: str, records: list[dict[str, Any]],
                started: str = "2026-01-01T00:00:00Z", status: str = "finished",
                reason: str | None = None, errors: int = 0) -> Path:
    folder = shared / "outputs" / site_key / job_id
    folder.mkdir(parents=True)
    db = open_archive(folder / "shard.db")
    crawl = begin_crawl(db, ORIGIN, {}, {}, started=started)
    save_records(db, records, crawl, seen_at=started)
    for i in range(errors):
        record_error(db, crawl, f"{ORIGIN}/bad/{i}", "fetch", f"bad page {i}", started)
    finish_crawl(db, crawl, {}, "finished", finished=started)
    db.close()
    write_manifest(folder, {"job_id": job_id, "site": ORIGIN + "/", "status": status,
                            "reason": reason, "started": started, "finished": started,
                            "shard": "shard.db"})
    return folder
