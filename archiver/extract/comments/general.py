"""The general reader: any thread of repeated blocks that each carry a person, a time, a text.

1. Regions: the outermost elements named for comments (any of the languages in
   ``vocabulary.COMMENT_WORDS``, or schema.org ``Comment``/``UserComments``), outside
   sidebars, widgets and forms.
2. Entries: inside the regions, elements are grouped by their signature (tag and first class
   token, digits dropped); the group whose members most often hold a person, a time and some
   text is the thread's entries. A ``dt`` entry takes its following ``dd`` siblings along.
3. Tree: DOM nesting; else an explicit parent id (``data-parentid`` ...); else a replies
   container placed right after the comment it answers (or after the one row holding it);
   else a depth class (``depth-2``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from lxml import etree

from archiver.extract.comments import vocabulary as vocab
from archiver.extract.comments.base import (
    Named,
    PageContext,
    Thread,
    attribute_words,
    comment_dict,
    element_words,
    is_pingback,
    last_words,
)
from archiver.extract.comments.evidence import INLINE_TAGS, PLAIN_ENOUGH, Marks, mark
from archiver.extract.comments.fields import read_entry
from archiver.extract.comments.names import HEADER_LINE, posted_by_name
from archiver.extract.comments.tree import page_id, parents_of
from archiver.extract.pageindex import matching_lines
from archiver.extract.text import collapse

MARKUP = "generic"
_DIGITS = re.compile(r"\d+")
_CHROME_TAGS = frozenset({"aside", "nav", "header"})
_SCHEMA_COMMENT = re.compile(r"schema\.org/(?:Comment|UserComments|Answer)\b", re.I)
_SMALL_FORM = 400  # elements: a page-wide ASP.NET <form> is not a comment form


def _named_for_comments(el: etree._Element) -> bool:
    return _comment_named(el.get("class"), el.get("id"), el.get("itemprop"),
                          el.get("itemtype"))


@lru_cache(maxsize=8192)
def _comment_named(cls: str | None, ident: str | None, itemprop: str | None,
                   itemtype: str | None) -> bool:
    """_named_for_comments of an element with these attribute values."""
    if itemtype and _SCHEMA_COMMENT.search(itemtype):
        return True
    if itemprop == "comment":
        return True
    tokens = [t for t in f"{cls or ''} {ident or ''}".split()
              if not vocab.COMMENT_STATE_TOKEN.match(t)]
    return any(attribute_words(t, None) & vocab.COMMENT_WORDS or vocab.COMMENT_STEMS.search(t)
               for t in tokens)


def _off_thread(el: etree._Element, words: set[str]) -> bool:
    """A sidebar, widget, recent-comments list, form, preview template or pingback list."""
    if words & vocab.NOT_DISCUSSION_WORDS or words & vocab.PINGBACK_WORDS:
        return True
    if words & vocab.FORM_WORDS and not words & {"list", "thread"}:
        return el.tag in ("div", "section", "p", "fieldset") and (
            el.find(".//textarea") is not None or el.find(".//input") is not None)
    return False


# A cheap prefilter for the elements that may name a thread; the exact test is in Python.
# No stem holds a space or a line break, so a class and an id are tested apart.
_ASCII_STEMS = "omment|oment|eacti|iscus|iskus|isqus|dsq|alkback|orum|eplies|esponses|cmt|ebate"
_NAMED_STEMS = re.compile(_ASCII_STEMS + "|rgänzung|评论|留言|回應|コメント|댓글|оммент|омент",
                          re.I)
# On ASCII text only the ASCII stems can match (no letter of the others folds onto an ASCII
# one), and a plain scan of the lowercased text finds them at an eighth of the cost.
_ASCII_STEMS_LOWER = re.compile(_ASCII_STEMS)


def _maybe_named(named: list[Named]) -> list[Named]:
    """The named elements whose class or id holds a stem, or that are schema.org comments.

    The class and id values are searched as one text, one value a line (no stem holds a
    line break): one regex scan of the page's values instead of one search per value."""
    values: list[str] = []
    for _el, cls, ident, _prop, _kind in named:
        values.append(cls or "")
        values.append(ident or "")
    # the elements (their position in `named`) a stem is found in
    hits = {line // 2 for line in matching_lines(values, _NAMED_STEMS, _ASCII_STEMS_LOWER)}
    return [item for i, item in enumerate(named) if i in hits
            or item[3] == "comment" or "Comment" in (item[4] or "")]


def _state(el: etree._Element, memo: dict) -> tuple[bool, bool, bool]:
    """(banned: never a thread there, chrome: only a self-named thread, inside a region)."""
    known = memo.get(el)
    if known is not None:
        return known
    parent = el.getparent()
    banned, chrome, inside = _state(parent, memo) if parent is not None else (False, False,
                                                                                False)
    if not (banned or inside):
        tag = el.tag
        words = element_words(el) if (el.get("class") or el.get("id")) else frozenset()
        if tag in ("nav", "template") or (tag == "form" and len(el) and sum(
                1 for _ in el.iter()) < _SMALL_FORM):
            banned = True
        elif words and tag not in ("html", "body") and _off_thread(el, words):
            banned = True
        elif tag in _CHROME_TAGS or (tag not in ("html", "body")
                                     and words & vocab.SOFT_CHROME_WORDS):
            chrome = True
    memo[el] = (banned, chrome, inside)
    return memo[el]


def regions(ctx: PageContext) -> list[etree._Element]:
    """The outermost comment-named elements that are not chrome, widgets or forms."""
    if ctx.scopes is not None:
        return list(ctx.scopes)
    out: list[etree._Element] = []
    memo: dict[etree._Element, tuple[bool, bool, bool]] = {}
    for el, cls, ident, prop, kind in _maybe_named(ctx.named):
        tag = el.tag
        if tag in ("html", "body") or tag in INLINE_TAGS or not _comment_named(
                cls, ident, prop, kind):
            continue
        banned, chrome, inside = _state(el, memo)
        if banned or inside:
            continue
        if chrome and not element_words(el) & vocab.THREAD_SECTION_WORDS:
            continue
        out.append(el)
        memo[el] = (False, chrome, True)
    return out


def _signature(el: etree._Element) -> str:
    cls = (el.get("class") or "").split()
    if cls:
        return el.tag + "." + _DIGITS.sub("", cls[0].lower())
    itemtype = el.get("itemtype")
    if itemtype:
        return el.tag + "[" + itemtype.rsplit("/", 1)[-1] + "]"
    ident = el.get("id")
    if ident and vocab.ITEM_ID.search(ident):
        return el.tag + "#" + _DIGITS.sub("", ident.lower())
    return el.tag


def _wraps_one(el: etree._Element) -> bool:
    """A list holding a single item: the item is the entry."""
    return el.tag in ("ol", "ul", "dl", "table", "tbody") and sum(
        1 for c in el if isinstance(c.tag, str)) == 1


def _parts(el: etree._Element) -> list[etree._Element]:
    """The element and, for a ``dt``, the ``dd`` siblings that complete it."""
    if el.tag != "dt":
        return [el]
    parts = [el]
    for sib in el.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib.tag != "dd":
            break
        parts.append(sib)
    return parts


def _score(parts: list[etree._Element], marks: Marks) -> tuple[int, int, int]:
    if len(parts) == 1:
        el = parts[0]
        return marks.person.get(el, 0), marks.time.get(el, 0), marks.text.get(el, 0)
    person = sum(marks.person.get(p, 0) for p in parts)
    time = sum(marks.time.get(p, 0) for p in parts)
    text = sum(marks.text.get(p, 0) for p in parts)
    return person, time, text


def _passes(parts: list[etree._Element], marks: Marks) -> bool:
    if len(parts) == 1:
        el = parts[0]
        return marks.plain.get(el, 0) >= PLAIN_ENOUGH and (marks.person.get(el, 0) > 0
                                                 or marks.time.get(el, 0) > 0)
    person, time, _text = _score(parts, marks)
    plain = sum(marks.plain.get(p, 0) for p in parts)
    return plain >= PLAIN_ENOUGH and (person > 0 or time > 0)


def _signed(el: etree._Element, marks: Marks) -> bool:
    """A name, a date and some text of their own beside them: an entry, however short."""
    person, time, _text = _score(_parts(el), marks)
    return bool(person and time) and any(
        marks.text.get(d, 0) and not marks.person.get(d, 0) and not marks.time.get(d, 0)
        for d in el.iterdescendants())


def _lone_entry(el: etree._Element, marks: Marks, found: list[etree._Element],
                numbered: list[etree._Element]) -> bool:
    """A thread of one comment: a named entry with a person, a time and a text."""
    person, time, _text = _score(_parts(el), marks)
    if not (time and _named_entry(el) and (person or _posted_by_line(el))):
        return False
    if el in found:  # the thread's own container ("#comments") is not one of its entries,
        # nor is a comment box around an entry numbered as one ("li#comment-1446")
        return not (element_words(el) & vocab.THREAD_SECTION_WORDS or el.get("id") == "comments"
                    or any(el in entry.iterancestors() for entry in numbered))
    return True


def _posted_by_line(el: etree._Element) -> bool:
    """A "Submitted by NAME on DATE" line: a person printed as plain text (Drupal's stock
    comment template), where a thread of one comment has no person element to count; the
    line the header reader (names.author_in_header) takes the name from."""
    for node in el.iter():
        for text in (node.text, node.tail if node is not el else None):
            line = collapse(text) if text else ""
            if line and len(line) <= HEADER_LINE and posted_by_name(line):
                return True
    return False


def _named_entry(el: etree._Element) -> bool:
    if _named_for_comments(el) or vocab.ITEM_ID.search(el.get("id") or ""):
        return True
    return bool(el.get("class") and element_words(el) & vocab.ENTRY_WORDS)


def _signatures(memo: dict) -> Callable[[etree._Element], str]:
    """_signature remembered per element in `memo` (one dict per page): the reply tree asks
    it of every ancestor of every entry."""
    def signature(el: etree._Element) -> str:
        known = memo.get(el)
        if known is None:
            known = memo[el] = _signature(el)
        return known
    return signature


def _shape(el: etree._Element, signature: Callable[[etree._Element], str]) -> frozenset[str]:
    return frozenset(_unreplied(signature(c)) for c in el if isinstance(c.tag, str))


_REPLY_PARTS = vocab.INLINE_REPLY_WORDS | {"child", "sub"}
_CLASS_PARTS = re.compile(r"[-_]")


@lru_cache(maxsize=4096)
def _unreplied(signature: str) -> str:
    """A signature without the words that mark a reply's copy of a part: Drupal themes
    print "comment_author_answer_pic" in a reply where its parent has "comment_author_pic"."""
    tag, dot, cls = signature.partition(".")
    if not dot:
        return signature
    kept = [w for w in _CLASS_PARTS.split(cls) if w not in _REPLY_PARTS]
    return f"{tag}.{'_'.join(kept)}"


def _same_kind(members: list[etree._Element], others: list[etree._Element],
               signature: Callable[[etree._Element], str]) -> bool:
    """Entries under another class name (Carnegie's "comment" and "comment-reply")."""
    mine = frozenset().union(*(_shape(el, signature) for el in members[:20]))
    theirs = frozenset().union(*(_shape(el, signature) for el in others[:20]))
    if not mine or not theirs:
        return False
    return len(mine & theirs) / len(mine | theirs) >= 0.5


_NOT_AN_ENTRY = vocab.NOT_DISCUSSION_WORDS | vocab.PINGBACK_WORDS | {"hidden", "template"}


def entries(ctx: PageContext, found: list[etree._Element],
            signature: Callable[[etree._Element], str] = _signature) -> list[etree._Element]:
    """The elements that are one comment each, in document order."""
    groups: dict[str, list[etree._Element]] = defaultdict(list)
    all_marks = Marks()
    roles = ctx.roles  # every marked element's, its words those of element_words
    for region in found:
        marks = mark(region, roles)
        all_marks.update(marks)
        for el in marks.text:
            tag = el.tag
            if tag in INLINE_TAGS or tag in ("dd", "tbody", "thead"):
                continue
            if el.get("class") and not roles[el][0].isdisjoint(_NOT_AN_ENTRY):
                continue
            groups[signature(el)].append(el)
    best: tuple | None = None
    candidates: dict[str, list[etree._Element]] = {}
    for sig, members in groups.items():
        passing = [el for el in members if _passes(_parts(el), all_marks)]
        if not passing:
            continue
        if len(passing) > 1:  # a kind of entry known by its others: short bodies ("1") too
            kept = set(passing)
            passing = [el for el in members if el in kept or _signed(el, all_marks)]
        candidates[sig] = passing
    numbered = [el for passing in candidates.values() for el in passing
                if vocab.ITEM_ID.search(el.get("id") or "")]
    ranked: list[tuple] = []  # (key, signature, entries) of the named kinds
    for sig, passing in candidates.items():
        named = sum(1 for el in passing if _named_entry(el))
        if len(passing) < 2 and not _lone_entry(passing[0], all_marks, found, numbered):
            continue
        # Entries beat their own parts (header, body) because they hold both person and time;
        # named entries beat anonymous wrappers.
        full = sum(1 for el in passing if all(v > 0 for v in _score(_parts(el), all_marks)[:2]))
        # A list or wrapper per comment ("ol.commentlist > li", "div.comment-wrapper >
        # div.comment") is outranked by the entry it wraps.
        wrappers = sum(1 for el in passing if _wraps_one(el)
                       or last_words(el) & vocab.WRAPPER_WORDS)
        key = (len(passing) + full + named - 2 * wrappers, -_depth(passing[0]))
        if named:
            ranked.append((key, sig, passing))
        if best is None or key > best[0]:
            best = (key, sig, passing)
    if best is None:
        return []
    if not any(_named_entry(el) for el in best[2]):
        # Anonymous blocks that are only named entries' wrappers and parts (the list and
        # each entry's footer, whose utility classes "mt-5" and "mt-2" make one signature).
        best = next((other for other in sorted(ranked, key=lambda r: r[0], reverse=True)
                     if _wrappers_and_parts(best[2], other[2])), best)
    chosen = list(best[2])
    if any(_named_entry(el) for el in chosen):
        parents = {el.getparent() for el in chosen}
        for sig, passing in candidates.items():
            if sig == best[1] or passing[0].tag != chosen[0].tag:
                continue
            siblings = any(el.getparent() in parents for el in passing)
            if (siblings or any(map(_named_entry, passing))) and _same_kind(
                    chosen, passing, signature):
                chosen.extend(passing)
    chosen.extend(_inline_replies(chosen, all_marks))
    order = {el: i for i, el in enumerate(all_marks.text)}
    chosen.sort(key=order.__getitem__)
    pingbacks: dict = {}
    members = [el for el in chosen if not is_pingback(el, pingbacks) and ctx.in_scope(el)]
    return _outermost_per_comment(members)


def _wrappers_and_parts(blocks: list[etree._Element], entries: list[etree._Element]) -> bool:
    """Every block wraps an entry or is inside one, and no entry holds two of them."""
    chosen, owners = set(entries), set()
    wrappers = {a for entry in entries for a in entry.iterancestors()}
    for block in blocks:
        owner = next((a for a in block.iterancestors() if a in chosen), None)
        if (owner is None and block not in wrappers) or owner in owners:
            return False
        if owner is not None:
            owners.add(owner)
    return True


_BLOCKS = frozenset({"li", "div", "article", "section", "dd", "blockquote", "aside"})


def _inline_replies(chosen: list[etree._Element], marks: Marks) -> list[etree._Element]:
    """Answers printed inside the comment they answer, each with its own person or time."""
    members = set(chosen)
    out = []
    for el in marks.text:
        if el.tag not in _BLOCKS or el in members or not el.get("class"):
            continue
        if not element_words(el) & vocab.INLINE_REPLY_WORDS or not _passes([el], marks):
            continue
        owner = next((a for a in el.iterancestors() if a in members), None)
        if owner is None or any(d in members for d in el.iterdescendants()):
            continue
        out.append(el)
    return out


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def _outermost_per_comment(members: list[etree._Element]) -> list[etree._Element]:
    """Drop an entry that only wraps another single entry of the same signature."""
    chosen = set(members)
    out = []
    for el in members:
        inner = [c for c in el if c in chosen]
        if len(inner) == 1 and len(el) == 1:
            continue  # a wrapper of one entry; the inner one carries it
        out.append(el)
    return out


def read(ctx: PageContext) -> Thread | None:
    found = regions(ctx)
    if not found:
        return None
    signature = _signatures({})
    members = entries(ctx, found, signature)
    if not members:
        return None
    parents = parents_of(members, found, signature)
    member_set = set(members)
    comments: list[dict] = []
    ids: dict[etree._Element, str] = {}
    depths: dict[etree._Element, int] = {}
    seen_ids: set[str] = set()
    for el in members:
        entry = read_entry(_parts(el), member_set, ctx.base, ctx.url, ctx.roles)
        parent = parents.get(el)
        if entry is None or (parent is None and vocab.PINGBACK_EXCERPT.match(entry.text)):
            continue  # (a pingback printed like a comment: never a reply)
        while parent is not None and parent not in ids:
            parent = parents.get(parent)  # a parent dropped as empty: attach one level up
        cid = page_id(el)
        if cid in seen_ids:
            cid = None
        comment = comment_dict(
            cid=cid, parent_id=ids[parent] if parent is not None else None, platform="html",
            name=entry.name, url=entry.url, post_author=entry.post_author,
            published_raw=entry.published, text=entry.text, html=entry.html,
            position=len(comments), depth=depths[parent] + 1 if parent is not None else 0,
            article_url=ctx.base)
        ids[el] = comment["id"]
        seen_ids.add(comment["id"])
        depths[el] = comment["depth"]
        comments.append(comment)
    if not comments:
        return None
    return Thread(comments=comments, markup=MARKUP, elements=list(ids), sections=found)
