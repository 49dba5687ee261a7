"""Who wrote a comment: the author element by role, or the name printed in its header."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import element_words, href_of, last_words
from archiver.extract.comments.evidence import SKIP_TAGS, date_text, inline_head, is_noise
from archiver.extract.text import collapse, inline_text

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NAME_WORDS = 6  # a printed name is shorter than a sentence
HEADER_LINE = 120  # characters: a comment's header line, not a paragraph of its text
_NAME_SKIP = ("says", "screen-reader-text", "avatar", "comment-reply-link", "reply", "uid",
              "badge", "user-badge")


@lru_cache(maxsize=4096)  # a thread's names repeat, and each is tried for several roles
def clean_name(raw: str) -> str | None:
    name = collapse(raw).strip(" :|,-—–·•▸»")
    name = vocab.SAYS.sub("", name)
    name = vocab.NOT_VERIFIED.sub("", name)
    match = vocab.POSTED_BY.match(name)
    if match and len(match.group("name")) < len(name):
        name = match.group("name")
    name = vocab.USER_ID.sub("", name)
    name = vocab.URL_TEXT.sub(" ", name)
    name = vocab.LEADING_NUMBER.sub("", name)
    name = collapse(name).strip(" :|,-—–·•▸»")
    if not name or vocab.NOT_A_NAME.match(name) or len(name) > 80:
        return None
    return name


_NAME_NOISE = frozenset({"reply", "replyto", "uid", "badge", "badges", "avatar", "says",
                         "screen-reader-text", "sr-only", "bio", "fans", "icon", "role"})


def _name_text(el: etree._Element) -> str:
    """The element's text without badges, user ids, avatars or a reply-to name beside it."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if text := node.text:
            parts.append(text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS and not (
                    child.get("class") and element_words(child) & _NAME_NOISE):
                walk(child)
            if tail := child.tail:
                parts.append(tail)

    walk(el)
    return collapse("".join(parts))


def _author_rank(el: etree._Element, words: set[str]) -> int:
    prop = el.get("itemprop")
    if prop in ("author", "creator"):
        return 0
    if "fn" in words:
        return 1
    if last_words(el) & vocab.AUTHOR_WORDS:
        return 2
    return 3 if el.tag == "cite" else 4


def _name_in(el: etree._Element, rank: int) -> str | None:
    inner = el.find(".//*[@itemprop='name']") if rank == 0 else None
    target = inner if inner is not None else el
    name = clean_name(_name_text(target))
    if name is None or date_text(name) or len(name.split()) > _NAME_WORDS:
        # An author box that also prints the date or links: its first named child.
        for child in target.iter("strong", "b", "a", "cite", "span"):
            if child is target or is_noise(child, element_words(child) - {"author", "name",
                                                                            "fn", "user"}):
                continue
            named = clean_name(inline_text(child))
            if named and not date_text(named):
                return named
    if name is None:
        # "<div class=author><img class=avatar> <a>Name</a></div>": the first named link.
        for link in target.iter("a"):
            name = clean_name(inline_text(link))
            if name:
                break
    return name


def author_by_role(persons: list[tuple[int, etree._Element, frozenset[str]]], count: int,
                   body_nodes: set, base: str, url: str
                   ) -> tuple[str | None, str | None, etree._Element | None]:
    """The entry's author element by role, among the `persons` of its `count` own elements
    ((index, element, words), the entry itself at index 0)."""
    candidates: list[tuple[int, int, etree._Element]] = []
    for index, el, words in persons:
        if index == 0 and not (el.tag == "dt" and count > 1):
            continue
        if el in body_nodes:
            continue
        if el.tag == "a" and href_of(el, base) in (base, url) and "author" not in words:
            continue  # an hCard-looking link to the article itself (a guest's "author"
            # link to "#" is still its name: ComicFury)
        prev = el.getprevious()
        parent = el.getparent()
        before = (prev.tail if prev is not None else parent.text if parent is not None
                  else "") or ""
        if vocab.IN_REPLY_TO.search(before):
            continue
        candidates.append((_author_rank(el, words), index, el))
    for rank, _index, el in sorted(candidates, key=lambda c: c[:2]):
        name = _name_in(el, rank)
        if name is None:
            continue
        link = el if el.tag == "a" else next(el.iter("a"), None)
        if link is None:
            link = next(el.iterancestors("a"), None)
        href = href_of(link, base)
        return name, None if href in (base, url) else href, el
    return None, None, None


def author_in_header(own: list, body_nodes: set, base: str
                        ) -> tuple[str | None, str | None, etree._Element | None]:
    """"Posted by NAME at DATE", "Posted by: <a>NAME</a>" or "NAME said..." in the header."""
    for el, _words in own:
        if el in body_nodes:
            continue
        texts = [(el.text or "", el[0] if len(el) else None)]
        texts += [(child.tail or "", child.getnext()) for child in el]
        for text, following in texts:
            line = collapse(text)
            if not line or len(line) > HEADER_LINE:
                continue
            if following is not None and isinstance(following.tag, str) and \
                    vocab.BY_PREFIX.search(line):
                name = clean_name(inline_text(following))
                if name:
                    link = following if following.tag == "a" else None
                    return name, href_of(link, base), following
            name = posted_by_name(line)
            if name:
                return name, None, None
            if vocab.SAYS.search(line) and el.tag not in ("p", "blockquote"):
                name = clean_name(line)
                if name:
                    return name, None, None
            name = _name_beside_date(line)
            if name:
                return name, None, None
    return None, None, None


def first_name_like(own: list, base: str
                     ) -> tuple[str | None, str | None, etree._Element | None]:
    """The first short bold or linked text of the header: how many themes print the name."""
    for el, words in own:
        if el.tag in ("p", "blockquote", "pre") and not date_text(
                inline_head(el, 200)[0][:200]):
            break  # the text has started: a name would have come before it
        if el.tag in _HEADINGS and len(el) and el.text and el.text.strip():
            # "<h4>NAME <small>2 days ago</small></h4>": the heading's own words.
            text = collapse(el.text)
        elif el.tag not in ("strong", "b", "a", "span") or words & vocab.TIME_WORDS:
            continue
        else:
            text = inline_text(el)
        if not text or date_text(text) or len(text.split()) > _NAME_WORDS:
            continue
        name = clean_name(text)
        if name and not vocab.URL_TEXT.match(text):
            return name, href_of(el if el.tag == "a" else None, base), el
    return None, None, None


def posted_by_name(line: str) -> str | None:
    """The NAME of a header line (whitespace collapsed) "Posted by NAME on DATE",
    "Submitted by NAME, DATE"; None for any other line ("By the same token, ...")."""
    match = vocab.POSTED_BY.match(line)
    if not match:
        return None
    name = clean_name(_without_date(match.group("name")))
    return name if name and len(name.split()) <= _NAME_WORDS else None


def _without_date(name: str) -> str:
    """"Florida CPA, 27 Sep 2011" -> "Florida CPA": a "Posted by: NAME, DATE" line's name,
    which may hold commas of its own ("G. Moore, US CPA, 28 Sep 2011")."""
    pieces = name.split(",")
    for cut in range(1, len(pieces)):
        if vocab.DATE_TEXT.match(",".join(pieces[cut:]).strip()):  # the rest starts as a date
            return ",".join(pieces[:cut])
    return name


def _name_beside_date(line: str) -> str | None:
    """"DATE — NAME" or "NAME | DATE": the piece of a meta line that is not the date."""
    pieces = [p.strip() for p in vocab.META_SEPARATOR.split(line) if p.strip()]
    if len(pieces) != 2:
        return None
    dated = [date_text(p) for p in pieces]
    if dated.count(True) != 1:
        return None
    other = pieces[dated.index(False)]
    if len(other.split()) > _NAME_WORDS:
        return None
    return clean_name(other)


_INLINE_WRAPPERS = frozenset({"span", "small", "em", "i", "b", "strong", "font"})
_NAME_TAGS = frozenset({"a", "span", "strong", "b", "cite", "em"})


def name_before_date(time_el: etree._Element, body_nodes: set, base: str
                     ) -> tuple[str | None, str | None, etree._Element | None]:
    """"<a>NAME</a> | <span>DATE</span>": the name printed as the element right before the
    date in its line, apart from it by a separator or a space only."""
    prev = time_el.getprevious()
    parent = time_el.getparent()
    if prev is None and parent is not None and parent.tag in _INLINE_WRAPPERS \
            and len(parent) == 1 and not (parent.text or "").strip():
        prev = parent.getprevious()  # "<span><i>DATE</i></span>"
    if prev is None or prev in body_nodes or prev.tag not in _NAME_TAGS:
        return None, None, None
    if (prev.tail or "").strip(" \t\r\n\xa0|·•—–-,"):
        return None, None, None
    text = inline_text(prev)
    if not text or date_text(text) or len(text.split()) > _NAME_WORDS or vocab.URL_TEXT.match(text):
        return None, None, None
    name = clean_name(text)
    if name is None:
        return None, None, None
    return name, href_of(prev, base) if prev.tag == "a" else None, prev
