"""Selector data for the article fields: theme conventions, microformats, CMS families.

Only data live here (the `Selector` class that evaluates it cheaply is in css.py); the logic that
weighs what the selectors find is in the field modules (headline, byline, dates, body).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from archiver.extract.article.css import (  # noqa: F401
    Selector,
    css,
    on_attribute_axis,
    page_tokens,
)

# The whole-page finders, read by the field modules as selectors.<name>.
from archiver.extract.article.finders import (  # noqa: F401
    canonical_links,
    comment_forms,
    count_headings,
    dated_times,
    has_token,
    headings,
    hentries,
    jsonld_scripts,
    metas,
    titled,
    titles,
)


def _has_class(*names: str) -> str:
    """An XPath test for whole class tokens; the cheap `contains` tests run first so the
    token test is only built for the few elements that may match (most have no class)."""
    tests = " or ".join(f"(contains(@class, '{c}') and contains(concat(' ', "
                        f"normalize-space(@class), ' '), ' {c} '))" for c in names)
    return f"(@class and ({tests}))"


ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "OpinionNewsArticle", "ReportageNewsArticle",
    "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
    "SatiricalArticle", "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting",
    "SocialMediaPosting", "DiscussionForumPosting", "AdvertiserContentArticle",
})

# --- body -------------------------------------------------------------------------------------

# The theme's entry container, most specific first.
CONTAINERS = [Selector(c) for c in (
    "[itemprop~=articleBody]",
    ".entry-content",
    ".post-content",
    ".article-body",
    ".article-content",
    ".article__body",
    ".article__text",
    ".post-body",
    ".entry-body",
    ".story-body",
    ".single-content",
    ".post-entry",
    ".td-post-content",
    ".c-entry-content",
    ".e-content",
    ".wp-block-post-content",
    "article .content",
    "div.entry",
)]
# Never part of a body, wherever they sit.
WALL_MARK = "data-archiver-wall"
_NOISE_TAGS = frozenset({"form", "nav", "aside", "script", "style", "noscript", "template",
                         "iframe", "button", "input", "textarea", "select"})
_NOISE_CLASS = re.compile(
    # promotion, related-post and sign-up boxes inside the entry, whatever the theme calls them
    r"promo|related|newsletter|advert|sponsor|share-buttons|social-share"
    r"|(?:^|\s)(?:sharedaddy|jp-relatedposts|screen-reader-text|comments-link"
    r"|sd-sharing-enabled|wp-block-comments|post-navigation|navigation|postmetadata"
    r"|entry-meta|post-meta|wp-block-post-comments-form|posted)(?=\s|$)")


# A post's own meta lines, by their class or id (byline, date, tags, categories, share and
# comment links, print and mail tools): left out of a body read without a theme container
# when they are short (a container of the whole post may carry such a name too).
META_LINE_NAMES = re.compile(
    r"byline|author(?!ity)|posted|submitted|meta|(?<![a-z])date|postdate|pubdate|(?<![a-z])time"
    r"|share|social|bookmark|(?:^|[-_\s])tags?(?:$|[-_\s])|categor|(?<![a-z])filed"
    r"|comment(?!ary)|(?<![a-z])print|e-?mail|(?:^|[-_\s])tools?(?:$|[-_\s])"
    r"|(?:^|\s)details(?:$|\s)|publication|sharing|follow", re.I)
META_LINE_WORDS = 40
# A line that only counts the comments ("27 commentaires", "Comments (3)").
COMMENT_COUNT_LINE = re.compile(
    r"^\W*(?:\d+\W+)?(?:comments?|kommentare?|commentaires?|comentarios?|commenti|komentarz[ey]?"
    r"|reactions?|responses?|replies|antworten|réponses|reacties)\W*(?:\d+\W*)?$", re.I)
LINKS_LINE_WORDS = 12  # a line this short that is all links: share bars, tags, "read more"
# The words a byline starts with before the name's own element ("Posted by <a>...</a>").
BY_WORDS = re.compile(
    r"^\s*(?:(?:posted|written|published|words|text|story)\s+by|by|von|par|por|di|door|av"
    r"|af|przez|od|autor(?:in|a)?|auteur|автор|作者)\s*:?\s*$", re.I)


def is_noise(el: etree._Element) -> bool:
    """Never part of a body, wherever it sits (a marked wall included)."""
    return el.tag in _NOISE_TAGS or el.get(WALL_MARK) is not None or bool(
        _NOISE_CLASS.search(el.get("class") or ""))


def body_noise(tree: etree._Element) -> list[etree._Element]:
    """Elements that are never part of a body, wherever they sit (the walls included).

    One pass in Python: as an XPath union this was a dozen whole-tree scans and several
    times slower than parsing the page."""
    return [el for el in tree.iter() if isinstance(el.tag, str) and is_noise(el)]


def is_wall(el: etree._Element) -> bool:
    return el.get(WALL_MARK) is not None


def outermost(root: etree._Element, test: Callable[[etree._Element], bool] = is_noise,
              opaque: frozenset[str] = frozenset()) -> list[etree._Element]:
    """The elements below `root` that pass `test` and sit inside no other that does, in
    one walk that never enters a passing subtree (what is inside goes with it) nor one
    whose tag is `opaque`."""
    found: list[etree._Element] = []
    stack = [root]
    while stack:
        for child in stack.pop():
            if not isinstance(child.tag, str):
                continue
            if test(child):
                found.append(child)
            elif child.tag not in opaque:
                stack.append(child)
    return found


# --- page chrome ------------------------------------------------------------------------------

CHROME_CLASSES = frozenset({"sidebar", "widget", "widget-area", "site-footer", "site-header",
                            "masthead", "site-branding", "footer", "related", "related-posts",
                            "secondary", "aside"})
MAIN_WIDGET_CLASSES = frozenset({"Blog", "main", "blog-posts", "main-content"})
CHROME_IDS = frozenset({"sidebar", "secondary", "colophon", "masthead", "footer", "header",
                        "aside"})
CHROME_TAGS = frozenset({"aside"})

# --- headline ---------------------------------------------------------------------------------

# Theme headline elements (WordPress classic and block themes, hAtom, Blogger, Drupal, news).
HEADLINES = Selector(
    "h1.entry-title, .entry-title, h1.p-name, .post-title, h1.article-title, h1.headline,"
    " [itemprop~=headline], .wp-block-post-title, h3.post-title, .article__title,"
    " .article-headline, .page-title, .entry-header h1, .entry-header h2, .node-title,"
    " .title-news"
)


MAX_TITLED = 40
# Class words that mark an element as the post's headline, or as something else titled.
HEADLINE_CLASS = re.compile(r"(?:^|[-_\s])(?:entry|post|article|story|node|page|news)?[-_]?"
                            r"(?:title|headline|titre|titel)(?:$|[-_\s])", re.I)
NOT_HEADLINE_CLASS = re.compile(
    r"site[-_]?(?:title|name)|blog[-_]?(?:title|name)|logo|widget|comment|sidebar|related"
    r"|footer|menu|nav|caption|section[-_]?title|archive|tagline|description", re.I)
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«·•@]\s+|\s+::\s+|(?<=\w):\s+|\s*::\s*$")


# --- byline -----------------------------------------------------------------------------------

BYLINES = Selector(
    ".byline, .article-byline, .post-byline, .entry-byline, .author-byline, .c-byline,"
    " .post-author, .entry-author, .meta-author, .by-author, .byline-author, .author-name,"
    " .posted-by, .postauthor, .post-meta-author, .article__author, .author,"
    " [itemprop~=author], [itemprop~=creator], [rel~=author], .vcard, .p-author, .submitted,"
    " .username"
)
BYLINE_CONTAINERS = frozenset({
    "byline", "article-byline", "post-byline", "entry-byline", "author-byline", "c-byline",
    "post-author", "entry-author", "meta-author", "by-author", "byline-author", "posted-by",
    "article__author", "article-info__authors", "authors", "submitted"})
# A name inside a byline container, most explicit first.
BYLINE_NAMES = (
    ".//*[@itemprop='name']", ".//a[contains(concat(' ', @rel, ' '), ' author ')]",
    ".//*[" + _has_class("fn", "p-name", "username") + " or contains(@class, 'author-name')"
    " or contains(@class, 'author_name') or contains(@class, 'authorName')]",
    ".//a",
)
# "By Jane Doe" in the languages of the web's commentary sites.
BY_LEAD = re.compile(
    r"^\s*(?:(?:posted|written|published|words|text|story)\s+by|by|von|par|por|di|door|av"
    r"|af|przez|od|autor(?:in|a)?\s*:?|auteur\s*:?|автор\s*:?|作者\s*[:：]?|글\s*)\s+(\S.*)$",
    re.I | re.S,
)
# Where a printed byline's name stops ("by Jane Doe on May 3, 2012 in News").
BYLINE_TAIL = re.compile(
    r"\s+(?:on|am|le|el|il|em|dnia|at|in|im|dans|en|um|under|unter|sous|bajo|sotto|\||·|•|—|–|-|,)(?:\s+.*)?$"
    r"|\s*(?:發表在|发表于|發表於|投稿者|작성자).*$|\s+\S+:\s*$|\s*[|·•,]\s*$|\s+\d.*$"
    r"|\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d.*$", re.S)
# Where an author's own page lives: a link there names a person.
AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autore|auteur|autoren|profile|profiles"
                         r"|people|staff|writers?|user|users|members?|experts?|journalists?"
                         r"|redakteur|contributors?|columnists?)(?:/|s?/|$|[-_])", re.I)
# A writer's signature line at the end of CJK news copy: name + role, or role + name.
SIGNATURE = re.compile(
    r"(?:^|[\s.,\]\[])([가-힣]{2,4})\s?(?:기자|칼럼니스트|특파원|객원기자|논설위원)(?=\s|$|[.,])"
    r"|(?:记者|記者|编辑|作者)[:：\s]?([\u4e00-\u9fff]{2,4})(?=\s|$|[，。,.])"
    r"|([\u4e00-\u9fff]{2,4})(?:記者|记者)(?=\s|$|[，。,.])")
# Where a tag or category lives: a link there names a topic.
TAG_HREF = re.compile(r"[/?&](?:tag|tags|topic|topics|schlagwort|schlagworte|thema|themen|temat"
                      r"|tematy|etiqueta|etiquetas|category|categories|categoria|kategorie"
                      r"|rubrik|rubrique|section)[=/]", re.I)
# Link texts that name a list of posts, never a person.
LINK_TITLE_WORDS = re.compile(
    r"\b(?:view|all|posts?|articles?|more|profile|e-?mail|twitter|follow|archive|see|"
    r"read|alle|beiträge|artikel|tous|articles|todos|entradas|comment|kommentar|facebook"
    r"|tweet|google|like|share|print|subscribe)\b", re.I)

# --- dates ------------------------------------------------------------------------------------

PUBLISHED = [Selector(c) for c in (
    "time.published", "time.entry-date", ".dt-published", "time[pubdate]",
    "[itemprop~=datePublished]", ".published", "abbr.published", "[property~='dc:date']",
    "[property~='dc:created']",
)]
MODIFIED = [Selector(c) for c in (
    "time.updated", ".dt-updated", "[itemprop~=dateModified]", ".updated",
)]


# Elements that are, by their class, a printed date.
# --- section, tags, canonical -----------------------------------------------------------------

CATEGORY_LINKS = Selector("a[rel~=category]")
SECTION_LINKS = Selector(
    ".cat-links a, .entry-categories a, .post-categories a, .kicker a, .kicker, .section-label"
)
TAG_LINKS = Selector("a[rel~=tag]")
BREADCRUMB_LINKS = Selector(
    ".breadcrumb a, .breadcrumbs a, nav[aria-label~=breadcrumb] a, nav[aria-label~=Breadcrumb] a,"
    " [itemtype$='BreadcrumbList'] a, .yoast-breadcrumbs a, #breadcrumbs a"
)


# --- evidence ---------------------------------------------------------------------------------

# Classes WordPress and other CMSs put on <body> of a single post, or of a listing.
SINGLE_BODY_CLASSES = frozenset({"single", "single-post", "postid", "node-type-article",
                                 "node-type-blog", "page-node", "item-view", "post-template"})
LISTING_BODY_CLASSES = frozenset({"home", "blog", "archive", "category", "tag", "author",
                                  "search", "error404", "paged", "page-template-archive"})
DATED_PATH = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d/)?(?:[0-3]?\d/)?[^/?#]*[a-z][^/?#]*", re.I)
# A date printed in words or digits, in the languages of the web's commentary sites. Month
# names: en, de, fr, es, it, pt, nl, pl (genitive), with common abbreviations.
_MONTHS = (
    r"jan(?:uary|vier|uar|eiro|uari)?|feb(?:ruary|ruar|braio|rero)?|f[ée]v(?:rier)?|mar(?:ch|s|zo|"
    r"ço|et)?|m[äa]rz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|ma[iy]|mayo|maggio|mai|juin|june?|"
    r"jun(?:i|io|ho)?|juil(?:let)?|july?|jul(?:i|io|ho)?|lug(?:lio)?|aug(?:ust|usti)?|ao[uû]t|"
    r"ago(?:sto)?|sep(?:t(?:ember|iembre|embre)?)?|set(?:embro|tembre)?|oct(?:ober|obre|ubre)?|"
    r"okt(?:ober)?|ott(?:obre)?|out(?:ubro)?|nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|"
    r"d[ée]c(?:embre)?|dez(?:ember|embro)?|dic(?:iembre|embre)?|stycznia|lutego|marca|"
    r"kwietnia|maja|czerwca|lipca|sierpnia|wrze[śs]nia|pa[źz]dziernika|listopada|grudnia|"
    r"мая|января|февраля|марта|апреля|июня|июля|августа|сентября|октября|ноября|декабря")
PRINTED_DATE = re.compile(
    r"(?<!\w)(?:"
    r"\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}\.?\s*(?:de\s+)?(?:" + _MONTHS + r")\.?,?\s+(?:de\s+)?\d{4}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:\s+\w{3})?\s+\d{4}"
    r"|\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d"
    r"|\d{4}[./年]\s?\d{1,2}[./月]\s?\d{1,2}日?"
    r")(?!\w)", re.I)
