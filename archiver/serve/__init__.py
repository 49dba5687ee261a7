"""`archiver serve`: Datasette on an archive, with descriptions, facets, search, canned
queries (``metadata.yaml``) and the threaded page of an article (``plugin``)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml

from archiver.errors import ArchiverError

METADATA_PATH = Path(__file__).with_name("metadata.yaml")


def metadata_for(database: str) -> dict[str, Any]:
    """The shipped metadata with its ``archive`` block under the served database's name."""
    metadata = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    metadata["databases"] = {database: metadata["databases"]["archive"]}
    return metadata


def register_plugin() -> None:
    """Make sure the thread page is there even when the entry point is not installed."""
    from datasette.plugins import pm

    from archiver.serve import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="archiver.serve.plugin")


def build_datasette(db: str | Path) -> Any:
    """A Datasette instance serving the archive ``db`` (which must exist), ready to start."""
    from datasette.app import Datasette

    from archiver.store import open_archive

    path = Path(db)
    if not path.is_file():
        raise ArchiverError(f"{db}: no archive there (make one with `archiver crawl` or "
                            "`archiver demo`)")
    # Brings an older archive up to date (migrations, FTS, views) before anyone reads it.
    open_archive(path).close()
    register_plugin()
    return Datasette([str(path)], metadata=metadata_for(path.stem))


def run(db: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the archive ``db`` with Datasette until interrupted."""
    import uvicorn

    datasette = build_datasette(db)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
