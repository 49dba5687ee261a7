"""join_url is urljoin, string for string, including the links it answers without it."""

from __future__ import annotations

import random
from urllib.parse import urljoin

import pytest

from archiver.extract.absolute import join_url

BASES = ["https://site.example/a/b.html?x=1#f", "http://site.example/", "file:///tmp/x.html",
         "https://other.example"]
TRICKY = ["http://a.example/x?", "http://a.example/x#", "https://a.example/x?#", "http://",
          "https://", "http:///x", "http://a.example/p;", "http://a.example/p;q",
          "http://[::1", "http://a.example/\tx", "http://a.example/x\n", "http://é.example/",
          "HTTP://A.example/", "https://a.example", "https://a.example/x?y#z", "//a.example/x",
          "https://a.example/a b", "https://a.example/../x", "https://a.example\\x"]


def _outcome(base: str, href: str, join) -> str:
    try:
        return join(base, href)
    except ValueError:
        return "ValueError"


@pytest.mark.parametrize("base", BASES)
def test_join_url_gives_what_urljoin_gives(base: str) -> None:
    rng = random.Random(2024)
    alphabet = "abcdefgh/?#;:@.%=&- \t\n[]\\\x00\x1f~é"
    hrefs = list(TRICKY)
    for _ in range(5_000):
        prefix = rng.choice(["http://", "https://", "HTTP://", "http:/", "//", "/", ""])
        hrefs.append(prefix + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))))
    for href in hrefs:
        assert _outcome(base, href, join_url) == _outcome(base, href, urljoin), href
