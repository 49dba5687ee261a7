"""Which article pages go to the headless browser (archiver.fetch.browser_plan), decided
from the fetched page alone; and the settings that bound it."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from archiver import settings as defaults
from archiver.extract import extract_page
from archiver.extract.platforms import Registry, default_registry
from archiver.fetch.browser_plan import BrowserSettings, plan_render

URL = "https://blog.example/2024/05/post/"
ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post</title>
<meta property="og:type" content="article"></head><body><article><h1>Post</h1>
<div class="entry-content"><p>Words of the article, enough of them to be one.</p></div>
</article>{thread}</body></html>"""
BUILTINS = list(defaults.ARCHIVER_COMMENT_PLATFORMS)


def plan(thread: str, registry: Registry | None = None, mode: str = "auto"):
    body = ARTICLE.format(thread=thread).encode()
    registry = registry or default_registry()
    extracted = extract_page(URL, body, {"Content-Type": "text/html"}, platforms=registry)
    return plan_render(URL, body, {"Content-Type": "text/html"}, extracted, registry,
                       BUILTINS, mode), extracted


@pytest.mark.parametrize("control", [
    '<section id="comments"><button type="button">Load more comments</button></section>',
    '<div class="comments"><a href="#" class="show-replies">Show replies</a></div>',
    '<div id="kommentare"><button>Weitere Kommentare laden</button></div>',
    '<div class="commentaires"><span role="button">Afficher plus</span></div>',
    '<button class="loadMoreComments"></button>',
    '<div class="comment-list"><a href="javascript:void(0)">Więcej</a></div>',
    '<section id="comments"><button class="read-more">Read more comments</button></section>',
])
def test_a_control_that_loads_comments_sends_the_page_to_the_browser(control):
    found, _ = plan(control)
    assert found is not None and found.why == "control"


@pytest.mark.parametrize("html", [
    # A link to the next comment page is read by the HTML readers: no browser.
    '<section id="comments"><a href="/2024/05/post/comment-page-2/">Load more comments</a>'
    "</section>",
    # Buttons that are not about the thread.
    '<nav class="pagination"><button>Load more posts</button></nav>',
    '<section id="comments"><form><button type="submit">Post comment</button></form>'
    "</section>",
    '<section id="comments"><button>Reply</button></section>',
    # A comment's folded text, printed whole already (django-comments-dab's stock template).
    '<section id="comments"><div class="comment"><p class="comment-content">The first words'
    ' <span class="d-none">and the rest</span><button class="js-read-more-btn read-more">'
    "read more...</button></p></div></section>",
    "",
])
def test_pages_without_such_a_control_stay_off_the_browser(html):
    found, _ = plan(html)
    assert found is None


def test_a_comment_system_without_an_adapter_is_rendered():
    found, _ = plan('<div class="fb-comments" data-href="https://blog.example/p-1/"'
                    ' data-width="" data-numposts="5"></div>')
    assert (found.why, found.platform) == ("no_adapter", "facebook")


def test_a_platform_with_an_adapter_is_never_rendered():
    found, extracted = plan('<div id="disqus_thread"></div><script>var disqus_config = '
                            'function () { this.page.identifier = "p-1"; };'
                            "var disqus_shortname = 'blog';</script>")
    assert extracted["platform"]["name"] == "disqus"
    assert found is None


def test_a_built_in_platform_left_out_of_the_crawl_is_rendered_and_named():
    isso = ('<script data-isso="https://comments.example/" '
            'src="https://comments.example/js/embed.min.js"></script>'
            '<section id="isso-thread"></section>')
    assert plan(isso)[0] is None  # its adapter reads it
    without = Registry.from_paths(["archiver.extract.platforms.disqus"])
    found, extracted = plan(isso, without)
    assert (found.why, found.platform) == ("unregistered", "isso")
    assert extracted["platform"]["name"] == "isso"
    assert extracted["article"]["comment_platform"] == "isso"


def test_mode_on_renders_every_article_without_an_adapter():
    assert plan("", mode="on")[0].why == "on"


def test_the_settings_are_checked():
    config = BrowserSettings.from_settings(Settings(vars(defaults)))
    assert (config.mode, config.max_clicks, config.max_pages) == ("auto", 20, 100)
    with pytest.raises(ValueError, match="ARCHIVER_BROWSER must be one of auto, on, off"):
        BrowserSettings.from_settings(Settings({**vars(defaults), "ARCHIVER_BROWSER": "yes"}))


def test_a_missing_chromium_is_said_in_one_line():
    config = BrowserSettings(executable="/nonexistent/chromium")
    message = config.missing()
    assert message and "/nonexistent/chromium" in message and "\n" not in message


def test_a_wrong_mode_stops_the_crawl_with_one_line(tmp_path):
    from tests.helpers import run_cli

    result = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "a.db"),
                     "-s", "ARCHIVER_BROWSER=yes")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "ARCHIVER_BROWSER must be one of auto, on, off, not 'yes'" in result.stderr
