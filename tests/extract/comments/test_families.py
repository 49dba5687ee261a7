"""The registry of markup families: each claims only its own markup, in order."""

from __future__ import annotations

from pathlib import Path

from archiver.extract import extract_comments
from archiver.extract.comments import comments_from_tree, parse_html_tree
from archiver.extract.comments.families import FAMILIES
from archiver.profiles import parse_profile

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments"
URL = "https://blog.example/2018/06/urteil/"


def test_every_family_names_the_platform_a_profile_can_force() -> None:
    names = [family.NAME for family in FAMILIES]
    # Disqus's fallback and wpDiscuz sit inside WordPress themes (wpDiscuz keeps comment-N ids).
    assert names == ["disqus", "wpdiscuz", "wordpress", "ikiwiki", "contao"]
    assert all(callable(family.read) for family in FAMILIES)


def test_wordpress_theme_with_bare_name_and_text_date_keeps_walker_ids_and_nesting() -> None:
    comments, _, markup = extract_comments(URL, (FIXTURES / "wordpress-theme.html").read_text())
    assert markup == "wordpress-legacy"
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in comments] == [
        ("114", None, "Ben"), ("115", "114", "MoritzMeyer")]  # the pingback is left out
    assert comments[0]["published_raw"] == "19. Juni 2018 um 15:28 Uhr"
    assert comments[1]["author_is_post_author"] is True


def test_wordpress_family_declines_other_platforms_comment_ids() -> None:
    comments, _, markup = extract_comments(URL, (FIXTURES / "mezzanine-like.html").read_text())
    assert markup == "generic" and comments


IKIWIKI_POST = "http://127.0.0.1:41755/posts/crossing_the_alps/"


def test_ikiwiki_comments_keep_their_ids_names_and_times_in_page_order() -> None:
    """A post of Debian's ikiwiki (stock comment.tmpl), saved as its lighttpd served it."""
    comments, _, markup = extract_comments(
        IKIWIKI_POST, (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert [(c["author"]["name"], c["published_raw"], c["parent_id"]) for c in comments] == [
        ("Zoë Ångström", "Tue Dec 1 16:14:57 2026", None),
        ("Иван Петров", "Tue Dec 1 16:14:59 2026", None),
        ("Anonymous", "Tue Dec 1 16:15:00 2026", None),
        ("李小龙", "Tue Dec 1 16:15:03 2026", None),
        ("Zoë Ångström", "Tue Dec 1 16:15:04 2026", None)]
    assert comments[0]["id"] == "49d225df2b38928c7b0f90106b9d1b70"
    assert comments[0]["author"]["url"] == "https://zoe.example/"
    assert comments[0]["text"] == 'I agree: the Brenner route is the "gentle" one.'
    assert "Erster Kommentar" not in comments[0]["text"]  # the subject is not the text
    assert "Comment by" not in " ".join(c["text"] for c in comments)


def test_ikiwiki_recent_comments_page_is_recognised_and_holds_none_of_its_own() -> None:
    """The blog's comments/ page lists every post's comments, each linked to its post: they
    are archived with their posts, never as this page's thread."""
    url = "http://127.0.0.1:41755/comments/"
    comments, _, markup = extract_comments(
        url, (FIXTURES / "ikiwiki-recent-comments.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert comments == []


def test_ikiwiki_html5_comments_take_the_instant_of_their_time_element() -> None:
    """ikiwiki with html5 on, in Europe/Berlin: each comment's <time datetime> is UTC, its
    text local; a signed-in member's name links to her user page."""
    comments, _, markup = extract_comments(
        "http://127.0.0.1:50463/posts/notes_on_sourdough/",
        (FIXTURES / "ikiwiki-html5-post.html").read_text(encoding="utf-8"))
    assert markup == "ikiwiki"
    assert [(c["author"]["name"], c["published_raw"]) for c in comments] == [
        ("Anonymous", "2026-12-01T16:25:39Z"),
        ("O'Brien & Sons", "2026-12-01T16:25:45Z"),
        ("renée", "2026-12-01T16:25:52Z")]
    assert "do=goto" in comments[2]["author"]["url"]
    assert comments[1]["text"] == "Time beats hydration, yes.\n\nWe proof for 14 hours at 6 °C."


def test_a_profile_may_force_the_ikiwiki_family() -> None:
    profile = parse_profile("[comments]\nplatform = 'ikiwiki'\n")
    html = (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8")
    result = comments_from_tree(IKIWIKI_POST, parse_html_tree(html), profile)
    assert result.markup == "ikiwiki" and len(result.comments) == 5
    assert {c["platform"] for c in result.comments} == {"html"}  # as the page prints them


def test_ikiwiki_permalinks_to_the_name_a_site_was_built_for_are_still_this_page() -> None:
    """A copy or a moved site keeps absolute permalinks to the URL ikiwiki was set up with."""
    html = (FIXTURES / "ikiwiki-post.html").read_text(encoding="utf-8")
    for url in ("https://mirror.example/posts/crossing_the_alps/",
                "http://127.0.0.1:41755/posts/crossing_the_alps/index.html"):
        comments, _, markup = extract_comments(url, html)
        assert markup == "ikiwiki" and len(comments) == 5, url


_IKIWIKI_XPATH = ("//*[(self::div or self::article) and starts-with(@id, 'comment-') and "
                  "contains(concat(' ', normalize-space(@class), ' '), ' comment ')]")
_AWKWARD_IKIWIKI = (
    '<html><body><div class="comment" id="comment-' + "a" * 32 + '">plain</div>'
    '<article class="x\tcomment" id="comment-' + "b" * 32 + '">tab</article>'
    '<div class="comment&#160;x" id="comment-' + "c" * 32 + '">nbsp: one word</div>'
    '<section class="comment" id="comment-' + "d" * 32 + '">section</section>'
    '<div class="comments" id="comment-' + "e" * 32 + '">plural</div>'
    '<div class="comment" id="comment-' + "f" * 31 + '">short id</div></body></html>')


def test_ikiwiki_blocks_are_those_its_xpath_found() -> None:
    from archiver.extract.comments.base import PageContext
    from archiver.extract.comments.families import ikiwiki
    from archiver.extract.encoding import decode_html

    from .._pages import load_case, page_cases

    pages = [_AWKWARD_IKIWIKI, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    for name in page_cases():
        _url, body, headers, _expected = load_case(name)
        pages.append(decode_html(body, headers.get("Content-Type"))[0])
    for html in pages:
        tree = parse_html_tree(html)
        ctx = PageContext(url="https://example.org/post/", tree=tree)
        expected = [(el, el.get("id")[len("comment-"):]) for el in tree.xpath(_IKIWIKI_XPATH)
                    if ikiwiki._ID.match(el.get("id"))]
        assert ikiwiki.candidates(ctx) == expected


_PART_XPATHS = [
    ".//*[" + " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')"
                          for c in classes) + "]"
    for classes in (("comment-author",), ("vcard",), ("fn",), ("comment-content",),
                    ("comment-metadata", "commentmetadata", "comment-meta", "comment-date"),
                    ("dsq-comment-header",), ("wpd-vote-result-like", "wpd-vote-result"))
] + [".//time[@datetime]", ".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"
     " | .//cite", ".//cite | .//time[@datetime]"]
_AWKWARD_PARTS = """<html><body><ol class="commentlist">
<li id="comment-1" class="comment"><div class="comment-author&#160;vcard"><cite>A</cite></div>
<time>no datetime</time><div class="x\tcomment-content">one</div>
<ul class="children"><li id="comment-2" class="comment fn"><span class=" fn ">B</span>
<time datetime="2024-01-02">t</time><p class="comment-content">two</p></li></ul></li>
<li id="comment-3" class="comment"><cite class="vcard">C</cite></li></ol>
<div class="fn comment-content"><time datetime="x">outside every comment</time></div>
</body></html>"""


def test_the_families_parts_from_the_page_index_are_those_their_xpaths_find() -> None:
    from archiver.extract.comments.base import PageContext
    from archiver.extract.comments.families._shared import Found

    pages = [_AWKWARD_PARTS, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    checked = 0
    for html in pages:
        tree = parse_html_tree(html)
        ctx = PageContext(url="https://example.org/post/", tree=tree)
        found = Found()
        for el, ident in ctx.ids:  # every comment-like id, nested ones included
            if ident.startswith(("comment-", "li-comment-", "wpd-comm-", "dsq-comment-")):
                found[el] = ident
        for xpath in _PART_XPATHS:
            expected = found.first_by_xpath(xpath)
            assert found.first(xpath) == expected, xpath
            checked += len(expected)
    assert checked > 15


_AWKWARD_CONTENT = """<html><body>
<div class="c"><br><p>after a leading break</p></div>
<div class="c"><p>before a trailing break</p><br></div>
<div class="c">text <br> <p>a break inside</p><!-- a comment node --><p>end</p></div>
<div class="c"><p>Your comment is awaiting moderation.</p><p>kept</p></div>
<div class="c"><p>t <a href="?replytocom=3">Reply</a> tail</p><span class="says">says</span></div>
<div class="c"><div id="comment-9">a nested reply</div><em>kept</em> tail</div>
<div class="c"><p title="t" lang="de">plain <b>bold</b> &amp; more</p><script>x()</script></div>
<div class="c"><p class="reply">dropped</p>text</div></body></html>"""


def test_a_comments_content_read_without_a_copy_is_what_the_copy_gives() -> None:
    from archiver.extract.comments.families._shared import (
        META_CLASSES,
        NOISE_CLASSES,
        clean_copy,
        cleaned_content,
        content_of,
    )
    from archiver.extract.comments.families.wpdiscuz import _NOT_TEXT

    pages = [_AWKWARD_CONTENT, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    read_as_is = 0
    for html in pages:
        tree = parse_html_tree(html)
        for el in tree.iter("div", "p", "section", "article", "li", "blockquote"):
            if sum(1 for _ in el.iter()) > 300:
                continue
            for names in (NOISE_CLASSES, META_CLASSES, _NOT_TEXT):
                expected = content_of(clean_copy(el, names))
                assert cleaned_content(el, names) == expected
                read_as_is += expected == content_of(el)
    assert read_as_is > 100


def _copy_dropping_every_match(el, names, drop_meta_tails):  # the walk clean_copy replaced
    import copy

    from lxml import etree

    from archiver.extract.comments.families._shared import _PART, _WHOLE, _dropped
    from archiver.extract.text import drop

    dup = copy.deepcopy(el)
    dup.tail = None
    for node in list(dup.iterdescendants()):
        if not isinstance(node.tag, str) or node.getparent() is None:
            continue
        kind = _dropped(node, frozenset(names))
        if kind is _WHOLE:
            drop(node)
        elif kind is _PART:
            drop(node, keep_tail=not drop_meta_tails)
    while len(dup) and dup[0].tag == "br" and not (dup.text or "").strip():
        drop(dup[0])
    while len(dup) and dup[-1].tag == "br" and not (dup[-1].tail or "").strip():
        drop(dup[-1], keep_tail=False)
    return etree.tostring(dup, encoding="unicode")


_NESTED_DROPS = """<html><body><div class="c">a<div class="children">b<p class="reply">c</p>d
<div id="comment-4">e<span class="says">f</span>g</div>h</div>i<p class="says">j</p>k
<!-- note --><p>Your comment is awaiting moderation.</p>l<b>m<a href="?replytocom=1">n</a>o</b>
</div></body></html>"""


def test_a_cleaned_copy_leaves_out_what_dropping_every_match_left_out() -> None:
    # clean_copy does not look inside an element it drops (its elements leave with it):
    # the copy is the one that dropped every matching element, nested ones included.
    from lxml import etree

    from archiver.extract.comments.families._shared import (
        META_CLASSES,
        NOISE_CLASSES,
        clean_copy,
    )

    pages = [_NESTED_DROPS, _AWKWARD_CONTENT, *(p.read_text("utf-8")
                                                for p in FIXTURES.glob("*.html"))]
    checked = 0
    for html in pages:
        tree = parse_html_tree(html)
        for el in tree.iter("div", "p", "section", "article", "li", "ol", "blockquote"):
            for names in (NOISE_CLASSES, META_CLASSES):
                for meta_tails in (False, True):
                    copied = etree.tostring(clean_copy(el, names, meta_tails), encoding="unicode")
                    assert copied == _copy_dropping_every_match(el, names, meta_tails)
                    checked += 1
    assert checked > 1000


def test_a_moderation_notice_is_told_by_its_text_whatever_its_first_letter_test() -> None:
    from archiver.extract.comments import vocabulary as vocab
    from archiver.extract.comments.families._shared import _moderation_notice

    awkward = """<html><body><p>Your comment is awaiting moderation.</p>
    <p>  \n<em>Your comment is awaiting moderation.</em></p><p><!-- x -->Your comment is
    awaiting moderation.</p><p> </p><p>Comment awaiting moderation</p><em>you</em><i></i>
    <span>c<b>omment</b> is awaiting moderation</span><div>Thanks: your comment is
    awaiting moderation</div></body></html>"""
    pages = [awkward, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    notices = 0
    for html in pages:
        for el in parse_html_tree(html).iter("p", "em", "span", "div", "strong", "i"):
            expected = vocab.MODERATION.match("".join(el.itertext())) is not None
            assert _moderation_notice(el) == expected
            notices += expected
    assert notices >= 3
