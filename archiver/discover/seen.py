"""The URLs a crawl has already asked for, in bounded memory.

A page of a magazine links to a hundred pages the crawl already knows (the navigation, the
tag cloud, related articles). Handed to Scrapy, each would become a Request object, pass
the scheduler and its middlewares and be fingerprinted (a second canonicalisation) only to
be thrown away by the dupefilter. `SeenURLs` answers "asked for already?" before a request
exists.

It keeps 8 bytes per canonical URL (the first 8 bytes of its BLAKE2b digest) in an
open-addressed table (`array('Q')`, linear probing, at most half full): 8-16 MB per million
URLs, against ~100 MB for a Python set of the strings. Two different URLs share a key with
probability about n^2 / 2^65 (one in 37 million for a million URLs), unlike a Bloom filter
whose false positives would silently drop pages at a rate set by its size.
"""

from __future__ import annotations

import hashlib
from array import array

_EMPTY = 0
_INITIAL_SLOTS = 1 << 12


def url_key(canonical_url: str) -> int:
    """The 8-byte key of a canonical URL (never 0, which marks an empty slot)."""
    digest = hashlib.blake2b(canonical_url.encode("utf-8", "surrogatepass"),
                             digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1


class SeenURLs:
    """A set of canonical URLs that stores only their 8-byte keys."""

    def __init__(self, slots: int = _INITIAL_SLOTS) -> None:
        size = _INITIAL_SLOTS
        while size < slots:
            size <<= 1
        self._table = array("Q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """Memory held by the table."""
        return self._table.itemsize * len(self._table)

    def __contains__(self, canonical_url: str) -> bool:
        key = url_key(canonical_url)
        table, mask = self._table, self._mask
        slot = key & mask
        while (held := table[slot]) != _EMPTY:
            if held == key:
                return True
            slot = (slot + 1) & mask
        return False

    def add(self, canonical_url: str) -> bool:
        """Remember a URL; True when it was new."""
        key = url_key(canonical_url)
        table, mask = self._table, self._mask
        slot = key & mask
        while (held := table[slot]) != _EMPTY:
            if held == key:
                return False
            slot = (slot + 1) & mask
        table[slot] = key
        self._count += 1
        if 2 * self._count > len(table):
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._table
        size = 2 * len(old)
        table = array("Q", bytes(8 * size))
        mask = size - 1
        for key in old:
            if key != _EMPTY:
                slot = key & mask
                while table[slot] != _EMPTY:
                    slot = (slot + 1) & mask
                table[slot] = key
        self._table, self._mask = table, mask
