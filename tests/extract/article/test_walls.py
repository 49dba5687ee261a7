"""The readers of a page without a theme container (the text between headline and thread,
trafilatura over the whole page) see it without its comment section and noise, and the
page is left exactly as it was."""

from __future__ import annotations

import lxml.html
import pytest

from archiver.extract.article import article_from_tree
from archiver.extract.comments import parse_html_tree

PROSE = ("The harbour master keeps a ledger of every tide since the sea wall went up, and "
         "each entry is written in the same careful hand. ")
# No theme container (no entry-content, no articleBody): the body is what lies between the
# headline and the thread, or, with the thread printed above the post, trafilatura's. The
# thread's markup names no "comment" (trafilatura would drop that by itself): only the
# walls keep it out.
POST = f"""<div id="main"><h1>Ledger of tides</h1>
<p>{PROSE * 3}</p><p>{PROSE * 2}Tail text after a button <button>Share</button> stays.</p>
<p>{PROSE * 2}</p></div>"""
THREAD = """<div id="discussion" class="discussion"><h2 class="count">2 comments</h2>
<ol class="thread">
<li id="comment-1" class="reaction"><article class="reaction-body">
<footer class="meta"><b class="fn">Ola</b>
<time datetime="2031-05-06T10:00:00+00:00">May 6, 2031</time></footer>
<div class="text"><p>Commenter prose about the ledger must not be the body.</p>
</div></article></li>
<li id="comment-2" class="reaction"><article class="reaction-body">
<footer class="meta"><b class="fn">Per</b>
<time datetime="2031-05-07T10:00:00+00:00">May 7, 2031</time></footer>
<div class="text"><p>A second commenter replies at some length here.</p>
</div></article></li></ol></div>"""
HEAD = """<html><head><title>Ledger of tides</title>
<script>var tracking = "script text is not prose";</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About the harbour</a></nav>"""
PAGE = f"{HEAD}{POST}{THREAD}</body></html>"
THREAD_FIRST = f"{HEAD}{THREAD}{POST}</body></html>"


@pytest.mark.parametrize("page", [PAGE, THREAD_FIRST], ids=["between", "trafilatura"])
def test_loose_body_without_comments_and_page_unchanged(page: str) -> None:
    tree = parse_html_tree(page)
    before = lxml.html.tostring(tree)
    found = article_from_tree("https://harbour.example/ledger-of-tides", tree)
    assert lxml.html.tostring(tree) == before
    assert "careful hand" in found["body_text"]
    assert "Tail text after a button" in found["body_text"]
    assert "Commenter prose" not in found["body_text"]
    assert "script text" not in found["body_text"]

