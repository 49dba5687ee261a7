"""WordPress core comment walkers and the themes built on them.

* ``wordpress-html5``: core ``Walker_Comment::html5_comment`` and themes built on it
  (``li.comment#comment-N > article.comment-body#div-comment-N``, ``.comment-content``,
  ``time[datetime]``), with ``ol``/``ul``/``div`` lists and ``.children`` nesting;
* ``wordpress-legacy``: the pre-HTML5 walker and Kubrick/Twenty Ten templates
  (``li#comment-N``/``li#li-comment-N``, ``cite.fn``, ``.commentmetadata`` printed dates).
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import (
    PageContext,
    Thread,
    comment_dict,
    href_of,
    in_scope,
    is_pingback,
    nearest_comment,
    not_discussion,
)
from archiver.extract.comments.families._shared import (
    META_CLASSES,
    NOISE_CLASSES,
    Found,
    author_name,
    class_test,
    clean_copy,
    cleaned_content,
    content_of,
    depth_of,
    first_owned,
    has_ancestor,
    has_descendant,
    owner_of,
)
from archiver.extract.comments.fields import read_entry
from archiver.extract.text import drop, has_class, inline_text

NAME = "wordpress"
_WP_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
# Compiled once: element.xpath(string) compiles the expression on every comment.
_URL_LINKS = etree.XPath(".//a[" + class_test("url") + "]")


def _wordpress_elements(ids: list[tuple[etree._Element, str]],
                        scopes: list[etree._Element] | None) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = Found()
    pingbacks: dict = {}
    chrome: dict = {}
    # Over the page's elements with an id, with str.startswith: half an XPath with starts-with().
    for el, ident in ids:
        if not ident.startswith(("comment-", "li-comment-")):
            continue
        match = _WP_ID.match(ident)
        if not match or el.tag not in ("li", "div", "article"):
            continue
        if is_pingback(el, pingbacks) or not_discussion(el, memo=chrome) or not in_scope(
                el, scopes):
            continue
        outer = nearest_comment(el, found)
        if outer is not None and found[outer] == match.group(1):
            continue  # Twenty Ten: li#li-comment-N wraps div#comment-N, one comment
        found[el] = match.group(1)
    # Anchors such as <div id="comment-3"> used by non-WordPress themes only count when
    # the markup looks like WordPress's.
    if found and not _wordpress_walker(found):
        return {}  # another platform's "comment-N" ids (Mezzanine, Drupal anchors)
    if found and not any(
        has_class(el, "comment") or has_ancestor(el, _LISTS)
        or has_descendant(el, _AUTHOR) for el in found
    ):
        return {}
    return found


_LISTS = frozenset({"comment-list", "commentlist"})
_AUTHOR = frozenset({"comment-author"})
_WALKER = frozenset(vocab.WORDPRESS_CLASSES)
_HTML5_PARTS = frozenset({"comment-content", "comment-metadata"})
_HTML5_BODY = frozenset({"comment-body"})


def _wordpress_walker(found: dict) -> bool:
    """True when the entries carry the walker's own classes, or sit in its list."""
    sample = list(found)[:6]
    hits = sum(1 for el in sample if has_ancestor(el, _LISTS) or has_descendant(el, _WALKER))
    return hits * 2 >= len(sample)


def _wordpress_markup(found: dict) -> str:
    for el in found:
        if has_descendant(el, _HTML5_PARTS) or has_descendant(el, _HTML5_BODY, "article"):
            return "wordpress-html5"
    return "wordpress-legacy"


def _wrapper(el: etree._Element, cid: str, found: dict,
             blocks: dict[str, list[tuple[int, etree._Element]]]) -> etree._Element | None:
    """The first element with id div-comment-CID or comment-CID whose nearest comment is
    `el` (what `.//*[@id=...]` and first_owned find), from the page's ids: no XPath
    compiled per comment, no walk of its replies."""
    for _position, node in sorted(blocks.get(f"div-comment-{cid}", [])
                                  + blocks.get(f"comment-{cid}", []), key=lambda b: b[0]):
        if owner_of(node, found) is el:
            return node
    return None


def _blocks(ids: list[tuple[etree._Element, str]]
            ) -> dict[str, list[tuple[int, etree._Element]]]:
    """The page's elements with a comment-N or div-comment-N id, by id, in page order."""
    out: dict[str, list[tuple[int, etree._Element]]] = {}
    for position, (el, ident) in enumerate(ids):
        if ident.startswith(("comment-", "div-comment-")):
            out.setdefault(ident, []).append((position, el))
    return out


def _wordpress_comment(el: etree._Element, cid: str, found: dict, base: str, markup: str,
                       blocks: dict[str, list[tuple[int, etree._Element]]]
                       ) -> tuple[str | None, str | None, str | None, str, str]:
    """(name, url, published_raw, text, html) of one WordPress comment."""
    author = first_owned(el, ".//*[" + class_test("comment-author") + "]", found)
    if author is None:
        author = first_owned(el, ".//*[" + class_test("vcard") + "]", found)
    scope = author if author is not None else el
    fn = first_owned(scope, ".//*[" + class_test("fn") + "]", found) \
        if scope is not el else None
    if fn is None:
        fn = first_owned(el, ".//*[" + class_test("fn") + "] | .//cite", found)
    name = author_name(fn)
    link = None
    if fn is not None:
        link = fn if fn.tag == "a" else next(iter(fn.iter("a")), None)
        if link is None:
            link = next((a for a in fn.iterancestors("a")), None)
    if link is None and author is not None:
        link = next(iter(_URL_LINKS(author)), None)
    url = href_of(link, base)

    published = None
    time_el = first_owned(el, ".//time[@datetime]", found)
    if time_el is not None:
        published = time_el.get("datetime").strip() or None
    if published is None:
        meta = first_owned(
            el, ".//*[" + " or ".join(class_test(c) for c in (
                "comment-metadata", "commentmetadata", "comment-meta", "comment-date"))
            + "]", found)
        if meta is not None:
            anchor = next((a for a in meta.iter("a") if not has_class(a, "comment-edit-link")),
                          None)
            published = inline_text(anchor if anchor is not None else meta,
                                    skip=("comment-edit-link", "edit-link")) or None
            if published:
                published = re.sub(r"\s*\(Edit\)\s*$", "", published) or None

    content = None
    if markup == "wordpress-html5":
        content = first_owned(el, ".//*[" + class_test("comment-content") + "]", found)
    if content is None:
        wrapper = _wrapper(el, cid, found, blocks) \
            if el.get("id") != f"div-comment-{cid}" else None
        holder = wrapper if wrapper is not None else el
        inner = None
        if not has_class(holder, "comment-body"):
            inner = first_owned(holder, ".//*[" + " or ".join(class_test(c) for c in (
                "comment-body", "comment-text", "comment-content", "comment-entry")) + "]",
                found)
        content = inner if inner is not None else holder
        cleaned = clean_copy(content, META_CLASSES, drop_meta_tails=True)
        # Kubrick-era templates print the author as a bare <cite> and the date in <small>.
        for node in list(cleaned.iterchildren("cite", "small")):
            drop(node, keep_tail=False)
        text, html = content_of(cleaned)
        return name, url, published, text, html
    text, html = cleaned_content(content, NOISE_CLASSES)
    return name, url, published, text, html


def _parse_wordpress(found: dict, base: str, memo: dict,
                     ids: list[tuple[etree._Element, str]]) -> tuple[list[dict], str]:
    markup = _wordpress_markup(found)
    blocks = _blocks(ids)
    comments = []
    parents = {el: owner_of(el, found) for el in found}
    answered = set(parents.values())
    for el, cid in found.items():
        parent = parents[el]
        name, url, published, text, html = _wordpress_comment(el, cid, found, base, markup,
                                                              blocks)
        if parent is None and el not in answered and vocab.PINGBACK_EXCERPT.match(text):
            continue  # a pingback in a theme that gives it the comment markup
        if name is None or published is None:
            # A theme that prints the name or date outside the walker's classes (Avada's
            # bare <strong> and text-node date): read those by role, as anywhere else.
            entry = read_entry([el], found, base, base, memo)
            if entry is not None:
                if name is None:
                    name, url = entry.name, url or entry.url
                published = published or entry.published
        comments.append(comment_dict(
            cid=cid, parent_id=found[parent] if parent is not None else None,
            platform="wordpress", name=name, url=url,
            post_author=has_class(el, "bypostauthor"), published_raw=published, text=text,
            html=html, position=len(comments), depth=depth_of(el, found), article_url=base,
        ))
    return comments, markup


def read(ctx: PageContext) -> Thread | None:
    found = _wordpress_elements(ctx.ids, ctx.scopes)
    if not found:
        return None
    comments, markup = _parse_wordpress(found, ctx.base, ctx.roles, ctx.ids)
    return Thread(comments=comments, markup=markup, elements=list(found))
