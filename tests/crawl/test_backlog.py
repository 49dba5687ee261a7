"""Sitemaps, feeds and robots.txt read into what to request; the backlog released in order."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings

from archiver.crawl.backlog import (
    SitemapBacklog,
    is_site_robots,
    read_feed,
    read_sitemap,
    robots_read_by_middleware,
    robots_sitemaps,
)

SITE = "https://mag.example"
XML = {b"Content-Type": b"application/xml"}


def _urlset(*locs: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc><lastmod>2024-05-01</lastmod></url>"
                      for loc in locs)
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()


def test_a_sitemap_gives_its_pages_on_the_site_with_their_lastmod():
    read = read_sitemap(_urlset(f"{SITE}/a/", "https://other.example/b/", f"{SITE}/c.jpg"),
                        f"{SITE}/sitemap.xml", XML, SITE)
    assert read.pages == [(f"{SITE}/a/", "2024-05-01")]
    assert read.sitemaps == [] and read.errors == []


def test_a_sitemap_index_gives_more_sitemaps():
    body = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            b'sitemap/0.9"><sitemap><loc>https://mag.example/posts.xml</loc></sitemap>'
            b"</sitemapindex>")
    read = read_sitemap(body, f"{SITE}/sitemap.xml", XML, SITE)
    assert (read.sitemaps, read.pages) == ([f"{SITE}/posts.xml"], [])


def test_an_html_page_at_the_probed_sitemap_is_no_sitemap_not_a_broken_one():
    html = b"<!doctype html><html><body>Not found</body></html>"
    read = read_sitemap(html, f"{SITE}/sitemap.xml", {b"Content-Type": b"text/html"}, SITE)
    assert read == ([], [], [])
    broken = read_sitemap(b"<urlset><url><loc>", f"{SITE}/sitemap.xml", XML, SITE)
    assert [e.kind for e in broken.errors] == ["sitemap"]


def test_a_feed_gives_its_pages_on_the_site_and_a_row_when_damaged():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>'
           b"https://mag.example/a/</link></item><item><link>https://other.example/b/</link>"
           b"</item></channel></rss>")
    assert read_feed(rss, f"{SITE}/feed/", SITE) == ([(f"{SITE}/a/", None)], [])
    pages, errors = read_feed(b"not xml at all", f"{SITE}/feed/", SITE)
    assert pages == [] and [e.kind for e in errors] == ["feed"]


def test_robots_txt_sitemap_lines_only_from_a_text_answer():
    body = b"User-agent: *\nDisallow: /private/\nSitemap: https://mag.example/sm.xml\n"
    ok = TextResponse(f"{SITE}/robots.txt", status=200, body=body, encoding="utf-8")
    assert robots_sitemaps(ok) == [f"{SITE}/sm.xml"]
    missing = TextResponse(f"{SITE}/robots.txt", status=404, body=body, encoding="utf-8")
    assert robots_sitemaps(missing) == []
    assert robots_sitemaps(Response(f"{SITE}/robots.txt", status=200, body=body)) == []


def test_the_site_robots_txt_is_recognised_as_the_middleware_asks_for_it():
    def asked(url: str, **meta) -> Request:
        return Request(url, meta={"dont_obey_robotstxt": True, **meta})

    assert is_site_robots(asked(f"{SITE}/robots.txt"), SITE)
    # Redirected elsewhere: still the site's robots.txt.
    assert is_site_robots(asked("https://www.mag.example/robots.txt",
                                redirect_urls=[f"{SITE}/robots.txt"]), SITE)
    assert not is_site_robots(asked("https://cdn.example/robots.txt"), SITE)
    assert not is_site_robots(Request(f"{SITE}/robots.txt"), SITE)  # a link to it: a page


def test_robots_txt_is_read_by_the_middleware_only_when_it_is_on():
    settings = Settings()
    settings.setmodule("archiver.settings")
    assert robots_read_by_middleware(settings)
    settings.set("ROBOTSTXT_OBEY", False)
    assert not robots_read_by_middleware(settings)
    settings.set("ROBOTSTXT_OBEY", True)
    settings.set("DOWNLOADER_MIDDLEWARES",
                 {"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None})
    assert not robots_read_by_middleware(settings)


def test_the_backlog_releases_entries_in_order_a_few_at_a_time():
    backlog = SitemapBacklog()
    backlog.extend((f"{SITE}/{n}/", None) for n in range(5))
    assert len(backlog) == 5
    assert [u for u, _ in backlog.release(2)] == [f"{SITE}/0/", f"{SITE}/1/"]
    assert [u for u, _ in backlog.release(10)] == [f"{SITE}/{n}/" for n in (2, 3, 4)]
    assert not backlog and backlog.release(1) == []
