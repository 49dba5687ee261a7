"""A reply chain costs the comment readers work in proportion to its length, not its square.

The work is counted as Python and C function calls while reading (deterministic, unlike a
clock on a shared machine): doubling the chain must not much more than double it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from archiver.extract.comments import comments_from_tree, parse_html_tree

URL = "https://mag.example/2025/a-post/"


def wordpress_chain(depth: int) -> str:
    """WordPress's html5 walker, each comment answering the one before."""
    opened = "".join(
        f'<li class="comment" id="comment-{n}"><article class="comment-body">'
        f'<footer class="comment-meta"><b class="fn">user{n}</b></footer>'
        f'<div class="comment-content"><p>reply {n}</p></div></article><ol class="children">'
        for n in range(depth))
    return (f'<html><body><article><h1>T</h1><p>body</p></article><div id="comments">'
            f'<ol class="commentlist">{opened}{"</ol></li>" * depth}</ol></div></body></html>')


def paged_wordpress_chain(depth: int) -> str:
    """WordPress's html5 walker on a thread split into comment pages: each comment's date
    links to its permalink on a comment page (``/comment-page-N/#comment-ID``)."""
    opened = "".join(
        f'<li class="comment" id="comment-{n}"><article class="comment-body">'
        f'<footer class="comment-meta"><b class="fn">user{n}</b>'
        f'<a href="/2025/a-post/comment-page-2/#comment-{n}">'
        f'<time datetime="2025-03-01T10:{n % 60:02d}:00Z">1 March</time></a></footer>'
        f'<div class="comment-content"><p>reply {n}</p></div></article><ol class="children">'
        for n in range(depth))
    return (f'<html><body><article><h1>T</h1><p>body</p></article><div id="comments">'
            f'<ol class="commentlist">{opened}{"</ol></li>" * depth}</ol></div></body></html>')


def generic_chain(depth: int) -> str:
    """A markup no family knows: nested blocks with a person, a time and a text."""
    opened = "".join(
        f'<div class="post-reply" data-id="{n}"><span class="who">user{n}</span>'
        f'<time datetime="2025-03-01T10:{n % 60:02d}:00Z">1 March</time>'
        f'<div class="words">reply number {n} says something</div>'
        for n in range(depth))
    return (f'<html><body><article><h1>T</h1><p>body</p></article>'
            f'<section class="discussion">{opened}{"</div>" * depth}</section></body></html>')


def calls_to_read(html: str) -> tuple[int, list[dict]]:
    tree = parse_html_tree(html, [])
    count = 0

    def counter(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(counter)
    try:
        comments = comments_from_tree(URL, tree).comments
    finally:
        sys.setprofile(None)
    return count, comments


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("chain", "markup_platform"),
                         [(wordpress_chain, "wordpress"), (paged_wordpress_chain, "wordpress"),
                          (generic_chain, "html")])
def test_a_1000_deep_reply_chain_is_read_whole_with_linear_work(
        chain: Callable[[int], str], markup_platform: str) -> None:
    small, _ = calls_to_read(chain(250))
    large, comments = calls_to_read(chain(1000))
    assert len(comments) == 1000
    assert {c["platform"] for c in comments} == {markup_platform}
    assert [c["depth"] for c in comments] == list(range(1000))
    assert all(c["parent_id"] == comments[n - 1]["id"] for n, c in enumerate(comments) if n)
    assert "reply" in comments[-1]["text"] and "999" in comments[-1]["text"]
    # Four times the chain: linear work is ~4x the calls, quadratic ~16x.
    assert large < 6 * small, f"{large} calls for 1000 replies vs {small} for 250"
