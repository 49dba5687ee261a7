"""HTML sanitizing of comment and body markup (archiver.extract.text.clean_html), and the
whitespace collapsing of the text readers."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from archiver.extract.text import (
    BODY_ATTRIBUTES,
    BODY_TAGS,
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
    collapse,
    element_text,
)

MARKUP = ('<h2 onclick="x()">Title</h2><p>Hi <a href="javascript:alert(1)">x</a> '
          '<a href="https://example.org/" title="t">y</a><img src="https://example.org/i.png">'
          '</p><script>alert(1)</script><style>p{}</style>')


def test_each_allowlist_keeps_its_own_tags_and_attributes():
    # The sanitizer is built once per allowlist: a comment's must never serve a body, nor
    # the other way round, whichever is cleaned first.
    for _ in range(2):
        comment = clean_html(MARKUP, COMMENT_TAGS, COMMENT_ATTRIBUTES)
        body = clean_html(MARKUP, BODY_TAGS, BODY_ATTRIBUTES)
        assert comment == ('Title<p>Hi <a rel="nofollow noopener">x</a> '
                           '<a href="https://example.org/" title="t" rel="nofollow noopener">y</a>'
                           '</p>')
        assert body == ('<h2>Title</h2><p>Hi <a rel="nofollow noopener">x</a> '
                        '<a href="https://example.org/" title="t" rel="nofollow noopener">y</a>'
                        '<img src="https://example.org/i.png"></p>')


def test_an_allowlist_given_as_a_new_object_is_the_same_allowlist():
    assert clean_html("<p><b>a</b><u>b</u></p>", {"p", "b"}, {}) == "<p><b>a</b>b</p>"
    assert clean_html("<p><b>a</b><u>b</u></p>", ["p", "u"], {}) == "<p>a<u>b</u></p>"
    # the comments' own allowlist (its sanitizer kept apart) and an equal copy of it
    copied = {tag: set(names) for tag, names in COMMENT_ATTRIBUTES.items()}
    for markup in (MARKUP, "<blockquote>q</blockquote><u>u</u> &amp; <a href=/x>x</a>"):
        assert clean_html(markup, COMMENT_TAGS, COMMENT_ATTRIBUTES) == \
            clean_html(markup, set(COMMENT_TAGS), copied)


# Whitespace of every kind str.split() and re's \s know (nbsp, the C1 and Unicode spaces),
# the <br> stand-in, and letters.
_PIECES = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000\x00ab", max_size=30)
_XML_PIECES = st.text(alphabet=" \t\n\r\x85\xa0\u2003\u3000ab", max_size=30)  # no controls


@settings(max_examples=500, deadline=None)
@given(_PIECES)
def test_collapse_is_whitespace_runs_to_one_space_stripped(text: str) -> None:
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_XML_PIECES, st.sampled_from(["br", "span", "p", "b"]),
                          _XML_PIECES), max_size=6))
def test_element_text_collapses_inline_whitespace_and_keeps_line_breaks(parts: list) -> None:
    # What element_text gave when it collapsed with re: every block's text with its
    # whitespace runs as one space, a space beside a <br> dropped, <br> a newline.
    root = etree.Element("div")
    for text, tag, tail in parts:
        child = etree.SubElement(root, tag)
        child.text = text or None
        child.tail = tail or None
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(buf))
        text = re.sub(" ?\x00 ?", "\x00", text).replace("\x00", "\n").strip()
        if text:
            blocks.append(text)
        buf.clear()

    for child in root:
        if child.tag == "br":
            buf.append("\x00")
        elif child.tag == "p":
            flush()
            buf.append(child.text or "")
            flush()
        else:
            buf.append(child.text or "")
        buf.append(child.tail or "")
    flush()
    assert element_text(root) == "\n\n".join(blocks)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\xa0\u2003ab-", max_size=20),
       st.lists(st.text(alphabet="ab-", min_size=1, max_size=3), min_size=1, max_size=3))
def test_has_class_is_any_name_among_the_whitespace_split_tokens(value: str,
                                                                 names: list[str]) -> None:
    from archiver.extract.text import has_class

    el = etree.Element("div", {"class": value})
    assert has_class(el, *names) == any(name in value.split() for name in names)
