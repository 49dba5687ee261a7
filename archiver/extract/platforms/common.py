"""Helpers the platform adapters share: headers, JSON bodies, comment HTML, comment dicts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import lxml.html
from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.text import (
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
    element_text,
    inner_html,
)

__all__ = ["comment", "content", "header", "load_json"]


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """One header's value, case-insensitively; Scrapy-style lists and bytes accepted."""
    for key, value in (headers or {}).items():
        key = key.decode("latin-1") if isinstance(key, bytes) else key
        if key.lower() != name.lower():
            continue
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        return value
    return None


def load_json(url: str, body: bytes) -> Any:
    """Parsed JSON, or ExtractError naming the URL (an HTML error page, a cut-off body)."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        start = body[:60].decode("utf-8", "replace").strip()
        raise ExtractError(f"{url}: not the JSON the platform serves ({exc}); "
                           f"the response starts {start!r}") from None


def content(html: str | None) -> tuple[str, str]:
    """(text, cleaned html) of a platform's comment HTML, as the page extractors make them."""
    if not html or not html.strip():
        return "", ""
    try:
        wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return "", ""
    return element_text(wrapper), clean_html(inner_html(wrapper), COMMENT_TAGS,
                                             COMMENT_ATTRIBUTES)


def comment(*, cid: Any, parent_id: Any, platform: str, name: str | None, url: str | None,
            published_raw: str | None, html: str | None, post_author: bool = False,
            **extra: Any) -> dict:
    """A comment dict (docs/internals.md section 1) from platform fields; extras pass through.

    position and depth are placeholders: normalize rebuilds both from the thread order.
    """
    text, cleaned = content(html)
    record = {
        "id": str(cid),
        "id_source": "page",
        "parent_id": None if parent_id in (None, "", 0, "0") else str(parent_id),
        "platform": platform,
        "author": {"name": name or None, "url": url or None},
        "author_is_post_author": post_author,
        "published_raw": published_raw,
        "text": text,
        "html": cleaned,
        "position": 0,
        "depth": 0,
    }
    record.update({key: value for key, value in extra.items() if value is not None})
    return record
