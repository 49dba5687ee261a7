"""The comment reader's text heads (evidence.inline_head) against the whole inline text."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from archiver.extract.comments import parse_html_tree
from archiver.extract.comments.evidence import inline_head
from archiver.extract.text import inline_text

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comments"
AWKWARD = """<html><body><p>  a  <b>b</b> c </p><span>\xa0one\u2003two\n</span><i></i><a> </a>
<script>x = 1</script><p><!-- c -->tail</p><svg><text>no</text></svg><em>emphasis</em>
<p>leaf of exactly ten</p><textarea>never text</textarea><p>24 janvier 2017<br>12h10</p>
<br></body></html>"""


def test_a_head_is_the_whole_inline_text_or_a_prefix_long_enough() -> None:
    pages = [AWKWARD, *(p.read_text("utf-8") for p in FIXTURES.glob("*.html"))]
    leaves = 0
    for html in pages:
        for el in parse_html_tree(html).iter():
            whole_text = inline_text(el) if isinstance(el.tag, str) else ""
            solid = len("".join(whole_text.split()))
            leaves += not len(el)
            for limit in (1, 5, 10, 60, 200):
                text, whole = inline_head(el, limit)
                if whole:
                    assert text == whole_text and solid < limit, etree.tostring(el)
                else:  # reading stopped once `limit` non-space characters were read
                    assert whole_text.startswith(text) and len("".join(text.split())) >= limit
    assert leaves > 200
