"""Is this page an article? Evidence, weighed; never a single gate.

Structured evidence (JSON-LD Article, og:type=article, one hentry, article:published_time, a
comment section) makes a page an article as before; `evidence` lists exactly those. A page
without any of them is still an article when it shows a headline over a body of prose;
without a recognisable headline, prose needs two corroborating signs (a byline, a date in
markup, a dated URL path, an <article>/<main> container, a comment form, a single-post
<body> class). Listings (several posts, archive body classes) and error pages are not
articles whatever else they show.
`article_evidence` lists everything found, `article_confidence` says how sure (0..1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from archiver.extract.article import selectors as sel
from archiver.extract.article.context import PageContext
from archiver.extract.text import heading_text

_ERROR_TITLE = re.compile(
    r"\b(?:404|410|not found|page not found|nicht gefunden|introuvable|no encontrada"
    r"|non trovata|error \d{3}|seite existiert nicht)\b", re.I)
_PROSE_PARAGRAPH = 80  # characters: shorter <p>s are captions, teasers and buttons
_PROSE_TOTAL = 300
_PROSE_SINGLE = 500  # one paragraph alone, when it runs this long
_LISTING_ARTICLES = 3
_PARAGRAPHS = etree.XPath("//p")
_TEXT_BLOCKS = etree.XPath("//div | //td | //section | //article | //blockquote")
_OWN_TEXT = etree.XPath("text()")


@dataclass
class Evidence:
    """What the page shows. `structured` is the contract's `evidence` list."""

    structured: list[str] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)

    @property
    def is_article(self) -> bool:
        if self.structured:
            return True  # as before: structured evidence alone decides
        if self.against:
            return False
        shown = set(self.supporting)
        # A headline over a body of prose is an article; without a recognisable headline,
        # prose needs two more signs (a byline, a dated URL, an <article> container ...).
        return "prose" in shown and ("headline" in shown or len(shown) >= 3)

    @property
    def confidence(self) -> float:
        if self.against and not self.structured:
            return 0.0
        if self.against:
            return 0.2
        score = 0.55 + 0.15 * len(self.structured) + 0.07 * len(self.supporting)
        if not self.structured:
            score = 0.25 + 0.1 * len(self.supporting) if self.is_article else \
                0.05 * len(self.supporting)
        return round(min(score, 1.0), 2)

    @property
    def listed(self) -> list[str]:
        return self.structured + self.supporting + [f"not:{a}" for a in self.against]


def structured_evidence(ctx: PageContext) -> list[str]:
    found = [f"json-ld:{ctx.node_type}"] if ctx.node_type else []
    if (ctx.meta1("og:type") or "").lower() == "article":
        found.append("og:type")
    if len(ctx.entries) == 1:
        found.append("h-entry" if "h-entry" in (ctx.entries[0].get("class") or "").split()
                     else "hentry")
    if ctx.meta.get("article:published_time"):
        found.append("article:published_time")
    if ctx.comments.comments or ctx.comments.sections:
        found.append("comment-section")
    return found


def prose(ctx: PageContext, container: etree._Element | None) -> bool:
    """Enough running text outside the comments and the chrome to be a post's body."""
    if container is not None and len(container.text_content()) >= _PROSE_TOTAL:
        return True
    total, long_ones = 0, 0
    for p in _PARAGRAPHS(ctx.tree):
        length = len(p.text_content().strip())
        if length >= _PROSE_PARAGRAPH and not ctx.walled(p):
            total += length
            long_ones += 1
            if total >= _PROSE_TOTAL and (long_ones >= 2 or total >= _PROSE_SINGLE):
                return True
    # Text written with <br>s instead of <p>s: one block whose own text runs long.
    for block in _TEXT_BLOCKS(ctx.tree):
        own = sum(len(t.strip()) for t in _OWN_TEXT(block))
        if own >= 2 * _PROSE_TOTAL and not ctx.walled(block):
            return True
    return False


def _listing(ctx: PageContext) -> list[str]:
    against = []
    if len(ctx.entries) > 1:
        against.append("several-entries")
    if ctx.body_classes & sel.LISTING_BODY_CLASSES and not ctx.body_classes & \
            sel.SINGLE_BODY_CLASSES:
        against.append("listing-body-class")
    posts = [a for a in ctx.tree.iter("article") if not ctx.walled(a)
             and a.xpath(".//h2//a | .//h3//a")]
    if len(posts) >= _LISTING_ARTICLES:
        against.append("several-articles")
    return against


def gather(ctx: PageContext, headline: etree._Element | None, container: etree._Element | None,
           has_byline: bool, has_date: bool) -> Evidence:
    evidence = Evidence(structured=structured_evidence(ctx))
    supporting = evidence.supporting
    if headline is not None:
        supporting.append("headline")
    if prose(ctx, container):
        supporting.append("prose")
    if container is not None:
        supporting.append("theme-container")
    if has_byline:
        supporting.append("byline")
    if has_date:
        supporting.append("date-markup")
    if sel.DATED_PATH.search(urlsplit(ctx.url).path):
        supporting.append("dated-url")
    if headline is not None and any(a.tag in ("article", "main") or a.get("role") == "main"
                                    for a in headline.iterancestors()):
        supporting.append("article-container")
    if any(not ctx.walled(f) or f in ctx.walls for f in sel.comment_forms(ctx.tree)):
        supporting.append("comment-form")
    if ctx.body_classes & sel.SINGLE_BODY_CLASSES:
        supporting.append("single-post-body-class")
    evidence.against = _listing(ctx)
    heading = heading_text(headline) if headline is not None else ""
    if _ERROR_TITLE.search(heading) and len(heading) < 60:
        evidence.against.append("error-page")
    return evidence
