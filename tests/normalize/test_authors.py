"""Bylines into people, commenters into identities."""

from __future__ import annotations

import pytest

from archiver.normalize.authors import (
    clean_name,
    commenter_identity,
    normalize_authors,
    normalize_profile_url,
    person_key,
    split_byline,
)

BYLINES = [
    # (printed byline, writers expected)
    ("By Jane Doe", ["Jane Doe"]),
    ("By A. Smith, B. Jones and C. Lee", ["A. Smith", "B. Jones", "C. Lee"]),
    ("By Jane Doe, John Roe, and Mary Major", ["Jane Doe", "John Roe", "Mary Major"]),
    ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe&John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Jane Doe with John Roe", ["Jane Doe", "John Roe"]),
    ("Words by Jane Doe; photos by John Roe", ["Jane Doe"]),
    ("Text: Jane Doe | Photos: John Roe", ["Jane Doe"]),
    ("Story by Jane Doe • Illustration by John Roe", ["Jane Doe"]),
    ("Photos by John Roe", ["John Roe"]),
    ("By Jane Doe, Senior Editor", ["Jane Doe"]),
    ("By Jane Doe | Staff Writer", ["Jane Doe"]),
    ("Jane Doe, Contributing Writer", ["Jane Doe"]),
    ("Jane Doe, Editor-in-Chief", ["Jane Doe"]),
    ("Jane Doe — Washington Correspondent", ["Jane Doe"]),
    ("Jane Doe - Columnist", ["Jane Doe"]),
    ("Jane Doe, Guest Author", ["Jane Doe"]),
    ("Jane Doe / Staff", ["Jane Doe"]),
    ("By Jane Doe and John Roe, Senior Editors", ["Jane Doe", "John Roe"]),
    ("Jane Doe (Reuters)", ["Jane Doe"]),
    ("Jane Doe [AP]", ["Jane Doe"]),
    ("Jane Doe, PhD", ["Jane Doe"]),
    ("Dr. Jane Doe, M.D.", ["Dr. Jane Doe"]),
    ("Martin Luther King, Jr.", ["Martin Luther King Jr."]),
    ("Jane Doe jane@example.com", ["Jane Doe"]),
    ("Jane Doe (mailto:jane@example.com)", ["Jane Doe"]),
    ("By Jane Doe @janedoe", ["Jane Doe"]),
    ("By Jane Doe https://example.com/jane", ["Jane Doe"]),
    ("By Jane Doe of The Times", ["Jane Doe"]),
    ("Jane Doe at Example University", ["Jane Doe"]),
    ("Jane Doe is a senior fellow at Brookings", ["Jane Doe"]),
    ("BY JANE DOE", ["Jane Doe"]),
    ("by jane doe", ["Jane Doe"]),
    ("JOHN MCDONALD", ["John McDonald"]),
    ("CONOR O'BRIEN", ["Conor O'Brien"]),
    ("JEAN-PAUL SARTRE", ["Jean-Paul Sartre"]),
    ("PIETER VAN DER BERG", ["Pieter van der Berg"]),
    ("Pieter van der Berg", ["Pieter van der Berg"]),
    ("John McDonald", ["John McDonald"]),
    ("DeShawn Jones", ["DeShawn Jones"]),
    ("danah boyd and DeShawn Jones", ["Danah Boyd", "DeShawn Jones"]),
    ("JOSÉ ÁLVAREZ", ["José Álvarez"]),
    ("Zoë Ångström", ["Zoë Ångström"]),
    ("By Zoë Ångström and 山田太郎", ["Zoë Ångström", "山田太郎"]),
    ("山田太郎", ["山田太郎"]),
    ("José Y. Pérez", ["José Y. Pérez"]),
    ("Por Juan Pérez y María López", ["Juan Pérez", "María López"]),
    ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Door Jan Jansen en Piet Pieters", ["Jan Jansen", "Piet Pieters"]),
    ("Jane Doe\nJohn Roe", ["Jane Doe", "John Roe"]),
    ("  By   Jane\u00a0Doe  ", ["Jane Doe"]),
    ("Jane\u200b Doe", ["Jane Doe"]),
    ("By Jane Doe, Jane Doe", ["Jane Doe"]),
    ("By The Editors", ["The Editors"]),
    ("Staff", ["Staff"]),
    ("By Reuters", ["Reuters"]),
    ("", []),
    ("By", []),
]


@pytest.mark.parametrize(("raw", "expected"), BYLINES, ids=[b[0][:40] for b in BYLINES])
def test_split_byline_keeps_the_writers_in_byline_order(raw, expected):
    assert split_byline(raw) == expected


def test_split_byline_accepts_none():
    assert split_byline(None) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  jane   doe ", "Jane Doe"),
        ("By Jane Doe,", "Jane Doe"),
        ("\u201cJane Doe\u201d", "Jane Doe"),
        ("MARY-KATE O'NEIL", "Mary-Kate O'Neil"),
        ("ronald mcdonald", "Ronald McDonald"),
        ("LUDWIG VON MISES", "Ludwig von Mises"),
        ("J.R. SMITH", "J.R. Smith"),
        ("DeShawn", "DeShawn"),
        ("Zoe\u0308", "Zoë"),  # decomposed input comes out composed (NFC)
        ("", ""),
    ],
)
def test_clean_name_tidies_one_name_without_breaking_deliberate_case(raw, expected):
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("J. R. Smith", "J R Smith"),
        ("J.R. Smith", "J R Smith"),
        ("Jane  Doe", "jane doe"),
        ("JANE DOE", "Jane Doe"),
        ("O'Brien", "OBrien"),
        ("Zoë Ångström", "ZOË ÅNGSTRÖM"),
        ("Straße", "STRASSE"),
    ],
)
def test_person_key_matches_spellings_of_the_same_name(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(("a", "b"), [("Zoë", "Zoe"), ("Jane Doe", "Jane Dow"),
                                      ("Jean-Paul", "Jean Paul")])
def test_person_key_keeps_accents_and_real_differences(a, b):
    assert person_key(a) != person_key(b)


def test_normalize_authors_splits_whole_bylines_and_keeps_order():
    out = normalize_authors([{"name": "By Jane Doe and John Roe", "url": None},
                             {"name": "Mary Major", "url": "https://ex.com/mary"}])
    assert out == [
        {"name": "Jane Doe", "url": None, "key": "jane doe"},
        {"name": "John Roe", "url": None, "key": "john roe"},
        {"name": "Mary Major", "url": "https://ex.com/mary", "key": "mary major"},
    ]


def test_normalize_authors_dedupes_and_fills_the_url_from_a_later_duplicate():
    out = normalize_authors([
        {"name": "JANE DOE", "url": None},
        {"name": "John Roe", "url": "https://ex.com/john"},
        {"name": "Jane Doe", "url": "https://ex.com/jane"},
        {"name": "John Roe", "url": "https://ex.com/other"},
    ])
    assert [(a["name"], a["url"]) for a in out] == [
        ("Jane Doe", "https://ex.com/jane"),
        ("John Roe", "https://ex.com/john"),
    ]


def test_a_link_on_a_multi_person_byline_is_not_given_to_anyone():
    out = normalize_authors([{"name": "Jane Doe and John Roe", "url": "https://ex.com/x"}])
    assert [a["url"] for a in out] == [None, None]


def test_normalize_authors_skips_empty_entries():
    assert normalize_authors([{"name": "", "url": "x"}, {"name": None}, {}]) == []
    assert normalize_authors(None) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/Users/Jane/", "https://example.com/Users/Jane"),
        ("https://example.com/users/jane#comments", "https://example.com/users/jane"),
        ("http://example.com:80/jane", "http://example.com/jane"),
        ("https://example.com:8443/jane/", "https://example.com:8443/jane"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com", "https://example.com"),
        ("//example.com/jane", "https://example.com/jane"),
        ("https://example.com/profile?id=7", "https://example.com/profile?id=7"),
        ("mailto:jane@example.com", None),
        ("javascript:void(0)", None),
        ("/relative/path", None),
        ("", None),
        (None, None),
    ],
)
def test_profile_urls_have_one_spelling(url, expected):
    assert normalize_profile_url(url) == expected


def test_commenters_are_keyed_by_user_id_first():
    who = commenter_identity("disqus", "Jane", "https://disqus.com/by/jane/", user_id=12345)
    assert who == {"key": "id:12345", "name": "Jane", "url": "https://disqus.com/by/jane/",
                   "user_id": "12345", "is_guest": False}


def test_commenters_with_a_url_are_keyed_by_the_normalized_url():
    a = commenter_identity("wordpress", "jdoe", "HTTPS://Blog.Example.com/#top")
    b = commenter_identity("wordpress", "Jane D.", "https://blog.example.com/")
    assert a["key"] == b["key"] == "url:https://blog.example.com"
    assert a["is_guest"] is False and a["name"] == "jdoe"
    assert b["url"] == "https://blog.example.com/"  # the row keeps the URL as printed


def test_guest_commenters_are_keyed_by_name_and_flagged():
    who = commenter_identity("wordpress", "  Jane   Doe ")
    assert who == {"key": "name:jane doe", "name": "Jane Doe", "url": None,
                   "user_id": None, "is_guest": True}
    assert commenter_identity("html", "Zoë")["key"] == "name:zoë"


def test_commenter_handles_keep_their_case():
    assert commenter_identity("wordpress", "jdoe99")["name"] == "jdoe99"


@pytest.mark.parametrize("name", ["", None, "   ", "Anonymous", "anonymous"])
def test_nameless_commenters_are_anonymous(name):
    who = commenter_identity("wordpress", name)
    assert who["key"] == "anonymous" and who["name"] == ("Anonymous" if not (name or "").strip()
                                                         else name)
    assert who["is_guest"] is True


def test_an_unusable_profile_url_falls_back_to_the_name():
    who = commenter_identity("html", "Jane", "mailto:jane@example.com")
    assert who["key"] == "name:jane" and who["url"] is None and who["is_guest"] is True
