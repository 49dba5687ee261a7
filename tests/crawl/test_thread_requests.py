"""ThreadRequests: a thread's requests, one after another, and those that never come back."""

from __future__ import annotations

from archiver.crawl.kinds import Requests, kind_of
from archiver.crawl.pages import PageRequests
from archiver.crawl.platform import PlatformReader
from archiver.crawl.thread_requests import LOCAL, ThreadRequests
from archiver.crawl.threads import ThreadFetch
from archiver.extract.platforms import default_registry
from archiver.items import PageItem
from archiver.profiles import Profile
from archiver.spiders.commentary import CommentarySpider

SITE = "https://mag.example"
ARTICLE = f"{SITE}/2024/05/post/"


def _threads():
    finished: list[tuple[ThreadFetch, bool]] = []
    scheduled: list = []

    def finish(fetch: ThreadFetch, closing: bool):
        finished.append((fetch, closing))
        yield fetch.item

    registry = default_registry()
    threads = ThreadRequests(Requests(CommentarySpider),
                             PlatformReader(registry, registry.config({}), SITE),
                             max_pages=10, max_url_length=2083, finished=finish,
                             crawl=scheduled.append)
    return threads, finished, scheduled


def _fetch() -> ThreadFetch:
    item = PageItem(site={"origin": SITE}, url=ARTICLE, fetched_at="2024-06-01T00:00:00Z",
                    extracted={"article": {}, "comments": []})
    return ThreadFetch(item=item, pages={(1,): []}, seen={ARTICLE})


def test_each_comment_page_is_requested_after_the_last_then_the_article_handed_on():
    threads, finished, _ = _threads()
    fetch = _fetch()
    [first] = threads.next(fetch, [f"{ARTICLE}comment-page-2/", f"{ARTICLE}comment-page-3/"])
    assert (kind_of(first), first.url) == ("comment_page", f"{ARTICLE}comment-page-2/")
    assert first.cb_kwargs["fetch"] is fetch and threads.open
    [second] = threads.page_read(fetch, first.url, {"comments": [{"id": "2"}],
                                                    "next": {"comment_pages": []}})
    assert second.url == f"{ARTICLE}comment-page-3/"
    assert list(threads.page_read(fetch, second.url, {"comments": [],
                                                      "next": {"comment_pages": []}})) \
        == [fetch.item]
    assert finished == [(fetch, False)] and not threads.open


def test_a_platform_fetch_by_post_keeps_its_method_body_and_headers():
    threads, _, _ = _threads()
    fetch = _fetch()
    fetch.use_platform({"name": "disqus", "thread": {}}, [])
    pending = {"url": "https://api.example/graphql", "platform": "disqus", "method": "post",
               "body": '{"page": 1}', "headers": {"Content-Type": "application/json"}}
    [request] = threads.next(fetch, [pending])
    assert (kind_of(request), request.method, request.body) == (
        "platform", "POST", b'{"page": 1}')
    assert request.headers[b"Content-Type"] == b"application/json"
    assert request.callback.__name__ == "parse_platform_page"


def test_a_dropped_request_resumes_its_thread_without_that_page():
    threads, finished, scheduled = _threads()
    fetch = _fetch()
    [request] = threads.next(fetch, [f"{ARTICLE}comment-page-2/"])
    threads.dropped(request)
    [resume] = scheduled
    assert (resume.url, kind_of(resume)) == (LOCAL, "resume")
    rows = list(threads.resumed(fetch, **{k: resume.cb_kwargs[k] for k in ("lost", "reason")}))
    assert [r.kind for r in rows[:-1]] == ["comment_page"] and rows[-1] is fetch.item
    assert "dropped by the scheduler" in rows[0].message
    assert not fetch.complete and finished == [(fetch, False)]
    assert not threads.resume_lost()  # nothing left waiting


def test_threads_still_open_as_the_crawl_closes_are_stored_with_their_gaps():
    threads, finished, _ = _threads()
    fetch = _fetch()
    list(threads.next(fetch, [f"{ARTICLE}comment-page-2/"]))
    items = threads.unfinished("the crawl closed")
    assert [getattr(i, "kind", None) for i in items] == ["comment_page", None]
    assert items[-1] is fetch.item and finished == [(fetch, True)]
    assert fetch.incomplete_reason == "interrupted"


def test_page_requests_ask_for_each_url_once_and_never_an_excluded_one():
    done = []
    pages = PageRequests(Requests(CommentarySpider),
                         Profile(exclude_url_patterns=("^/private/",)), lambda: bool(done))
    urls = [f"{SITE}/a/", f"{SITE}/a/", f"{SITE}/private/b/", f"{SITE}/c/"]
    assert [r.url for r in pages.listed(urls)] == [f"{SITE}/a/", f"{SITE}/c/"]
    done.append(True)  # --max-articles reached: nothing more is wanted
    assert list(pages.listed([f"{SITE}/d/"])) == []
    [released] = pages.released([(f"{SITE}/e/", "2024-05-01")])
    assert released.meta["archiver_lastmod"] == "2024-05-01"
    assert released.callback.__name__ == "parse_page"
