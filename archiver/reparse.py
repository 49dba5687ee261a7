"""`archiver reparse`: re-extract an archive from its WARC files, offline.

The crawl runs again through the same spider, extraction, normalization and store, but
every request is answered from the WARCs (archiver.capture.replay); nothing goes to the
network and nothing new is captured. It counts as a full crawl (kind ``reparse``), so the
crawl row says what changed: articles and comments new, changed, unchanged, deleted,
superseded (a comment the better extraction keys differently: ``store.supersede``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archiver import crawl
from archiver.capture.warc import read_infos, warc_dir_for, warc_files
from archiver.errors import ArchiverError
from archiver.params import CrawlParams

REPLAY_SETTINGS = {
    "ARCHIVER_CAPTURE": False,
    "ARCHIVER_INCREMENTAL": False,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "RETRY_ENABLED": False,
}


@dataclass
class ReparseResult:
    db: str
    warc_dir: str
    warc_files: int
    crawl: dict[str, Any]
    missing: int

    def render(self) -> str:
        c = self.crawl
        return (
            f"Reparsed {self.warc_files} WARC file(s) from {self.warc_dir} into {self.db}:\n"
            f"  articles  new {c['articles_new']}, changed {c['articles_changed']}, "
            f"unchanged {c['articles_unchanged']}\n"
            f"  comments  new {c['comments_new']}, changed {c['comments_changed']}, "
            f"unchanged {c['comments_unchanged']}, marked deleted {c['comments_deleted']}, "
            f"superseded (re-keyed) {c.get('comments_superseded', 0)}\n"
            f"  errors recorded: {c['errors']}; URLs not in the WARCs: {self.missing}"
        )


def reparse(db: str, *, warc_dir: str | None = None, url: str | None = None,
            profile: str | None = None, overrides: dict[str, Any] | None = None,
            ) -> ReparseResult:
    """Rebuild ``db`` (new or existing) from the WARC files; start URL and profile default
    to what the WARCs' warcinfo records say the crawl used."""
    directory = Path(warc_dir) if warc_dir else warc_dir_for(db)
    files = warc_files(directory) if directory.is_dir() else []
    if not files:
        raise ArchiverError(f"no WARC files in {directory} (give --warcs DIR)")
    infos = read_infos(directory)
    if url is None:
        starts = [u for info in infos for u in info.get("start-urls") or []]
        if not starts:
            raise ArchiverError(f"the WARCs in {directory} do not say the start URL: give one")
        url = starts[-1]
    if profile is None:
        named = [info.get("profile") for info in infos if info.get("profile")]
        if named and Path(named[-1]).is_file():
            profile = named[-1]
    params = CrawlParams(url=url, profile=profile, db=db)
    settings = dict(REPLAY_SETTINGS, ARCHIVER_REPLAY_DIR=str(directory))
    settings.update(overrides or {})
    result = crawl.run(params, settings)
    from archiver.store import open_archive
    from archiver.store.history import set_crawl_kind

    crawl_id = result.stats.get("archiver/crawl_id")
    if crawl_id is None:
        raise ArchiverError(f"the reparse of {directory} did not start a crawl")
    archive = open_archive(db)
    try:
        # This run's own row, not merely the newest (another crawl may have added one).
        set_crawl_kind(archive, crawl_id, "reparse")
        row = archive["crawls"].get(crawl_id)
    finally:
        archive.close()
    return ReparseResult(db=db, warc_dir=str(directory), warc_files=len(files), crawl=row,
                         missing=int(result.stats.get("archiver/replay/missing", 0)))
