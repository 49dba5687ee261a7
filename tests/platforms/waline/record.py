"""Record the Waline fixtures (tests/fixtures/platforms/waline/) from the real server.

    .venv/bin/python -m tests.platforms.waline.record

Starts the pinned Waline server (server.py) with the zone Asia/Shanghai, posts a small
thread through its API (three root comments; replies four levels deep; one commenter with a
link; likes), then saves what an anonymous reader is served: the comment list pages the
platform asks for (two root comments a page), a list the server refuses (an unknown
``sortBy``), and Waline's own rows for the thread (``truth.json``, from its SQLite file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from archiver.extract.platforms import waline
from tests.platforms.waline.server import (
    SERVER_PACKAGE,
    SERVER_VERSION,
    WalineServer,
    install,
    missing_tools,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "platforms" / "waline"
PATH = "/2024/05/waline-post/"
ZONE = "Asia/Shanghai"


def seed(server: WalineServer, path: str) -> dict[str, dict]:
    """A thread with every shape the platform reads, posted as readers post."""
    posted: dict[str, dict] = {}
    posted["ada"] = server.post(path, "Ada", "First, with **bold** text and `code`.")
    posted["zoe"] = server.post(path, "Zoë Ünal", "Zweiter Kommentar – Grüße aus Köln 👋",
                                link="https://zoe.example/", mail="zoe@example.org")
    posted["bob"] = server.post(path, "Bob", "A reply to Ada.", reply_to=posted["ada"])
    posted["carol"] = server.post(path, "Carol", "A reply to Bob: three levels.",
                                  reply_to=posted["bob"])
    posted["dan"] = server.post(path, "Dan", "And Dan answers Carol, four levels down.",
                                reply_to=posted["carol"])
    posted["eve"] = server.post(path, "Eve", "A third root comment, on page two.")
    posted["fay"] = server.post(path, "Fay", "Answering Zoë.", reply_to=posted["zoe"])
    for _ in range(2):
        server.like(posted["ada"]["objectId"])
    server.like(posted["carol"]["objectId"])
    return posted


def main() -> int:
    if missing_tools():
        print("missing: " + ", ".join(missing_tools()), file=sys.stderr)
        return 1
    server = WalineServer(install(SERVER_PACKAGE, SERVER_VERSION), tz=ZONE)
    try:
        seed(server, PATH)
        thread = {"server": server.base_url, "path": PATH}
        config = {"waline_page_size": 2}
        fetches = waline.start(thread, config)
        FIXTURES.mkdir(parents=True, exist_ok=True)
        pages = 0
        while fetches:
            fetch = fetches.pop(0)
            pages += 1
            body = server.raw(fetch["url"])
            (FIXTURES / f"page-{pages}.json").write_bytes(body)
            fetches.extend(waline.parse(fetch, fetch["url"], {}, body, thread, config)["next"])
        refused = server.raw("/api/comment", path=PATH, sortBy="bogus")
        (FIXTURES / "refused.json").write_bytes(refused)
        (FIXTURES / "truth.json").write_text(json.dumps(
            {"zone": ZONE, "rows": server.truth(PATH)}, ensure_ascii=False, indent=1) + "\n")
        print(f"recorded {pages} pages into {FIXTURES}")
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
