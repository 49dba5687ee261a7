"""Comments a record brings again exactly as it brought them last: found from a digest.

A re-crawl mostly finds what it stored before. Building each comment's row (ids hashed,
every value checked) and reading the stored row back to compare them was most of an
unchanged re-save's time. Each comment row keeps ``record_digest`` (migration m008): a
digest of the record fields it was written from, with what else its row is derived from
(the site, the article, whether its parent is in the same record). A comment whose digest
matches the stored one, and that no crawl has marked deleted since, would get back the
row it has: the store only moves its ``last_seen`` (and its commenter's).

Why a match is enough: the row is derived from those fields, the stored row (a status
the record does not give, an approximate date) and whether its parent is stored. The
stored row is what the same fields made; since then a crawl only clears
``parent_missing`` when the parent arrives (the row derived now says the same) or marks
the comment deleted (``deleted_at``, which takes the full path). Every write of a
comment's content or placement writes its digest, so a digest never outlives its row.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Mapping
from hashlib import sha1
from typing import Any

# Part of every digest: raise it when the store derives a comment's row differently from
# the same record fields, so that rows stored before are compared in full once.
DIGEST_VERSION = 1
# marshal's version 2 writes values only: from version 3 on, an object referenced twice
# is written as a back-reference, so equal records could give different bytes.
_MARSHAL_VERSION = 2

# By the (article_url, path) index: "+site_id" keeps the planner off the site_id index,
# which holds every comment of the site under one value.
_SELECT_DIGESTS = (
    "SELECT rowid, platform, native_id, record_digest, commenter_id FROM comments"
    " WHERE article_url = ? AND +site_id = ? AND record_digest IS NOT NULL"
    " AND deleted_at IS NULL"
)


def comment_digests(origin: str, url: str, comments: list[Mapping[str, Any]],
                    natives: list[tuple[str, str]]) -> list[str | None]:
    """Each comment's digest (None for one marshal cannot write: it takes the full path).

    ``natives`` are the comments' (platform, native id) pairs, in order.
    """
    in_record = set(natives)
    # sha1 as the ids use (OpenSSL's: several times blake2b's speed here); 64 bits kept.
    prefix = sha1(marshal.dumps((DIGEST_VERSION, origin, url), _MARSHAL_VERSION))
    digests: list[str | None] = []
    for comment, (platform, _) in zip(comments, natives, strict=True):
        parent = comment.get("parent_id")
        digest = prefix.copy()
        try:
            # The whole mapping, not a list of the fields read: a field the row builder
            # reads one day is covered without a change here.
            digest.update(marshal.dumps(
                (parent is not None and (platform, str(parent)) in in_record, comment),
                _MARSHAL_VERSION))
        except ValueError:  # not a plain dict of plain values
            digests.append(None)
            continue
        digests.append(digest.hexdigest()[:16])
    return digests


def stored_digests(conn: sqlite3.Connection, origin: str, url: str
                   ) -> dict[tuple[str, str], tuple[int, str, str | None]]:
    """(platform, native id) -> (rowid, digest, commenter id) of the article's comments
    that have a digest and are not marked deleted."""
    return {(platform, native): (rowid, digest, commenter)
            for rowid, platform, native, digest, commenter in conn.execute(
                _SELECT_DIGESTS, (url, origin))}
