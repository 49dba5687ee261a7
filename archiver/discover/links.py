"""Which links on a page are worth following, and what they are."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from archiver.discover.urls import canonicalize, same_site

# Files that are never pages.
ASSET_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|mp[34]|m4a|ogg|wav|webm|mov|avi|pdf|zip|gz|"
    r"tgz|rar|7z|exe|dmg|css|js|mjs|json|woff2?|ttf|eot|otf|docx?|xlsx?|pptx?|epub)$",
    re.IGNORECASE,
)
# Parts of a site that are machinery, not content, or that would multiply pages endlessly.
SKIP_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"/wp-(admin|login\.php|json|includes|content/(uploads|plugins|themes))(/|$)",
    r"/xmlrpc\.php",
    r"[?&](replytocom|share|print|output|like_comment|action|redirect_to)=",
    r"[?&]s=",                      # site search results
    r"/(cart|checkout|login|logout|register|signin|signup|account|subscribe)(/|$)",
    r"/(trackback|embed|amp)/?$",
    r"/cdn-cgi/",
))
COMMENT_PAGE = re.compile(r"(/comment-page-(\d+)/?$)|([?&]cpage=(\d+))", re.IGNORECASE)
FEED = re.compile(r"(/feed/?(atom|rss2?|rdf)?/?$)|(\.(rss|atom)$)|([?&]feed=)", re.IGNORECASE)
SITEMAP = re.compile(r"sitemap[^/]*\.xml(\.gz)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def classify_link(url: str, site_origin: str) -> str:
    """One of: "offsite", "skip", "comment_page", "feed", "sitemap", "page"."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "skip"
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        if not same_site(url, site_origin):
            return "offsite"
    except ValueError:  # a link no browser could follow either (http://[::1, port 99999)
        return "skip"
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    if ASSET_EXTENSIONS.search(parts.path):
        return "skip"
    if any(p.search(path_query) for p in SKIP_PATTERNS):
        return "skip"
    if COMMENT_PAGE.search(path_query):
        return "comment_page"
    if SITEMAP.search(parts.path):
        return "sitemap"
    if FEED.search(path_query):
        return "feed"
    return "page"


def comment_page_number(url: str) -> int:
    """The comment page a URL shows (1 when it names none)."""
    parts = urlsplit(url)
    match = COMMENT_PAGE.search(parts.path + ("?" + parts.query if parts.query else ""))
    if not match:
        return 1
    return int(match.group(2) or match.group(4))


def follow_targets(links: list[str], site_origin: str) -> dict[str, list[str]]:
    """Sort a page's links into what the crawler may request, canonicalized and deduplicated."""
    out: dict[str, list[str]] = {"page": [], "feed": [], "sitemap": []}
    seen: set[str] = set()
    for link in links:
        kind = classify_link(link, site_origin)
        if kind not in out:
            continue
        url = canonicalize(link)
        if url not in seen:
            seen.add(url)
            out[kind].append(url)
    return out
