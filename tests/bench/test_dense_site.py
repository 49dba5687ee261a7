"""The link-dense bench shape stays shaped as issue 12 specifies (~60 KB pages) at any size:
a listing that grew with the site would make bench/run's memory figures measure the
generator, not the crawl."""

from __future__ import annotations

import re
import sys

from tests.helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from dense_site import generate_dense_site

YEAR_PAGE = re.compile(r"^/\d{4}/(page/\d+/)?index\.html$")


def _year_pages(n_articles: int) -> dict[str, bytes]:
    site = generate_dense_site("http://127.0.0.1:9", n_articles=n_articles)
    return {path: body for path, (body, _) in site.files.items() if YEAR_PAGE.match(path)}


def test_year_archives_are_paginated_and_do_not_grow_with_the_site():
    small, large = _year_pages(100), _year_pages(1000)
    assert any("/page/" in path for path in large)
    assert max(map(len, large.values())) < 1.2 * max(map(len, small.values()))


def test_every_article_is_listed_on_some_year_archive_page():
    site = generate_dense_site("http://127.0.0.1:9", n_articles=300)
    years = {path: body for path, (body, _) in site.files.items() if YEAR_PAGE.match(path)}
    assert len(years) > len({path.split("/page/")[0] for path in years})
    listed = b"".join(years.values())
    assert all(article["url"].encode() in listed for article in site.truth["articles"])
    for path in years:
        assert site.base_url + path.removesuffix("index.html") in site.truth["non_articles"]
