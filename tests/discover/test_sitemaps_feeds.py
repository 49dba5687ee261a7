import gzip

from archiver.discover.feeds import feed_entries, parse_feed
from archiver.discover.sitemaps import parse_sitemap, sitemaps_from_robots

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://mag.example/sitemap-posts-1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
  <sitemap><loc>/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://mag.example/2024/05/a/</loc><lastmod>2024-05-02T10:00:00+02:00</lastmod></url>
  <url><loc> https://mag.example/2024/05/b/ </loc></url>
  <url><lastmod>2024-05-02</lastmod></url>
</urlset>"""


def test_robots_sitemap_lines_are_found_in_order():
    robots = "User-agent: *\nDisallow: /private/\nSitemap: https://mag.example/sitemap.xml\n" \
             "sitemap: /news-sitemap.xml\nSitemap: https://mag.example/sitemap.xml\n"
    assert sitemaps_from_robots(robots, "https://mag.example/robots.txt") == [
        "https://mag.example/sitemap.xml", "https://mag.example/news-sitemap.xml"]


def test_sitemap_index_lists_child_sitemaps_absolute():
    kind, entries = parse_sitemap(INDEX, "https://mag.example/sitemap.xml")
    assert kind == "sitemapindex"
    assert [e["loc"] for e in entries] == [
        "https://mag.example/sitemap-posts-1.xml", "https://mag.example/sitemap-pages.xml"]
    assert entries[0]["lastmod"] == "2024-05-01"


def test_urlset_keeps_lastmod_and_skips_entries_without_loc():
    kind, entries = parse_sitemap(URLSET, "https://mag.example/sitemap-posts-1.xml")
    assert kind == "urlset"
    assert entries == [
        {"loc": "https://mag.example/2024/05/a/", "lastmod": "2024-05-02T10:00:00+02:00"},
        {"loc": "https://mag.example/2024/05/b/", "lastmod": None},
    ]


def test_gzipped_sitemap_is_read():
    kind, entries = parse_sitemap(gzip.compress(URLSET), "https://mag.example/s.xml.gz")
    assert kind == "urlset" and len(entries) == 2


def test_sitemap_entities_are_never_expanded():
    evil = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://m.example/&x;</loc></url></urlset>"""
    _, entries = parse_sitemap(evil, "https://m.example/s.xml")
    assert all("root:" not in e["loc"] for e in entries)


def test_broken_sitemap_keeps_what_was_readable():
    kind, entries = parse_sitemap(URLSET[:-40], "https://mag.example/s.xml")
    assert kind == "urlset"
    assert entries[0]["loc"] == "https://mag.example/2024/05/a/"


def test_feed_entries_carry_each_item_s_publication_date_not_its_update():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>M</title>
    <item><link>https://mag.example/2024/05/a/</link>
    <pubDate>Tue, 21 May 2024 08:00:00 +0000</pubDate></item>
    <item><link>https://mag.example/2024/05/b/</link></item></channel></rss>"""
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>M</title>
    <entry><link href="https://mag.example/c/"/><updated>2026-12-01T16:00:00Z</updated>
    <published>2024-06-21T16:05:00Z</published></entry>
    <entry><link href="https://mag.example/d/"/><updated>2026-12-01T16:00:00Z</updated></entry>
    </feed>"""
    assert feed_entries(rss, "https://mag.example/feed/") == [
        ("https://mag.example/2024/05/a/", "Tue, 21 May 2024 08:00:00 +0000"),
        ("https://mag.example/2024/05/b/", None)]
    assert feed_entries(atom, "https://mag.example/feed/atom/") == [
        ("https://mag.example/c/", "2024-06-21T16:05:00Z"), ("https://mag.example/d/", None)]


def test_rss_and_atom_feeds_give_item_links():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>M</title>
    <link>https://mag.example/</link>
    <item><title>A</title><link>https://mag.example/2024/05/a/</link></item>
    <item><title>B</title><link>/2024/05/b/</link></item></channel></rss>"""
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>M</title>
    <link rel="self" href="https://mag.example/feed/atom/"/>
    <entry><link rel="alternate" href="https://mag.example/2024/05/c/"/>
    <link rel="replies" href="https://mag.example/2024/05/c/feed/"/></entry></feed>"""
    assert parse_feed(rss, "https://mag.example/feed/") == [
        "https://mag.example/2024/05/a/", "https://mag.example/2024/05/b/"]
    assert parse_feed(atom, "https://mag.example/feed/atom/") == ["https://mag.example/2024/05/c/"]
    assert parse_feed(b"not xml at all", "https://mag.example/feed/") == []


def test_damaged_sitemaps_and_feeds_are_named_not_taken_for_empty():
    problems: list[str] = []
    _, entries = parse_sitemap(URLSET[:-40], "https://mag.example/s.xml", problems)
    assert entries and problems and problems[0].startswith("damaged XML")
    problems = []
    parse_sitemap(b"<html><body>no sitemap here</body></html>", "https://m.example/s.xml",
                  problems)
    assert problems
    problems = []
    assert parse_sitemap(URLSET, "https://mag.example/s.xml", problems)[1]
    assert problems == []
    problems = []
    assert parse_feed(b"<?xml version='1.0'?><rss><channel><item><link>",
                      "https://mag.example/feed/", problems) == []
    assert problems and "XML" in problems[0]
    problems = []
    parse_feed(b"not xml at all", "https://mag.example/feed/", problems)
    assert problems
