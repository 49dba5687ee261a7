"""The bundled demo site: a deterministic synthetic opinion magazine with exact ground truth.

`generate_site(base_url, n_articles=, seed=)` builds every file of "The Demo Review" in memory
with its ground truth; `DemoServer` serves one on a free loopback port. `PROFILE_PATH` is the
site profile (Europe/Berlin) its naive printed dates need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from archiver.demo.generator import DemoSite, generate_site

if TYPE_CHECKING:
    from archiver.demo.server import DemoServer

PROFILE_PATH = Path(__file__).with_name("profile.toml")

__all__ = ["PROFILE_PATH", "DemoServer", "DemoSite", "generate_site"]


def __getattr__(name: str) -> Any:
    # Imported lazily so `python -m archiver.demo.server` does not load the module twice.
    if name == "DemoServer":
        from archiver.demo.server import DemoServer

        return DemoServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
