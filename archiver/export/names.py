"""Safe, stable file names for articles, derived from their URLs.

A name holds only ``[a-z0-9-]`` (so no path separator, no ``..``, nothing a shell or a
Windows file system treats specially), is at most ``MAX_STEM`` characters before the
extension, and ends in a hash of the whole URL, so two URLs that read alike (case, query,
punctuation, truncation) still get different names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

MAX_STEM = 80
HASH_CHARS = 12


def url_hash(url: str, length: int = HASH_CHARS) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits and single dashes; accents folded ("São" -> "sao")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def safe_name(url: str, hash_length: int = HASH_CHARS) -> str:
    """A file-name stem for ``url``: host and path as a slug, then a hash of the URL."""
    try:
        parts = urlsplit(url)
        readable = slug(f"{parts.hostname or ''} {unquote(parts.path)} {unquote(parts.query)}")
    except ValueError:  # "http://[::1/": not a URL, but the archive holds it; name it anyway
        readable = slug(unquote(url))
    digest = url_hash(url, hash_length)
    room = MAX_STEM - len(digest) - 1
    readable = readable[:room].rstrip("-")
    return f"{readable}-{digest}" if readable else digest

