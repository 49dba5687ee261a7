"""Bounds on the work one page can cost the parser, applied before and while parsing.

Pages are written by anyone. libxml2 checks each attribute of an element against all the
others before it (80,000 attributes on one element: ~10 s), and stops building the tree
at a nesting depth (256, 2,048 with huge_tree) without saying so unless asked. These
helpers keep the cost bounded and say, as a note, whenever a page met a bound.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# No real markup carries more attributes on one element; a few hundred cost nothing.
MAX_ATTRIBUTES = 256
_ONE_ATTRIBUTE = r"""\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?"""
_ATTRIBUTE = re.compile(_ONE_ATTRIBUTE)
# The same attribute with possessive runs: giving back part of a name, a value or the
# space before one can never let the next attribute start, so the pattern matches the same
# tags, without retrying every shorter run of every tag on the page (half the cost).
# Only the space after "=" may be given back ("a= b" is also "a=" and "b").
_ONE_ATTRIBUTE_POSSESSIVE = (
    r"""\s++[^\s"'<>/=]++(?:\s*=\s*(?:"[^"]*+"|'[^']*+'|[^\s"'<>]*+))?""")
# A start tag with more than MAX_ATTRIBUTES attributes: the regex engine scans each tag
# once and gives up at the first that has fewer, so ordinary pages cost one pass.
_CROWDED_TAG = re.compile(
    rf"<[A-Za-z][^\s<>/]*+(?:{_ONE_ATTRIBUTE_POSSESSIVE}){{{MAX_ATTRIBUTES}}}"
    rf"(?={_ONE_ATTRIBUTE_POSSESSIVE})")


def cap_attributes(text: str, notes: list[str] | None = None) -> str:
    """`text` with every start tag cut to its first MAX_ATTRIBUTES attributes."""
    pieces: list[str] = []
    counts: list[int] = []
    done = 0
    for match in _CROWDED_TAG.finditer(text):
        if match.start() < done:
            continue  # inside the attributes of a tag already cut
        end, count = match.end(), MAX_ATTRIBUTES
        while (attribute := _ATTRIBUTE.match(text, end)) is not None:
            end, count = attribute.end(), count + 1
        pieces += [text[done:match.end()]]
        done = end
        counts.append(count)
    if not counts:
        return text
    pieces.append(text[done:])
    if notes is not None:
        notes.append(f"{len(counts)} element(s) with more than {MAX_ATTRIBUTES} attributes "
                     f"(up to {max(counts)}): only the first {MAX_ATTRIBUTES} of each were read")
    return "".join(pieces)


# lxml.html's own lookup is a Python callback run for every element proxy the extractors
# create (a fifth of the comment reader's time); this one does the same in C, with
# HtmlElement for all tags: nothing here uses the form and input classes' extra API.
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def parse_document(text: str, notes: list[str] | None = None) -> etree._Element:
    """lxml.html.document_fromstring without libxml2's silent cut at 256 levels; the
    limit it keeps (2,048 with huge_tree) is noted when a page reaches it."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    parser.set_element_class_lookup(_HTML_CLASSES)
    tree = lxml.html.document_fromstring(cap_attributes(text, notes), parser=parser)
    if notes is not None:
        for entry in parser.error_log:
            if entry.type_name == "ERR_RESOURCE_LIMIT":
                limit = entry.message.split(",")[0]
                notes.append(f"markup nested beyond the parser's limit ({limit}, line "
                             f"{entry.line}): what is nested deeper was not read")
                break
    return tree
