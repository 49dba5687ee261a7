"""The article body: the theme's container, cut free of walls and noise in one pass."""

from __future__ import annotations

import sys
from types import FrameType

from archiver.extract.article.body import walled_copy
from archiver.extract.comments import parse_html_tree


def nested_thread(depth: int) -> str:
    """An entry whose comment thread nests each reply inside the one before."""
    opened = "".join(f'<div class="reply" id="r{n}"><p>reply {n}</p>' for n in range(depth))
    return (f'<html><body><div class="entry-content"><p>The post itself.</p>'
            f'<aside><p>An aside</p></aside>{opened}{"</div>" * depth}'
            f'<p>After the thread.</p></div></body></html>')


def removals(depth: int) -> tuple[int, str]:
    tree = parse_html_tree(nested_thread(depth), [])
    entry = tree.find(".//div[@class='entry-content']")
    walls = tree.xpath("//div[@class='reply']")
    count = 0

    def counter(frame: FrameType, event: str, _arg: object) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_name == "drop":
            count += 1

    sys.setprofile(counter)
    try:
        copy = walled_copy(entry, walls)
    finally:
        sys.setprofile(None)
    return count, copy.text_content()


def test_nested_walls_are_cut_once_not_one_by_one() -> None:
    # lxml's remove walks the subtree it takes out: dropping each nested reply on its own
    # was quadratic in the thread's depth.
    count, text = removals(300)
    assert count == 2  # the thread's outermost reply and the aside
    assert text == "The post itself.After the thread."


def test_walled_copy_leaves_the_page_as_it_was() -> None:
    tree = parse_html_tree(nested_thread(5), [])
    entry = tree.find(".//div[@class='entry-content']")
    walled_copy(entry, tree.xpath("//div[@class='reply']"))
    assert len(tree.xpath("//div[@class='reply']")) == 5
    assert not tree.xpath("//*[@data-archiver-wall]")
