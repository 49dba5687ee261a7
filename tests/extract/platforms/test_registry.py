"""The platform registry (ARCHIVER_COMMENT_PLATFORMS) and the comment systems known without
an adapter: detection order, loading a third party's platform, what a 304 confirms."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest
from scrapy.settings import Settings

from archiver.errors import ExtractError
from archiver.extract import extract_page
from archiver.extract.comments import parse_html_tree
from archiver.extract.platforms import (
    Registered,
    Registry,
    default_registry,
    detect_platform,
)
from archiver.extract.platforms.registry import load_registry
from archiver.store import open_archive
from archiver.store.history import incremental_state

BUILT_INS = ["archiver.extract.platforms.disqus", "archiver.extract.platforms.isso",
             "archiver.extract.platforms.wordpress"]


class Guestbook:
    """A platform as a third party writes one: a class, nothing of archiver's subclassed."""

    NAME = "guestbook"
    API_HOSTS = ("guestbook.example",)
    SETTINGS: ClassVar = {"guestbook_base": ("GUESTBOOK_BASE", "https://guestbook.example/")}
    MARKERS = (r"^guestbook-widget$",)

    def detect(self, url, headers, tree):
        found = tree.xpath("//*[@data-guestbook-thread]/@data-guestbook-thread")
        return {"thread": found[0]} if found else None

    def start(self, thread, config):
        return [{"url": f"{config['guestbook_base']}t/{thread['thread']}.json",
                 "platform": self.NAME, "sort": [0], "context": {}}]

    def parse(self, fetch, url, headers, body, thread, config=None):
        return {"comments": [], "next": [], "article": {}}


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Post</title></head><body>{body}</body></html>"


def test_the_built_ins_are_the_setting_in_detection_order():
    registry = default_registry()
    assert [p.name for p in registry.platforms] == [
        "disqus", "isso", "commento", "remark42", "cusdis", "hyvor-talk", "giscus", "utterances",
        "coral", "waline", "wpdiscuz", "wpcom", "wordpress", "blogger", "discourse", "ghost",
        "substack", "reddit"]
    assert registry.api_hosts() == ("disqus.com", "commento.io", "cusdis.com", "talk.hyvor.com",
                                    "giscus.app", "api.github.com", "public-api.wordpress.com",
                                    "reddit.com")
    with pytest.raises(ExtractError, match="unknown comment platform 'nope'"):
        registry.get("nope")


def test_a_class_path_is_loaded_and_instantiated_and_its_settings_read():
    registry = Registry.from_paths([*BUILT_INS, f"{__name__}.Guestbook"])
    guestbook = registry.get("guestbook")
    assert isinstance(guestbook.impl, Guestbook)
    assert "guestbook.example" in registry.api_hosts()
    settings = Settings({"GUESTBOOK_BASE": "http://127.0.0.1:9/", "ARCHIVER_WORDPRESS_REST": "0"})
    config = registry.config(settings)
    assert config["guestbook_base"] == "http://127.0.0.1:9/"
    assert config["wordpress_rest"] is False
    assert config["disqus_api_key"] is None


def test_the_setting_of_a_crawl_names_its_registry():
    settings = Settings({"ARCHIVER_COMMENT_PLATFORMS": [f"{__name__}.Guestbook"]})
    assert [p.name for p in load_registry(settings).platforms] == ["guestbook"]


@pytest.mark.parametrize(("path", "message"), [
    ("archiver.extract.platforms.nothing_here", "cannot load"),
    ("archiver.extract.text", "is not a comment platform (it has no NAME, detect, start"),
])
def test_a_bad_entry_is_a_clear_error(path, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Registry.from_paths([path])


def test_two_platforms_of_one_name_are_refused():
    with pytest.raises(ValueError, match="two platforms are called disqus"):
        Registry.from_paths([BUILT_INS[0], BUILT_INS[0]])


def test_a_registered_platform_is_detected_and_the_page_says_which():
    registry = Registry.from_paths([*BUILT_INS, f"{__name__}.Guestbook"])
    html = _page('<article><h1>Post</h1><p>Text.</p></article>'
                 '<div data-guestbook-thread="post-7"></div>')
    extracted = extract_page("https://blog.example/post/", html.encode(), {},
                             platforms=registry)
    assert extracted["platform"] == {"name": "guestbook", "thread": {"thread": "post-7"}}
    assert extracted["article"]["comment_platform"] == "guestbook"
    # Without the registration the same page is on no platform.
    assert extract_page("https://blog.example/post/", html.encode(), {})["platform"] is None


def test_a_platforms_markers_without_its_parameters_are_an_unreadable_thread():
    registry = Registry.from_paths([f"{__name__}.Guestbook"])
    tree = parse_html_tree(_page('<div id="guestbook-widget"></div>'))
    assert detect_platform("https://blog.example/p/", {}, tree, registry=registry) == {
        "name": "guestbook", "thread": {}, "adapter": False, "reason": "unreadable"}


# The vendors' embed snippets (their documentation), reduced to the markup that names them.
EMBEDS = {
    "discourse": """<div id='discourse-comments'></div><script type="text/javascript">
      DiscourseEmbed = { discourseUrl: 'https://forum.example.com/',
                         discourseEmbedUrl: 'https://blog.example/post/' };
      (function() { var d = document.createElement('script'); d.type = 'text/javascript';
        d.async = true; d.src = DiscourseEmbed.discourseUrl + 'javascripts/embed.js';
        (document.getElementsByTagName('head')[0]).appendChild(d); })();</script>""",
    "commento": '<div id="commento"></div>'
                '<script defer src="https://cdn.commento.io/js/commento.js"></script>',
    "remark42": """<div id="remark42"></div><script>var remark_config = {
      host: 'https://remark42.example.com', site_id: 'remark' };</script>""",
    "cusdis": '<div id="cusdis_thread" data-host="https://cusdis.com" data-app-id="x"'
              ' data-page-id="7"></div><script async defer'
              ' src="https://cusdis.com/js/cusdis.es.js"></script>',
    "hyvor-talk": '<hyvor-talk-comments website-id="123" page-id="7"></hyvor-talk-comments>'
                  '<script async src="https://talk.hyvor.com/embed/embed.js"'
                  ' type="module"></script>',
    "giscus": '<script src="https://giscus.app/client.js" data-repo="o/r"'
              ' data-mapping="pathname" crossorigin="anonymous" async></script>',
    "utterances": '<script src="https://utteranc.es/client.js" repo="o/r"'
                  ' issue-term="pathname" crossorigin="anonymous" async></script>',
    "coral": """<div id="coral_thread"></div><script>(function () { var s =
      document.createElement("script"); s.src = "//coral.example/assets/js/embed.js";
      s.onload = function () { Coral.createStreamEmbed({ id: "coral_thread",
      autoRender: true, rootURL: "//coral.example" }); }; })();</script>""",
    "facebook": '<div class="fb-comments" data-href="https://blog.example/post/"'
                ' data-width="" data-numposts="5"></div>',
}


@pytest.mark.parametrize("name", sorted(EMBEDS))
def test_a_comment_system_without_an_adapter_is_named_never_silent(name):
    tree = parse_html_tree(_page("<article><h1>Post</h1><p>Text.</p></article>" + EMBEDS[name]))
    registry = Registry.from_paths(BUILT_INS)  # the three of before: Discourse has none
    assert detect_platform("https://blog.example/post/", {}, tree, registry=registry) == {
        "name": name, "thread": {}, "adapter": False, "reason": "no_adapter"}


def test_pages_that_only_mention_comments_are_on_no_platform():
    tree = parse_html_tree(_page(
        '<div id="comments" class="comments-area"><h2>3 comments</h2>'
        '<p>We use Discourse and Facebook at work.</p></div>'
        '<script>var comments = "fb-comments-count";</script>'))
    assert detect_platform("https://blog.example/post/", {}, tree) is None


def test_a_registered_platform_takes_precedence_over_the_no_adapter_list():
    embed = EMBEDS["discourse"].replace("discourseEmbedUrl: 'https://blog.example/post/'",
                                        "topicId: 77")
    tree = parse_html_tree(_page(embed))
    assert detect_platform("https://blog.example/post/", {}, tree) == {
        "name": "discourse", "thread": {"base": "https://forum.example.com/", "topic": 77}}
    # Without the topic id the forum's markup is there but the thread cannot be read.
    assert detect_platform("https://blog.example/post/", {},
                           parse_html_tree(_page(EMBEDS["discourse"])))["reason"] == "unreadable"
    # Not registered, Discourse is a comment system known without an adapter.
    without = Registry.from_paths(BUILT_INS)
    assert detect_platform("https://blog.example/post/", {}, tree, registry=without) == {
        "name": "discourse", "thread": {}, "adapter": False, "reason": "no_adapter"}


def test_a_304_confirms_only_threads_the_page_prints(tmp_path):
    db = open_archive(str(tmp_path / "a.db"))
    site = "https://blog.example"
    db["sites"].insert({"id": site, "host": "blog.example", "first_seen": "x",
                        "last_seen": "x"}, alter=True)
    for n, platform in enumerate(["wordpress", "html", None, "disqus", "isso", "giscus",
                                  "guestbook"]):
        url = f"{site}/p{n}/"
        db["articles"].insert({"url": url, "site_id": site, "fetched_url": url,
                               "comment_platform": platform, "body_text": "",
                               "body_html": "", "first_seen": "x", "last_seen": "x",
                               "last_changed": "x"}, alter=True)
        db["captures"].insert({"url": url, "status": 200, "fetched_at": "x", "etag": f"e{n}",
                               "crawl_id": None}, alter=True)
    validators = incremental_state(db, site)["validators"]
    assert sorted(validators) == [f"{site}/p0/", f"{site}/p1/", f"{site}/p2/"]
    # A third party's platform that declares its page prints the thread is confirmed too.
    confirmed = incremental_state(db, site, page_confirmed=["html", "wordpress",
                                                            "guestbook"])["validators"]
    assert f"{site}/p6/" in confirmed


@pytest.mark.parametrize("marker", [
    r"(?i)GUESTBOOK-WIDGET",  # case-folded: the literal as written is not in the page
    r"guestbook-(?:widget|box)$",
    r"^guest(?:book)?-widget",
    r"widget|nothing-like-it",  # no literal every match must hold
    r"guest\w+-wid[a-z]et",
])
def test_markers_match_as_regular_expressions_whatever_their_form(marker):
    # Detection rules pages out by a literal each marker needs before running it: that
    # must never lose a match the expression itself would find.
    widget = type("Widget", (Guestbook,), {"MARKERS": (marker,)})()
    registry = Registry([Registered.of(widget)])
    tree = parse_html_tree(_page('<div id="guestbook-widget"></div>'))
    assert detect_platform("https://blog.example/p/", {}, tree, registry=registry)["reason"] \
        == "unreadable"


def test_a_marker_anchored_to_one_sign_matches_among_the_pages_other_signs():
    # page_markers gives one sign a line (ids, classes, sources...): a marker anchored
    # as "^guestbook-widget$" names the widget's own id, wherever it is in the list.
    widget = type("Widget", (Guestbook,), {"MARKERS": (r"^guestbook-widget$",)})()
    registry = Registry([Registered.of(widget)])
    tree = parse_html_tree(_page('<div id="main" class="site"><p class="intro">Hello</p>'
                                 '<div id="guestbook-widget"></div></div>'))
    assert detect_platform("https://blog.example/p/", {}, tree, registry=registry)["reason"] \
        == "unreadable"
