"""Bylines and commenter names under arbitrary input: never raise, never an empty or URL name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.normalize.authors import (
    MAX_BYLINE_CHARS,
    commenter_identity,
    normalize_authors,
    split_byline,
)

URLISH = re.compile(r"https?://", re.IGNORECASE)

names = st.from_regex(r"[A-ZÅÉ][a-zäöüéç]{1,10}( [A-Z]\.)?( (van |de )?[A-Z][a-z'’-]{1,12})?",
                      fullmatch=True)
noise = st.sampled_from(["By ", "by ", "Words by ", " and ", ", ", " & ", "; ", " | ",
                         "Senior Editor", " (Reuters)", " jane@example.com ",
                         " https://example.com/jane ", "\n", "Photos by ", " @handle ",
                         "PhD", " Jr.", " — ", "(", ")", "[", "mailto:", "http://"])
bylines = st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(names, noise), max_size=12).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(raw=bylines)
def test_split_byline_never_raises_nor_gives_an_empty_or_url_name(raw):
    people = split_byline(raw)
    assert len(set(people)) == len(people)
    for name in people:
        assert name.strip() and name == name.strip()
        assert not URLISH.search(name), (raw, name)


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(st.one_of(
    bylines, st.none(), st.integers(),
    st.fixed_dictionaries({"name": st.one_of(bylines, st.none()),
                           "url": st.one_of(st.none(), st.text(max_size=30))}),
), max_size=5))
def test_normalize_authors_gives_distinct_named_people(entries):
    people = normalize_authors(entries)
    keys = [p["key"] for p in people]
    assert len(set(keys)) == len(keys)
    for person in people:
        assert person["name"].strip() and person["key"]
        assert not URLISH.search(person["name"])


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(st.none(), st.text(max_size=80)),
       url=st.one_of(st.none(), st.text(max_size=40),
                     st.from_regex(r"https?://[a-z]{1,8}\.example(:\d{1,6})?/[a-z]{0,5}",
                                   fullmatch=True)),
       user_id=st.one_of(st.none(), st.integers(), st.text(max_size=8)))
def test_commenter_identity_always_names_someone(name, url, user_id):
    identity = commenter_identity("wordpress", name, url, user_id)
    assert identity["name"].strip()
    assert identity["key"]


@pytest.mark.parametrize("raw", ["(" * 46_000, "x" * 46_000, "J." * 23_000,
                                 "By Jane Doe " + "(" * MAX_BYLINE_CHARS])
def test_an_overlong_byline_is_left_unsplit(raw):
    # Page text caught by a loose byline selector: the clean-up patterns are quadratic in
    # its length (46,000 characters took 40 s), so it is not split; byline_raw keeps it.
    assert split_byline(raw) == []
    assert normalize_authors([{"name": raw, "url": None}]) == []
