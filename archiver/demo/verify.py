"""Compare an archive with the demo site's ground truth, field by field."""

from __future__ import annotations

from typing import Any

from archiver.discover.urls import canonicalize


def compare(truth: dict[str, Any], archived: list[dict[str, Any]]) -> list[str]:
    """Every difference between what the demo site served and what the archive holds.

    `archived` is archiver.store.read.article_records(); an empty list means a perfect match.
    """
    problems: list[str] = []
    by_url = {a["url"]: a for a in archived}
    expected_urls = {canonicalize(a["url"]) for a in truth["articles"]}
    for url in sorted(set(by_url) - expected_urls):
        problems.append(f"{url}: archived but not an article of the site")
    for expected in truth["articles"]:
        url = canonicalize(expected["url"])
        got = by_url.get(url)
        if got is None:
            problems.append(f"{url}: article missing from the archive")
            continue
        problems.extend(f"{url}: {p}" for p in _compare_article(expected, got))
    return problems


def _differ(field: str, expected: Any, got: Any) -> list[str]:
    return [] if expected == got else [f"{field}: expected {expected!r}, archived {got!r}"]


def _compare_article(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for field in ("title", "section", "body_text", "published", "modified"):
        problems += _differ(field, expected.get(field), got.get(field))
    problems += _differ("tags", expected["tags"], got["tags"])
    problems += _differ(
        "authors",
        [(a["name"], a.get("url")) for a in expected["authors"]],
        [(a["name"], a["url"]) for a in got["authors"]],
    )
    if "declared_comment_count" in expected:
        problems += _differ("declared_comment_count", expected["declared_comment_count"],
                            got["declared_comment_count"])
    want, have = expected["comments"], got["comments"]
    problems += _differ("comment count", len(want), len(have))
    problems += _differ("archived_comment_count", len(want), got["archived_comment_count"])
    for index, (w, h) in enumerate(zip(want, have, strict=False)):
        label = f"comment #{index} ({w['id']})"
        checks = [
            ("id", w["id"], h["native_id"]),
            ("parent", w["parent_id"], h["parent_native_id"]),
            ("author", w["author"]["name"], h["author_name"]),
            ("author url", w["author"].get("url"), h["commenter_url"]),
            ("published", w["published"], h["published"]),
            ("text", w["text"], h["text"]),
            ("post author flag", bool(w.get("is_post_author")), bool(h["is_post_author"])),
            ("orphan flag", False, bool(h["parent_missing"])),
        ]
        for field, a, b in checks:
            problems += [f"{label} {p}" for p in _differ(field, a, b)]
    return problems
