"""Site profiles: a small declarative TOML file per site, for when detection is not enough.

Example (every key optional)::

    [site]
    name = "Example Magazine"
    start_urls = ["https://example.com/"]
    timezone = "America/New_York"     # how naive dates on the site are read
    language = "en"                   # helps relative dates ("vor 2 Tagen")
    allowed_hosts = ["comments.example.net"]   # other hosts the crawl may request

    [articles]
    url_patterns = ['^/\\d{4}/\\d{2}/[^/]+/$']   # regexes on the URL path (+query)
    exclude_patterns = ['^/tag/']

    [selectors]                       # CSS selectors, tried before any heuristic
    title = "h1.headline"
    authors = ".byline a"
    published = "time.published::attr(datetime)"
    section = ".kicker"
    tags = ".tags a"
    body = ".article-body"
    comments = "#comments"            # the comment section container

    [comments]
    platform = "wordpress"            # force a platform instead of detecting it

Errors name the file, the line and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from archiver.errors import ProfileError

SELECTOR_FIELDS = ("title", "authors", "published", "modified", "section", "tags", "body",
                   "comments")
# A DNS name (labels of letters, digits and hyphens), an IPv4 address or a bracketed IPv6 one.
_HOST = re.compile(r"^(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?"
                   r"|\[[0-9A-Fa-f:.]+\])$")

_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "site": {"name": str, "start_urls": list, "timezone": str, "language": str,
             "allowed_hosts": list},
    "articles": {"url_patterns": list, "exclude_patterns": list},
    "selectors": dict.fromkeys(SELECTOR_FIELDS, str),
    "comments": {"platform": str, "params": dict},
}


@dataclass(frozen=True)
class Profile:
    """What a user told archiver about one site."""

    name: str | None = None
    source: str | None = None
    start_urls: tuple[str, ...] = ()
    # Hosts besides the site's own that the crawl may request (comment servers, a CDN).
    allowed_hosts: tuple[str, ...] = ()
    timezone: str | None = None
    language: str | None = None
    article_url_patterns: tuple[str, ...] = ()
    exclude_url_patterns: tuple[str, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)
    comment_platform: str | None = None
    comment_params: dict[str, Any] = field(default_factory=dict)

    def is_excluded(self, path_and_query: str) -> bool:
        """True when the profile says never to fetch this URL."""
        return any(re.search(p, path_and_query) for p in self.exclude_url_patterns)

    def is_article_url(self, path_and_query: str) -> bool | None:
        """True/False when the profile decides, None when it has no article patterns."""
        if self.is_excluded(path_and_query):
            return False
        if not self.article_url_patterns:
            return None
        return any(re.search(p, path_and_query) for p in self.article_url_patterns)


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """The 1-based line where `key` (or the `[section]` header) is written, for messages."""
    lines = text.splitlines()
    current = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        header = re.match(r"^\[([^\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(
            rf"^\"?{re.escape(key)}\"?\s*=", stripped
        ):
            return number
    return None


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Validate profile TOML text; raise ProfileError naming the line on any problem."""

    def fail(message: str, section: str | None = None, key: str | None = None) -> ProfileError:
        line = _line_of(text, section, key) if section else None
        where = f"{source}, line {line}" if line else source
        return ProfileError(f"{where}: {message}")

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends "(at line N, column M)".
        raise ProfileError(f"{source}: not valid TOML: {exc}") from None

    for section, body in data.items():
        if section not in _SCHEMA:
            raise fail(
                f"unknown section [{section}] (expected one of: {', '.join(_SCHEMA)})", section
            )
        if not isinstance(body, dict):
            raise fail(f"{section} must be a [section] table", section)
        for key, value in body.items():
            expected = _SCHEMA[section].get(key)
            if expected is None:
                raise fail(
                    f"unknown key {key!r} in [{section}] (expected one of: "
                    f"{', '.join(_SCHEMA[section])})",
                    section,
                    key,
                )
            if not isinstance(value, expected):
                kind = getattr(expected, "__name__", "value")
                raise fail(f"[{section}] {key} must be a {kind}", section, key)

    site = data.get("site", {})
    articles = data.get("articles", {})
    selectors = data.get("selectors", {})
    comments = data.get("comments", {})

    for key in ("start_urls",):
        for url in site.get(key, []):
            if not isinstance(url, str) or not re.match(r"^https?://", url):
                raise fail(f"[site] {key} entries must be http(s) URLs, got {url!r}", "site", key)
    for host in site.get("allowed_hosts", []):
        if not isinstance(host, str) or not _HOST.match(host):
            raise fail(f"[site] allowed_hosts entries must be host names such as "
                       f"'comments.example.net' (no scheme, port or path), got {host!r}",
                       "site", "allowed_hosts")
    if "timezone" in site:
        try:
            ZoneInfo(site["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise fail(
                f"unknown time zone {site['timezone']!r} (use an IANA name such as "
                "'Europe/Berlin' or 'UTC')",
                "site",
                "timezone",
            ) from None
    for key in ("url_patterns", "exclude_patterns"):
        for pattern in articles.get(key, []):
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                raise fail(
                    f"[articles] {key}: bad regular expression {pattern!r}: {exc}", "articles", key
                ) from None
    for key, css in selectors.items():
        try:
            from parsel import Selector

            Selector(text="<html></html>").css(css)
        except Exception as exc:  # cssselect raises several types
            raise fail(f"[selectors] {key}: bad CSS selector {css!r}: {exc}", "selectors",
                       key) from None
    platform = comments.get("platform")
    names = comment_platform_names()
    if platform is not None and platform not in names:
        raise fail(
            f"[comments] platform must be one of {', '.join(names)}, got {platform!r}",
            "comments",
            "platform",
        )

    return Profile(
        name=site.get("name"),
        source=source,
        start_urls=tuple(site.get("start_urls", ())),
        allowed_hosts=tuple(h.lower().rstrip(".") for h in site.get("allowed_hosts", ())),
        timezone=site.get("timezone"),
        language=site.get("language"),
        article_url_patterns=tuple(articles.get("url_patterns", ())),
        exclude_url_patterns=tuple(articles.get("exclude_patterns", ())),
        selectors=dict(selectors),
        comment_platform=platform,
        comment_params=dict(comments.get("params", {})),
    )


def comment_platform_names() -> tuple[str, ...]:
    """What ``[comments] platform`` may name: a built-in platform, a comment system known
    without an adapter (recorded as not read: no_adapter), a server-rendered markup family
    (archiver.extract.comments.families), or "html" (what the page prints)."""
    from archiver.extract.comments.families import FAMILIES
    from archiver.extract.platforms import default_registry, unsupported

    return tuple(dict.fromkeys((*default_registry().by_name, *unsupported.KNOWN,
                                *(family.NAME for family in FAMILIES), "html")))


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc}") from None
    return parse_profile(text, source=str(path))
