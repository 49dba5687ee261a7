"""Deterministic entity ids derived from natural keys.

Ids never depend on insertion order or on what is already stored, so the same entity gets
the same id in every crawl and in every archive, and a reply's parent id can be computed
even when the parent itself was never seen (data-model invariant 3).
"""

from __future__ import annotations

import hashlib

# Unit separator: cannot occur in URLs or in the keys normalize produces, so joined parts
# never collide ("a" + "bc" vs "ab" + "c").
_SEP = "\x1f"


def _digest(*parts: str) -> str:
    return hashlib.sha1(_SEP.join(parts).encode("utf-8")).hexdigest()[:16]


def site_id(origin: str) -> str:
    """The id of a site: its origin string itself ("https://example.com")."""
    return origin


def article_id(url: str) -> str:
    """The id of an article: its canonical URL itself (articles.url is the primary key)."""
    return url


def author_id(site: str, key: str) -> str:
    """The id of an article author: one per person (normalize's person key) per site."""
    return _digest(site, key)


def commenter_id(site: str, platform: str, key: str) -> str:
    """The id of a commenter: one identity key on one comment platform of one site."""
    return _digest(site, platform, key)


def comment_id(site: str, platform: str, native_id: str) -> str:
    """The id of a comment from the page's or platform's own id (or its "h:" content hash)."""
    return _digest(site, platform, native_id)


def tag_id(site: str, tag: str) -> str:
    """The id of a tag: tags differing only in case or surrounding space are one tag."""
    return _digest(site, tag.strip().casefold())
