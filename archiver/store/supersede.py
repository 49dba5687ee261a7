"""A comment whose hash id changed is the same comment: superseded, not deleted.

A comment the page gives no id of its own is keyed by a hash of (article, author name,
printed date, first words, parent id) (``extract.comments.base.comment_id_hash``). An
extraction that reads any of those better (a cleaner name, a date now parsed, a "Reply"
link no longer taken for text, an anchor now read as the page's own id) gives the comment
a new id, and its replies too, the parent id being hashed in. Saved as it comes, the
thread's next complete save would insert the "new" rows and mark the old ones deleted: the
archive would claim the site deleted them that day, and show each twice.

So the rows a complete save finds gone (``history.mark_deleted``) are first matched to the
comments that are new in the same save. A matched old row becomes ``status =
'superseded'`` with ``superseded_by`` the new row's id; the new row inherits its
``first_seen``. Nothing is deleted, and rows nobody matched are deletions as before.

The rule (``match_comments``), evidence that holds on every site, strongest first; a pair
is made only when it is 1:1 (one candidate for the old row, and that candidate claimed by
no other old row of the same depth at the same step), ambiguous ones are left alone:

1. the same text (whitespace collapsed, the whole text) and the same parent, *after
   matching* (a reply whose parent was re-keyed counts the parent's new id);
2. the same text and the same commenter name (casefolded, whitespace collapsed; no name
   only matches no name);
3. the same commenter name, the same place in the thread (``path``) and near-equal texts:
   one is the other plus or minus a short run at either end (at most 3 words and 32
   characters: "Reply", "delete", "Report comment") or difflib's ratio is at least 0.9
   (a word or two of a sentence read differently). A lower bar would pair a reader's
   two different comments that happen to sit in the same place.

In every step, when both rows have a published date, their days are at most one apart: a
date now read (the other None) is the point of re-keying, a zone now applied moves an
instant across midnight at most, but a comment dated days later is another comment.
Old rows are matched depth by depth, parents first, so a re-keyed subtree matches whole.

An earlier archiver saved such re-keyings as deletions. A hash-keyed row marked deleted
at the very fetch that first saw a comment of the same article that matches it by the
same rule is repaired the same way when the article's complete thread is next saved
(``history.repair_mistaken_deletions``); ``mistaken_deletions`` counts such pairs, read only, for
``archiver doctor``.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from archiver.store.transaction import select_rows

# A run at either end of a text that a reader's own words are never this short of: link
# texts an older extractor took for the comment's ("Reply", "delete", "Report comment").
MAX_AFFIX_WORDS = 3
MAX_AFFIX_CHARS = 32
MIN_RATIO = 0.9
MAX_DAYS_APART = 1

Row = Mapping[str, Any]


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _name(value: Any) -> str | None:
    name = " ".join(str(value).split()).casefold() if value is not None else ""
    return name or None


def _day(published: Any) -> date | None:
    try:
        return date.fromisoformat(str(published)[:10]) if published else None
    except ValueError:
        return None


def dates_agree(old: Row, new: Row) -> bool:
    """Both dated and more than a day apart: two comments, whatever else they share."""
    first, second = _day(old.get("published")), _day(new.get("published"))
    if first is None or second is None:
        return True
    return abs((first - second).days) <= MAX_DAYS_APART


def near_equal(first: str, second: str) -> bool:
    """Texts (whitespace collapsed) that are one comment read two ways."""
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    if short and (long.startswith(short) or long.endswith(short)):
        extra = long.removeprefix(short) if long.startswith(short) else long.removesuffix(short)
        return len(extra) <= MAX_AFFIX_CHARS and len(extra.split()) <= MAX_AFFIX_WORDS
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # The quick upper bounds first: most pairs fail them without the quadratic part.
    return (matcher.real_quick_ratio() >= MIN_RATIO and matcher.quick_ratio() >= MIN_RATIO
            and matcher.ratio() >= MIN_RATIO)


def match_comments(gone: Sequence[Row], new: Sequence[Row],
                   known: Mapping[str, str] | None = None) -> dict[str, str]:
    """old id -> new id for the ``gone`` rows that are comments of ``new`` re-keyed.

    Rows are comments rows (``id, platform, parent_id, depth, path, author_name, text,
    published``); only same-platform pairs are made (a snapshot names the new row by its
    native id). ``known``: old id -> new id of rows superseded before, for parents.
    """
    matches: dict[str, str] = {}
    parents = dict(known or {})
    by_text: dict[tuple[Any, str], list[Row]] = {}
    by_place: dict[tuple[Any, str | None, Any], list[Row]] = {}
    for row in new:
        text = _text(row.get("text"))
        if text:
            by_text.setdefault((row["platform"], text), []).append(row)
        by_place.setdefault((row["platform"], _name(row.get("author_name")), row.get("path")),
                            []).append(row)
    taken: set[str] = set()

    def same_parent(old: Row, candidate: Row) -> bool:
        parent = old.get("parent_id")
        return parents.get(parent, parent) == candidate.get("parent_id")

    def same_name(old: Row, candidate: Row) -> bool:
        return _name(old.get("author_name")) == _name(candidate.get("author_name"))

    def same_text_as(check: Callable[[Row, Row], bool]) -> Callable[[Row], list[Row]]:
        def candidates(old: Row) -> list[Row]:
            found = by_text.get((old["platform"], _text(old.get("text"))), ())
            return [row for row in found if check(old, row)]
        return candidates

    def same_place(old: Row) -> list[Row]:
        found = by_place.get((old["platform"], _name(old.get("author_name")), old.get("path")),
                             ())
        text = _text(old.get("text"))
        return [row for row in found if near_equal(text, _text(row.get("text")))]

    steps = (same_text_as(same_parent), same_text_as(same_name), same_place)
    for depth in sorted({row.get("depth") or 0 for row in gone}):
        level = [row for row in gone if (row.get("depth") or 0) == depth]
        for step in steps:
            open_rows = [row for row in level if row["id"] not in matches]
            found = {row["id"]: [c for c in step(row) if c["id"] not in taken
                                 and dates_agree(row, c)] for row in open_rows}
            claims = Counter(c["id"] for candidates in found.values() for c in candidates)
            for row in open_rows:
                candidates = found[row["id"]]
                if len(candidates) == 1 and claims[candidates[0]["id"]] == 1:
                    matches[row["id"]] = parents[row["id"]] = candidates[0]["id"]
                    taken.add(candidates[0]["id"])
    return matches


def superseded_ids(conn: sqlite3.Connection, article_url: str) -> dict[str, str]:
    """old id -> new id of the article's rows superseded so far (a partial index)."""
    return dict(conn.execute(
        "SELECT id, superseded_by FROM comments WHERE article_url = ?"
        " AND status = 'superseded'", [article_url]).fetchall())


def supersede_gone(gone: list[dict[str, Any]], new: Callable[[], list[dict[str, Any]]],
                   known: Callable[[], Mapping[str, str]]
                   ) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], Row]]]:
    """Of the stored rows a complete thread no longer holds (``gone``), those that are
    its ``new`` comments re-keyed: (the rest, which are deleted; (old row, new row) pairs).

    ``new`` and ``known`` (``superseded_ids``) are only called when a gone row is hash-keyed:
    a thread with nothing missing, or only page-keyed rows missing, costs nothing here.
    """
    hashed = [row for row in gone if row.get("id_source") == "hash"]
    candidates = new() if hashed else []
    if not candidates:
        return gone, []
    matches = match_comments(hashed, candidates, known())
    if not matches:
        return gone, []
    by_id = {row["id"]: row for row in candidates}
    pairs = [(row, by_id[matches[row["id"]]]) for row in hashed if row["id"] in matches]
    return [row for row in gone if row["id"] not in matches], pairs


_MISTAKEN = (
    "SELECT * FROM comments WHERE article_url = ? AND status = 'deleted'"
    " AND id_source = 'hash'"
)
# The comments first seen by the fetches that marked them deleted, not themselves gone
# or already some row's replacement (an archive before m009 has no superseded rows).
_FIRST_SEEN_THEN = (
    "SELECT * FROM comments WHERE article_url = :url"
    " AND first_seen IN (SELECT value FROM json_each(:at))"
    " AND status NOT IN ('deleted', 'superseded')"
)
_NOT_REPLACING = (
    " AND id NOT IN (SELECT superseded_by FROM comments WHERE article_url = :url"
    " AND status = 'superseded')"
)


def mistaken_pairs(conn: sqlite3.Connection, article_url: str, migrated: bool = True
                   ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(old row, new row) of the article's hash-keyed rows an earlier save marked deleted
    for a re-keying: deleted by the fetch that first saw a row they match."""
    deleted = select_rows(conn, _MISTAKEN, [article_url])
    if not deleted:
        return []
    at = sorted({row["deleted_at"] for row in deleted if row["deleted_at"]})
    candidates = select_rows(conn, _FIRST_SEEN_THEN + (_NOT_REPLACING if migrated else ""),
                             {"url": article_url, "at": json.dumps(at)})
    if not candidates:
        return []
    known = superseded_ids(conn, article_url) if migrated else {}
    by_id = {row["id"]: row for row in candidates}
    pairs = []
    for when in at:
        # A re-keying is one fetch's: the deletion and the new row's first sight coincide.
        matches = match_comments([row for row in deleted if row["deleted_at"] == when],
                                 [row for row in candidates if row["first_seen"] == when],
                                 known)
        known.update(matches)
        pairs += [(row, by_id[matches[row["id"]]]) for row in deleted if row["id"] in matches]
    return pairs


def mistaken_deletions(conn: sqlite3.Connection) -> dict[str, int]:
    """article url -> how many of its rows were marked deleted for a re-keying (read only;
    also on an archive made before migration m009, where they are most likely)."""
    migrated = "superseded_by" in {row[1] for row in conn.execute("PRAGMA table_info(comments)")}
    articles = [row[0] for row in conn.execute(
        "SELECT DISTINCT article_url FROM comments WHERE status = 'deleted'"
        " AND id_source = 'hash' ORDER BY article_url")]
    found = {url: len(mistaken_pairs(conn, url, migrated)) for url in articles}
    return {url: n for url, n in found.items() if n}
