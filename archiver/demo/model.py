"""The in-memory model of the demo magazine, shared by the generator and the markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from archiver.demo import lexicon
from archiver.demo.text import Para

TZ = ZoneInfo(lexicon.TIMEZONE)
MARKUPS = ("wordpress-html5", "wordpress-legacy", "generic")
WORDPRESS_MARKUPS = ("wordpress-html5", "wordpress-legacy")
COMMENTS_PER_PAGE = 20  # top-level threads per comment page (WordPress option)
PAGINATE_ABOVE = 50  # comment pagination only kicks in above this many comments
LISTING_PAGE_SIZE = 10
MAX_DEPTH = 4  # 0-based; WordPress "thread_comments_depth" 5


@dataclass(slots=True)
class Commenter:
    """A reader identity from the pool (or an article author commenting on their post)."""

    name: str
    url: str | None
    slug: str


@dataclass(slots=True)
class Comment:
    """A comment or pingback; `id` is assigned globally after all articles exist."""

    local: int  # creation order within the article
    parent: Comment | None
    when: datetime  # UTC, whole minutes
    author: Commenter
    is_post_author: bool
    paras: list[Para]
    depth: int = 0
    id: int = 0
    children: list[Comment] = field(default_factory=list)
    pingback: tuple[str, str] | None = None  # (source title, source url)


@dataclass(slots=True)
class Article:
    """One published article with its comment thread."""

    index: int
    post_id: int
    title: str
    slug: str
    path: str  # "/YYYY/MM/slug/"
    authors: list[int]  # indexes into lexicon.AUTHORS, byline order
    published: datetime  # UTC
    date_only: bool
    modified: datetime | None
    section: int
    tags: list[int]
    paras: list[Para]
    markup: str
    closed: bool
    thumbnail: bool
    comments: list[Comment] = field(default_factory=list)  # creation order, incl. pingbacks
    roots: list[Comment] = field(default_factory=list)  # top-level items, oldest first
    pages: list[list[Comment]] = field(default_factory=list)  # roots split per comment page
    encoding: str = "utf-8"

    @property
    def real_comments(self) -> list[Comment]:
        """Comments without pingbacks."""
        return [c for c in self.comments if c.pingback is None]

    def comment_page_path(self, page: int) -> str:
        """Path of comment page `page` (1-based); page 1 is the article itself."""
        return self.path if page <= 1 else f"{self.path}comment-page-{page}/"
