"""Readers for the page's structured metadata: JSON-LD, <meta> (OpenGraph, Dublin Core,
parsely ...), and the profile's own CSS selectors. They return raw values; the field modules
decide what to trust."""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any

from lxml import etree

from archiver.extract.absolute import join_url
from archiver.extract.article.selectors import jsonld_scripts, metas
from archiver.extract.text import collapse, inline_text
from archiver.profiles import Profile

PERSON_TYPES = frozenset({"Person", "Author"})


def text(value: Any) -> str | None:
    """A JSON-LD/meta value as a clean one-line string, or None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = collapse(_html.unescape(value))
    return value or None


def types(node: dict) -> list[str]:
    # "type" without the "@" is a common slip that readers of the page forgive.
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return [re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)]


def join(base: str, href: str) -> str | None:
    """An absolute URL, or None for one the page wrote unusably (``http://[::1``)."""
    try:
        return join_url(base, href)
    except ValueError:
        return None


def jsonld_nodes(tree: etree._Element) -> list[dict]:
    """All JSON-LD objects of the page, @graph members and mainEntity objects flattened."""
    nodes: list[dict] = []
    for script in jsonld_scripts(tree):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            try:
                from extruct.jsonld import JsonLdExtractor

                data = list(JsonLdExtractor()._extract_items(script))
            except Exception:  # extruct's lenient parser raises many types on junk
                continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[0:0] = item
                continue
            if not isinstance(item, dict):
                continue
            nodes.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = graph
            main = item.get("mainEntity")
            if isinstance(main, dict) and "@type" in main:
                stack.append(main)
    return nodes


def resolve(value: Any, index: dict[str, dict]) -> Any:
    """Follow a bare {"@id": ...} reference to the node it names (Yoast's @graph style)."""
    if (isinstance(value, dict) and isinstance(value.get("@id"), str) and len(value) <= 2
            and "name" not in value):
        return index.get(value["@id"], value)
    return value


def jsonld_authors(node: dict, index: dict[str, dict], base: str) -> list[dict]:
    """The article node's authors that are people (Organization authors are not bylines)."""
    raw = node.get("author") or node.get("creator")
    values = raw if isinstance(raw, list) else [raw]
    authors: list[dict] = []
    for value in values:
        value = resolve(value, index)
        if isinstance(value, str):
            name, url = text(value), None
            if name and re.match(r"https?://", name):
                continue
        elif isinstance(value, dict):
            kinds = types(value)
            if kinds and not PERSON_TYPES & set(kinds):
                continue
            name = text(value.get("name"))
            url_value = value.get("url")
            if isinstance(url_value, list):
                url_value = url_value[0] if url_value else None
            url = join(base, url_value) if isinstance(url_value, str) and url_value else None
        else:
            continue
        if name:
            authors.append({"name": name, "url": url})
    return authors


def jsonld_comment_count(node: dict) -> int | None:
    value = node.get("commentCount")
    if value is None:
        stats = node.get("interactionStatistic")
        for stat in stats if isinstance(stats, list) else [stats]:
            if isinstance(stat, dict) and "Comment" in str(stat.get("interactionType", "")):
                value = stat.get("userInteractionCount")
                break
    return count(str(value)) if value is not None else None


def count(printed: str) -> int | None:
    digits = re.sub(r"[,.\s]", "", printed)
    # A count nobody's thread reaches is a page's noise, not a comment count.
    return int(digits) if digits.isdigit() and len(digits) <= 9 else None


def meta_tags(tree: etree._Element) -> dict[str, list[str]]:
    """<meta> contents by lower-cased property/name/itemprop/http-equiv."""
    out: dict[str, list[str]] = {}
    for el in metas(tree):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None and content.strip():
            out.setdefault(key.strip().lower(), []).append(content.strip())
    return out


def date_value(el: etree._Element) -> str | None:
    """A date element's machine value (datetime/content/title), else its printed text."""
    for attr in ("datetime", "content", "title"):
        value = (el.get(attr) or "").strip()
        if value:
            return value
    return inline_text(el) or None


class ProfileSelectors:
    """Profile CSS selectors (parsel, so ::text and ::attr(x) work) over the shared tree."""

    def __init__(self, tree: etree._Element, profile: Profile | None) -> None:
        self.css = dict(profile.selectors) if profile is not None else {}
        self._sel = None
        if self.css:
            from parsel import Selector

            self._sel = Selector(root=tree, type="html")

    def results(self, name: str) -> list[Any]:
        css = self.css.get(name)
        if not css or self._sel is None:
            return []
        return [r.root for r in self._sel.css(css)]

    def strings(self, name: str, dates: bool = False) -> list[str]:
        out = []
        for root in self.results(name):
            if isinstance(root, str):
                value = collapse(root)
            elif dates:
                value = date_value(root) or ""
            else:
                value = inline_text(root)
            if value:
                out.append(value)
        return out

    def string(self, name: str, dates: bool = False) -> str | None:
        values = self.strings(name, dates)
        return values[0] if values else None
