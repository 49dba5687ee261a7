"""End to end: a site whose pages try to make the crawler fetch another host (server-side
request forgery). An "attacker" server on another loopback address counts what reaches
it: nothing may. Every refusal is in the crawl's stats, and those that cost data (a comment
endpoint, a page that redirects away) are rows in `errors`."""

from __future__ import annotations

import pytest

from tests.e2e.hostile_sites import RecordingServer, article, not_found, ok
from tests.helpers import last_crawl, query, run_cli

pytestmark = pytest.mark.slow

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False"]


def site_routes(evil: str):
    pages = {
        "/": ok("<html><body><h1>Blog</h1>"
                '<a href="/2024/05/rest-post/">rest</a> <a href="/2024/05/isso-post/">isso</a>'
                ' <a href="/2024/05/plain-post/">plain</a> <a href="/go/redirect/">r</a>'
                ' <a href="/go/refresh/">m</a> <a href="/loop/a/">loop</a>'
                ' <a href="/chain/0/">chain</a> <a href="/go/file/">file</a>'
                f' <a href="{evil}/linked/">an off-site link, never followed</a>'
                "</body></html>"),
        "/robots.txt": ok(f"User-agent: *\nAllow: /\nSitemap: file:///etc/passwd\n"
                          f"Sitemap: {evil}/sitemap.xml\n", "text/plain"),
        # A WordPress page whose REST root is on another host.
        "/2024/05/rest-post/": ok(article(
            "A post with a REST root elsewhere", body_class="single postid-12",
            head=f'<link rel="https://api.w.org/" href="{evil}/wp-json/">')),
        # An isso thread whose server is another host.
        "/2024/05/isso-post/": ok(article(
            "A post with an isso server elsewhere", comments=[],
            extra=f'<script data-isso="{evil}/isso/" src="{evil}/isso/js/embed.min.js">'
                  '</script><section id="isso-thread"></section>')),
        "/2024/05/plain-post/": ok(article("A plain post")),
        "/go/refresh/": ok(f'<html><head><meta http-equiv="refresh" content="0; url='
                           f'{evil}/refreshed/"></head><body>moved</body></html>'),
    }

    def route(path: str):
        if path in pages:
            return pages[path]
        if path == "/go/redirect/":
            return 302, {"Location": f"{evil}/redirected/"}, b""
        if path == "/go/file/":
            return 302, {"Location": "file:///etc/passwd"}, b""
        if path == "/loop/a/":
            return 302, {"Location": "/loop/b/"}, b""
        if path == "/loop/b/":
            return 302, {"Location": "/loop/a/"}, b""
        if path.startswith("/chain/"):
            number = int(path.strip("/").split("/")[1])
            return 302, {"Location": f"/chain/{number + 1}/"}, b""
        return not_found()

    return route


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    attacker = RecordingServer(lambda path: ok('{"replies": [], "id": 1}',
                                               "application/json"), host="127.0.0.2")
    site = RecordingServer(site_routes(attacker.base_url))
    try:
        db = tmp_path_factory.mktemp("ssrf") / "ssrf.db"
        result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
        yield result, db, site, attacker
    finally:
        site.close()
        attacker.close()


def test_nothing_off_site_is_requested(crawl):
    result, db, _site, attacker = crawl
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert attacker.requests == []
    # The site itself was crawled: its articles are archived.
    titles = {row["title"] for row in query(db, "select title from articles")}
    assert {"A post with a REST root elsewhere", "A post with an isso server elsewhere",
            "A plain post"} <= titles


def test_every_refusal_is_counted(crawl):
    _, db, _, _ = crawl
    stats = last_crawl(db)["stats"]
    # REST endpoint, isso endpoint, redirect, meta refresh, robots.txt Sitemap line.
    assert stats.get("archiver/scope/refused/offsite", 0) >= 5, stats
    # robots.txt's Sitemap: file://... and a redirect to file://.
    assert stats.get("archiver/scope/refused/scheme", 0) >= 2, stats
    assert stats.get("archiver/redirects/loop") == 1, stats
    assert stats.get("archiver/redirects/too_many") == 1, stats


def test_refusals_that_cost_data_are_recorded(crawl):
    _, db, site, _attacker = crawl
    errors = query(db, "select url, kind, message from errors")
    by_url = {}
    for row in errors:
        by_url.setdefault(row["url"].removeprefix(site.base_url), []).append(row)
    redirect = by_url["/go/redirect/"][0]
    assert redirect["kind"] == "scope" and "127.0.0.2" in redirect["message"]
    refresh = by_url["/go/refresh/"][0]
    assert refresh["kind"] == "scope" and "meta refresh" in refresh["message"]
    to_file = by_url["/go/file/"][0]
    assert to_file["kind"] == "scope" and "file:///etc/passwd" in to_file["message"]
    loop = by_url["/loop/a/"][0]
    assert loop["kind"] == "redirect" and loop["message"].startswith("redirect loop")
    chain = by_url["/chain/0/"][0]
    assert chain["kind"] == "redirect" and "more than 20 redirects" in chain["message"]
    endpoints = [row for row in errors if row["kind"] == "comment_platform"]
    assert any("/isso/" in row["url"] for row in endpoints), errors
    assert any("/wp-json/" in row["url"] for row in endpoints), errors
    # An isso thread whose server could not be asked is incomplete, and says so.
    isso = query(db, "select * from articles where title like '%isso%'")[0]
    assert isso["archived_comment_count"] == 0


def test_a_host_the_profile_allows_is_fetched(tmp_path):
    """The same isso page, with the comment server's host in [site] allowed_hosts."""
    with RecordingServer(lambda path: ok('{"id": null, "total_replies": 1, "replies": ['
                                         '{"id": 1, "parent": null, "author": "Ada", '
                                         '"text": "<p>Hi</p>", "created": 1714550400.0, '
                                         '"mode": 1, "likes": 0, "replies": []}]}',
                                         "application/json"),
                         host="127.0.0.2") as isso:
        routes = site_routes(isso.base_url)
        with RecordingServer(lambda path: routes("/2024/05/isso-post/" if path == "/"
                                                 else path)) as site:
            profile = tmp_path / "site.toml"
            profile.write_text('[site]\nallowed_hosts = ["127.0.0.2"]\n')
            db = tmp_path / "allowed.db"
            result = run_cli("crawl", site.base_url + "/", "--db", str(db),
                             "--profile", str(profile), *FAST)
            asked = list(isso.requests)
    assert result.returncode == 0, result.stderr
    assert any(path.startswith("/isso/?uri=") for path in asked), asked
    assert query(db, "select count(*) as n from comments")[0]["n"] == 1
