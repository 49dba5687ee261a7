"""The smaller article fields: canonical URL, section, tags, language, declared comment
count. One function each, all reading a `PageContext`."""

from __future__ import annotations

import html as _html
import re
from typing import Any

from archiver.extract.article import selectors as sel
from archiver.extract.article import structured
from archiver.extract.article.context import PageContext
from archiver.extract.comments import article_base_url
from archiver.extract.text import collapse, inline_text

_NUMBER_WORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNT_TEXT = re.compile(
    r"^\s*(\d[\d,.]*|no|zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:comments?|thoughts?|responses?|replies|reply|reactions?|kommentare?|commentaires?"
    r"|r[ée]ponses?|antworten|comentarios?|respuestas?|reacties?|commenti|commento|risposte"
    r"|coment[áa]rios?)\b",
    re.I,
)
_COUNT_PAREN = re.compile(
    r"\b(?:comments?|responses?|replies|kommentare?|commentaires?)\s*[(\[]\s*(\d[\d,.]*)\s*[)\]]",
    re.I,
)


def normalize_language(value: str | None) -> str | None:
    """BCP 47 spelling of a language tag: "en_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"."""
    if not value or not isinstance(value, str):
        return None
    parts = [p for p in re.split(r"[-_]", value.strip()) if p]
    if not parts or not re.fullmatch(r"[A-Za-z]{2,8}", parts[0]):
        return None
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def canonical(ctx: PageContext) -> str | None:
    """The page's own idea of its URL: <link rel=canonical>, og:url, JSON-LD url, absolute.

    A comment page's canonical (/comment-page-2/#comments) is the article's URL.
    """
    node = ctx.node
    main = node.get("mainEntityOfPage")
    main = structured.resolve(main, ctx.index).get("@id") if isinstance(main, dict) else main
    for value in (*(sel.canonical_links(ctx.tree)[:1]), ctx.meta1("og:url"),
                  node.get("url") if isinstance(node.get("url"), str) else None, main):
        joined = structured.join(ctx.url, value.strip()) \
            if isinstance(value, str) and value.strip() else None
        if joined:
            return article_base_url(joined)
    return None


def section(ctx: PageContext, canonical_url: str | None) -> str | None:
    value = ctx.prof.string("section") or structured.text(ctx.node.get("articleSection")) \
        or ctx.meta1("article:section")
    if value:
        return value
    for a in ctx.select(sel.CATEGORY_LINKS):
        if inline_text(a):
            return inline_text(a)
    for el in ctx.select(sel.SECTION_LINKS):
        if inline_text(el):
            return inline_text(el)
    crumbs = ctx.select(sel.BREADCRUMB_LINKS)
    here = {ctx.url.rstrip("/"), (canonical_url or ctx.url).rstrip("/")}
    crumbs = [a for a in crumbs
              if (structured.join(ctx.url, a.get("href") or "") or "").rstrip("/") not in here]
    if len(crumbs) >= 2:  # the first crumb is the home page
        return inline_text(crumbs[-1]) or None
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    else:
        return []
    return [t for t in (collapse(_html.unescape(i)) for i in items) if t]


def tags(ctx: PageContext) -> list[str]:
    found = ctx.prof.strings("tags") or _keywords(ctx.node.get("keywords"))
    if not found:
        found = [collapse(t) for t in ctx.meta.get("article:tag", []) if collapse(t)]
    if not found:
        found = [inline_text(a) for a in ctx.select(sel.TAG_LINKS)
                 if "category" not in (a.get("rel") or "").split() and inline_text(a)]
    return list(dict.fromkeys(found))


def language(ctx: PageContext) -> str | None:
    tree = ctx.tree
    html_lang = tree.get("lang") or tree.get("xml:lang") \
        or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    in_language = ctx.node.get("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    return normalize_language(html_lang) or normalize_language(structured.text(in_language)) \
        or normalize_language(ctx.meta1("og:locale")) or normalize_language(
            ctx.meta1("content-language", "language", "dc.language"))


def declared_comment_count(ctx: PageContext) -> int | None:
    """The comment count the page states: JSON-LD, else a comment section's heading."""
    declared = structured.jsonld_comment_count(ctx.node) if ctx.node else None
    if declared is not None:
        return declared
    for section_el in ctx.comments.sections:
        for heading in sel.count_headings(section_el):
            text = inline_text(heading, skip=("screen-reader-text",))
            match = _COUNT_TEXT.match(text)
            if match:
                word = match.group(1).lower()
                if word in _NUMBER_WORDS:
                    return _NUMBER_WORDS[word]
                return structured.count(word)
            match = _COUNT_PAREN.search(text)
            if match:
                return structured.count(match.group(1))
    return None
