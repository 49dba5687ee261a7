"""Which URL keys an article: its canonical link only when the site itself can claim it.

Pure: no Scrapy, no SQL. The crawler records the reason when a canonical is not trusted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from archiver.discover.urls import canonicalize


def same_site_host(url: str, other: str) -> bool:
    """True when both URLs name one host and port (a leading "www." and the scheme aside,
    default ports being the same port).

    A site's canonical links may upgrade http to https or add www.; a link to any other
    host is a claim one site cannot make for another.
    """
    def host(u: str) -> str:
        netloc = urlsplit(canonicalize(u)).netloc
        return netloc[4:] if netloc.startswith("www.") else netloc

    return host(url) == host(other)


def trusted_canonical(fetched_url: str, canonical: str | None) -> tuple[str | None, str | None]:
    """(the canonical URL to key the article by, or None for the fetched one; why not).

    A canonical that cannot be read (a port out of range) or that names another host is
    not the article's key: the fetched URL is, and the reason is given to be recorded.
    """
    if not canonical:
        return None, None
    try:
        canonicalize(canonical)
        urlsplit(canonical).port  # noqa: B018 - raises on a port out of range
    except ValueError as exc:
        return None, f"malformed canonical URL {canonical[:200]!r} ({exc}): the fetched URL " \
                     "is the article's key"
    # A saved page (file://) has no site of its own to protect: its canonical says where
    # it came from.
    if fetched_url.lower().startswith(("http://", "https://")) and \
            not same_site_host(fetched_url, canonical):
        return None, f"canonical URL {canonical[:200]!r} is on another site: not trusted, " \
                     "the fetched URL is the article's key"
    return canonical, None
