"""robots.txt Sitemap lines and sitemap / sitemap-index documents."""

from __future__ import annotations

import gzip
import io
from urllib.parse import urljoin

import lxml.etree

# A gzip bomb must not take the crawler down; real sitemaps are capped at 50 MB uncompressed.
MAX_SITEMAP_BYTES = 64 * 1024 * 1024


def sitemaps_from_robots(robots_text: str, base_url: str) -> list[str]:
    """The `Sitemap:` URLs a robots.txt names, absolute, in file order, without repeats."""
    found: list[str] = []
    for line in robots_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.strip())
            if url not in found:
                found.append(url)
    return found


def _maybe_gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError("sitemap larger than 64 MB uncompressed")
    return data


def parse_sitemap(body: bytes, url: str, problems: list[str] | None = None,
                  ) -> tuple[str, list[dict[str, str | None]]]:
    """Parse a sitemap or sitemap index.

    Returns (kind, entries): kind is "sitemapindex", "urlset" or "unknown"; each entry is
    {"loc": absolute URL, "lastmod": str | None}. Entities are never resolved (XXE-safe).
    Damage is read past where possible; what it was is appended to `problems`, so that a
    broken sitemap is recorded rather than taken for an empty one.
    """
    data = _maybe_gunzip(body)
    entries: list[dict[str, str | None]] = []
    kind = "unknown"
    parser_events = lxml.etree.iterparse(
        io.BytesIO(data), events=("start", "end"), recover=True, resolve_entities=False,
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=True,
    )
    try:
        for event, element in parser_events:
            tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
            if event == "start":
                if kind == "unknown" and tag in ("sitemapindex", "urlset"):
                    kind = tag
                continue
            if tag not in ("url", "sitemap"):
                continue
            loc = lastmod = None
            for child in element:
                child_tag = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
                if child_tag == "loc" and child.text:
                    loc = child.text.strip()
                elif child_tag == "lastmod" and child.text:
                    lastmod = child.text.strip()
            if loc:
                entries.append({"loc": urljoin(url, loc), "lastmod": lastmod})
            element.clear()
    except lxml.etree.XMLSyntaxError as exc:
        # recover=True keeps what was read before the damage
        _note(problems, f"damaged XML: {exc}")
    else:
        _note(problems, xml_damage(parser_events.error_log))
    if kind == "unknown":
        _note(problems, "not a sitemap (no <urlset> or <sitemapindex>)")
    return kind, entries


def xml_damage(error_log: lxml.etree._ListErrorLog) -> str | None:
    """The first error a recovering parser read past, as one line, or None."""
    for entry in error_log:
        if entry.level >= lxml.etree.ErrorLevels.ERROR:
            return f"damaged XML, line {entry.line}: {entry.message}"
    return None


def _note(problems: list[str] | None, problem: str | None) -> None:
    if problems is not None and problem and not problems:
        problems.append(problem)
