"""A thread is archived with what was read, and every page it could not read is recorded.

Sites are written into tmp_path and served on loopback; each test crawls with the real CLI.
"""

from __future__ import annotations

import pytest

from tests.helpers import query, run_cli

pytestmark = pytest.mark.slow

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False",
        "-s", "ARCHIVER_CAPTURE=False"]


def comment(cid: str, author: str, text: str, replies: str = "") -> str:
    children = f'<ol class="children">{replies}</ol>' if replies else ""
    return (f'<li id="comment-{cid}" class="comment"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{author}</b></div></footer>'
            f'<div class="comment-content"><p>{text}</p></div></article>{children}</li>')


def article(title: str, comments: str, nav: list[str] = (), head: str = "",
            body: str = "") -> str:
    links = "".join(f'<a href="{href}">page</a>' for href in nav)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article">{head}</head><body>{body}'
            f'<article class="post hentry"><h1 class="entry-title">{title}</h1>'
            f'<div class="entry-content"><p>The body of {title}.</p></div></article>'
            f'<div id="comments" class="comments-area"><ol class="comment-list">{comments}</ol>'
            f'<nav class="comment-navigation">{links}</nav></div></body></html>')


def write(root, path: str, html: str) -> None:
    folder = root / path.strip("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def paged_thread(root, slug: str, last_link: str) -> None:
    """An article with comment pages 1 and 2; page 2 links on to `last_link`."""
    base = f"/2024/05/{slug}/"
    write(root, base, article(slug, comment("1", "Ann", "page one"),
                              nav=[f"{base}comment-page-2/"]))
    write(root, f"{base}comment-page-2/",
          article(slug, comment("2", "Bob", "page two"), nav=[last_link]))


def crawl(base: str, db, *extra: str):
    result = run_cli("crawl", base, "--db", str(db), *FAST, *extra)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def comments_of(db, url: str) -> list[tuple]:
    return [(r["native_id"], r["text"]) for r in query(
        db, "select native_id, text from comments where article_url = ? order by path",
        (url,))]


def errors(db) -> list[tuple]:
    return [(r["url"], r["kind"], r["message"]) for r in query(
        db, "select url, kind, message from errors")]


def test_a_comment_page_url_too_long_to_request_costs_that_page_only(
        serve_directory, tmp_path):
    site = tmp_path / "site"
    base = serve_directory(site)
    # An article URL just under Scrapy's 2,083 characters: its comment pages are over.
    slug = "/".join(["x" * 200] * 10)
    path = f"/2024/05/{slug}/"
    path += "y" * (2080 - len(base) - len(path)) + "/"
    url = base + path
    assert len(url) <= 2083 < len(url + "comment-page-2/")
    other = f"{base}/elsewhere/{'z' * 2100}/"  # an ordinary link, as long
    write(site, path, article("long", comment("1", "Ann", "page one"),
                              nav=[f"{path}comment-page-2/"],
                              body=f'<a href="{other}">elsewhere</a>'))
    db = tmp_path / "a.db"
    crawl(url, db)
    assert comments_of(db, url) == [("1", "page one")]
    gap = [e for e in errors(db) if e[0] == url + "comment-page-2/"]
    assert len(gap) == 1 and gap[0][1] == "comment_page"
    assert "URLLENGTH_LIMIT" in gap[0][2] and url in gap[0][2]
    dropped = [e for e in errors(db) if e[0] == other]
    assert len(dropped) == 1 and "URLLENGTH_LIMIT (2083)" in dropped[0][2]


def test_a_thread_request_a_middleware_swallows_still_completes_the_article(
        serve_directory, tmp_path):
    # DepthMiddleware drops requests beyond DEPTH_LIMIT without a callback or an errback,
    # as UrlLengthMiddleware does: the thread must go on without the page.
    site = tmp_path / "site"
    paged_thread(site, "deep", "/2024/05/deep/comment-page-3/")
    write(site, "/2024/05/deep/comment-page-3/", article("deep", comment("3", "Cy", "three")))
    base = serve_directory(site)
    db = tmp_path / "a.db"
    crawl(f"{base}/2024/05/deep/", db, "-s", "DEPTH_LIMIT=1")
    url = f"{base}/2024/05/deep/"
    assert comments_of(db, url) == [("1", "page one"), ("2", "page two")]
    gap = [e for e in errors(db) if e[0].endswith("/comment-page-3/")]
    assert len(gap) == 1 and "dropped" in gap[0][2]


def test_a_thread_request_the_scheduler_refuses_still_completes_the_article(
        serve_directory, tmp_path):
    site = tmp_path / "site"
    paged_thread(site, "refused", "/2024/05/refused/comment-page-3/")
    base = serve_directory(site)
    db = tmp_path / "a.db"
    crawl(f"{base}/2024/05/refused/", db,
          "-s", "SCHEDULER=tests.spiders.refusing_scheduler.RefusingScheduler")
    url = f"{base}/2024/05/refused/"
    assert comments_of(db, url) == [("1", "page one"), ("2", "page two")]
    gap = [e for e in errors(db) if e[0].endswith("/comment-page-3/")]
    assert len(gap) == 1 and "dropped by the scheduler" in gap[0][2]


def test_pages_beyond_the_comment_page_cap_are_each_recorded(serve_directory, tmp_path):
    site = tmp_path / "site"
    base_path = "/2024/05/capped/"
    nav = [f"{base_path}comment-page-{n}/" for n in (2, 3, 4)]
    write(site, base_path, article("capped", comment("1", "Ann", "one"), nav=nav))
    for n in (2, 3, 4):
        write(site, nav[n - 2], article("capped", comment(str(n), "Ann", f"c{n}"), nav=nav))
    base = serve_directory(site)
    db = tmp_path / "a.db"
    crawl(f"{base}{base_path}", db, "-s", "ARCHIVER_MAX_COMMENT_PAGES=2")
    assert [c[0] for c in comments_of(db, f"{base}{base_path}")] == ["1", "2"]
    capped = sorted(e[0] for e in errors(db) if "ARCHIVER_MAX_COMMENT_PAGES=2" in e[2])
    assert capped == [f"{base}{nav[1]}", f"{base}{nav[2]}"]


def test_an_article_whose_thread_is_pending_when_the_crawl_closes_is_kept(
        serve_directory, tmp_path):
    site = tmp_path / "site"
    paged_thread(site, "closing", "/2024/05/closing/comment-page-3/")
    write(site, "/2024/05/closing/comment-page-3/",
          article("closing", comment("3", "Cy", "three")))
    base = serve_directory(site)
    db = tmp_path / "a.db"
    # Three responses (robots.txt, sitemap.xml, the article) and the crawl closes: its
    # comment pages are then never all read.
    crawl(f"{base}/2024/05/closing/", db, "-s", "CLOSESPIDER_PAGECOUNT=3")
    url = f"{base}/2024/05/closing/"
    assert [r["title"] for r in query(db, "select title from articles where url = ?",
                                      (url,))] == ["closing"]
    assert comments_of(db, url)[0] == ("1", "page one")
    assert any("not fetched" in e[2] and "/comment-page-" in e[0] for e in errors(db))


def test_a_canonical_link_to_another_site_cannot_overwrite_its_article(
        serve_directory, tmp_path):
    victim_site, hostile_site = tmp_path / "victim", tmp_path / "hostile"
    write(victim_site, "/2024/05/real/", article("The real article",
                                                 comment("1", "Ann", "genuine")))
    victim = serve_directory(victim_site)
    victim_url = f"{victim}/2024/05/real/"
    write(hostile_site, "/2024/05/fake/", article(
        "Forged", comment("1", "Mallory", "forged"),
        head=f'<link rel="canonical" href="{victim_url}">'))
    hostile = serve_directory(hostile_site)
    db = tmp_path / "a.db"
    crawl(victim_url, db)
    crawl(f"{hostile}/2024/05/fake/", db)

    titles = {r["url"]: (r["title"], r["fetched_url"])
              for r in query(db, "select url, title, fetched_url from articles")}
    assert titles[victim_url] == ("The real article", victim_url)
    assert comments_of(db, victim_url) == [("1", "genuine")]
    fake = f"{hostile}/2024/05/fake/"
    assert titles[fake] == ("Forged", fake)
    claims = [e for e in errors(db) if e[1] == "canonical"]
    assert len(claims) == 1 and claims[0][0] == fake and victim_url in claims[0][2]


def test_a_malformed_canonical_and_a_reused_comment_id_lose_nothing(
        serve_directory, tmp_path):
    site = tmp_path / "site"
    write(site, "/", '<a href="/2024/05/port/">y</a> <a href="/2024/05/twice/">z</a>')
    write(site, "/2024/05/port/", article(
        "Bad port", comment("9", "Ann", "kept"),
        head='<link rel="canonical" href="http://127.0.0.1:99999/2024/05/port/">'))
    write(site, "/2024/05/twice/", article(
        "Twice", comment("5", "Ann", "first") + comment("5", "Bob", "second")
        + comment("5", "Ann", "first")))
    base = serve_directory(site)
    db = tmp_path / "a.db"
    crawl(f"{base}/", db)

    titles = {r["url"]: r["title"] for r in query(db, "select url, title from articles")}
    assert titles[f"{base}/2024/05/port/"] == "Bad port"
    assert comments_of(db, f"{base}/2024/05/port/") == [("9", "kept")]
    assert [e[0] for e in errors(db) if e[1] == "canonical"] == [f"{base}/2024/05/port/"]

    assert comments_of(db, f"{base}/2024/05/twice/") == [("5", "first"), ("5~2", "second")]
    repeats = [e for e in errors(db) if e[1] == "duplicate-comment"]
    assert len(repeats) == 2 and all("'5'" in e[2] for e in repeats)
    assert all(e[0] == f"{base}/2024/05/twice/" for e in repeats)


def test_a_200_deep_reply_chain_is_archived_whole(serve_directory, tmp_path):
    site = tmp_path / "site"
    chain = ""
    for n in range(200, 0, -1):
        chain = comment(str(n), f"user{n}", f"reply number {n}", chain)
    write(site, "/2024/05/chain/", article("chain", chain))
    base = serve_directory(site)
    db = tmp_path / "a.db"
    crawl(f"{base}/2024/05/chain/", db)
    rows = query(db, "select native_id, depth, text from comments order by path")
    assert len(rows) == 200
    assert rows[-1] == {"native_id": "200", "depth": 199, "text": "reply number 200"}
    assert not errors(db)
