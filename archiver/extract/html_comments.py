"""Reader comments printed in the page's HTML: WordPress, Disqus's WordPress fallback, others.

Markups understood (the name goes into ``article.comment_markup``):

* ``wordpress-html5``: core ``Walker_Comment::html5_comment`` and themes built on it
  (``li.comment#comment-N > article.comment-body#div-comment-N``, ``.comment-content``,
  ``time[datetime]``), with ``ol``/``ul``/``div`` lists and ``.children`` nesting;
* ``wordpress-legacy``: the pre-HTML5 walker and Kubrick/Twenty Ten templates
  (``li#comment-N``/``li#li-comment-N``, ``cite.fn``, ``.commentmetadata`` printed dates);
* ``disqus-wordpress``: the server-rendered fallback of the Disqus plugin
  (``#dsq-content > ul#dsq-comments > li#dsq-comment-N``); it prints no dates;
* ``generic``: a nested-list heuristic for other themes.

Pingbacks/trackbacks, "recent comments" widgets and the comment form never become comments.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.limits import parse_document
from archiver.extract.text import (
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    classes,
    clean_html,
    drop,
    element_text,
    has_class,
    inline_text,
    inner_html,
)
from archiver.profiles import Profile

__all__ = [
    "CommentsResult",
    "article_base_url",
    "comment_id_hash",
    "comment_sections",
    "comments_from_tree",
    "extract_comments",
    "parse_html_tree",
]

# Markup of whole comment sections and forms: walled off from article bodies, and the only
# place a "N comments" title is believed.
SECTION_IDS = ("comments", "comments-section", "comment-section", "disqus_thread",
               "dsq-content", "dsq-comments", "respond", "commentform", "isso-thread",
               "comment-wrapper", "comments-wrapper")
SECTION_CLASSES = ("comments-area", "comment-list", "commentlist", "comments", "comment-respond",
                   "wp-block-comments", "comments-wrapper", "comment-section",
                   "comments-section", "comments-container", "comments-list", "comment-form")


def _class_test(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# A cheap substring prefilter (every section class and most ids contain "comment"); the
# exact id/class-token test runs in Python on the few elements it lets through.
_SECTION_PREFILTER = etree.XPath(
    "//*[contains(@class, 'comment') or contains(@id, 'comment') or @id='respond'"
    " or @id='disqus_thread' or @id='dsq-content' or @id='isso-thread']"
)
_SECTION_ID_SET = frozenset(SECTION_IDS)
_SECTION_CLASS_SET = frozenset(SECTION_CLASSES)


def _section_candidates(tree: etree._Element) -> list[etree._Element]:
    return [el for el in _SECTION_PREFILTER(tree)
            if el.get("id") in _SECTION_ID_SET or classes(el) & _SECTION_CLASS_SET]
_WP_CANDIDATES = etree.XPath(
    "//*[starts-with(@id, 'comment-') or starts-with(@id, 'li-comment-')]"
)
_WP_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
_DSQ_CANDIDATES = etree.XPath("//li[starts-with(@id, 'dsq-comment-')]")
_DSQ_ID = re.compile(r"^dsq-comment-(\d+)$")
_GENERIC_CONTAINERS = etree.XPath(
    "//*[contains(translate(@id, 'COMENT', 'coment'), 'comment') or "
    "contains(translate(@class, 'COMENT', 'coment'), 'comment')]"
)
_GENERIC_ID = re.compile(
    r"^(?:li-|div-)?(?:comments?|cmt|c|reply|r|msg|message|post-comment)[-_]?(\d+)$", re.I
)
_COMMENT_PAGE = re.compile(r"/comment-page-\d+/?|[?&]cpage=\d+")
_COMMENT_PAGE_PATH = re.compile(r"/comment-page-\d+/?$")
_SAYS = re.compile(r"\s*(?:says|said|wrote)\s*:?\s*$", re.I)
_MODERATION = re.compile(
    r"^\s*(?:your\s+)?comment\s+is\s+awaiting\s+moderation\.?(?:\s+this is a preview.*)?\s*$",
    re.I | re.S,
)
_SPACE = re.compile(r"\s+")

_PINGBACK_CLASSES = ("pingback", "trackback", "type-pingback", "type-trackback")
# Places where comment-looking markup is not the article's discussion.
_NOT_DISCUSSION_CLASSES = frozenset({"sidebar", "widget", "widget-area", "widget_recent_comments",
                                     "recentcomments", "widget_comments", "recent-comments"})
_NOT_DISCUSSION_IDS = frozenset({"recentcomments", "sidebar", "secondary", "respond",
                                 "commentform"})
# Parts of a comment that are not what the reader wrote.
_NOISE_CLASSES = ("reply", "comment-reply-link", "comment-reply", "comment-awaiting-moderation",
                  "comment-edit-link", "edit-link", "comment-footer-meta", "says",
                  "screen-reader-text", "children", "comment-respond", "by-post-author")
_META_CLASSES = ("comment-author", "vcard", "comment-meta", "commentmetadata",
                 "comment-metadata", "avatar", "comment-awaiting-moderation", "reply",
                 "comment-reply-link", "comment-edit-link", "children", "says")


@dataclass
class CommentsResult:
    """What the comment extractor found, plus the elements to wall off from the body."""

    comments: list[dict]
    next: dict
    markup: str | None
    sections: list[etree._Element] = field(default_factory=list)
    elements: list[etree._Element] = field(default_factory=list)


def parse_html_tree(html_text: str, notes: list[str] | None = None) -> etree._Element:
    """Parse HTML text into an lxml tree; ExtractError when nothing parseable is there.

    Deep threads are read whole and the parser's work is bounded (archiver.extract.limits);
    when a bound is met, a line saying so is appended to `notes`."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", html_text, count=1)
    if not text.strip():
        raise ExtractError("the page is empty: nothing to parse as HTML")
    try:
        return parse_document(text, notes)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"the page cannot be parsed as HTML: {exc}") from None


def article_base_url(url: str) -> str:
    """The article URL behind a comment page: fragment, /comment-page-N/ and cpage dropped."""
    parts = urlsplit(url)
    path = _COMMENT_PAGE_PATH.sub("/", parts.path)
    query = parts.query
    if "cpage=" in query:  # rebuild only when needed: re-encoding would alter other params
        query = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                           if k != "cpage"])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def comment_id_hash(article_url: str, author: str | None, published_raw: str | None,
                    text: str, parent_id: str | None) -> str:
    """Stable id for a comment the page gives no id: "h:" + 16 hex of sha1 of its content."""
    words = " ".join(text.split()[:20])
    key = "\x1f".join([article_base_url(article_url), author or "", published_raw or "", words,
                       parent_id or ""])
    return "h:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _not_discussion(el: etree._Element, chrome_tags: tuple[str, ...] = ("aside", "form", "nav")
                    ) -> bool:
    """True when the element sits in a sidebar, widget, form or other non-thread place."""
    for node in el.iterancestors():
        tag = node.tag
        if tag in chrome_tags:
            return True
        if node.get("id") in _NOT_DISCUSSION_IDS:
            return True
        if classes(node) & _NOT_DISCUSSION_CLASSES:
            return True
    return False


def _is_pingback(el: etree._Element) -> bool:
    if has_class(el, *_PINGBACK_CLASSES):
        return True
    return any(has_class(a, *_PINGBACK_CLASSES) for a in el.iterancestors("li", "div"))


def _in_scope(el: etree._Element, scopes: list[etree._Element] | None) -> bool:
    if scopes is None:
        return True
    return any(el is s or s in el.iterancestors() for s in scopes)


def _nearest_comment(el: etree._Element, found: dict) -> etree._Element | None:
    for node in el.iterancestors():
        if node in found:
            return node
    return None


def _owned(el: etree._Element, nodes: Iterable[etree._Element], found: dict
           ) -> list[etree._Element]:
    """The nodes whose nearest enclosing comment is `el` (not a nested reply)."""
    out = []
    for node in nodes:
        if node is el or _nearest_comment(node, found) is el:
            out.append(node)
    return out


@functools.lru_cache(maxsize=64)
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


class _Found(dict):
    """Comment element -> id, plus each XPath's first match per comment, computed once.

    Looking a part up comment by comment re-scans every nested reply under each comment
    (quadratic in thread depth); one run per thread root, with every match assigned to its
    nearest comment, gives the same first match for all comments at once.
    """

    def __init__(self) -> None:
        super().__init__()
        self.memo: dict[str, dict[etree._Element, etree._Element]] = {}

    def first(self, xpath: str) -> dict[etree._Element, etree._Element]:
        table = self.memo.get(xpath)
        if table is None:
            table = {}
            compiled = _compiled(xpath)
            for root in [el for el in self if _nearest_comment(el, self) is None]:
                for node in compiled(root):
                    owner = _nearest_comment(node, self)
                    if owner is not None and owner not in table:
                        table[owner] = node
            self.memo[xpath] = table
        return table


def _first_owned(el: etree._Element, xpath: str, found: dict, memo: bool = True
                 ) -> etree._Element | None:
    """The first node under `el` matching `xpath` whose nearest enclosing comment is `el`."""
    if memo and isinstance(found, _Found):
        return found.first(xpath).get(el) if el in found else None
    for node in _compiled(xpath)(el):
        if _nearest_comment(node, found) is el:
            return node
    return None


def _clean_copy(el: etree._Element, drop_classes: Iterable[str], drop_meta_tails: bool = False
                ) -> etree._Element:
    """A copy of a comment's content without replies, reply links, notices and scripts."""
    dup = copy.deepcopy(el)
    dup.tail = None
    names = tuple(drop_classes)
    for node in list(dup.iterdescendants()):
        if node.getparent() is None:
            continue
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in ("script", "style", "form", "noscript", "template"):
            drop(node)
        elif has_class(node, *names) or (node.get("id") or "").startswith(
            ("comment-", "li-comment-", "dsq-comment-")
        ):
            drop(node, keep_tail=not drop_meta_tails)
        elif tag in ("em", "p", "div", "span", "strong", "i") and _MODERATION.match(
            "".join(node.itertext())
        ):
            drop(node, keep_tail=not drop_meta_tails)
        elif tag == "a" and "replytocom=" in (node.get("href") or ""):
            drop(node)
    # Line breaks left behind by removed headers and notices.
    while len(dup) and dup[0].tag == "br" and not (dup.text or "").strip():
        drop(dup[0])
    while len(dup) and dup[-1].tag == "br" and not (dup[-1].tail or "").strip():
        drop(dup[-1], keep_tail=False)
    return dup


def _content(el: etree._Element) -> tuple[str, str]:
    """(text, cleaned html) of a cleaned content element."""
    return element_text(el), clean_html(inner_html(el), COMMENT_TAGS, COMMENT_ATTRIBUTES)


def _author_name(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    name = _SAYS.sub("", inline_text(node, skip=("says", "screen-reader-text")))
    return name or None


def _href(node: etree._Element | None, base: str) -> str | None:
    if node is None:
        return None
    href = (node.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return urljoin(base, href)


def _comment_dict(*, cid: str | None, parent_id: str | None, platform: str, name: str | None,
                  url: str | None, post_author: bool, published_raw: str | None, text: str,
                  html: str, position: int, depth: int, article_url: str) -> dict:
    if cid is None:
        cid_value = comment_id_hash(article_url, name, published_raw, text, parent_id)
        source = "hash"
    else:
        cid_value, source = cid, "page"
    return {
        "id": cid_value,
        "id_source": source,
        "parent_id": parent_id,
        "platform": platform,
        "author": {"name": name, "url": url},
        "author_is_post_author": post_author,
        "published_raw": published_raw,
        "text": text,
        "html": html,
        "position": position,
        "depth": depth,
    }


def _depth(el: etree._Element, found: dict) -> int:
    return sum(1 for node in el.iterancestors() if node in found)


# --- WordPress ----------------------------------------------------------------------------


def _wordpress_elements(tree: etree._Element, scopes: list[etree._Element] | None
                        ) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = _Found()
    for el in _WP_CANDIDATES(tree):
        match = _WP_ID.match(el.get("id", ""))
        if not match or el.tag not in ("li", "div", "article"):
            continue
        if _is_pingback(el) or _not_discussion(el) or not _in_scope(el, scopes):
            continue
        outer = _nearest_comment(el, found)
        if outer is not None and found[outer] == match.group(1):
            continue  # Twenty Ten: li#li-comment-N wraps div#comment-N, one comment
        found[el] = match.group(1)
    # Anchors such as <div id="comment-3"> used by non-WordPress themes only count when
    # the markup looks like WordPress's.
    if found and not any(
        has_class(el, "comment") or el.xpath(
            "ancestor::*[" + _class_test("comment-list") + " or " + _class_test("commentlist")
            + "] | .//*[" + _class_test("comment-author") + "]")
        for el in found
    ):
        return {}
    return found


def _wordpress_markup(found: dict) -> str:
    for el in found:
        if el.xpath(
            ".//*[" + _class_test("comment-content") + " or " + _class_test("comment-metadata")
            + "] | .//article[" + _class_test("comment-body") + "]"
        ):
            return "wordpress-html5"
    return "wordpress-legacy"


def _wordpress_comment(el: etree._Element, cid: str, found: dict, base: str, markup: str
                       ) -> tuple[str | None, str | None, str | None, str, str]:
    """(name, url, published_raw, text, html) of one WordPress comment."""
    author = _first_owned(el, ".//*[" + _class_test("comment-author") + "]", found)
    if author is None:
        author = _first_owned(el, ".//*[" + _class_test("vcard") + "]", found)
    scope = author if author is not None else el
    fn = _first_owned(scope, ".//*[" + _class_test("fn") + "]", found) \
        if scope is not el else None
    if fn is None:
        fn = _first_owned(el, ".//*[" + _class_test("fn") + "] | .//cite", found)
    name = _author_name(fn)
    link = None
    if fn is not None:
        link = fn if fn.tag == "a" else next(iter(fn.iter("a")), None)
        if link is None:
            link = next((a for a in fn.iterancestors("a")), None)
    if link is None and author is not None:
        link = next(iter(author.xpath(".//a[" + _class_test("url") + "]")), None)
    url = _href(link, base)

    published = None
    time_el = _first_owned(el, ".//time[@datetime]", found)
    if time_el is not None:
        published = time_el.get("datetime").strip() or None
    if published is None:
        meta = _first_owned(
            el, ".//*[" + " or ".join(_class_test(c) for c in (
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
        content = _first_owned(el, ".//*[" + _class_test("comment-content") + "]", found)
    if content is None:
        wrapper = _first_owned(  # one XPath per comment id: not worth a memo
            el, f".//*[@id='div-comment-{cid}' or @id='comment-{cid}']", found, memo=False
        ) if el.get("id") != f"div-comment-{cid}" else None
        holder = wrapper if wrapper is not None else el
        inner = None
        if not has_class(holder, "comment-body"):
            inner = _first_owned(holder, ".//*[" + " or ".join(_class_test(c) for c in (
                "comment-body", "comment-text", "comment-content", "comment-entry")) + "]",
                found)
        content = inner if inner is not None else holder
        cleaned = _clean_copy(content, _META_CLASSES, drop_meta_tails=True)
        # Kubrick-era templates print the author as a bare <cite> and the date in <small>.
        for node in list(cleaned.iterchildren("cite", "small")):
            drop(node, keep_tail=False)
        text, html = _content(cleaned)
        return name, url, published, text, html
    text, html = _content(_clean_copy(content, _NOISE_CLASSES))
    return name, url, published, text, html


def _parse_wordpress(found: dict, base: str) -> tuple[list[dict], str]:
    markup = _wordpress_markup(found)
    comments = []
    for position, (el, cid) in enumerate(found.items()):
        parent = _nearest_comment(el, found)
        name, url, published, text, html = _wordpress_comment(el, cid, found, base, markup)
        comments.append(_comment_dict(
            cid=cid, parent_id=found[parent] if parent is not None else None,
            platform="wordpress", name=name, url=url,
            post_author=has_class(el, "bypostauthor"), published_raw=published, text=text,
            html=html, position=position, depth=_depth(el, found), article_url=base,
        ))
    return comments, markup


# --- Disqus for WordPress fallback ----------------------------------------------------------


def _disqus_elements(tree: etree._Element, scopes: list[etree._Element] | None
                     ) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = _Found()
    for el in _DSQ_CANDIDATES(tree):
        match = _DSQ_ID.match(el.get("id", ""))
        if match and not _is_pingback(el) and not _not_discussion(el) and _in_scope(el, scopes):
            found[el] = match.group(1)
    return found


def _parse_disqus(found: dict, base: str) -> list[dict]:
    comments = []
    for position, (el, cid) in enumerate(found.items()):
        parent = _nearest_comment(el, found)
        header = _first_owned(el, ".//*[" + _class_test("dsq-comment-header") + "]", found)
        who = None
        if header is not None:
            who = next(iter(header.xpath(".//cite//a | .//cite//span")), None)
            if who is None:
                who = next(iter(header.xpath(".//cite")), None)
        name = _author_name(who)
        url = _href(who, base) if who is not None and who.tag == "a" else None
        # The plugin's fallback template prints no date; newer or themed copies may.
        published = None
        time_el = _first_owned(el, ".//time[@datetime]", found)
        if time_el is not None:
            published = time_el.get("datetime").strip() or None
        message = _first_owned(el, ".//*[" + _class_test("dsq-comment-message") + "]", found)
        text, html = _content(_clean_copy(message, _NOISE_CLASSES)) if message is not None \
            else ("", "")
        comments.append(_comment_dict(
            cid=cid, parent_id=found[parent] if parent is not None else None, platform="disqus",
            name=name, url=url, post_author=has_class(el, "bypostauthor"),
            published_raw=published, text=text, html=html, position=position,
            depth=_depth(el, found), article_url=base,
        ))
    return comments


# --- generic nested lists -------------------------------------------------------------------

_AUTHOR_CLASS = re.compile(
    r"(?:^|[-_\s])(?:author|username|user-name|user|commenter|nickname|name|fn|poster)(?:$|[-_\s])",
    re.I,
)
_DATE_CLASS = re.compile(r"date|time|posted|published|stamp", re.I)
_TEXT_CLASS = re.compile(r"content|text|body|message|comment-entry", re.I)


def _item_parts(li: etree._Element) -> tuple[etree._Element | None, etree._Element | None,
                                             etree._Element | None]:
    """(author element, date element, text element) of a list item, its replies excluded."""
    author = date = text = None
    for node in li.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("ul", "ol"):
            continue
        if next(node.iterancestors("li"), None) is not li:
            continue  # inside a nested reply
        cls = (node.get("class") or "") + " " + (node.get("itemprop") or "")
        if author is None and (node.tag == "cite" or _AUTHOR_CLASS.search(cls)):
            author = node
        elif date is None and (node.tag == "time" or _DATE_CLASS.search(cls)):
            date = node
        elif text is None and _TEXT_CLASS.search(cls) and node.tag not in ("a", "span", "time"):
            text = node
    return author, date, text


def _looks_like_comment(li: etree._Element) -> bool:
    author, _date, text = _item_parts(li)
    if author is None:
        return False
    body = text if text is not None else li
    return bool(inline_text(body).strip())


def _generic_items(tree: etree._Element, scopes: list[etree._Element] | None
                   ) -> tuple[dict[etree._Element, str | None], list[etree._Element]]:
    containers: list[etree._Element] = []
    if scopes is not None:
        candidates = list(scopes)
    else:
        candidates = [el for el in _GENERIC_CONTAINERS(tree)
                      if el.tag not in ("form", "a", "span", "li", "ul", "ol", "time", "p")
                      and not _not_discussion(el)]
    for el in candidates:
        if any(c is el or c in el.iterancestors() for c in containers):
            continue
        if el.get("id") in ("respond", "commentform") or has_class(el, "comment-respond"):
            continue
        containers.append(el)
    items: dict[etree._Element, str | None] = {}
    used: list[etree._Element] = []
    for container in containers:
        for lst in _top_lists(container):
            top = [li for li in lst.iterchildren("li")
                   if not has_class(li, *_PINGBACK_CLASSES)]
            if not top or not any(_looks_like_comment(li) for li in top):
                continue
            used.append(container)
            _collect_generic(lst, items)
            break
    return items, used


def _top_lists(container: etree._Element) -> Iterable[etree._Element]:
    """Lists in the container that are not replies inside one of its list items."""
    for lst in container.iter("ul", "ol"):
        item = next(lst.iterancestors("li"), None)
        if item is None or container not in item.iterancestors():
            yield lst


def _collect_generic(lst: etree._Element, items: dict) -> None:
    for li in lst.iterchildren("li"):
        if has_class(li, *_PINGBACK_CLASSES) or not _looks_like_comment(li):
            continue
        cid = None
        for attr in ("data-comment-id", "data-commentid", "data-comment", "data-id"):
            value = (li.get(attr) or "").strip()
            if value:
                cid = value
                break
        if cid is None:
            match = _GENERIC_ID.match(li.get("id") or "")
            if match:
                cid = match.group(1)
        items[li] = cid
        for nested in li.iterdescendants("ul", "ol"):
            if next(nested.iterancestors("li")) is li:
                _collect_generic(nested, items)


def _parse_generic(items: dict, base: str) -> list[dict]:
    comments: list[dict] = []
    ids: dict[etree._Element, str] = {}
    for position, (li, cid) in enumerate(items.items()):
        parent = _nearest_comment(li, items)
        parent_id = ids.get(parent) if parent is not None else None
        author, date, text_el = _item_parts(li)
        name = _author_name(author)
        link = None
        if author is not None:
            link = author if author.tag == "a" else next(iter(author.iter("a")), None)
        url = _href(link, base)
        published = None
        if date is not None:
            published = (date.get("datetime") or "").strip() or inline_text(date) or None
        if text_el is None:
            # No content wrapper: the item minus its header parts and replies.
            cleaned = _clean_copy(li, _META_CLASSES, drop_meta_tails=True)
            for node in list(cleaned.iterdescendants()):
                if node.getparent() is None or not isinstance(node.tag, str):
                    continue
                if node.tag in ("ul", "ol", "li", "time", "cite") or _AUTHOR_CLASS.search(
                        node.get("class") or "") or _DATE_CLASS.search(node.get("class") or ""):
                    drop(node, keep_tail=False)
        else:
            cleaned = _clean_copy(text_el, _NOISE_CLASSES)
        text, html = _content(cleaned)
        comment = _comment_dict(
            cid=cid, parent_id=parent_id, platform="html", name=name, url=url,
            post_author=has_class(li, "bypostauthor"), published_raw=published, text=text,
            html=html, position=position, depth=_depth(li, items), article_url=base,
        )
        ids[li] = comment["id"]
        comments.append(comment)
    return comments


# --- pagination ------------------------------------------------------------------------------

_PAGE_LINKS = etree.XPath(
    "//a[contains(@href, 'comment-page-') or contains(@href, 'cpage=')]"
    " | //link[(@rel='next' or @rel='prev') and"
    " (contains(@href, 'comment-page-') or contains(@href, 'cpage='))]"
)
_NAV_CLASSES = frozenset({"comment-navigation", "comments-pagination", "comment-nav",
                          "comments-nav", "navigation", "nav-links", "comment-pagination",
                          "pagination"})


def _comment_pages(tree: etree._Element, url: str, sections: list[etree._Element]
                   ) -> list[str]:
    base = article_base_url(url)
    current = urlunsplit(urlsplit(url)._replace(fragment=""))
    host = urlsplit(url).netloc.lower()
    section_set = set(sections)
    pages: list[str] = []
    for link in _PAGE_LINKS(tree):
        href = (link.get("href") or "").strip()
        if not href or not _COMMENT_PAGE.search(href):
            continue
        if link.tag == "a":
            # Only pagination blocks and the comment section count: a widget's or a
            # listing's links to comment pages are about other articles or other threads.
            ancestors = list(link.iterancestors())
            in_section = any(a in section_set for a in ancestors)
            in_nav = any(classes(a) & _NAV_CLASSES for a in ancestors)
            if not (in_section or in_nav) or (
                not in_section and _not_discussion(link, ("aside",))
            ):
                continue
        absolute = urlunsplit(urlsplit(urljoin(url, href))._replace(fragment=""))
        parts = urlsplit(absolute)
        if parts.netloc.lower() != host or article_base_url(absolute) != base:
            continue  # another article's comment page (a widget's link)
        if absolute == current or absolute in pages:
            continue
        pages.append(absolute)
    return pages


# --- entry points -----------------------------------------------------------------------------


def comment_sections(tree: etree._Element) -> list[etree._Element]:
    """Elements that hold the comment section or form (outermost first, widgets excluded)."""
    out: list[etree._Element] = []
    for el in _section_candidates(tree):
        if el.tag in ("html", "body") or _not_discussion(el, ("aside",)):
            continue
        if any(o in el.iterancestors() for o in out):
            continue
        out.append(el)
    return out


def comments_from_tree(url: str, tree: etree._Element, profile: Profile | None = None
                       ) -> CommentsResult:
    """Extract comments from an already parsed page (the tree is not modified)."""
    scopes = None
    if profile is not None and profile.selectors.get("comments"):
        from parsel import Selector

        sel = Selector(root=tree, type="html")
        scopes = [s.root for s in sel.css(profile.selectors["comments"])
                  if isinstance(s.root, etree._Element)]
    forced = profile.comment_platform if profile is not None else None
    base = article_base_url(url)
    sections = comment_sections(tree) if scopes is None else list(scopes)

    comments: list[dict] = []
    markup: str | None = None
    elements: list[etree._Element] = []
    if forced in (None, "disqus"):
        found = _disqus_elements(tree, scopes)
        if found:
            comments, markup = _parse_disqus(found, base), "disqus-wordpress"
            elements = list(found)
    if markup is None and forced in (None, "wordpress"):
        found = _wordpress_elements(tree, scopes)
        if found:
            comments, markup = _parse_wordpress(found, base)
            elements = list(found)
    if markup is None and forced in (None, "html"):
        items, containers = _generic_items(tree, scopes)
        if items:
            comments, markup = _parse_generic(items, base), "generic"
            elements = list(items)
            sections.extend(c for c in containers if c not in sections)
    return CommentsResult(
        comments=comments,
        next={"comment_pages": _comment_pages(tree, url, sections)},
        markup=markup,
        sections=sections,
        elements=elements,
    )


def extract_comments(url: str, html_text: str, profile: Profile | None = None
                     ) -> tuple[list[dict], dict, str | None]:
    """Comments printed in a page: (comments, {"comment_pages": [...]}, markup name or None)."""
    result = comments_from_tree(url, parse_html_tree(html_text), profile)
    return result.comments, result.next, result.markup
