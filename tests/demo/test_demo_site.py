"""The generated demo site: determinism, coverage of the traps, and ground truth checked
independently against the HTML with lxml."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from archiver.demo import PROFILE_PATH, DemoSite, generate_site
from archiver.profiles import parse_profile

BASE = "http://demo.test:8000"

BERLIN = ZoneInfo("Europe/Berlin")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site() -> DemoSite:
    """The default demo site (60 articles, seed 2024) on a fixed base URL."""
    return generate_site(BASE)


def _path(url: str) -> str:
    assert url.startswith(BASE)
    return url[len(BASE):]


def _page(site: DemoSite, url: str) -> lxml.html.HtmlElement:
    """Parse a page, decoding it the way its headers/meta say."""
    body, content_type = site.files[_path(url) + "index.html"]
    charset = content_type.split("charset=")[1] if "charset=" in content_type else "windows-1252"
    return lxml.html.fromstring(body.decode(charset))


def _text(blocks: list[lxml.html.HtmlElement]) -> str:
    """The text rule: each block's whitespace-collapsed text, joined by a blank line."""
    return "\n\n".join(" ".join(p.text_content().split()) for p in blocks)


def _utc(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _comments_on_page(doc: lxml.html.HtmlElement, markup: str) -> list[dict]:
    """Read comments off one page independently of the generator's code."""
    out = []
    if markup == "wordpress-html5":
        for li in doc.xpath('//ol[@class="comment-list"]//li[contains(@class, "comment ")]'):
            parent = li.xpath('ancestor::li[contains(@class, "comment ")][1]')
            name = li.xpath('./article//b[@class="fn"]')[0]
            link = name.xpath("./a/@href")
            out.append({
                "id": li.get("id").removeprefix("comment-"),
                "parent_id": parent[0].get("id").removeprefix("comment-") if parent else None,
                "author": {"name": name.text_content(), "url": link[0] if link else None},
                "is_post_author": "bypostauthor" in li.get("class").split(),
                "published": _utc(li.xpath("./article//time/@datetime")[0]),
                "text": _text(li.xpath('./article/div[@class="comment-content"]/p')),
            })
    elif markup == "wordpress-legacy":
        for li in doc.xpath('//ol[@class="commentlist"]//li[contains(@class, "comment ")]'):
            body = li.xpath("./div")[0]
            parent = li.xpath('ancestor::li[contains(@class, "comment ")][1]')
            name = body.xpath('.//cite[@class="fn"]')[0]
            link = name.xpath("./a/@href")
            printed = body.xpath('./div[contains(@class, "commentmetadata")]/a')[0].text
            local = datetime.strptime(printed, "%B %d, %Y at %I:%M %p").replace(tzinfo=BERLIN)
            out.append({
                "id": body.get("id").removeprefix("comment-"),
                "parent_id": (parent[0].get("id").removeprefix("li-comment-") if parent
                              else None),
                "author": {"name": name.text_content(), "url": link[0] if link else None},
                "is_post_author": "bypostauthor" in li.get("class").split(),
                "published": local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": _text(body.xpath("./p")),
            })
    else:
        for li in doc.xpath('//li[@class="comment-item"]'):
            parent = li.xpath('ancestor::li[@class="comment-item"][1]')
            who = li.xpath('./div[@class="comment-head"]/*[@class="comment-author"]')[0]
            out.append({
                "id": li.get("data-comment-id"),
                "parent_id": parent[0].get("data-comment-id") if parent else None,
                "author": {"name": who.text_content(), "url": who.get("href")},
                "is_post_author": False,
                "published": _utc(li.xpath('./div[@class="comment-head"]/time/@datetime')[0]),
                "text": _text(li.xpath('./div[@class="comment-body"]/p')),
            })
    return out


def _comment_page_urls(article: dict) -> list[str]:
    url = article["url"]
    return [url] + [f"{url}comment-page-{k}/" for k in range(2, article["comment_pages"] + 1)]


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_truth(site: DemoSite) -> None:
    again = generate_site(BASE)
    assert again.files == site.files
    assert json.dumps(again.truth) == json.dumps(site.truth)


def test_other_seed_differs_and_base_url_only_changes_links(site: DemoSite) -> None:
    other = generate_site(BASE, seed=7)
    assert other.truth["articles"][0]["title"] != site.truth["articles"][0]["title"] or \
        other.truth["articles"][0]["body_text"] != site.truth["articles"][0]["body_text"]
    moved = generate_site("http://127.0.0.1:9")
    assert json.dumps(moved.truth).replace("http://127.0.0.1:9", BASE) == json.dumps(site.truth)


def test_truth_is_json_serializable_and_written(site: DemoSite, tmp_path) -> None:
    root = site.write(tmp_path / "www")
    assert json.loads((root / "truth.json").read_text("utf-8")) == site.truth
    first = site.truth["articles"][0]
    assert (root / _path(first["url"]).lstrip("/") / "index.html").read_bytes() == \
        site.files[_path(first["url"]) + "index.html"][0]
    assert (root / "feed" / "index.xml").exists()


def test_profile_is_valid() -> None:
    profile = parse_profile(PROFILE_PATH.read_text("utf-8"), str(PROFILE_PATH))
    assert profile.timezone == "Europe/Berlin"
    assert profile.name == "The Demo Review"


# -- shape of the ground truth ----------------------------------------------------------------


def test_comment_trees_are_consistent(site: DemoSite) -> None:
    articles = site.truth["articles"]
    assert [a["url"] for a in articles] == sorted(a["url"] for a in articles)
    all_ids: list[int] = []
    max_depth = 0
    for article in articles:
        depth: dict[str, int] = {}
        chain: list[str] = []  # ids of the previous comment and its ancestors (pre-order)
        for c in article["comments"]:
            parent = c["parent_id"]
            if parent is None:
                chain = []
            else:
                assert parent in depth, "parent must come earlier in reading order"
                assert parent in chain, "reading order must be a pre-order of the tree"
                chain = chain[: chain.index(parent) + 1]
                assert int(c["id"]) > int(parent)
                assert c["published"] > next(x["published"] for x in article["comments"]
                                             if x["id"] == parent)
            depth[c["id"]] = 0 if parent is None else depth[parent] + 1
            assert depth[c["id"]] <= 4
            max_depth = max(max_depth, depth[c["id"]])
            chain.append(c["id"])
            assert c["published"].endswith("Z")
            assert c["published"][:10] >= article["published"][:10]
            assert c["text"] and c["text"] == c["text"].strip()
            all_ids.append(int(c["id"]))
        if article["declared_comment_count"] is not None:
            assert article["declared_comment_count"] == len(article["comments"])
    assert max_depth == 4
    assert len(all_ids) == len(set(all_ids))
    counts = [len(a["comments"]) for a in articles]
    assert 15 <= sum(counts) / len(counts) <= 35
    assert max(counts) >= 60 and sum(c <= 10 for c in counts) >= len(counts) // 4


def test_all_features_occur_at_60_articles(site: DemoSite) -> None:
    articles = site.truth["articles"]
    assert len(articles) == 60
    assert Counter(a["comment_markup"] for a in articles).keys() == {
        "wordpress-html5", "wordpress-legacy", "generic"}
    paged = {a["comment_markup"] for a in articles if a["comment_pages"] > 1}
    assert paged == {"wordpress-html5", "wordpress-legacy"}
    assert any(a["encoding"] == "windows-1252" for a in articles)
    assert any(len(a["published"]) == 10 for a in articles)
    assert any(a["modified"] for a in articles)
    assert any(a["declared_comment_count"] is None for a in articles)
    assert any(a["declared_comment_count"] == 0 for a in articles)
    assert any(len(a["authors"]) == 2 for a in articles)
    comments = [c for a in articles for c in a["comments"]]
    assert any(c["is_post_author"] for c in comments)
    assert any(c["author"]["url"] for c in comments)
    assert any("<script>alert(1)</script>" in c["text"] for c in comments)
    assert any(not c["author"]["name"].isascii() for c in comments)
    html = b"".join(body for body, _ in site.files.values())
    assert b'class="pingback' in html
    assert b'class="comment-navigation' in html.replace(b"navigation comment-navigation",
                                                         b'class="comment-navigation')
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html and b"<script>alert" not in html
    assert b"No comments yet" in html and b"Comments are closed." in html


def test_slugs_unique_and_urls_shaped(site: DemoSite) -> None:
    paths = [_path(a["url"]) for a in site.truth["articles"]]
    slugs = [p.split("/")[3] for p in paths]
    assert len(set(slugs)) == len(slugs)
    for path in paths:
        year, month = path.split("/")[1:3]
        assert len(year) == 4 and len(month) == 2 and path.endswith("/")
    for path in site.files:
        assert "?" not in path and (path.endswith("index.html") or "." in path.rsplit("/", 1)[1])


# -- pages versus truth -----------------------------------------------------------------------


def test_comments_in_html_match_truth_for_every_article(site: DemoSite) -> None:
    for article in site.truth["articles"]:
        found = []
        for url in _comment_page_urls(article):
            found += _comments_on_page(_page(site, url), article["comment_markup"])
        assert found == article["comments"], article["url"]


def test_article_fields_match_page(site: DemoSite) -> None:
    for article in site.truth["articles"]:
        doc = _page(site, article["url"])
        assert doc.get("lang") == "en"
        assert doc.xpath('//link[@rel="canonical"]/@href') == [article["url"]]
        assert doc.xpath("//h1[@class='entry-title']")[0].text_content() == article["title"]
        assert doc.xpath("//title")[0].text_content() == f"{article['title']} – The Demo Review"
        body = doc.xpath('//div[@class="entry-content"]/p')
        assert _text(body) == article["body_text"]
        byline = doc.xpath('//span[@class="byline"]//a[@rel="author"]')
        assert [{"name": a.text_content(), "url": a.get("href")} for a in byline] == \
            article["authors"]
        assert [a.text_content() for a in doc.xpath('//a[@rel="tag"]')] == article["tags"]
        ld = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
        assert "articleBody" not in ld and ld["headline"] == article["title"]
        assert ld.get("commentCount") == article["declared_comment_count"]
        meta = doc.xpath('//meta[@property="article:published_time"]/@content')
        if len(article["published"]) == 10:
            assert ld["datePublished"] == article["published"] and not meta
        else:
            assert _utc(ld["datePublished"]) == _utc(meta[0]) == article["published"]
        if article["modified"]:
            assert _utc(ld["dateModified"]) == article["modified"]
        for extra in _comment_page_urls(article)[1:]:
            assert _page(site, extra).xpath('//link[@rel="canonical"]/@href') == [article["url"]]


def test_windows_1252_pages_are_declared_only_by_meta(site: DemoSite) -> None:
    pages = [a for a in site.truth["articles"] if a["encoding"] == "windows-1252"]
    assert pages
    for article in pages:
        body, content_type = site.files[_path(article["url"]) + "index.html"]
        assert content_type == "text/html"
        assert b'<meta charset="windows-1252">' in body
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")  # the en dash in <title> is byte 0x96
    for article in site.truth["articles"]:
        if article["encoding"] == "utf-8":
            assert site.files[_path(article["url"]) + "index.html"][1].endswith("charset=utf-8")


def test_sitemaps_list_every_article_once(site: DemoSite) -> None:
    index = ET.fromstring(site.files["/sitemap.xml"][0])
    maps = [loc.text for loc in index.iter(f"{SM}loc")]
    assert _path(maps[-1]) == "/sitemap-pages.xml"
    listed = []
    for url in maps:
        urlset = ET.fromstring(site.files[_path(url)][0])
        entries = urlset.findall(f"{SM}url")
        assert len(entries) <= 1000
        if "posts" in url:
            assert all(e.find(f"{SM}lastmod") is not None for e in entries)
            listed += [e.find(f"{SM}loc").text for e in entries]
    assert Counter(listed) == Counter(a["url"] for a in site.truth["articles"])
    robots = site.files["/robots.txt"][0].decode()
    assert "User-agent: *" in robots and "Disallow: /private/" in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_feed_and_listings(site: DemoSite) -> None:
    body, content_type = site.files["/feed/index.xml"]
    assert content_type.startswith("application/rss+xml")
    items = ET.fromstring(body).findall("./channel/item")
    assert len(items) == 20
    newest = sorted(site.truth["articles"], key=lambda a: a["published"])[-1]
    assert newest["url"] in {i.findtext("link") for i in items}
    biggest = Counter(a["section"] for a in site.truth["articles"]).most_common(1)[0][0]
    first = _page(site, f"{BASE}/section/{biggest.lower()}/")
    nxt = first.xpath('//a[@rel="next" and contains(@class, "next")]/@href')
    assert nxt == [f"{BASE}/section/{biggest.lower()}/page/2/"]
    assert not first.xpath('//meta[@property="og:type" and @content="article"]')
    # Every article is reachable by walking section pagination.
    reached = set()
    for name in ("politics", "world", "economy", "culture", "technology"):
        url = f"{BASE}/section/{name}/"
        while url:
            doc = _page(site, url)
            reached.update(doc.xpath('//h2[@class="entry-title"]/a/@href'))
            more = doc.xpath('//a[@rel="next"]/@href')
            url = more[0] if more else None
    assert reached == {a["url"] for a in site.truth["articles"]}
    for url in site.truth["non_articles"]:
        assert _path(url) + "index.html" in site.files
    about = site.files["/about/index.html"][0].decode()
    assert site.truth["excluded"] == [f"{BASE}/private/draft-notes/"]
    assert site.truth["excluded"][0] in about


def test_recent_comments_widget_is_not_a_comment_container(site: DemoSite) -> None:
    article = max(site.truth["articles"], key=lambda a: a["url"])
    doc = _page(site, article["url"])
    widget = doc.xpath('//ul[@id="recentcomments"]/li')
    assert widget and all(" on " in li.text_content() for li in widget)


@pytest.mark.slow
def test_5000_articles_generate_in_reasonable_time() -> None:
    started = time.perf_counter()
    big = generate_site("http://127.0.0.1:8080", n_articles=5000, seed=1)
    elapsed = time.perf_counter() - started
    n_comments = sum(len(a["comments"]) for a in big.truth["articles"])
    print(f"\n5000 articles, {n_comments} comments, {len(big.files)} files in {elapsed:.1f}s")
    assert len(big.truth["articles"]) == 5000
    assert len([f for f in big.files if f.startswith("/sitemap-posts-")]) == 5
