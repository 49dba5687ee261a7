"""One walk of a parsed page, shared by everything that reads it: elements by tag and id,
the elements that carry a class, id, itemprop, rel or itemtype, and every element's position.

Each whole-tree XPath costs a sizeable fraction of parsing the page, and platform
detection alone asked a dozen of them (one or two per comment platform) for what one walk
lists: the scripts, iframes, links and metas, the ids, the classes. `page_index(tree)`
builds the index on first use and hands the same one to every later caller of the same
page (the platform adapters' `detect`, the article fields, the comment readers).

The index reflects the tree as it was when first asked for; extraction never changes
the page's tree (copies are edited, and marks set on the page for a copy are removed
before anything else reads it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

from lxml import etree

__all__ = ["PageIndex", "matching_lines", "page_index"]

_EMPTY: tuple = ()
# The tags the readers ask for (platform detection, headings, forms, dates, links).
_KEPT_TAGS = ("script", "meta", "link", "iframe", "title", "time", "form", "textarea", "h1",
              "h2", "h3", "h4", "blockquote", "base", "body", "input", "cite", "nav", "article")
_COLUMNS = ("class", "id", "itemprop", "rel", "itemtype", "property")  # PageIndex.columns[1:]
_HREF_TAGS = frozenset({"a", "area", "link"})  # PageIndex.hrefs
_TOKEN_COLUMNS = {"class": 1, "itemprop": 3, "rel": 4, "property": 6}  # in PageIndex.columns
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses
_HAS_XML_SPACE = re.compile(r"[ \t\r\n]")


class PageIndex:
    """The elements of one document by tag and by id, those carrying a class, id, itemprop
    or rel with those values, and each element's position, all in document order."""

    __slots__ = ("_by_token", "_by_value", "_hrefs", "_named_values", "_root", "_scans",
                 "_scripts", "_searched", "_tokens", "columns", "ids", "order", "tags")

    def __init__(self, tree: etree._Element) -> None:
        # The whole document, as `//...` XPaths see it, whichever element is passed;
        # elements only (no comments or processing instructions), in document order.
        # Only the elements asked for later are kept: each kept element is a live Python
        # proxy, and a few thousand of them per page cost more in garbage collection than
        # the walk itself.
        root = tree.getroottree().getroot()
        tags: dict[str, list[etree._Element]] = {name: [] for name in _KEPT_TAGS}
        ids: dict[str, list[etree._Element]] = {}
        order: dict[etree._Element, int] = {}
        # element, class, id, itemprop, rel, itemtype, property (RDFa) of every element
        # carrying one of them, as columns: one tuple per element would be thousands more
        # objects to collect
        elements: list[etree._Element] = []
        classes: list[str | None] = []
        id_values: list[str | None] = []
        itemprops: list[str | None] = []
        rels: list[str | None] = []
        itemtypes: list[str | None] = []
        properties: list[str | None] = []
        hrefs: list[tuple[etree._Element, str]] = []  # of a, area and link elements
        for position, el in enumerate(root.iter(etree.Element)):
            tag = el.tag
            bucket = tags.get(tag)
            if bucket is None and "-" in tag:  # a custom element (page_markers)
                bucket = tags[tag] = []
            if bucket is not None:
                bucket.append(el)
                order[el] = position
            items = el.items()  # one call, and nothing more for a bare element
            if not items:
                continue
            cls = id_ = itemprop = rel = itemtype = prop = href = None
            for name, value in items:
                if name == "class":
                    cls = value
                elif name == "id":
                    id_ = value
                elif name == "itemprop":
                    itemprop = value
                elif name == "rel":
                    rel = value
                elif name == "itemtype":
                    itemtype = value
                elif name == "property":
                    prop = value
                elif name == "href":
                    href = value
            if href is not None and tag in _HREF_TAGS:
                hrefs.append((el, href))
            if cls is None and id_ is None and itemprop is None and rel is None \
                    and itemtype is None and prop is None:
                continue
            elements.append(el)
            classes.append(cls)
            id_values.append(id_)
            itemprops.append(itemprop)
            rels.append(rel)
            itemtypes.append(itemtype)
            properties.append(prop)
            order[el] = position
            if id_ is not None:
                bucket = ids.get(id_)
                if bucket is None:
                    ids[id_] = [el]
                else:
                    bucket.append(el)
        self._root = root
        self.tags = tags
        self.ids = ids
        self.order = order
        self.columns = (elements, classes, id_values, itemprops, rels, itemtypes, properties)
        self._tokens: frozenset[str] | None = None
        self._by_token: dict[str, dict[str, list[etree._Element]]] = {}
        self._by_value: dict[str, dict[str, list[etree._Element]]] = {}
        self._scans: dict[str, _Scan] = {}
        self._scripts: list[tuple[etree._Element, str]] | None = None
        self._named_values: list | None = None
        self._hrefs = hrefs
        self._searched: dict[tuple[str, re.Pattern[str]], set[etree._Element]] = {}

    @property
    def classes(self) -> list[str]:
        """Every class attribute's value, in document order."""
        return [c for c in self.columns[1] if c is not None]

    @property
    def named(self) -> Iterable[tuple[etree._Element, str | None, str | None, str | None,
                                      str | None]]:
        """(element, class, id, itemprop, rel) of each element carrying one of them (or an
        itemtype or property), in document order."""
        return zip(*self.columns[:5], strict=True)

    def named_values(self) -> list[tuple[etree._Element, str | None, str | None, str | None,
                                         str | None]]:
        """(element, class, id, itemprop, itemtype) of each element with a non-empty class,
        id, itemprop or itemtype, in document order (what the comment readers scan)."""
        if self._named_values is None:
            elements, classes, ids, itemprops, _rels, itemtypes, _properties = self.columns
            self._named_values = [
                row for row in zip(elements, classes, ids, itemprops, itemtypes, strict=True)
                if row[1] or row[2] or row[3] or row[4]]
        return self._named_values

    def in_order(self, *groups: Sequence[etree._Element]) -> list[etree._Element]:
        """The elements of `groups` once each, in document order (an XPath union); each
        group is itself in document order without repeats (what the index answers)."""
        filled = [group for group in groups if group]
        if len(filled) <= 1:  # nothing to merge: no positions needed
            return list(filled[0]) if filled else []
        found = {el for group in filled for el in group}
        order = self.order
        if not all(el in order for el in found):  # elements the walk did not keep
            order.update((el, i) for i, el in enumerate(self._root.iter(etree.Element)))
        return sorted(found, key=order.__getitem__)

    def tag(self, name: str) -> list[etree._Element] | tuple:
        """The elements called `name` (``//name``), in document order; do not modify."""
        found = self.tags.get(name)
        if found is None:
            if "-" in name:  # the walk keeps every custom element: none of these
                return _EMPTY
            # not one kept by the walk: one tag-filtered walk, then kept
            found = self.tags[name] = list(self._root.iter(name))
        return found

    def with_id(self, value: str) -> list[etree._Element] | tuple:
        """The elements whose id is exactly `value` (``//*[@id=value]``); do not modify."""
        return self.ids.get(value, _EMPTY)

    def scripts(self) -> list[tuple[etree._Element, str]]:
        """Each script element with its text ("" for none), in document order. lxml
        decodes an element's text anew on every ``.text``, and inline scripts run to
        hundreds of KB: every reader of the scripts shares this one decoding."""
        if self._scripts is None:
            self._scripts = [(el, el.text or "") for el in self.tags.get("script", _EMPTY)]
        return self._scripts

    def attribute_values(self, attribute: str) -> list[tuple[etree._Element, str]]:
        """(element, value) of each element carrying `attribute` (one the walk reads:
        class, id, itemprop, rel, itemtype or property), in document order."""
        column = self.columns[_COLUMNS.index(attribute) + 1]
        return [(el, value) for el, value in zip(self.columns[0], column, strict=True)
                if value is not None]

    def searched(self, attribute: str, pattern: re.Pattern[str]) -> set[etree._Element]:
        """The elements whose `attribute` value `pattern` finds something in (one of the
        columns, as attribute_values). A pattern of plain words (``a|b-c|d``) scans the
        values as one text, one value a line, in one pass (no word spans a line break);
        case-blind on ASCII values, as a case-sensitive scan of the lowercased text.
        Remembered per page; do not modify."""
        known = self._searched.get((attribute, pattern))
        if known is None:  # (asked again for each byline candidate list of the page)
            known = self._searched[attribute, pattern] = self._search(attribute, pattern)
        return known

    def _search(self, attribute: str, pattern: re.Pattern[str]) -> set[etree._Element]:
        by_value = self.by_value(attribute)
        if not _PLAIN_WORDS.fullmatch(pattern.pattern):  # anchors, classes, lookarounds...
            hits = [value for value in by_value if pattern.search(value) is not None]
        else:
            scan = self._scans.get(attribute)
            if scan is None:
                scan = self._scans[attribute] = _Scan(list(by_value))
            # (a case-blind scan costs ~8x a plain one)
            lowered = _case_sensitive(pattern.pattern.lower(), pattern.flags) \
                if pattern.flags & re.IGNORECASE and pattern.pattern.isascii() else None
            hits = scan.matching(pattern, lowered)
        return {el for value in hits for el in by_value[value]}

    def by_value(self, attribute: str) -> dict[str, list[etree._Element]]:
        """The elements carrying `attribute` (a column, as attribute_values) by its value,
        each list in document order; the values in the order they first occur. A thread's
        blocks repeat their classes: each distinct value is then searched or split once.
        Built on first use; do not modify."""
        if attribute == "id":
            return self.ids  # the walk's own: values in the order met, elements in order
        by_value = self._by_value.get(attribute)
        if by_value is None:
            by_value = self._by_value[attribute] = {}
            column = self.columns[_COLUMNS.index(attribute) + 1]
            if column.count(None) == len(column):  # (no itemtype or RDFa on most pages)
                return by_value
            for el, value in zip(self.columns[0], column, strict=True):
                if value is None:
                    continue
                bucket = by_value.get(value)
                if bucket is None:
                    by_value[value] = [el]
                else:
                    bucket.append(el)
        return by_value

    def hrefs(self) -> list[tuple[etree._Element, str]]:
        """Each a, area and link element with an href, with it, in document order (listed
        by the index's walk): the page's links, the comment-page links and the feeds."""
        return self._hrefs

    def texts(self, name: str, containing: str) -> list[str]:
        """The text of each `name` element whose text holds `containing`
        (``//name[contains(., containing)]/text()`` for a script or style, whose text is
        one text node)."""
        if name == "script":
            return [text for _el, text in self.scripts() if text and containing in text]
        return [el.text for el in self.tags.get(name, _EMPTY)
                if el.text and containing in el.text]

    def values(self, tag: str, attribute: str, /, **equal: str) -> list[str]:
        """`attribute` of each `tag` element carrying it whose other attributes equal
        `equal` (``//link[@rel='canonical']/@href``: values("link", "href", rel="canonical")),
        in document order."""
        elements = self.tags.get(tag, _EMPTY)
        if not equal:
            return [value for el in elements if (value := el.get(attribute)) is not None]
        if len(equal) == 1:  # (metas by name or property, links by rel: a page has dozens)
            [(name, wanted)] = equal.items()
            return [value for el in elements
                    if el.get(name) == wanted and (value := el.get(attribute)) is not None]
        return [value for el in elements if (value := el.get(attribute)) is not None
                and all(el.get(k) == v for k, v in equal.items())]

    @property
    def tokens(self) -> frozenset[str]:
        """Every id and class/itemprop/rel/property word on the page (split on XML
        whitespace, as cssselect's tests split them), as "id:x", "class:y" ..."""
        if self._tokens is None:
            out = {"id:" + value for value in self.ids}
            for name in _TOKEN_COLUMNS:
                out.update([f"{name}:{word}" for word in self._words(name)])
            self._tokens = frozenset(out)
        return self._tokens

    def with_token(self, attribute: str, token: str) -> list[etree._Element] | tuple:
        """The elements whose `attribute` ("class", "itemprop", "rel" or "property") holds
        the word `token` as cssselect tests it (``.x``, ``[rel~=x]``: words split on XML
        whitespace), in document order; do not modify."""
        return self._words(attribute).get(token, _EMPTY)

    def _words(self, attribute: str) -> dict[str, list[etree._Element]]:
        """The elements by each word of their `attribute`, built on first use."""
        by_token = self._by_token.get(attribute)
        if by_token is None:
            by_token = self._by_token[attribute] = {}
            merged: set[str] = set()  # words of several values: their lists need sorting
            for value, elements in self.by_value(attribute).items():
                # Most values are one word; only XML whitespace separates words.
                words = set(_XML_SPACE.split(value.strip(" \t\r\n"))) \
                    if _HAS_XML_SPACE.search(value) else (value,)
                for word in words:
                    bucket = by_token.get(word)
                    if bucket is None:
                        by_token[word] = elements  # shared: never modified
                    else:
                        by_token[word] = [*bucket, *elements]
                        merged.add(word)
            order = self.order  # holds every element of the columns
            for word in merged:
                by_token[word].sort(key=order.__getitem__)
        return by_token

    def custom_tags(self) -> list[str]:
        """The page's custom element names (``<hyvor-talk-comments>``), sorted."""
        return sorted(tag for tag, found in self.tags.items() if "-" in tag and found)


def _sources(elements: Iterable[etree._Element], attribute: str) -> list[str]:
    return [v for v in (el.get(attribute) for el in elements) if v is not None]


def marker_lines(index: PageIndex) -> list[str]:
    """The sources, inline scripts, ids, classes, stylesheet links and custom element names
    of a page: where comment systems show themselves (registry.page_markers)."""
    scripts = index.tag("script")
    return [*_sources(scripts, "src"), *(text for _el, text in index.scripts() if text),
            *_sources(index.tag("iframe"), "src"), *index.ids, *index.classes,
            *index.values("link", "href", rel="stylesheet"), *index.custom_tags()]


def matching_lines(values: Sequence[str], pattern: re.Pattern[str],
                   on_ascii: re.Pattern[str] | None = None) -> set[int]:
    """The positions of the `values` in which `pattern` finds something, in one scan of
    the distinct values joined one value a line: neither the values nor a match hold a
    line break. When the text is ASCII, `on_ascii` (a case-sensitive form of a case-blind
    pattern) scans it lowercased instead."""
    hits = _Scan(list(dict.fromkeys(values))).matching(pattern, on_ascii)
    return {row for row, value in enumerate(values) if value in hits}


class _Scan:
    """Distinct values joined one a line, scanned by several patterns (PageIndex.searched
    asks a few per page of the same column)."""

    __slots__ = ("_ascii", "_ends", "_lowered", "text", "values")

    def __init__(self, values: list[str]) -> None:
        self.values = values
        self.text = "\n".join(values)
        self._ascii: bool | None = None
        self._lowered: str | None = None
        self._ends: list[int] | None = None

    def matching(self, pattern: re.Pattern[str], on_ascii: re.Pattern[str] | None
                 ) -> set[str]:
        """The values `pattern` finds something in (see matching_lines)."""
        text = self.text
        if on_ascii is not None:
            if self._ascii is None:
                self._ascii = text.isascii()
            if self._ascii:
                if self._lowered is None:
                    self._lowered = text.lower()
                text, pattern = self._lowered, on_ascii
        match = pattern.search(text)
        if match is None:
            return set()
        values = self.values
        ends = self._ends
        if ends is None:  # where each line ends
            ends = self._ends = list(accumulate(len(value) + 1 for value in values))
        found: set[str] = set()
        while match is not None:
            row = bisect_right(ends, match.start())
            found.add(values[row])
            match = pattern.search(text, ends[row]) if row + 1 < len(values) else None
        return found


# Alternatives of words (letters, digits, "_", "-", " "): no match crosses a line break.
_PLAIN_WORDS = re.compile(r"[\w -]+(?:\|[\w -]+)*")


@lru_cache(maxsize=64)
def _case_sensitive(expression: str, flags: int) -> re.Pattern[str]:
    return re.compile(expression, flags & ~re.IGNORECASE)


# The last page's index: extraction asks for one page at a time, from one thread or a few.
# One slot keeps one page alive at most, and a tree passed again gets the same index.
_last: tuple[etree._Element, PageIndex] | None = None


def page_index(tree: etree._Element) -> PageIndex:
    """The index of the document `tree` belongs to, built once per page."""
    global _last
    root = tree.getroottree().getroot()
    last = _last
    if last is not None and last[0] is root:
        return last[1]
    index = PageIndex(root)
    _last = (root, index)  # one assignment: another thread sees the old slot or this one
    return index
