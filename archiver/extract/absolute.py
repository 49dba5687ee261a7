"""`urljoin` without its parsing for the links that are absolute already.

A page's links, a post's images and its JSON-LD URLs are made absolute one by one, and most
are written absolute (``https://host/path``). For those, ``urljoin`` parses both URLs and
rebuilds the link from its parts, which gives the link back unchanged unless a part is
empty or needs cleaning; `join_url` returns such links at once and hands every other link
to ``urljoin``, so the result is always ``urljoin``'s.
"""

from __future__ import annotations

from urllib.parse import urljoin

__all__ = ["join_url"]

# urlsplit removes tabs and newlines, splits ";params" off the last path segment (and
# drops an empty one), and checks brackets (IPv6 hosts): such links take the full path.
_REBUILT = frozenset("\t\r\n;[]\\")


def _unchanged_by_urljoin(href: str) -> bool:
    """Whether ``urljoin(base, href)`` is `href` itself for any http(s) base: an ASCII
    http(s) URL with a host, and no empty query or fragment (urlunsplit drops a bare
    ``?`` or ``#``)."""
    if href.startswith("https://"):
        rest = href[8:]
    elif href.startswith("http://"):
        rest = href[7:]
    else:
        return False
    if not rest or rest[0] in "/?#" or not href.isascii() or not _REBUILT.isdisjoint(href):
        return False
    before_fragment, hash_sign, fragment = href.partition("#")
    if hash_sign and not fragment:
        return False
    _, question_mark, query = before_fragment.partition("?")
    return not (question_mark and not query)


def join_url(base: str, href: str) -> str:
    """``urljoin(base, href)`` (ValueError as it raises one), faster for absolute links."""
    if _unchanged_by_urljoin(href) and base.startswith(("http://", "https://")):
        return href
    return urljoin(base, href)
