"""Shared helpers for the extraction tests: the page fixtures as served."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def page_cases() -> list[str]:
    """Names of the fixture folders under tests/fixtures/pages/."""
    return sorted(p.name for p in PAGES.iterdir() if (p / "body.html").exists())


@cache
def load_case(name: str) -> tuple[str, bytes, dict, dict]:
    """(url, body bytes, headers, expected output) of one fixture."""
    folder = PAGES / name
    served = json.loads((folder / "headers.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return served["url"], (folder / "body.html").read_bytes(), served["headers"], expected
