"""Every saved page extracts exactly as its hand-checked expected.json says, field by field."""

from __future__ import annotations

import json
from functools import cache

import pytest

from archiver.extract import extract_page

from ._pages import PAGES, load_case, page_cases

ARTICLE_FIELDS = [
    "url", "canonical_url", "title", "authors", "byline_raw", "published_raw", "modified_raw",
    "section", "tags", "body_text", "body_html", "language", "declared_comment_count",
    "is_article", "evidence", "comment_markup", "comment_platform",
]
# How sure the extractor is that the page is an article, and why (weighed, not compared).
EVIDENCE_FIELDS = ["article_confidence", "article_evidence"]
COMMENT_FIELDS = [
    "id", "id_source", "parent_id", "platform", "author", "author_is_post_author",
    "published_raw", "text", "html", "position", "depth",
]


@cache
def extracted(case: str) -> dict:
    url, body, headers, _ = load_case(case)
    return extract_page(url, body, headers)


def test_there_are_fixture_pages_to_check() -> None:
    assert len(page_cases()) >= 10


@pytest.mark.parametrize("case", page_cases())
def test_fixture_says_where_it_came_from(case: str) -> None:
    meta = json.loads((PAGES / case / "meta.json").read_text(encoding="utf-8"))
    assert meta["fetched_at"].endswith("Z")
    assert meta["source"] in ("synthetic", "live")
    if meta["source"] == "synthetic":
        assert meta["reason"]


@pytest.mark.parametrize("field", ARTICLE_FIELDS)
@pytest.mark.parametrize("case", page_cases())
def test_article_field_matches_expected(case: str, field: str) -> None:
    expected = load_case(case)[3]["article"]
    got = extracted(case)["article"]
    assert field in got, f"{case}: article.{field} missing"
    assert got[field] == expected[field], f"{case}: article.{field}"


@pytest.mark.parametrize("case", page_cases())
def test_article_has_exactly_the_contract_fields(case: str) -> None:
    assert sorted(extracted(case)["article"]) == sorted(ARTICLE_FIELDS + EVIDENCE_FIELDS)
    assert sorted(extracted(case)) == ["article", "comments", "next", "notes", "platform"]


@pytest.mark.parametrize("case", page_cases())
def test_comments_match_expected(case: str) -> None:
    expected = load_case(case)[3]["comments"]
    got = extracted(case)["comments"]
    assert [c["id"] for c in got] == [c["id"] for c in expected], f"{case}: comment ids/order"
    for want, have in zip(expected, got, strict=True):
        assert sorted(have) == sorted(COMMENT_FIELDS), f"{case}: comment {have['id']} keys"
        for field in COMMENT_FIELDS:
            assert have[field] == want[field], f"{case}: comment {want['id']}.{field}"


@pytest.mark.parametrize("case", page_cases())
def test_next_fetches_match_expected(case: str) -> None:
    assert extracted(case)["next"] == load_case(case)[3]["next"], f"{case}: next"


@pytest.mark.parametrize("case", page_cases())
def test_output_is_plain_json(case: str) -> None:
    result = extracted(case)
    assert json.loads(json.dumps(result)) == result
