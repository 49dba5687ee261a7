"""How faithfully an archive holds a platform's comment threads: recall, author, parent and
date against the truth read from the platform's own database, plus what was archived that
the platform does not show (hidden, moderated, placeholders, or not a comment at all).

Comments are matched by text, the way the real-page corpus's score.py does it, so the
score does not depend on which ids the reader happened to pick up.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

ANONYMOUS = {"", "anonymous", "guest", "anonym", "anonyme"}


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class ThreadScore:
    gold: int = 0
    found: int = 0
    author: int = 0
    parent: int = 0
    date: int = 0
    extra: list[str] = field(default_factory=list)  # archived, not a shown comment
    hidden_archived: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return round(count / self.gold, 3) if self.gold else 0.0

    @property
    def figures(self) -> dict[str, float]:
        return {"recall": self.share(self.found), "author": self.share(self.author),
                "parent": self.share(self.parent), "date": self.share(self.date)}

    def report(self) -> str:
        lines = [f"{self.gold} shown comments: " + ", ".join(
            f"{k} {v:.3f}" for k, v in self.figures.items())
            + f"; {len(self.extra)} extra, {len(self.hidden_archived)} hidden archived"]
        lines += self.misses[:20] + [f"extra: {text}" for text in self.extra[:10]]
        return "\n".join(lines)


def archived_comments(db: sqlite3.Connection) -> list[dict]:
    db.row_factory = sqlite3.Row
    return [dict(row) for row in db.execute(
        "select id, native_id, parent_id, article_url, author_name, published, text "
        "from comments "
        "order by article_url, position")]


def score_threads(truth: list[dict], archived: list[dict],
                  tolerance: Callable[[dict], float]) -> ThreadScore:
    """truth: dicts with id, parent_id, author, published (UTC ISO), text, visible, url.
    tolerance(comment): seconds the archived time may be off (the page's own precision)."""
    score = ThreadScore()
    by_page: dict[str, list[dict]] = {}
    for row in archived:
        by_page.setdefault(unquote(row["article_url"]), []).append(row)
    used: set[str] = set()
    match: dict[str, dict] = {}
    shown = [c for c in truth if c["visible"]]
    score.gold = len(shown)
    for gold in shown:
        key = norm(gold["text"])[:40]
        candidates = by_page.get(unquote(gold["url"]), [])
        row = next((r for r in candidates
                    if r["id"] not in used and key in norm(r["text"])[:400]), None)
        if row is None:
            score.misses.append(f"missed {gold['id']} by {gold['author']!r}: {key[:30]!r}")
            continue
        used.add(row["id"])
        match[gold["id"]] = row
    for gold in shown:
        row = match.get(gold["id"])
        if row is None:
            continue
        score.found += 1
        name = norm(row["author_name"])
        if (name in ANONYMOUS) if gold["author"] is None else name == norm(gold["author"]):
            score.author += 1
        else:
            score.misses.append(f"author of {gold['id']}: {row['author_name']!r} "
                                f"for {gold['author']!r}")
        parent = match.get(gold["parent_id"]) if gold["parent_id"] else None
        if (row["parent_id"] is None) if gold["parent_id"] is None else (
                parent is not None and row["parent_id"] == parent["id"]):
            score.parent += 1
        else:
            score.misses.append(f"parent of {gold['id']}: wrong (gold {gold['parent_id']})")
        got, want = instant(row["published"]), instant(gold["published"])
        if got and want and got.tzinfo and abs((got - want).total_seconds()) <= tolerance(gold):
            score.date += 1
        else:
            score.misses.append(f"date of {gold['id']}: {row['published']} for "
                                f"{gold['published']}")
    hidden = [c for c in truth if not c["visible"]]
    for row in archived:
        if row["id"] in used:
            continue
        text = norm(row["text"])
        # A hidden comment's text, or a placeholder row standing for it ("awaiting
        # approval", "removed") under the platform's own id for it.
        if any(norm(c["text"])[:40] in text or (
                row["native_id"] == c["id"] and unquote(row["article_url"]) == unquote(c["url"]))
               for c in hidden):
            score.hidden_archived.append(f"{row['native_id']}: {text[:60]}")
        score.extra.append(text[:60])
    return score


def saved_page_truth(truth_file: Path) -> list[dict]:
    """The truth of a page saved by tests/platforms/save_pages.py, in score_threads' shape."""
    saved = json.loads(truth_file.read_text(encoding="utf-8"))
    return ([dict(c, visible=True, url=saved["url"]) for c in saved["comments"]]
            + [dict(c, parent_id=None, published=None, visible=False, url=saved["url"])
               for c in saved["hidden_not_to_archive"]])


def extracted_rows(record: dict, url: str) -> list[dict]:
    """`archiver extract` output's comments as the archive's rows that score_threads reads."""
    return [{"id": c.get("id"), "native_id": c.get("native_id", c.get("id")),
             "parent_id": c.get("parent_id"), "article_url": url,
             "author_name": (c.get("author") or {}).get("name"),
             "published": c.get("published"), "text": c.get("text")}
            for c in record.get("comments") or []]
