"""URL identity: canonical forms and same-site checks."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

# Query parameters that only track the reader; two URLs differing in them are one article.
TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|"
    r"ref_src|ref_url|share|amp)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


# Pages repeat the same navigation links: canonical forms are worth remembering.
@functools.lru_cache(maxsize=4096)
def canonicalize(url: str) -> str:
    """The archive's key for a page: scheme and host lower-cased, default port, fragment and
    tracking parameters dropped, the rest (path case, trailing slash, other parameters in their
    order) kept as the site writes it.

    Text that cannot be taken apart as a URL (a port out of range, a broken IPv6 literal)
    is kept as written without its fragment, rather than raising: it still names what the
    page said, and one bad link must not stop a crawl.
    """
    try:
        return _canonical(url)
    except ValueError:
        pass
    as_written = url.partition("#")[0].strip()
    try:
        return _canonical(as_written)  # the fragment, or space in it, was what failed
    except ValueError:
        return as_written


def _canonical(url: str) -> str:
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not TRACKING_PARAMS.match(k)],
        doseq=True,
    )
    path = parts.path or "/"
    if not netloc and path.startswith("//"):
        path = "/" + path.lstrip("/")  # else "x:////h" would come back as host "h"
    return urlunsplit((scheme, netloc, path, query, ""))


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, normalized like canonicalize()."""
    parts = urlsplit(canonicalize(url))
    return f"{parts.scheme}://{parts.netloc}"


def same_site(url: str, site_origin: str) -> bool:
    """True when `url` belongs to the site at `site_origin` (www. and scheme ignored)."""
    def host(u: str) -> str:
        netloc = urlsplit(u).netloc.lower()
        return netloc[4:] if netloc.startswith("www.") else netloc

    return host(canonicalize(url)) == host(site_origin)


def path_and_query(url: str) -> str:
    """The part of a URL that profile URL patterns are matched against."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
