"""The article of a page: title, byline, dates, section, tags, body, language, evidence.

One function per field, each reading a `PageContext` (context.py); selector data lives in
selectors.py, the JSON-LD/meta/profile readers in structured.py. Sources, best first:
profile selectors, the visible page (headline, byline) cross-checked with JSON-LD,
OpenGraph and microformats, then heuristics and htmldate. Raw strings are kept as found;
dates and bylines are parsed later by ``archiver.normalize``.

Whether the page is an article at all is weighed from evidence (evidence.py); the body,
the costliest field, is only read for pages that are articles or that a profile says are.
"""

from __future__ import annotations

from lxml import etree

from archiver.discover.urls import path_and_query
from archiver.extract.article import body as _body
from archiver.extract.article import (
    byline,
    byline_lines,
    dateline,
    dates,
    evidence,
    fields,
    headline,
)
from archiver.extract.article.context import PageContext
from archiver.extract.article.fields import normalize_language
from archiver.extract.article.selectors import ARTICLE_TYPES
from archiver.extract.comments import CommentsResult, comments_from_tree, parse_html_tree
from archiver.profiles import Profile

__all__ = ["ARTICLE_TYPES", "PageContext", "article_from_tree", "extract_article",
           "normalize_language"]


def article_from_tree(url: str, tree: etree._Element, profile: Profile | None = None,
                      comments: CommentsResult | None = None) -> dict:
    """Extract the article fields from an already parsed page (the tree is not modified).

    `comments` is the comment extractor's result for the same tree; it is computed when not
    given. Its sections and comment elements are walled off from everything here.
    """
    if comments is None:
        comments = comments_from_tree(url, tree, profile)
    ctx = PageContext(url=url, tree=tree, profile=profile, comments=comments)
    canonical = fields.canonical(ctx)
    heading, visible_title = headline.visible(ctx)
    container = _body.container(ctx)
    site = headline.site_names(ctx)
    found_authors, byline_raw = byline.authors(ctx, heading, site, container)
    if not found_authors:
        found_authors = byline_lines.authors(ctx, heading, site)
    markup_date = dates.markup_date(ctx)
    weighed = evidence.gather(ctx, heading, container, bool(found_authors),
                              markup_date is not None)
    is_article = weighed.is_article
    if not is_article:
        # What a listing shows near its heading belongs to the posts it lists.
        found_authors, byline_raw = byline.structured_authors(ctx), None
    title = ctx.prof.string("title") or (visible_title if is_article else None)
    if not title:
        title = headline.metadata_title(ctx)
        if is_article:
            title = headline.without_byline(title, found_authors)
    published_raw, _ = dates.published(ctx, search=is_article, anchor=heading)

    body_text = body_html = ""
    if is_article or (profile is not None and (
            "body" in profile.selectors or profile.is_article_url(path_and_query(url)))):
        body_text, body_html = _body.body(ctx, container, heading)
    if is_article and not found_authors and body_text:
        found_authors = byline.signed(body_text, site)
    if is_article and not found_authors:
        found_authors = dateline.author(ctx, heading, container, published_raw, site,
                                        fields.language(ctx))

    return {
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "authors": found_authors,
        "byline_raw": byline_raw,
        "published_raw": published_raw,
        "modified_raw": dates.modified(ctx),
        "section": fields.section(ctx, canonical),
        "tags": fields.tags(ctx),
        "body_text": body_text,
        "body_html": body_html,
        "language": fields.language(ctx),
        "declared_comment_count": fields.declared_comment_count(ctx),
        "is_article": is_article,
        "evidence": weighed.structured,
        "article_confidence": weighed.confidence,
        "article_evidence": weighed.listed,
    }


def extract_article(url: str, html_text: str, profile: Profile | None = None) -> dict:
    """The article fields of the contract (docs/internals.md, section 1) for one page."""
    return article_from_tree(url, parse_html_tree(html_text), profile)
