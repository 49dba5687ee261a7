"""HTML sanitizing of comment and body markup (archiver.extract.text.clean_html)."""

from __future__ import annotations

from archiver.extract.text import (
    BODY_ATTRIBUTES,
    BODY_TAGS,
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    clean_html,
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
