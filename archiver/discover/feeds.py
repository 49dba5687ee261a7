"""RSS and Atom feeds: the article links they list."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.etree

from archiver.discover.sitemaps import xml_damage


def parse_feed(body: bytes, url: str, problems: list[str] | None = None) -> list[str]:
    """Item links of an RSS 2.0 / RSS 1.0 / Atom feed, absolute, in feed order, no repeats.

    A damaged feed gives what was read before the damage; what it was is appended to
    `problems`, so that it is recorded rather than taken for an empty feed.
    """
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                  remove_comments=True)
    try:
        root = lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError as exc:
        if problems is not None:
            problems.append(f"not a feed: {exc}")
        return []
    if root is None:
        if problems is not None:
            problems.append("not a feed: no XML in the response")
        return []
    damage = xml_damage(parser.error_log)
    if damage and problems is not None:
        problems.append(damage)
    links: list[str] = []

    def add(href: str | None) -> None:
        if href and href.strip():
            absolute = urljoin(url, href.strip())
            if absolute not in links:
                links.append(absolute)

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2]
        if tag == "item":  # RSS
            for child in element:
                if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "link":
                    add(child.text or child.get("href"))
        elif tag == "entry":  # Atom
            for child in element:
                if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "link":
                    if child.get("rel", "alternate") == "alternate":
                        add(child.get("href"))
    return links
