"""The article body: the profile's or the theme's container first, trafilatura as the
fallback. Never comment text: the comment section, forms, navigation, asides and scripts are
removed from a copy of the container before any text is taken."""

from __future__ import annotations

import copy
import html as _html
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import lxml.html
from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.article.context import PageContext
from archiver.extract.text import (
    BODY_ATTRIBUTES,
    BODY_TAGS,
    clean_html,
    collapse,
    drop,
    element_text,
    inline_text,
    inner_html,
)

_SAME_CLASS = etree.XPath("//*[local-name() = $tag and @class = $cls]")
_EMPTY_BLOCK = re.compile(r"<(div|p|figure)>\s*</\1>")


def walled_copy(el: etree._Element, walls: Iterable[etree._Element], noise: bool = True
                ) -> etree._Element:
    """A copy of `el` without the walls (and, with `noise`, without forms, navigation,
    asides, scripts and the themes' meta lines)."""
    marked = []
    try:
        for wall in walls:
            if wall.get(sel.WALL_MARK) is None:
                wall.set(sel.WALL_MARK, "1")
                marked.append(wall)
        dup = copy.deepcopy(el)
    finally:
        for wall in marked:
            del wall.attrib[sel.WALL_MARK]
    dup.tail = None
    # Only the outermost: lxml's remove walks the subtree it takes out, so dropping nested
    # walls one by one (a reply inside a reply ...) was quadratic in a thread's depth.
    for node in sel.outermost(dup, sel.is_noise if noise else sel.is_wall):
        drop(node)
    return dup


@contextmanager
def walls_lifted(tree: etree._Element, walls: Iterable[etree._Element], noise: bool = True
                 ) -> Iterator[etree._Element]:
    """The page itself with the walls (and, with `noise`, what `walled_copy` drops) taken
    out for the duration, their tails kept in place, then put back exactly.

    For trafilatura and htmldate, which copy a tree they are given before they change it:
    handing them a walled copy would copy the whole page twice.
    """
    doomed = set(walls)
    if noise:
        doomed.update(sel.body_noise(tree))
    outermost = [el for el in doomed if el is not tree and el.getparent() is not None
                 and not any(a in doomed for a in el.iterancestors())]
    # (element, parent, index, the node given its tail, that node's text or tail before)
    lifted: list[tuple[etree._Element, etree._Element, int, etree._Element, str | None]] = []
    try:
        for el in outermost:
            parent = el.getparent()
            prev = el.getprevious()
            holder = prev if prev is not None else parent
            before = holder.tail if prev is not None else holder.text
            if el.tail:
                if prev is not None:
                    prev.tail = (before or "") + el.tail
                else:
                    parent.text = (before or "") + el.tail
            lifted.append((el, parent, parent.index(el), holder, before))
            parent.remove(el)  # lxml keeps the removed element's tail on it
        yield tree
    finally:
        for el, parent, index, holder, before in reversed(lifted):
            parent.insert(index, el)
            if holder is parent:
                parent.text = before
            else:
                holder.tail = before


def _from_element(el: etree._Element, base: str) -> tuple[str, str]:
    el.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    html = clean_html(inner_html(el), BODY_TAGS, BODY_ATTRIBUTES)
    # Wrappers emptied by the noise removal (share boxes, sign-up forms) say nothing.
    return element_text(el), _EMPTY_BLOCK.sub("", html)


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{_html.escape(p, quote=False)}</p>" for p in text.split("\n\n"))


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _from_headline(fragment: etree._Element, headline: str | None) -> None:
    """Cut what trafilatura kept before the post's headline (the site's name and tagline,
    navigation, a date header) and the headline itself: the body starts after it."""
    if not headline:
        return
    wanted = collapse(headline)
    heading = next((h for h in fragment.iter(*_HEADINGS) if collapse(h.text_content()) == wanted),
                   None)
    if heading is None:
        return
    node = heading
    while node is not fragment and node.getparent() is not None:
        parent = node.getparent()
        for sibling in list(node.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.text = None
        node = parent
    parent = heading.getparent()
    parent.text = heading.tail
    parent.remove(heading)


def _after_thread(ctx: PageContext, heading: etree._Element | None) -> list[etree._Element]:
    """What follows the comment thread in the page (sidebars, footers): a post's text never
    comes after its own comments. Only when the thread follows the headline."""
    if heading is None or not ctx.comments.elements:
        return []
    # The section holding the comments read, not any element named for comments (a count
    # next to the headline, a form's menus).
    first = ctx.comments.elements[0]
    sections = set(ctx.comments.sections)
    thread = next((a for a in reversed(list(first.iterancestors())) if a in sections), first)
    if not (heading.sourceline or 0) < (thread.sourceline or 0):
        return []
    after: list[etree._Element] = []
    for node in (thread, *thread.iterancestors()):
        if node.tag in ("body", "html"):
            break
        after.extend(el for el in node.itersiblings() if isinstance(el.tag, str))
    return after


def _trafilatura(ctx: PageContext, heading: etree._Element | None = None) -> tuple[str, str]:
    import trafilatura

    headline = inline_text(heading) if heading is not None else None
    with walls_lifted(ctx.tree, [*ctx.wall_list, *_after_thread(ctx, heading)]) as page:
        result = trafilatura.extract(
            page, url=ctx.url, output_format="html", favor_precision=True,
            include_comments=False, include_links=True, include_formatting=True,
            include_tables=True, with_metadata=False)
    if not result:
        return "", ""
    fragment = lxml.html.fragment_fromstring(result, create_parent="div")
    _from_headline(fragment, headline)
    for h in fragment.iter("head", "title"):
        h.getparent().remove(h)
    return _from_element(fragment, ctx.url)


def container(ctx: PageContext) -> etree._Element | None:
    """The element holding the post's text: the profile's, else the theme's."""
    for root in ctx.prof.results("body"):
        if isinstance(root, etree._Element):
            return root
    for selector in sel.CONTAINERS:
        found = ctx.first(selector(ctx.tree, ctx.present))
        if found is not None:
            return found
    return None


def _parts(ctx: PageContext, first: etree._Element) -> list[etree._Element]:
    """The container and its continuations: news themes split one body into several
    blocks of the same tag and class (around ads and paywall markers)."""
    if not first.get("class"):
        return [first]
    same = [el for el in _SAME_CLASS(ctx.tree, tag=first.tag, cls=first.get("class"))
            if not ctx.walled(el)]
    same = [el for el in same if not any(a in same for a in el.iterancestors())]
    return same if len(same) > 1 else [first]


def _unescaped(text: str) -> str:
    """JSON-LD text with the HTML entities CMSs leave in it ("&amp;quot;", "&ndash;"): a
    <script> is not HTML-decoded, and templates often escape the text once or twice."""
    for _ in range(2):
        if "&" not in text:
            break
        text = _html.unescape(text)
    return text


def body(ctx: PageContext, found: etree._Element | None,
         heading: etree._Element | None = None) -> tuple[str, str]:
    """(body_text, body_html) of the post; `heading`: the visible headline's element."""
    text = html = ""
    if found is not None:
        pieces = [_from_element(walled_copy(part, ctx.wall_list), ctx.url)
                  for part in _parts(ctx, found)]
        text = "\n\n".join(t for t, _ in pieces if t)
        html = "".join(h for _, h in pieces)
    article_body = ctx.node.get("articleBody")
    if isinstance(article_body, str) and article_body.strip():
        article_body = _unescaped(article_body)
        paragraphs = [collapse(p) for p in re.split(r"\n\s*\n|\r?\n", article_body)]
        jsonld_text = "\n\n".join(p for p in paragraphs if p)
        # JSON-LD articleBody is the author's text without the theme's share buttons and
        # related-post boxes; prefer it unless it is a truncated teaser.
        if jsonld_text and len(jsonld_text) >= 0.5 * len(text):
            return jsonld_text, html or _paragraphs_html(jsonld_text)
    if found is not None and text:
        return text, html
    return _trafilatura(ctx, heading)
