"""The article's title: the visible headline, cross-checked with og:title and <title>.

Every visible heading (h1-h3 and the themes' headline elements) is a candidate. A candidate
scores for its rank (h1 > h2 > h3), for a headline class, and for agreeing with what the
page's metadata calls the title; it is out when it is the site's or blog's name (a link to
the home page or to an ancestor of this URL, og:site_name, a <title> segment that another
heading names after it) or lives in the comments or the site's chrome. Only when no
heading qualifies is the metadata title used, with the site's name stripped.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.article import structured
from archiver.extract.article.context import PageContext
from archiver.extract.text import collapse, heading_text, inline_text

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MIN_SCORE = 3.5


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens; scripts written without spaces count per character."""
    out: list[str] = []
    for word in _WORD.findall(text.casefold()):
        out.extend(word if _CJK.search(word) else [word])
    return tuple(out)


def overlap(a: str, b: str) -> float:
    """Token F1 of two strings (0 when either is empty)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = len(set(ta) & set(tb))
    if not common:
        return 0.0
    precision, recall = common / len(set(ta)), common / len(set(tb))
    return 2 * precision * recall / (precision + recall)


def head_title(ctx: PageContext) -> str:
    el = next(iter(sel.titles(ctx.tree)), None)
    return collapse("".join(el.itertext())) if el is not None else ""


def title_segments(title: str) -> list[str]:
    return [s.strip() for s in sel.TITLE_SEPARATORS.split(title) if s and s.strip()]


def key(text: str) -> str:
    """A text's comparison key: its word tokens, lower-cased."""
    return " ".join(tokens(text))


def site_names(ctx: PageContext) -> set[str]:
    """Keys of the names the page gives itself (og:site_name, JSON-LD publisher/WebSite)."""
    names = {ctx.meta1("og:site_name"), ctx.meta1("application-name")}
    for node in ctx.nodes:
        if "WebSite" in structured.types(node) or "Organization" in structured.types(node):
            names.add(structured.text(node.get("name")))
    publisher = structured.resolve(ctx.node.get("publisher"), ctx.index) if ctx.node else None
    if isinstance(publisher, dict):
        names.add(structured.text(publisher.get("name")))
    return {key(n) for n in names if n and key(n)}


_HOME_LINKS = etree.XPath("//a[@href]")
_MAX_LINKS = 400


def _home_link_texts(ctx: PageContext) -> set[str]:
    """Keys of the texts (or logo alts) of links to the site's home page: its name."""
    names = set()
    for a in _HOME_LINKS(ctx.tree)[:_MAX_LINKS]:
        target = structured.join(ctx.url, a.get("href").strip()) or ""
        parts = urlsplit(target)
        if parts.path.strip("/") or parts.query or parts.netloc != urlsplit(ctx.url).netloc:
            continue
        text = inline_text(a) or " ".join(img.get("alt") or "" for img in a.iter("img"))
        if key(text):
            names.add(key(text))
    return names


def links_up(ctx: PageContext, el: etree._Element) -> bool:
    """True when the element's text is all one link to the home page or to an ancestor of
    this page's URL: a site, blog or section name, never this post's headline."""
    links = list(el.iter("a")) or list(el.iterancestors("a"))
    if len(links) != 1 or not links[0].get("href"):
        return False
    target = structured.join(ctx.url, links[0].get("href").strip())
    if not target:
        return False
    here, there = urlsplit(ctx.url), urlsplit(target)
    if there.netloc and there.netloc.lower() != here.netloc.lower():
        return False
    path, page = there.path.rstrip("/"), here.path.rstrip("/")
    return (path == "" or page.startswith(path + "/")) and path != page and not there.query


def _references(ctx: PageContext, segments: list[str], site: set[str]) -> list[str]:
    refs = [ctx.meta1("og:title"), ctx.meta1("twitter:title"),
            structured.text(ctx.node.get("headline")) if ctx.node else None]
    refs += [s for s in segments if key(s) not in site]
    return [r for r in refs if r]


def _candidates(ctx: PageContext, titled: bool) -> list[tuple[etree._Element, bool]]:
    themed = set(ctx.select(sel.HEADLINES))
    seen, out = set(), []
    for el in sel.headings(ctx.tree):
        if el not in seen and not ctx.walled(el):
            seen.add(el)
            out.append((el, el in themed))
    for el in themed - seen:
        out.append((el, True))
        seen.add(el)
    named = [el for el in sel.titled(ctx.tree) if el not in seen] if titled else []
    if len(named) <= sel.MAX_TITLED:
        for el in named:
            if not sel.HEADLINE_CLASS.search(el.get("class") or "") or ctx.walled(el):
                continue
            if not heading_text(el) and len(el) and isinstance(el[0].tag, str):
                el = el[0]  # a title container: its first child holds the text
            if el not in seen:
                seen.add(el)
                out.append((el, True))
    return out


def _class_words(el: etree._Element) -> str:
    parent = el.getparent()
    return " ".join(filter(None, (el.get("class"), el.get("id"),
                                  parent.get("class") if parent is not None else None)))


def _quoted_runs(segments: list[str], site: set[str]) -> set[str]:
    """Keys of the runs of two or more <title> segments, none of them a site name: a
    headline with a separator of its own ("Site Update - Preview 14") is split by the
    <title>'s separators, and only the run of pieces, read together, quotes it whole."""
    keys = [key(s) for s in segments]
    return {key(" ".join(segments[i:j]))
            for i in range(len(segments)) for j in range(i + 2, len(segments) + 1)
            if not set(keys[i:j]) & site}


def _score(el: etree._Element, text: str, themed: bool, refs: list[str],
           quoted: bool = False) -> float:
    score = {"h1": 3.5, "h2": 2.0, "h3": 1.0}.get(el.tag, 2.0)
    words = _class_words(el)
    if sel.NOT_HEADLINE_CLASS.search(words):
        score -= 3
    elif themed or sel.HEADLINE_CLASS.search(words) or el.get("itemprop") == "headline":
        score += 2
    if refs:
        agreement = 1.0 if quoted else max(overlap(text, r) for r in refs)
        score += 5 * agreement
        if not agreement and not themed:
            score -= 3  # a plain heading sharing no word with the page's title: a widget's
    return score


def _without_kicker(el: etree._Element, text: str, refs: list[str]) -> str:
    """The headline without a child element whose words the metadata title never uses (a
    kicker or badge printed inside the heading: "Zugverkehr", "Abonnés")."""
    if not refs:
        return text
    ref_tokens = set().union(*(tokens(r) for r in refs))
    for child in el:
        part = inline_text(child)
        if part and part != text and not set(tokens(part)) & ref_tokens:
            trimmed = collapse(text.replace(part, " ", 1))
            if trimmed and max(overlap(trimmed, r) for r in refs) > \
                    max(overlap(text, r) for r in refs):
                text = trimmed
    return text


def visible(ctx: PageContext) -> tuple[etree._Element | None, str | None]:
    """(the headline element, its text) or (None, None) when no heading qualifies.

    Headings and theme headline elements first; elements merely named for a title
    (dl.newsTitle) only when none of those qualifies, as finding them scans every class.
    """
    for titled in (False, True):
        found = _best(ctx, titled)
        if found[0] is not None:
            return found
    return None, None


def _best(ctx: PageContext, titled: bool) -> tuple[etree._Element | None, str | None]:
    full = head_title(ctx)
    segments = title_segments(full)
    site = site_names(ctx)
    scored: list[tuple[float, int, etree._Element, str]] = []
    exact_segment: list[tuple[int, str]] = []
    candidates = _candidates(ctx, titled)
    for position, (el, _themed) in enumerate(candidates):
        text = heading_text(el)
        if not text or len(text) > 300:
            continue
        text_key = key(text)
        if not text_key or text_key in site or links_up(ctx, el):
            site.add(text_key)
            continue
        if len(segments) > 1 and text_key in {key(s) for s in segments}:
            exact_segment.append((position, text_key))
        scored.append((0.0, position, el, text))
    # A blog template names the blog and then the post, both as <title> segments: the earlier
    # heading that names a segment is the blog's name when a later one names another.
    if len({k for _, k in exact_segment}) > 1:
        site.update(k for _, k in exact_segment[:-1])
    refs = _references(ctx, segments, site)
    runs = _quoted_runs(segments, site)
    sole = _sole_post_title([el for _, _, el, text in scored if key(text) not in site])
    best: tuple[float, int, etree._Element, str] | None = None
    for _, position, el, text in scored:
        if key(text) in site:
            continue
        score = _score(el, text, candidates[position][1] or el is sole, refs,
                       key(text) in runs)
        if best is None or score > best[0]:
            best = (score, position, el, text)
    if best is not None and best[0] >= _MIN_SCORE:
        return best[2], _without_kicker(best[2], best[3], refs)
    return None, None


def _sole_post_title(headings: list[etree._Element]) -> etree._Element | None:
    """With no h1 on the page, the one h2 or h3 whose own class names it a post's title
    (h2.blog-post-title): the headline, even when <title> names only the site."""
    if any(el.tag == "h1" for el in headings):
        return None
    titled = [el for el in headings if el.tag in ("h2", "h3")
              and sel.HEADLINE_CLASS.search(el.get("class") or "")
              and not sel.NOT_HEADLINE_CLASS.search(el.get("class") or "")]
    return titled[0] if len(titled) == 1 else None


def metadata_title(ctx: PageContext) -> str | None:
    """The title the metadata gives (JSON-LD headline, og:title, <title> without the site's
    name): a listing's or a page's name when there is no article headline."""
    full = head_title(ctx)
    segments = title_segments(full)
    site = site_names(ctx) | _home_link_texts(ctx)
    for value in (structured.text(ctx.node.get("headline")) if ctx.node else None,
                  structured.text(ctx.node.get("name")) if ctx.node else None,
                  ctx.meta1("og:title", "twitter:title")):
        if value:
            return value
    if not full:
        return None
    kept = [s for s in segments if key(s) not in site]
    if len(segments) > 1 and len(kept) == len(segments):
        # No known site name: the suffix shorter than the rest is the site's name.
        if len(segments[-1]) < len(segments[0]):
            kept = kept[:-1]
    if len(kept) == 1:
        return kept[0]
    if not kept:
        return full
    # Keep the page's own separators between the kept parts.
    start = full.find(kept[0])
    end = full.rfind(kept[-1]) + len(kept[-1])
    return full[start:end] if 0 <= start < end else full


def without_byline(title: str | None, authors: list[dict]) -> str | None:
    """A <title> that ends with the post's byline ("Headline by Jane Doe of Site") without
    it: the byline is a field of its own, not part of the headline."""
    if not title:
        return title
    for author in authors:
        at = title.rfind(f" by {author['name']}")
        if at > 0 and title[:at].strip():
            return title[:at].rstrip(" -–—|:,")
    return title
