"""Save the article pages of the loopback comment systems, as served, with their truth.

python -m tests.platforms.save_pages DIR [mezzanine] [comments_xtd]

writes DIR/<system>/NN.html and NN.json ({"url", "fetched", "comments": [{"id", "parent_id",
"author", "published", "text"}], "hidden_not_to_archive": [...]}) for every page that has
comments; tests/fixtures/platforms/ holds one such set, made with this script.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.platforms.django_server import DjangoServer


def systems() -> dict[str, Callable[[], DjangoServer]]:
    from tests.platforms.comments_xtd.site import CommentsXtdSite
    from tests.platforms.mezzanine.site import MezzanineSite

    return {"mezzanine": MezzanineSite, "comments_xtd": CommentsXtdSite}


def save(site: DjangoServer, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    truth = site.truth()  # type: ignore[attr-defined]
    saved = []
    for number, url in enumerate(dict.fromkeys(c["url"] for c in truth), 1):
        fetched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with urllib.request.urlopen(url) as response:
            (folder / f"{number:02d}.html").write_bytes(response.read())
        on_page = [c for c in truth if c["url"] == url]
        (folder / f"{number:02d}.json").write_text(json.dumps({
            "url": url, "fetched": fetched,
            "comments": [{key: c[key] for key in ("id", "parent_id", "author", "published",
                                                  "text")} for c in on_page if c["visible"]],
            "hidden_not_to_archive": [{key: c[key] for key in ("id", "author", "text")}
                                      for c in on_page if not c["visible"]],
        }, ensure_ascii=False, indent=1) + "\n")
        saved.append(folder / f"{number:02d}.html")
    return saved


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    out, wanted = Path(argv[0]), argv[1:] or list(systems())
    for name in wanted:
        with systems()[name]() as site:
            for path in save(site, out / name):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
