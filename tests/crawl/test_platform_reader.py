"""PlatformReader: a comment platform's endpoints read into a thread, with no Scrapy: the
adapter parses each answer, the article's own pages are the fall back, every loss a row."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from archiver.crawl.articles import start_thread
from archiver.crawl.platform import ROBOTS_REFUSAL, PlatformReader
from archiver.extract import extract_page
from archiver.extract.platforms import default_registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms"
SITE = "https://civicnotes.example"
ARTICLE = f"{SITE}/why-nobody-reads-the-minutes/"
DISQUS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Why Nobody Reads the Minutes</title><meta property="og:type" content="article">
</head><body><article><h1>Why Nobody Reads the Minutes</h1>
<div class="entry-content"><p>Text.</p></div></article><div id="disqus_thread"></div>
<script>
var disqus_config = function () {
  this.page.url = 'https://civicnotes.example/why-nobody-reads-the-minutes/';
  this.page.identifier = '2190 https://civicnotes.example/?p=2190';
};
(function() { var d = document, s = d.createElement('script');
s.src = 'https://civicnotes.disqus.com/embed.js'; (d.head || d.body).appendChild(s); })();
</script></body></html>"""


def _reader() -> tuple[PlatformReader, Counter]:
    counts: Counter = Counter()

    def count(key: str, n: int = 1) -> None:
        counts[key] += n

    registry = default_registry()
    return PlatformReader(registry, registry.config({}), SITE, count), counts


def _thread(page: str = DISQUS_PAGE):
    extracted = extract_page(ARTICLE, page.encode(), {"Content-Type": "text/html"},
                             profile=None, platforms=default_registry())
    fetch, _errors = start_thread(ARTICLE, extracted, "2024-06-02T00:00:00Z",
                                  {"origin": SITE})
    return fetch, extracted


def test_a_disqus_thread_starts_at_its_embed_page_and_goes_on_to_the_api():
    reader, counts = _reader()
    fetch, extracted = _thread()
    first, errors = reader.begin(fetch, ARTICLE, extracted["next"]["comment_pages"])
    assert errors == [] and fetch.platform["name"] == "disqus"
    assert [f["context"]["step"] for f in first] == ["embed"]
    embed = (FIXTURES / "disqus" / "embed-first-page" / "body.html").read_bytes()
    found, errors = reader.read(fetch, first[0], first[0]["url"],
                                {"Content-Type": "text/html"}, embed)
    assert errors == []
    assert fetch.pages[(0,)]  # the embed page's comments, each saying where it was read
    assert all(c["source_url"] == first[0]["url"] for c in fetch.pages[(0,)])
    assert [f["platform"] for f in found] == ["disqus"]
    assert "cursor=1%3A0%3A0" in found[0]["url"]
    assert counts["archiver/platforms/disqus/responses"] == 1


def test_an_endpoint_robots_txt_forbids_is_a_gap_and_the_thread_refused():
    reader, counts = _reader()
    fetch, extracted = _thread()
    first, _ = reader.begin(fetch, ARTICLE, extracted["next"]["comment_pages"])
    links, errors = reader.request_failed(fetch, first[0]["url"], "IgnoreRequest: ...",
                                          robots=True)
    assert links == extracted["next"]["comment_pages"]  # the article's own pages instead
    assert [(e.url, e.kind) for e in errors] == [(first[0]["url"], "comment_platform")]
    assert ROBOTS_REFUSAL in errors[0].message and ARTICLE in errors[0].message
    assert (fetch.complete, fetch.incomplete_reason) == (False, "refused")
    assert fetch.platform is None
    assert counts["archiver/platforms/disqus/robots"] == 1


def test_an_answer_the_adapter_cannot_read_costs_the_thread_recorded():
    reader, counts = _reader()
    fetch, extracted = _thread()
    first, _ = reader.begin(fetch, ARTICLE, extracted["next"]["comment_pages"])
    _links, errors = reader.read(fetch, first[0], first[0]["url"],
                                 {"Content-Type": "text/html"}, b"<html>nothing</html>")
    assert [e.kind for e in errors] == ["comment_platform"]
    assert (fetch.complete, fetch.incomplete_reason) == (False, "failed")
    assert counts["archiver/platforms/disqus/failed"] == 1


def test_a_status_the_platform_declares_refused_is_a_choice_not_an_error():
    reader, counts = _reader()
    fetch, _extracted = _thread()
    # WordPress turns its REST API off with a 401/403/404, and prints the whole thread.
    fetch.use_platform({"name": "wordpress", "thread": {}}, [])
    links, errors = reader.request_failed(fetch, f"{SITE}/wp-json/wp/v2/comments",
                                          "HTTP 401", status=401)
    assert (links, errors) == ([], [])
    assert fetch.complete
    assert counts["archiver/platforms/wordpress/refused"] == 1
    fetch.use_platform({"name": "wordpress", "thread": {}}, [])
    _links, errors = reader.request_failed(fetch, f"{SITE}/wp-json/wp/v2/comments",
                                           "HTTP 500", status=500)
    assert [e.message for e in errors] == ["HTTP 500"]


def test_a_page_without_a_platform_reads_its_own_comment_pages():
    reader, _counts = _reader()
    page = DISQUS_PAGE.split("<div id=")[0] + "</body></html>"
    fetch, _extracted = _thread(page)
    assert reader.begin(fetch, ARTICLE, [f"{ARTICLE}comment-page-2/"]) == (
        [f"{ARTICLE}comment-page-2/"], [])
    assert fetch.platform is None and fetch.complete


def test_a_listing_of_every_post_is_asked_for_once_and_only_on_the_site():
    reader, _counts = _reader()
    wordpress = {"name": "wordpress", "thread": {"rest_root": f"{SITE}/wp-json/"}}
    [(name, entry)] = reader.discover(wordpress)
    assert name == "wordpress" and entry["url"].startswith(f"{SITE}/wp-json/wp/v2/posts")
    assert reader.discover(wordpress) == []  # once per URL
    offsite = {"name": "wordpress", "thread": {"rest_root": "https://elsewhere.example/wp-json/"}}
    assert reader.discover(offsite) == []
    assert reader.discover({"name": "disqus", "thread": {}}) == []  # no listing to read
