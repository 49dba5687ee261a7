"""`archiver serve`: Datasette on an archive, with descriptions, facets, search, canned
queries (``metadata.yaml``) and the threaded page of an article (``plugin``)."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
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


def listen(host: str = "127.0.0.1", port: int = 8001) -> socket.socket:
    """The listening socket the server will use, bound now so that a busy port or a bad
    address is one clear error before anything says "Serving"."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
        family = infos[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        # create_server's own message repeats the address; the errno's reads better.
        why = exc.strerror if isinstance(exc, socket.gaierror) or not exc.errno \
            else os.strerror(exc.errno)
        if exc.errno == errno.EADDRINUSE:
            why += " (another server is running there: choose another --port)"
        raise ArchiverError(f"cannot listen on {host}:{port}: {why}") from None


def prepare(db: str | Path) -> Any:
    """The Datasette app for the archive ``db``, started up (raises if there is none)."""
    datasette = build_datasette(db)
    asyncio.run(datasette.invoke_startup())
    return datasette


def serve(datasette: Any, sock: socket.socket) -> None:
    """Serve ``datasette`` on the bound ``sock`` until interrupted."""
    import uvicorn

    config = uvicorn.Config(datasette.app(), log_level="warning")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def run(db: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the archive ``db`` with Datasette until interrupted."""
    datasette = prepare(db)
    serve(datasette, listen(host, port))
