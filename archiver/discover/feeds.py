"""RSS and Atom feeds: the article links they list, with the dates they give them."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.etree

from archiver.discover.sitemaps import xml_damage

# An item's publication date: RSS 2.0 pubDate, RSS 1.0 / Dublin Core dc:date, Atom
# published (Atom's updated is when the entry last changed: not a publication date).
_PUBLISHED_TAGS = frozenset({"pubDate", "date", "published", "issued"})


def parse_feed(body: bytes, url: str, problems: list[str] | None = None) -> list[str]:
    """Item links of an RSS 2.0 / RSS 1.0 / Atom feed, absolute, in feed order, no repeats.

    A damaged feed gives what was read before the damage; what it was is appended to
    `problems`, so that it is recorded rather than taken for an empty feed.
    """
    return [link for link, _published in feed_entries(body, url, problems)]


def feed_entries(body: bytes, url: str, problems: list[str] | None = None
                 ) -> list[tuple[str, str | None]]:
    """(link, the item's raw publication date or None) for each item of the feed, as
    `parse_feed` lists them."""
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
    links: dict[str, str | None] = {}

    def add(href: str | None, published: str | None) -> None:
        if href and href.strip():
            absolute = urljoin(url, href.strip())
            if absolute not in links:
                links[absolute] = published

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2]
        if tag == "item":  # RSS
            published = _published(element)
            for child in element:
                if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "link":
                    add(child.text or child.get("href"), published)
        elif tag == "entry":  # Atom
            published = _published(element)
            for child in element:
                if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "link":
                    if child.get("rel", "alternate") == "alternate":
                        add(child.get("href"), published)
    return list(links.items())


def _published(item: lxml.etree._Element) -> str | None:
    for child in item:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] in _PUBLISHED_TAGS:
            text = (child.text or "").strip()
            if text:
                return text
    return None
