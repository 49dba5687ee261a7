"""Transition shim: the comment reader now lives in ``archiver.extract.comments``.

Kept only for modules outside the comment reader's scope this round (``extract/article.py``,
``extract/platforms/disqus.py``); import from ``archiver.extract.comments`` instead.
"""

from archiver.extract.comments import (
    CommentsResult,
    article_base_url,
    comment_id_hash,
    comment_sections,
    comments_from_tree,
    extract_comments,
    parse_html_tree,
)

__all__ = ["CommentsResult", "article_base_url", "comment_id_hash", "comment_sections",
           "comments_from_tree", "extract_comments", "parse_html_tree"]
