"""The matching rule of store.supersede on plain rows: what is one comment re-keyed."""

from __future__ import annotations

from typing import Any

import pytest

from archiver.store.supersede import match_comments, near_equal


def row(id: str, text: str, *, author: str | None = "Bob", parent: str | None = None,
        path: str = "0000", depth: int = 0, published: str | None = None) -> dict[str, Any]:
    return {"id": id, "platform": "html", "text": text, "author_name": author,
            "parent_id": parent, "path": path, "depth": depth, "published": published}


@pytest.mark.parametrize("old,new,same", [
    ("Nice point.", "Nice point. Reply", True),            # a link text read as the comment's
    ("Nice point. delete", "Nice point.", True),
    ("Report comment Nice point.", "Nice point.", True),
    ("I think the second argument is wrong, and here is why it fails.",
     "I think the second argument is wrong, and here's why it fails.", True),  # ratio >= 0.9
    ("Nice point.", "Nice point. And another thing I wanted to add about it.", False),
    ("Yes.", "No.", False),
    ("", "Reply", False),
])
def test_near_equal_texts(old, new, same):
    assert near_equal(old, new) is same


def test_a_rehashed_subtree_matches_whole_parents_first():
    gone = [row("h:a", "Top.", author="Ann"), row("h:b", "A reply.", parent="h:a", depth=1,
                                                 path="0000.0000"),
            row("h:c", "A reply to the reply.", parent="h:b", depth=2, path="0000.0000.0000")]
    new = [row("h:A", "Top.", author="ann"), row("h:B", "A reply.", author="Bobby",
                                                 parent="h:A", depth=1, path="0000.0000"),
           row("h:C", "A reply to the reply.", author=None, parent="h:B", depth=2,
               path="0000.0000.0000")]
    # Names differ for the replies: the parent, matched first, is the evidence.
    assert match_comments(gone, new) == {"h:a": "h:A", "h:b": "h:B", "h:c": "h:C"}


def test_the_same_text_under_another_parent_by_another_reader_is_not_matched():
    gone = [row("h:a", "Agreed.", author="Ann", parent="p1", depth=1)]
    new = [row("h:b", "Agreed.", author="Cy", parent="p2", depth=1)]
    assert match_comments(gone, new) == {}


def test_dates_days_apart_are_two_comments():
    gone = [row("h:a", "Agreed.", published="2024-05-01T10:00:00Z")]
    assert match_comments(gone, [row("h:b", "Agreed.", published="2024-05-09")]) == {}
    assert match_comments(gone, [row("h:b", "Agreed.", published="2024-05-02")]) == {
        "h:a": "h:b"}  # a zone now applied moves it a day at most
    assert match_comments(gone, [row("h:b", "Agreed.")]) == {"h:a": "h:b"}


def test_one_candidate_claimed_twice_is_left_alone():
    gone = [row("h:a", "+1", path="0001"), row("h:b", "+1", path="0002")]
    assert match_comments(gone, [row("h:c", "+1", path="0005")]) == {}
    # In the same places, each is its own.
    new = [row("h:x", "+1", path="0001", published="2024-05-01"),
           row("h:y", "+1", path="0002", published="2024-05-01")]
    assert match_comments(gone, new) == {"h:a": "h:x", "h:b": "h:y"}


def test_another_platform_is_never_matched():
    assert match_comments([row("h:a", "Hello there.")],
                          [{**row("h:b", "Hello there."), "platform": "wordpress"}]) == {}
