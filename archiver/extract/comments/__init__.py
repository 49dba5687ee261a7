"""Reader comments printed in the page's HTML.

Known markups are families in ``families/`` (WordPress core walkers, the Disqus WordPress
fallback, ...), tried first; the general reader (``general``) reads every other thread of
repeated blocks that carry a person, a time and a text. The markup name goes into
``article.comment_markup``. Pingbacks/trackbacks, "recent comments" widgets and comment
forms never become comments.
"""

from __future__ import annotations

from lxml import etree

from archiver.extract.comments import general
from archiver.extract.comments.base import (
    CommentsResult,
    PageContext,
    article_base_url,
    comment_id_hash,
    parse_html_tree,
)
from archiver.extract.comments.families import FAMILIES, headed
from archiver.extract.comments.sections import comment_pages, comment_sections
from archiver.profiles import Profile

__all__ = [
    "CommentsResult",
    "article_base_url",
    "comment_id_hash",
    "comment_sections",
    "comments_from_tree",
    "extract_comments",
    "parse_html_tree",
]


def _profile_scopes(tree: etree._Element, profile: Profile | None) -> list[etree._Element] | None:
    if profile is None or not profile.selectors.get("comments"):
        return None
    from parsel import Selector

    sel = Selector(root=tree, type="html")
    return [s.root for s in sel.css(profile.selectors["comments"])
            if isinstance(s.root, etree._Element)]


def comments_from_tree(url: str, tree: etree._Element, profile: Profile | None = None
                       ) -> CommentsResult:
    """Extract comments from an already parsed page (the tree is not modified)."""
    scopes = _profile_scopes(tree, profile)
    forced = profile.comment_platform if profile is not None else None
    ctx = PageContext(url=url, tree=tree, profile=profile, scopes=scopes)
    sections = ctx.sections = comment_sections(tree, ctx.named) if scopes is None \
        else list(scopes)

    thread = None
    for family in FAMILIES:
        if forced in (None, family.NAME):
            thread = family.read(ctx)
            if thread is not None:
                break
    if thread is None and forced in (None, "html"):
        thread = general.read(ctx) or headed.read(ctx)
    if thread is not None:
        sections.extend(s for s in thread.sections if s not in sections)
    return CommentsResult(
        comments=_distinct_ids(thread.comments) if thread else [],
        next={"comment_pages": comment_pages(tree, url, sections)},
        markup=thread.markup if thread else None,
        sections=sections,
        elements=thread.elements if thread else [],
    )


def _distinct_ids(comments: list[dict]) -> list[dict]:
    """Two comments of one page with the same content hash (a double post: the same text
    by the same name in two blocks) are two comments: the repeat's id gets the "~N" suffix
    the store gives a reused id (normalize.threads), and the replies that follow it answer
    it, not the first one."""
    seen: dict[str, int] = {}
    latest: dict[str, str] = {}
    for comment in comments:
        if comment.get("parent_id") in latest:
            comment["parent_id"] = latest[comment["parent_id"]]
        cid = comment["id"]
        seen[cid] = seen.get(cid, 0) + 1
        if seen[cid] > 1 and comment.get("id_source") == "hash":
            comment["id"] = f"{cid}~{seen[cid]}"
        latest[cid] = comment["id"]
    return comments


def extract_comments(url: str, html_text: str, profile: Profile | None = None
                     ) -> tuple[list[dict], dict, str | None]:
    """Comments printed in a page: (comments, {"comment_pages": [...]}, markup name or None)."""
    result = comments_from_tree(url, parse_html_tree(html_text), profile)
    return result.comments, result.next, result.markup
