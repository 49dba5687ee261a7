"""archiver.fetch.browser on its own: Debian's headless Chromium renders pages served on
loopback; what it clicks, when it stops, what it keeps."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections import Counter

import pytest

from archiver.fetch.browser import Browser
from tests import processes
from tests.helpers import ReplayHandler, serve_on_loopback

pytestmark = pytest.mark.slow

HITS: Counter[str] = Counter()
SHELL = """<!doctype html><html><body><article><h1>Post</h1></article>
<section id="comments"><ol id="list"></ol>{control}</section>
<script>
function add(text) {{
  var li = document.createElement("li"); li.textContent = text;
  document.getElementById("list").appendChild(li);
}}
{script}
</script></body></html>"""
PAGES = {
    # Every click brings one more comment, forever: only the bound stops it.
    "/endless/": SHELL.format(
        control='<button id="more">Load more comments</button>',
        script='var n = 0; document.getElementById("more").onclick = function () '
               '{ add("comment " + (++n)); };'),
    # A button that does nothing: clicked once, then left.
    "/inert/": SHELL.format(control='<button id="more">Show more comments</button>',
                            script=""),
    # The thread comes by XHR; the button is "Reply", which is never clicked.
    "/xhr/": SHELL.format(
        control='<button id="reply">Reply</button>',
        script='fetch("/api/thread").then(function (r) { return r.json(); })'
               '.then(function (d) { d.forEach(add); });'),
    # A control that would take the browser to another page: the page stays.
    "/leaves/": SHELL.format(
        control="<button onclick=\"location.href='/elsewhere/'\">Show comments</button>",
        script='add("kept");'),
}


class Handler(ReplayHandler):
    def do_GET(self) -> None:
        HITS[self.path] += 1
        if self.path == "/api/thread":
            self.send_body(b'["one", "two"]', "application/json")
        elif self.path in PAGES:
            self.send_body(PAGES[self.path].encode(), "text/html")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def site():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; ./run setup --test installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with serve_on_loopback(Handler) as base:
        yield base, executable


def render(site, path: str, **bounds):
    base, executable = site

    async def run():
        browser = Browser(executable, **bounds)
        try:
            return await browser.render(base + path, PAGES[path].encode(), "text/html")
        finally:
            await browser.close()

    return asyncio.run(run())


def chromium_left() -> list[str]:
    return [str(p) for p in processes.leftovers(os.environ[processes.SESSION_MARK], grace=5)
            if "chrom" in p.command]


def test_a_thread_that_keeps_growing_is_capped_at_the_click_bound(site):
    rendered = render(site, "/endless/", max_clicks=4)
    assert (rendered.clicks, rendered.capped) == (4, "clicks")
    assert "comment 4" in rendered.html and "comment 5" not in rendered.html
    assert chromium_left() == []


def test_a_control_that_brings_nothing_is_clicked_once(site):
    rendered = render(site, "/inert/", max_clicks=10)
    assert (rendered.clicks, rendered.capped) == (1, None)


def test_the_page_is_not_fetched_again_and_its_xhr_is_kept(site):
    HITS.clear()
    rendered = render(site, "/xhr/")
    assert HITS["/xhr/"] == 0  # the crawl's copy was served to the browser
    assert (rendered.clicks, rendered.capped, rendered.failed) == (0, None, [])
    assert "<li>two</li>" in rendered.html
    [exchange] = rendered.exchanges
    assert exchange.url.endswith("/api/thread") and exchange.status == 200
    assert exchange.body == b'["one", "two"]' and exchange.method == "GET"
    assert chromium_left() == []


WIDGET = """<!doctype html><html><body><div class="comments-widget"><ul id="list">
<li class="comment">framed comment 1</li></ul>
<button id="more">Load more comments</button></div>
<script>var n = 1; document.getElementById("more").onclick = function () {
  var li = document.createElement("li"); li.className = "comment";
  li.textContent = "framed comment " + (++n);
  document.getElementById("list").appendChild(li);
  if (n === 3) this.remove();
};</script></body></html>"""


class WidgetHost(ReplayHandler):
    def do_GET(self) -> None:
        self.send_body(WIDGET.encode(), "text/html")


def test_a_widget_in_a_frame_on_another_origin_is_clicked_and_read_in_place(site):
    base, executable = site
    with serve_on_loopback(WidgetHost) as other:
        page = (f'<!doctype html><html><body><article><h1>Post</h1></article>'
                f'<iframe src="{other}/embed?thread=1"></iframe></body></html>').encode()

        async def run():
            browser = Browser(executable)
            try:
                return await browser.render(base + "/framed/", page, "text/html")
            finally:
                await browser.close()

        rendered = asyncio.run(run())
    assert (rendered.clicks, rendered.capped) == (2, None)
    assert "<iframe" not in rendered.html
    assert f'data-archiver-frame="{other}/embed?thread=1"' in rendered.html
    assert "framed comment 3" in rendered.html
    assert chromium_left() == []


def test_a_control_that_navigates_away_leaves_the_page_where_it_is(site):
    HITS.clear()
    rendered = render(site, "/leaves/")
    assert rendered.clicks == 1 and "<li>kept</li>" in rendered.html
    assert HITS["/elsewhere/"] == 0
