"""Comment threads printed in HTML: what is a comment, who wrote it, where it sits."""

from __future__ import annotations

from archiver.extract import extract_comments, extract_page
from archiver.extract.comments import article_base_url
from archiver.profiles import Profile

from ._pages import load_case, page_cases

URL = "https://mag.example/2026/01/02/a-post/"


def html5_comment(cid: int, name: str, text: str, children: str = "", cls: str = "") -> str:
    return f"""<li id="comment-{cid}" class="comment {cls}">
<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{name}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{URL}#comment-{cid}"><time datetime="2026-01-0{cid % 9 + 1}">
Jan</time></a></div></footer>
<div class="comment-content"><p>{text}</p></div>
<div class="reply"><a class="comment-reply-link" href="?replytocom={cid}#respond">Reply</a></div>
</article>{children}</li>"""


def page(comments: str, extra: str = "") -> str:
    return f"""<html><body><article class="hentry"><h1>T</h1><div class="entry-content">
<p>Body.</p></div></article><div id="comments" class="comments-area">
<ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform"><p class="comment-form-comment"><textarea>draft</textarea></p>
<p class="comment-form-author"><input id="author" name="author" value="Me"></p></form></div>
</div>{extra}</body></html>"""


def test_pingbacks_and_trackbacks_are_not_comments() -> None:
    pingback = ('<li id="comment-50" class="pingback"><div class="comment-body">Pingback: '
                '<a href="https://x.example/">X</a></div></li>'
                '<li id="comment-51" class="trackback"><div class="comment-body">Trackback: '
                '<a href="https://y.example/">Y</a></div></li>')
    comments, _, _ = extract_comments(URL, page(html5_comment(1, "A", "hello") + pingback))
    assert [c["id"] for c in comments] == ["1"]


def test_pingbacks_in_fixtures_never_appear() -> None:
    for case in page_cases():
        url, body, headers, _ = load_case(case)
        for comment in extract_page(url, body, headers)["comments"]:
            assert not comment["text"].startswith(("Pingback", "[…]")), (case, comment["id"])


def test_recent_comments_widget_and_form_are_not_comments() -> None:
    widget = ('<aside class="widget-area"><section class="widget widget_recent_comments">'
              '<ul id="recentcomments"><li class="recentcomments">'
              '<span class="comment-author-link">Bob</span> on '
              '<a href="/other/#comment-99">Other</a></li></ul>'
              '<ol class="comment-list">' + html5_comment(99, "Bob", "sidebar copy") + "</ol>"
              "</section></aside>")
    comments, _, _ = extract_comments(URL, page(html5_comment(1, "A", "hello"), widget))
    assert [c["author"]["name"] for c in comments] == ["A"]


def test_threading_gives_parent_ids_and_depths() -> None:
    deep = html5_comment(3, "C", "three")
    mid = html5_comment(2, "B", "two", f'<ol class="children">{deep}</ol>')
    top = html5_comment(1, "A", "one", f'<ol class="children">{mid}</ol>')
    comments, _, markup = extract_comments(URL, page(top + html5_comment(4, "D", "four")))
    assert markup == "wordpress-html5"
    assert [(c["id"], c["parent_id"], c["depth"], c["position"]) for c in comments] == [
        ("1", None, 0, 0), ("2", "1", 1, 1), ("3", "2", 2, 2), ("4", None, 0, 3)]


def test_says_reply_links_and_moderation_notices_are_not_comment_content() -> None:
    one = html5_comment(1, "Ann", "Text<em class='comment-awaiting-moderation'>Your comment is "
                        "awaiting moderation.</em>", cls="bypostauthor")
    (comment,), _, _ = extract_comments(URL, page(one))
    assert comment["author"] == {"name": "Ann", "url": None}
    assert comment["author_is_post_author"] is True
    assert comment["text"] == "Text"
    assert "Reply" not in comment["html"] and "moderation" not in comment["html"]


def test_comment_html_is_cleaned_and_links_are_nofollow() -> None:
    text = ('Hi <a href="https://x.example/" onclick="bad()">x</a><script>steal()</script>'
            '<img src="https://t.example/p.gif"><span style="color:red">red</span>')
    (comment,), _, _ = extract_comments(URL, page(html5_comment(1, "A", text)))
    assert comment["html"] == ('<p>Hi <a href="https://x.example/" rel="nofollow noopener">x</a>'
                               "red</p>")
    assert comment["text"] == "Hi xred"


def test_twenty_ten_li_comment_wrapper_is_one_comment() -> None:
    legacy = """<li class="comment" id="li-comment-8"><div id="comment-8">
<div class="comment-author vcard"><cite class="fn"><a href="https://ed.example" class="url">Ed</a>
</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="#comment-8">May 1, 2010 at 9:00 pm</a>
<a class="comment-edit-link" href="/wp-admin/">(Edit)</a></div>
<div class="comment-body"><p>Legacy words.</p></div>
<div class="reply"><a class="comment-reply-link" href="?replytocom=8">Reply</a></div></div></li>"""
    comments, _, markup = extract_comments(URL, page(legacy))
    assert markup == "wordpress-legacy"
    assert [(c["id"], c["author"]["name"], c["author"]["url"], c["published_raw"], c["text"])
            for c in comments] == [("8", "Ed", "https://ed.example", "May 1, 2010 at 9:00 pm",
                                    "Legacy words.")]


def test_div_style_threads_with_div_children_are_understood() -> None:
    # Twenty Twenty lists comments as divs (style => 'div') with div.children.
    inner = html5_comment(6, "Kid", "reply").replace("<li ", "<div ").replace("</li>", "</div>")
    outer = html5_comment(5, "Top", "root", f'<div class="children">{inner}</div>')
    outer = outer.replace("<li ", "<div ").replace("</li>", "</div>")
    html = page("").replace('<ol class="comment-list"></ol>', outer)
    comments, _, _ = extract_comments(URL, html)
    assert [(c["id"], c["parent_id"], c["depth"]) for c in comments] == [
        ("5", None, 0), ("6", "5", 1)]


GENERIC = """<html><body><h1>T</h1><section class="user-comments"><ul class="list">
<li><span class="author">Ann</span> <span class="date">1 May</span><div class="text">
<p>First words of the comment</p></div>
<ul><li><span class="author">Bo</span> <span class="date">2 May</span><div class="text">
<p>Same words</p></div></li></ul></li>
<li><span class="author">Cy</span> <span class="date">3 May</span><div class="text">
<p>Same words</p></div></li></ul></section>{extra}</body></html>"""


def test_generic_hash_ids_are_stable_across_runs_and_unrelated_changes() -> None:
    first, _, markup = extract_comments(URL, GENERIC.format(extra=""))
    again, _, _ = extract_comments(URL, GENERIC.format(extra="<aside><p>new ad</p></aside>"))
    assert markup == "generic"
    assert [c["id"] for c in first] == [c["id"] for c in again]
    assert all(c["id_source"] == "hash" and c["id"].startswith("h:") and len(c["id"]) == 18
               for c in first)
    assert first[1]["parent_id"] == first[0]["id"]


def test_generic_hash_ids_depend_on_content_and_parent() -> None:
    comments, _, _ = extract_comments(URL, GENERIC.format(extra=""))
    ids = [c["id"] for c in comments]
    assert len(set(ids)) == 3  # same text, different author/parent: different ids
    edited, _, _ = extract_comments(URL, GENERIC.format(extra="").replace("First words",
                                                                          "Other words"))
    assert edited[0]["id"] != ids[0]


def test_hash_ids_are_the_same_on_every_comment_page_of_the_article() -> None:
    page2 = URL + "comment-page-2/#comments"
    one, _, _ = extract_comments(URL, GENERIC.format(extra=""))
    two, _, _ = extract_comments(page2, GENERIC.format(extra=""))
    assert [c["id"] for c in one] == [c["id"] for c in two]
    assert article_base_url(page2) == URL


def test_comment_pages_are_absolute_deduplicated_and_exclude_this_page() -> None:
    nav = ('<nav class="navigation comment-navigation"><div class="nav-links">'
           '<a href="/2026/01/02/a-post/comment-page-1/#comments">Older</a>'
           '<a href="/2026/01/02/a-post/comment-page-1/">1</a>'
           '<a href="/2026/01/02/a-post/comment-page-2/#comments">2</a>'
           '<a href="/2026/01/02/a-post/comment-page-3/#comments">Newer</a></div></nav>')
    widget = ('<aside><div class="widget"><a href="/2025/other/comment-page-4/#comment-1">x</a>'
              "</div></aside>")
    html = page(html5_comment(1, "A", "a") + "</ol>" + nav + "<ol>", widget)
    _, nxt, _ = extract_comments(URL + "comment-page-2/", html)
    assert nxt == {"comment_pages": [URL + "comment-page-1/", URL + "comment-page-3/"]}


def test_link_rel_next_counts_only_when_it_is_a_comment_page() -> None:
    head = ('<head><link rel="next" href="/page/2/"><link rel="next" '
            'href="https://mag.example/2026/01/02/a-post/?cpage=2"></head>')
    html = page(html5_comment(1, "A", "a")).replace("<html>", "<html>" + head)
    _, nxt, _ = extract_comments(URL, html)
    assert nxt["comment_pages"] == [URL + "?cpage=2"]


def test_other_sites_comment_pages_are_not_followed() -> None:
    nav = ('<div class="comment-navigation"><a href="https://evil.example/2026/01/02/a-post/'
           'comment-page-2/">x</a></div>')
    _, nxt, _ = extract_comments(URL, page(html5_comment(1, "A", "a"), nav))
    assert nxt["comment_pages"] == []


def test_page_without_comments_gives_empty_results() -> None:
    comments, nxt, markup = extract_comments(URL, "<html><body><p>Hello</p></body></html>")
    assert (comments, nxt, markup) == ([], {"comment_pages": []}, None)


def test_profile_can_force_the_generic_parser_and_scope() -> None:
    html = GENERIC.format(extra="")
    profile = Profile(selectors={"comments": ".user-comments"}, comment_platform="html")
    comments, _, markup = extract_comments(URL, html, profile)
    assert markup == "generic" and len(comments) == 3


def test_disqus_fallback_has_authors_links_and_no_dates() -> None:
    url, body, headers, _ = load_case("disqus-wordpress")
    result = extract_page(url, body, headers)
    assert {c["platform"] for c in result["comments"]} == {"disqus"}
    assert all(c["published_raw"] is None for c in result["comments"])
    assert result["comments"][0]["author"]["url"] == "https://disqus.com/by/tomaszwojcik/"


def test_parent_ids_always_point_to_an_earlier_comment_one_level_up() -> None:
    for case in page_cases():
        url, body, headers, _ = load_case(case)
        comments = extract_page(url, body, headers)["comments"]
        seen = {}
        for position, comment in enumerate(comments):
            assert comment["position"] == position
            if comment["parent_id"] is None:
                assert comment["depth"] == 0
            else:
                assert seen[comment["parent_id"]] == comment["depth"] - 1, case
            seen[comment["id"]] = comment["depth"]


def test_page_links_are_absolute_follow_base_href_and_list_feeds_once():
    from archiver.extract import page_links
    from archiver.extract.comments import parse_html_tree

    tree = parse_html_tree(
        '<html><head><base href="https://mag.example/blog/">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="text/html" hreflang="de" href="/de/">'
        '<link rel="alternate" type="application/rss+xml" href="/feed/"></head>'
        '<body><a href="post/">a</a><a href="#top">skip</a><a href="/x/">b</a>'
        '<a href="post/">again</a><map><area href="/y/"></map><a>no href</a></body></html>')
    links, feeds = page_links("https://mag.example/blog/index.html", tree)
    assert links == ["https://mag.example/blog/post/", "https://mag.example/x/",
                     "https://mag.example/y/"]
    assert feeds == ["https://mag.example/feed/"]
