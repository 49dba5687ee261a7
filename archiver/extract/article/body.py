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

from archiver.extract.absolute import join_url
from archiver.extract.article import furniture
from archiver.extract.article import headline as _headline
from archiver.extract.article import selectors as sel
from archiver.extract.article.context import PageContext
from archiver.extract.pageindex import page_index
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


# (tag, attribute) pairs holding a URL that the body's HTML keeps (text.BODY_ATTRIBUTES)
_KEPT_LINKS = {"a": "href", "img": "src", "blockquote": "cite", "q": "cite"}


def _absolute_links(el: etree._Element, base: str) -> None:
    """Links made absolute as lxml's make_links_absolute does, for the attributes the
    sanitizer keeps only: its iterlinks tests every link attribute and stylesheet."""
    for node in el.iter(*_KEPT_LINKS):
        attribute = _KEPT_LINKS[node.tag]
        link = node.get(attribute)
        if link is None:
            continue
        try:
            joined = join_url(base, link.strip())
        except ValueError:
            continue
        if joined != link:
            node.set(attribute, joined)


def _from_element(el: etree._Element, base: str) -> tuple[str, str]:
    _absolute_links(el, base)
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


def _thread(ctx: PageContext) -> etree._Element | None:
    """The section holding the comments read, not any element named for comments (a count
    next to the headline, a form's menus)."""
    if not ctx.comments.elements:
        return None
    first = ctx.comments.elements[0]
    sections = set(ctx.comments.sections)
    return next((a for a in reversed(list(first.iterancestors())) if a in sections), first)


def _before(first: etree._Element, second: etree._Element) -> bool:
    return (first.sourceline or 0) < (second.sourceline or 0)


def _after_thread(ctx: PageContext, heading: etree._Element | None) -> list[etree._Element]:
    """What follows the comment thread in the page (sidebars, footers): a post's text never
    comes after its own comments. Only when the thread follows the headline."""
    thread = _thread(ctx)
    if heading is None or thread is None or not _before(heading, thread):
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


_FROM, _TO = "data-archiver-from", "data-archiver-to"


def _cut_before(start: etree._Element, root: etree._Element) -> None:
    """Remove `start` and all that precedes it inside `root`; its tail stays."""
    node = start
    while node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.text = None
        node = parent
    drop(start)


def _cut_from(end: etree._Element, root: etree._Element) -> None:
    """Remove `end` and all that follows it inside `root`."""
    node = end
    while node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node.tail = None
        node = parent
    end.getparent().remove(end)


def _titled(ctx: PageContext, thread: etree._Element) -> etree._Element | None:
    """The element printing the page's title before the thread, when no heading does (a
    bold paragraph in old blog templates): the last such, as breadcrumbs come first."""
    full = _headline.head_title(ctx)
    segments = _headline.title_segments(full)
    titles = {collapse(t) for t in (full, *segments, ctx.meta1("og:title", "twitter:title"))
              if t}
    if len(segments) > 1:  # the title without the site's name before or after it
        titles.add(full[full.find(segments[1]):])
        titles.add(full[:full.rfind(segments[-1])].rstrip(" |-–—:»«·•@"))
    site = _headline.site_names(ctx)
    titles = {t for t in titles if t and _headline.key(t) not in site}
    if not titles:
        return None
    shortest = min(len(t) for t in titles)
    found: etree._Element | None = None
    longest = 0
    page = ctx.tree.find("body")
    for el in page.iter() if page is not None else ():
        if el is thread:
            break
        text = el.text
        if not text or len(text) < shortest or not isinstance(el.tag, str):
            continue
        text = collapse(text)
        # The longest title printed wins (the site's own name is a title segment too);
        # among equals the last, as breadcrumbs come first.
        if text in titles and len(text) >= longest and not ctx.walled(el):
            found, longest = el, len(text)
    return found


def between(ctx: PageContext, heading: etree._Element | None) -> etree._Element | None:
    """A copy of what lies between the post's headline and its comment thread, without
    walls, noise and chrome: the post's text where the theme names no container for it
    (Blogger's and Movable Type's classic templates, hand-made and table layouts print the
    text loose after the headline), as the thread always comes after the post."""
    thread = _thread(ctx)
    if thread is None:
        return None
    if heading is None:
        heading = _titled(ctx, thread)
    if heading is None or not _before(heading, thread):
        return None
    above = set(heading.iterancestors())
    top = next((a for a in thread.iterancestors() if a in above), None)
    if top is None or heading in set(thread.iterancestors()):
        return None
    heading.set(_FROM, "1")
    thread.set(_TO, "1")
    try:
        dup = walled_copy(top, [w for w in ctx.wall_list if w is not thread], noise=False)
    finally:
        del heading.attrib[_FROM], thread.attrib[_TO]
    ends = dup.xpath(f"//*[@{_FROM} or @{_TO}]")
    start = next((el for el in ends if el.get(_FROM)), None)
    end = next((el for el in ends if el.get(_TO)), None)
    if start is None or end is None:  # a wall held one of them
        return None
    _cut_from(end, dup)
    _cut_before(start, dup)
    furniture.clear(dup, chrome=True)
    return dup


def container(ctx: PageContext) -> etree._Element | None:
    """The element holding the post's text: the profile's, else the theme's."""
    for root in ctx.prof.results("body"):
        if isinstance(root, etree._Element):
            return root
    matches = [selector(ctx.tree, ctx.present) for selector in sel.CONTAINERS]
    for found in matches:
        first = ctx.first(found)
        if first is not None:
            return first
    # A comment section drawn around the whole page (markup broken around a search form,
    # say) holds the post too: then only the comments themselves and chrome wall it off.
    comments = set(ctx.comments.elements)
    for found in matches:
        for el in found:
            if not any(a in comments or furniture.is_chrome(a) for a in (el, *el.iterancestors())):
                return el
    return None


def _parts(ctx: PageContext, first: etree._Element) -> list[etree._Element]:
    """The container and its continuations: news themes split one body into several
    blocks of the same tag and class (around ads and paywall markers)."""
    if not first.get("class"):
        return [first]
    cls = first.get("class")
    same = [el for el in page_index(ctx.tree).tag(first.tag)  # //tag[@class = $cls]
            if el.get("class") == cls and not ctx.walled(el)]
    same = [el for el in same if not any(a in same for a in el.iterancestors())]
    return same if len(same) > 1 else [first]


_LEAD_WORDS = 30  # at most a kicker, a dateline or a breadcrumb before the headline


def _entry_copy(ctx: PageContext, part: etree._Element, heading: etree._Element | None
                ) -> etree._Element:
    """A walled copy of the container, starting after the headline when the container
    holds it (an articleBody-marked <article> around h1 and text): the headline, and the
    kicker or dateline printed above it, are fields of their own."""
    marked = heading is not None and part in set(heading.iterancestors())
    if marked:
        heading.set(_FROM, "1")
    try:
        dup = walled_copy(part, ctx.wall_list)
    finally:
        if marked:
            del heading.attrib[_FROM]
    start = dup.find(f".//*[@{_FROM}]") if marked else dup.find(".//h1")
    if start is not None and _words_before(dup, start) <= _LEAD_WORDS:
        _cut_before(start, dup)
    furniture.clear(dup)
    return dup


def _words_before(root: etree._Element, start: etree._Element) -> int:
    """Words printed before `start` inside `root` (counting stops past the lead's size)."""
    holders = set(start.iterancestors())  # their tails come after it
    words = 0
    for node in root.iter():
        if node is start or words > _LEAD_WORDS:
            break
        words += len((node.text or "").split())
        if node.tail and node not in holders:
            words += len(node.tail.split())
    return words


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
        pieces = [_from_element(_entry_copy(ctx, part, heading), ctx.url)
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
    if found is not None and heading is not None and _before(heading, found):
        # The theme's container under the headline holds no text once its share bar is
        # gone: an image or video post. Looser readers would only find the page's furniture.
        return "", html
    loose = between(ctx, heading)
    if loose is not None:
        text, html = _from_element(loose, ctx.url)
        if text:
            return text, html
    return _trafilatura(ctx, heading)
