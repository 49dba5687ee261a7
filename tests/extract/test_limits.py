"""The parser reads deep threads whole, and a page's cost to it is bounded and noted."""

from __future__ import annotations

import pytest

from archiver.extract import extract_page
from archiver.extract.limits import MAX_ATTRIBUTES, cap_attributes, parse_document

HEADERS = {"content-type": "text/html; charset=utf-8"}


def chain(depth: int) -> bytes:
    opened = "".join(
        f'<li class="comment" id="comment-{n}"><article class="comment-body">'
        f'<footer class="comment-meta"><b class="fn">user{n}</b></footer>'
        f'<div class="comment-content"><p>reply {n}</p></div></article><ol class="children">'
        for n in range(depth))
    return (f'<html><body><article><h1>T</h1><p>body</p></article><div id="comments">'
            f'<ol class="commentlist">{opened}{"</ol></li>" * depth}</ol></div></body></html>'
            ).encode()


def test_a_reply_chain_deeper_than_libxml2s_default_limit_is_read_whole():
    page = extract_page("https://mag.example/a/", chain(300), HEADERS)
    assert len(page["comments"]) == 300
    assert page["comments"][-1]["text"] == "reply 299"
    assert page["comments"][-1]["depth"] == 299
    assert page["notes"] == []


@pytest.mark.slow  # comment extraction is quadratic in nesting depth: seconds here
def test_nesting_beyond_the_parsers_bound_is_noted():
    page = extract_page("https://mag.example/a/", chain(1100), HEADERS)
    assert 900 < len(page["comments"]) < 1100
    assert len(page["notes"]) == 1 and "nested beyond the parser's limit" in page["notes"][0]


def test_an_element_with_80000_attributes_keeps_the_first_ones_and_the_rest_of_the_page():
    attributes = " ".join(f'a{n}="v>{n}"' for n in range(80_000))
    html = f'<html><body><div id="x" {attributes}>inside</div><p>after</p></body></html>'
    notes: list[str] = []
    tree = parse_document(html, notes)
    [div] = tree.xpath("//div")
    assert len(div.attrib) == MAX_ATTRIBUTES
    assert div.get("id") == "x" and div.text == "inside"
    assert tree.xpath("//p/text()") == ["after"]
    assert len(notes) == 1 and "80001" in notes[0]


def test_ordinary_markup_is_left_as_it_is():
    html = '<p class="a" data-x=\'{"k": ">"}\' hidden>text</p>' + "<br>" * 1000
    notes: list[str] = []
    assert cap_attributes(html, notes) == html
    assert notes == []
