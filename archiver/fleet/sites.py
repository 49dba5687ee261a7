"""The fleet's site list: reading a list file or a sitemap of sites, naming a site's outputs."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from archiver.discover.urls import canonicalize
from archiver.errors import ArchiverError

_INTERVAL = re.compile(r"^\s*(\d+)\s*(m|min|h|d)\s*$")
_UNIT_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def interval_seconds(every: str) -> int:
    """"30m" / "6h" / "1d" -> seconds."""
    match = _INTERVAL.match(every or "")
    if not match or int(match.group(1)) == 0:
        raise ArchiverError(f"expected a refresh interval like 30m, 6h or 1d, got {every!r}")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def site_url(url: str) -> str:
    """A start URL as the fleet keys it (canonical form); an error for anything else."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArchiverError(f"{url!r} is not an http(s) URL of a site")
    return canonicalize(url)


def site_key(url: str) -> str:
    """A folder name for the site's outputs: readable (host and port) and unique (a hash
    of the whole URL, as two sites may share a host)."""
    parts = urlsplit(url)
    host = re.sub(r"[^a-z0-9.-]", "-", (parts.hostname or "site").lower())
    port = f"_{parts.port}" if parts.port else ""
    return f"{host}{port}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def read_site_list(path: str | Path) -> tuple[list[str], list[str]]:
    """The site URLs in ``path`` and one message per line that is not one.

    The file is either a sitemap (``<urlset>``, each ``<loc>`` a site's start URL) or a
    text list: one URL a line, blank lines and ``#`` comments ignored.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArchiverError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if data.lstrip()[:1] == b"<":
        return _read_sitemap(path, data)
    urls, problems = [], []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            urls.append(site_url(line))
        except ArchiverError as exc:
            problems.append(f"{path} line {number}: {exc}")
    return urls, problems


def _read_sitemap(path: Path, data: bytes) -> tuple[list[str], list[str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ArchiverError(f"{path}: not a readable sitemap ({exc})") from None
    if etree.QName(root).localname != "urlset":
        raise ArchiverError(f"{path}: a sitemap of sites is a <urlset>, not "
                            f"<{etree.QName(root).localname}>")
    urls, problems = [], []
    for loc in root.iter(f"{{{SITEMAP_NS}}}loc", "loc"):
        try:
            urls.append(site_url(loc.text or ""))
        except ArchiverError as exc:
            problems.append(f"{path} line {loc.sourceline}: {exc}")
    return urls, problems
