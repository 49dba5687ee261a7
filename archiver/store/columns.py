"""Which columns are a row's content: a change there is a change of the article or comment,
sets last_changed, and puts the previous values in article_versions / comment_versions.

Shared by the writer (change detection) and history (the version rows), so the two can
never disagree on what a version keeps.
"""

from __future__ import annotations

_DATE_PARTS = ("", "_raw", "_zone", "_approximate", "_unparsed")


def date_columns(prefix: str) -> tuple[str, ...]:
    """A date column and its companions: raw text, zone, approximate and unparsed flags."""
    return tuple(prefix + part for part in _DATE_PARTS)


ARTICLE_CONTENT = (
    "title",
    "byline_raw",
    "section",
    "language",
    "body_text",
    "body_html",
    *date_columns("published"),
    *date_columns("modified"),
)
COMMENT_CONTENT = (
    "parent_id",
    "parent_native_id",
    "commenter_id",
    "author_name",
    "is_post_author",
    *date_columns("published"),
    "text",
    "html",
    "status",
)
