"""The text of a byline: whether a string is a person's display name, and a byline element
without its dates and what follows its first link."""

from __future__ import annotations

import copy
import re

from lxml import etree

from archiver.extract.article import headline
from archiver.extract.article import selectors as sel

_DATE_PARTS = (".//time | .//abbr | .//*[contains(@class, 'date') or contains(@class, 'time')"
               " or contains(@class, 'posted-on')]")
# Compiled once: element.xpath(string) compiles the expression on every call.
_DATE_PARTS_XPATH = etree.XPath(_DATE_PARTS)
_HAS_DIGIT = re.compile(r"\d")
_DOMAIN = re.compile(r"\w\.(?:com|org|net|info|co|de|fr|es|it|pl|ru|uk|us|io)$", re.I)
_NAME_CHARS = re.compile(r"^[\w\s.'’\-]+$")
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "das",
                        "dos", "du", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al", "el",
                        "y", "e"})


def plausible_name(name: str, site: set[str]) -> bool:
    """A person's display name: a few words, no digits, no link title, not the site; in
    a name of several words every word but a particle is capitalised ("Jane van Doe"),
    while a one-word pen name may be lower-case ("timothy")."""
    if not name or len(name) > 60 or _HAS_DIGIT.search(name):
        return False
    words = name.split()
    if not words or len(words) > 6 or sel.LINK_TITLE_WORDS.search(name):
        return False
    if not _NAME_CHARS.match(name) or _DOMAIN.search(name):
        return False
    if len(words) > 1 and (words[-1][:1].islower() or any(
            w[:1].islower() and w not in _PARTICLES for w in words)):
        return False
    key = headline.key(name)
    return bool(key) and key not in site and key.replace(" ", "") not in site


def without_dates(el: etree._Element) -> etree._Element:
    """A byline without its date parts ("By Jane Doe · <time>March 1</time>")."""
    if not _DATE_PARTS_XPATH(el):
        return el
    dup = copy.deepcopy(el)
    dup.tail = None
    for node in _DATE_PARTS_XPATH(dup):
        if node is not dup and node.getparent() is not None:
            parent = node.getparent()
            prev = node.getprevious()
            # keep the text after the date so "on May 3 in News" still reads as a tail
            if node.tail:
                if prev is not None:
                    prev.tail = (prev.tail or "") + " " + node.tail
                else:
                    parent.text = (parent.text or "") + " " + node.tail
            parent.remove(node)
    return dup


def without_links(el: etree._Element) -> etree._Element:
    """The byline's own words: what follows a link (tags, sections, "N comments") is not
    part of the name printed before it."""
    first = next(iter(el.iter("a")), None)
    if first is None or first is el:
        return el
    dup = copy.deepcopy(el)
    link = next(iter(dup.iter("a")))
    node = link
    while node is not None and node is not dup:
        for sibling in list(node.itersiblings()):
            sibling.getparent().remove(sibling)
        node.tail = None
        node = node.getparent()
    link.getparent().remove(link)
    return dup
