"""CSS selector groups answered cheaply: alternatives the page cannot match are skipped by
its tokens, and those of one or two simple steps come from the page index, the rest from
one XPath (cssselect's, with one-token tests on the attribute axis)."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from lxml import etree
from lxml.cssselect import CSSSelector

from archiver.extract.pageindex import PageIndex, page_index

_BRACKETS = re.compile(r"\[[^\]]*\]")
_NEEDED_CLASS = re.compile(r"\.([\w-]+)")
_NEEDED_ID = re.compile(r"#([\w-]+)")
_NEEDED_TOKEN = re.compile(r"\[(itemprop|rel|property)~=['\"]?([\w:-]+)")


def page_tokens(tree: etree._Element) -> frozenset[str]:
    """Every class/itemprop/rel token and id on the page, as "class:x", "id:y" ... (from
    the page's one indexing walk, archiver.extract.pageindex)."""
    return page_index(tree).tokens


# One tag, class, itemprop/rel/property token or id, a tag with an attribute, or a bare
# tag: what the page index answers without XPath.
_SIMPLE = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)"
                     r"|\[(?P<attr>itemprop|rel|property)~=(?P<q>['\"]?)(?P<token>[\w:-]+)"
                     r"(?P=q)\]|#(?P<id>[\w-]+))"
                     r"|(?P<tagged>[a-z][a-z0-9]*)\[(?P<has>[a-z][\w-]*)\]"
                     r"|(?P<wtag>[a-z][a-z0-9]*)\[(?P<wattr>[a-z][\w-]*)~=(?P<wq>['\"]?)"
                     r"(?P<word>[\w-]+)(?P=wq)\]"
                     r"|\[itemtype\$=(?P<sq>['\"]?)(?P<suffix>[\w-]+)(?P=sq)\]"
                     r"|(?P<bare>[a-z][a-z0-9]*)")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what cssselect's normalize-space() splits on

# (tag or None, "class"/"itemprop"/"rel"/"property"/"id"/"has"/"tag"/"itemtype$"/"~ATTR",
# value or None)
Step = tuple[str | None, str, str | None]


class Below(NamedTuple):
    """``A B``: the elements matching `below` inside one matching `above`."""

    above: Step
    below: Step


def _step(alternative: str) -> Step | None:
    match = _SIMPLE.fullmatch(alternative)
    if match is None:
        return None
    if match["bare"]:
        return match["bare"], "tag", None
    if match["word"]:
        return match["wtag"], "~" + match["wattr"], match["word"]
    if match["suffix"]:
        return None, "itemtype$", match["suffix"]
    if match["has"]:
        return match["tagged"], "has", match["has"]
    if match["cls"]:
        return match["tag"], "class", match["cls"]
    if match["attr"]:
        return match["tag"], match["attr"], match["token"]
    return match["tag"], "id", match["id"]


def _simple(alternative: str) -> Step | Below | None:
    """The alternative as one step (``h1.entry-title``, ``[itemprop~=x]``, ``#id``,
    ``time[pubdate]``, ``nav[aria-label~=x]``, ``[itemtype$=x]``, ``h1``) or two joined
    by a descendant combinator (``.entry-header h1``), else None."""
    parts = alternative.split()
    if len(parts) == 2:
        above, below = _step(parts[0]), _step(parts[1])
        return Below(above, below) if above and below else None
    return _step(alternative) if len(parts) == 1 else None


class Selector:
    """A CSS selector group that skips the alternatives the page cannot match.

    Each whole-tree CSS scan costs about as much as parsing the page; most of the themes'
    alternatives name a class, id, itemprop or rel token the page does not carry at all, so
    only the alternatives whose tokens are all present are evaluated (one XPath union, so
    results stay in document order, exactly as the full selector would give them). On the
    page's root, alternatives of one step (``h1.entry-title``, ``[itemprop~=x]``, ``#id``)
    are answered from the page index instead.
    """

    def __init__(self, css: str) -> None:
        self.css = css
        self.alternatives: list[tuple[str, frozenset[str]]] = []
        self.simple: dict[str, Step | Below | None] = {}
        for alternative in (a.strip() for a in css.split(",")):
            plain = _BRACKETS.sub("", alternative)
            needs = {f"class:{c}" for c in _NEEDED_CLASS.findall(plain)}
            needs |= {f"id:{i}" for i in _NEEDED_ID.findall(plain)}
            needs |= {f"{a}:{t}" for a, t in _NEEDED_TOKEN.findall(alternative)}
            self.alternatives.append((alternative, frozenset(needs)))
            self.simple[alternative] = _simple(alternative)

    def __call__(self, tree: etree._Element, present: frozenset[str]) -> list[etree._Element]:
        wanted = tuple(a for a, needs in self.alternatives if needs <= present)
        if not wanted:
            return []
        steps = [self.simple[a] for a in wanted]
        # The index covers the whole document; a CSS selector only the tree it is given.
        if all(steps) and tree.getparent() is None:
            return _from_index(page_index(tree), steps)
        return css(", ".join(wanted))(tree)


def _from_index(index: PageIndex, steps: list) -> list[etree._Element]:
    groups = [_below(index, step) if isinstance(step, Below) else _matches(index, step)
              for step in steps]
    return list(groups[0]) if len(groups) == 1 else index.in_order(*groups)


def _matches(index: PageIndex, step: Step) -> list[etree._Element] | tuple:
    """The elements of the page one step matches, in document order."""
    tag, attribute, value = step
    if attribute == "tag":
        return index.tag(tag)
    if attribute == "has":
        return [el for el in index.tag(tag) if el.get(value) is not None]
    if attribute == "itemtype$":  # [itemtype$=value]
        return [el for el, itemtype in index.attribute_values("itemtype")
                if itemtype.endswith(value)]
    if attribute[0] == "~":  # tag[attribute~=word], words split as normalize-space()
        name = attribute[1:]
        return [el for el in index.tag(tag) if (text := el.get(name)) is not None
                and value in _XML_SPACE.split(text.strip(" \t\r\n"))]
    found = index.with_id(value) if attribute == "id" else index.with_token(attribute, value)
    return [el for el in found if el.tag == tag] if tag else found


def _below(index: PageIndex, step: Below) -> list[etree._Element]:
    """The elements matching `step.below` that have an ancestor matching `step.above`
    (``descendant-or-self::A/descendant::B``), in document order."""
    above = _matches(index, step.above)
    if not above:
        return []
    inside = set(above)
    tag, attribute, _value = step.below
    if attribute == "tag":
        # Each outermost container's descendants of that tag, one tag-filtered walk each:
        # nested containers' descendants are among them, and the subtrees are disjoint.
        found: list[etree._Element] = []
        for el in above:
            if not any(a in inside for a in el.iterancestors()):
                found.extend(el.iterdescendants(tag))
        return found
    return [el for el in _matches(index, step.below)
            if any(a in inside for a in el.iterancestors())]


# libxml2 evaluates a predicate on an element step for every element of the page; put on
# the attribute axis, the same test runs only on the elements that carry that attribute
# (a third of the time for a class test). cssselect writes one-token tests like this:
_TOKEN_STEP = re.compile(
    r"(?P<step>(?:descendant-or-self|descendant|child)::(?:\*|[\w-]+))"
    r"\[@(?P<attr>[\w:-]+) and contains\(@(?P=attr), '(?P<value>[^']*)'\) and "
    r"contains\(concat\(' ', normalize-space\(@(?P=attr)\), ' '\), ' (?P=value) '\)\]"
    r"(?!\[)")
_ID_STEP = re.compile(r"(?P<step>(?:descendant-or-self|descendant|child)::(?:\*|[\w-]+))"
                      r"\[@id = '(?P<value>[^']*)'\](?!\[)")
_SUFFIX_STEP = re.compile(  # [attr$='value']
    r"(?P<step>(?:descendant-or-self|descendant|child)::(?:\*|[\w-]+))"
    r"\[@(?P<attr>[\w:-]+) and substring\(@(?P=attr), string-length\(@(?P=attr)\)-"
    r"(?P<offset>\d+)\) = '(?P<value>[^']*)'\](?!\[)")


def on_attribute_axis(xpath: str) -> str:
    """`xpath` with its one-token class/attribute and id steps tested on the attribute
    axis: ``*[@class and contains(...)]`` -> ``*/@class[contains(...)]/parent::*``, the
    same elements in the same order."""
    xpath = _TOKEN_STEP.sub(
        lambda m: f"{m['step']}/@{m['attr']}[contains(., '{m['value']}') and contains("
                  f"concat(' ', normalize-space(.), ' '), ' {m['value']} ')]/parent::*", xpath)
    xpath = _SUFFIX_STEP.sub(
        lambda m: f"{m['step']}/@{m['attr']}[substring(., string-length(.)-{m['offset']})"
                  f" = '{m['value']}']/parent::*", xpath)
    return _ID_STEP.sub(lambda m: f"{m['step']}/@id[. = '{m['value']}']/parent::*", xpath)


@functools.lru_cache(maxsize=256)
def css(expression: str) -> etree.XPath:
    return etree.XPath(on_attribute_axis(CSSSelector(expression, translator="html").path))
