"""HTML rendering of the demo magazine: a WordPress-like theme and three comment markups."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from archiver.demo import lexicon
from archiver.demo.model import TZ, Article, Comment
from archiver.demo.text import attr, esc

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def iso_local(when: datetime) -> str:
    """ISO 8601 in the site's zone with its offset: 2024-03-01T10:15:00+01:00."""
    return when.astimezone(TZ).isoformat(timespec="seconds")


def utc_z(when: datetime) -> str:
    """ISO 8601 UTC with Z, the ground-truth form."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def local_date(when: datetime) -> str:
    """The site-local calendar date as YYYY-MM-DD."""
    return when.astimezone(TZ).strftime("%Y-%m-%d")


def printed_date(when: datetime) -> str:
    """WordPress "F j, Y": March 1, 2024 (local)."""
    local = when.astimezone(TZ)
    return f"{_MONTHS[local.month - 1]} {local.day}, {local.year}"


def printed_datetime(when: datetime) -> str:
    """WordPress "F j, Y \\a\\t g:i a": March 1, 2024 at 10:15 am (local, no zone)."""
    local = when.astimezone(TZ)
    hour = local.hour % 12 or 12
    return f"{printed_date(when)} at {hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def _avatar(name: str) -> str:
    digest = hashlib.md5(name.encode("utf-8")).hexdigest()
    return (f"<img alt='' src='https://secure.gravatar.com/avatar/{digest}?s=48&#038;d=mm&#038;"
            "r=g' class='avatar avatar-48 photo' height='48' width='48' loading='lazy' "
            "decoding='async'/>")


class Theme:
    """Renders pages for one base URL; `base` has no trailing slash."""

    def __init__(self, base: str) -> None:
        self.base = base

    # -- chrome -------------------------------------------------------------------------------

    def page(
        self,
        *,
        title: str,
        canonical: str,
        head: str,
        body_class: str,
        main: str,
        widget: str,
        charset: str = "utf-8",
        description: str = "",
    ) -> str:
        """A full HTML document around `main`."""
        b = self.base
        nav = "".join(
            f'<li class="menu-item menu-item-type-taxonomy"><a href="{b}/section/{slug}/">'
            f"{esc(name)}</a></li>"
            for name, slug in lexicon.SECTIONS
        )
        sections_widget = "".join(
            f'<li class="cat-item"><a href="{b}/section/{slug}/">{esc(name)}</a></li>'
            for name, slug in lexicon.SECTIONS
        )
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{attr(description)}">
<link rel="canonical" href="{attr(canonical)}">
<link rel="alternate" type="application/rss+xml" title="{lexicon.SITE_NAME} &raquo; Feed" \
href="{b}/feed/">
<meta property="og:site_name" content="{lexicon.SITE_NAME}">
<meta property="og:locale" content="en_US">
{head}
<style>body{{font-family:Georgia,serif;max-width:72em;margin:auto}}\
.screen-reader-text{{display:none}}</style>
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{b}/" rel="home">\
{lexicon.SITE_NAME}</a></p><p class="site-description">{esc(lexicon.SITE_TAGLINE)}</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">
<ul id="primary-menu" class="menu"><li class="menu-item"><a href="{b}/">Home</a></li>{nav}\
<li class="menu-item"><a href="{b}/authors/">Writers</a></li>\
<li class="menu-item"><a href="{b}/about/">About</a></li></ul>
</nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area" role="complementary">
<section id="search-2" class="widget widget_search"><form role="search" method="get" \
class="search-form" action="{b}/"><label><span class="screen-reader-text">Search for:</span>\
<input type="search" class="search-field" placeholder="Search &hellip;" name="s"></label>\
<input type="submit" class="search-submit" value="Search"></form></section>
{widget}
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Sections\
</h2><ul>{sections_widget}</ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="site-info">&copy; 2021&ndash;2024 {lexicon.SITE_NAME} &middot; \
<a href="{b}/about/">About</a> &middot; <a href="{b}/authors/">Writers</a> &middot; \
<a href="{b}/feed/">RSS</a></div>
</footer>
</div>
</body>
</html>
"""

    def recent_comments_widget(self, items: Iterable[tuple[Comment, Article]]) -> str:
        """The sidebar "Recent comments" list: names and article links, not comments."""
        lis = []
        for comment, article in items:
            name = esc(comment.author.name)
            if comment.author.url:
                name = f'<a href="{attr(comment.author.url)}" class="url" rel="ugc external ' \
                       f'nofollow">{name}</a>'
            lis.append(
                f'<li class="recentcomments"><span class="comment-author-link">{name}</span> on '
                f'<a href="{self.base}{article.path}#comment-{comment.id}">{esc(article.title)}'
                "</a></li>"
            )
        return (
            '<section id="recent-comments-2" class="widget widget_recent_comments">'
            '<h2 class="widget-title">Recent comments</h2>'
            f'<ul id="recentcomments">{"".join(lis)}</ul></section>'
        )

    # -- article ------------------------------------------------------------------------------

    def byline(self, article: Article) -> str:
        """ "By A" or "By A and B" with rel=author links."""
        links = []
        for index in article.authors:
            name, slug, _ = lexicon.AUTHORS[index]
            links.append(
                f'<span class="author vcard"><a class="url fn n" rel="author" '
                f'href="{self.base}/author/{slug}/">{esc(name)}</a></span>'
            )
        return f'<span class="byline">By {" and ".join(links)}</span>'

    def json_ld(self, article: Article, url: str, declared: int | None) -> str:
        """NewsArticle JSON-LD (no articleBody, as many SEO plugins emit it)."""
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "author": [
                {"@type": "Person", "name": lexicon.AUTHORS[i][0],
                 "url": f"{self.base}/author/{lexicon.AUTHORS[i][1]}/"}
                for i in article.authors
            ],
            "datePublished": (local_date(article.published) if article.date_only
                              else iso_local(article.published)),
        }
        if article.modified is not None:
            data["dateModified"] = iso_local(article.modified)
        data["articleSection"] = lexicon.SECTIONS[article.section][0]
        data["keywords"] = [lexicon.TAGS[t][0] for t in article.tags]
        if declared is not None:
            data["commentCount"] = declared
        data["publisher"] = {
            "@type": "Organization", "name": lexicon.SITE_NAME,
            "logo": {"@type": "ImageObject", "url": f"{self.base}/logo.png"},
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # "</" inside a script would end it early; JSON allows the escaped slash.
        return text.replace("</", "<\\/")

    def article_page(
        self, article: Article, page_no: int, declared: int | None, widget: str
    ) -> str:
        """The article (or one of its comment pages, which repeat the article)."""
        b = self.base
        url = b + article.path
        section_name, section_slug = lexicon.SECTIONS[article.section]
        head = [
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{attr(article.title)}">',
            f'<meta property="og:url" content="{attr(url)}">',
        ]
        if not article.date_only:
            head.append(f'<meta property="article:published_time" '
                        f'content="{iso_local(article.published)}">')
        if article.modified is not None:
            head.append(f'<meta property="article:modified_time" '
                        f'content="{iso_local(article.modified)}">')
        head.append(f'<meta property="article:section" content="{attr(section_name)}">')
        head.extend(f'<meta property="article:tag" content="{attr(lexicon.TAGS[t][0])}">'
                    for t in article.tags)
        head.append('<script type="application/ld+json">'
                    f"{self.json_ld(article, url, declared)}</script>")

        if article.date_only:
            posted = (f'<time class="entry-date published" datetime="'
                      f'{local_date(article.published)}">{printed_date(article.published)}</time>')
        else:
            posted = (f'<time class="entry-date published" datetime="'
                      f'{iso_local(article.published)}">{printed_date(article.published)}</time>')
        if article.modified is not None:
            posted += (f'<time class="updated" datetime="{iso_local(article.modified)}">'
                       f"Updated {printed_date(article.modified)}</time>")
        thumb = ""
        if article.thumbnail:
            thumb = (f'<figure class="post-thumbnail"><img src="https://images.example/'
                     f'{article.slug}.jpg" alt="" width="1200" height="675"><figcaption>'
                     f"Illustration for {esc(article.title)}</figcaption></figure>")
        body = "\n".join(f"<p>{html}</p>" for html, _ in article.paras)
        tags = ", ".join(
            f'<a href="{b}/tag/{lexicon.TAGS[t][1]}/" rel="tag">{esc(lexicon.TAGS[t][0])}</a>'
            for t in article.tags
        )
        comments = self.comment_section(article, page_no, declared)
        main = f"""<article id="post-{article.post_id}" class="post-{article.post_id} post \
type-post status-publish format-standard hentry category-{section_slug}">
<header class="entry-header">
<span class="cat-links"><a href="{b}/section/{section_slug}/">{esc(section_name)}</a></span>
<h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-meta">{self.byline(article)} <span class="posted-on">{posted}</span> \
<span class="reading-time">{2 + len(article.paras)} min read</span></div>
</header>
{thumb}
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{b}/section/\
{section_slug}/" rel="category tag">{esc(section_name)}</a></span> \
<span class="tags-links">Tagged {tags}</span></footer>
</article>
{comments}"""
        charset = "windows-1252" if article.encoding == "windows-1252" else "utf-8"
        first_para = article.paras[0][1]
        return self.page(
            title=f"{article.title} – {lexicon.SITE_NAME}",
            canonical=url,
            head="\n".join(head),
            body_class=f"post-template-default single single-post postid-{article.post_id} "
                       "single-format-standard",
            main=main,
            widget=widget,
            charset=charset,
            description=first_para[:150],
        )

    # -- comments -----------------------------------------------------------------------------

    def comment_section(self, article: Article, page_no: int, declared: int | None) -> str:
        """The comment area in the article's markup, for one comment page."""
        if declared is None:
            return ""  # closed and empty: WordPress prints nothing at all
        roots = article.pages[page_no - 1] if article.pages else []
        nav = self._comment_nav(article, page_no)
        form = "" if article.closed else self._form(article)
        closed = '<p class="no-comments">Comments are closed.</p>' if article.closed else ""
        title = esc(article.title)
        if article.markup == "wordpress-html5":
            if declared == 0:
                head = '<p class="no-comments">No comments yet.</p>'
            elif declared == 1:
                head = f'<h2 class="comments-title">One thought on “<span>{title}</span>”</h2>'
            else:
                head = (f'<h2 class="comments-title">{declared} thoughts on “<span>{title}'
                        "</span>”</h2>")
            items = "".join(self._html5(article, c, page_no) for c in roots)
            listing = f'<ol class="comment-list">{items}</ol>' if roots else ""
            return (f'<div id="comments" class="comments-area">\n{head}\n{nav}{listing}{nav}\n'
                    f"{closed}{form}</div><!-- #comments -->")
        if article.markup == "wordpress-legacy":
            if declared == 0:
                head = '<h3 id="comments-title">No Responses</h3><p>No comments yet.</p>'
            else:
                noun = "Response" if declared == 1 else "Responses"
                head = f'<h3 id="comments-title">{declared} {noun} to “{title}”</h3>'
            items = "".join(self._legacy(article, c, page_no) for c in roots)
            listing = f'<ol class="commentlist">{items}</ol>' if roots else ""
            return f'<div id="comments">\n{head}\n{nav}{listing}{nav}\n{closed}{form}</div>'
        if declared == 0:
            head = "<h3>No comments yet</h3>"
        else:
            head = f"<h3>{declared} Comment{'' if declared == 1 else 's'}</h3>"
        items = "".join(self._generic(c) for c in roots)
        listing = f'<ul class="comment-thread">{items}</ul>' if roots else ""
        closed = '<p class="comments-closed">Comments are closed.</p>' if article.closed else ""
        return (f'<section id="comments" class="comments">\n{head}\n{listing}\n{closed}{form}'
                "</section>")

    def _comment_nav(self, article: Article, page_no: int) -> str:
        if len(article.pages) <= 1:
            return ""
        links = []
        if page_no > 1:
            href = self.base + article.comment_page_path(page_no - 1) + "#comments"
            links.append(f'<div class="nav-previous"><a href="{href}">Older Comments</a></div>')
        if page_no < len(article.pages):
            href = self.base + article.comment_page_path(page_no + 1) + "#comments"
            links.append(f'<div class="nav-next"><a href="{href}">Newer Comments</a></div>')
        return ('<nav class="navigation comment-navigation" aria-label="Comments">'
                '<h2 class="screen-reader-text">Comments navigation</h2>'
                f'<div class="nav-links">{"".join(links)}</div></nav>')

    def _form(self, article: Article) -> str:
        action = "/wp-comments-post.php" if article.markup != "generic" else "/comments/post"
        return f"""<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply \
<small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">\
Cancel reply</a></small></h3>
<form action="{action}" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Your email address will not be published. Required fields are marked \
<span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" \
name="comment" cols="45" rows="8" required></textarea></p>
<p class="comment-form-author"><label for="author">Name</label> <input id="author" \
name="author" type="text" value="" size="30" required></p>
<p class="comment-form-email"><label for="email">Email</label> <input id="email" name="email" \
type="email" value="" size="30" required></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" \
type="url" value="" size="30"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" \
value="Post Comment"> <input type="hidden" name="comment_post_ID" value="{article.post_id}" \
id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" \
value="0"></p>
</form>
</div><!-- #respond -->
"""

    def _reply(self, article: Article, c: Comment, below: str) -> str:
        if article.closed or c.depth >= 4:
            return ""  # WordPress drops the link at the depth limit and on closed posts
        name = attr(c.author.name)
        return (f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond" '
                f'data-commentid="{c.id}" data-postid="{article.post_id}" '
                f'data-belowelement="{below}" data-respondelement="respond" '
                f'data-replyto="Reply to {name}" aria-label="Reply to {name}">Reply</a></div>')

    @staticmethod
    def _classes(article: Article, c: Comment, parity: bool) -> str:
        cls = ["comment", "even" if parity else "odd alt"]
        if c.depth == 0:
            cls.append("thread-even" if parity else "thread-odd thread-alt")
        cls.append(f"depth-{c.depth + 1}")
        if c.children:
            cls.append("parent")
        if c.is_post_author:
            cls.append(f"byuser comment-author-{c.author.slug} bypostauthor")
        return " ".join(cls)

    def _html5(self, article: Article, c: Comment, page_no: int) -> str:
        if c.pingback is not None:
            title, source = c.pingback
            return (f'<li id="comment-{c.id}" class="pingback even thread-even depth-1">'
                    '<div class="comment-body">Pingback: <a href="'
                    f'{attr(source)}" class="url" rel="ugc external nofollow">{esc(title)}</a> '
                    "</div></li><!-- #comment-## -->")
        name = esc(c.author.name)
        if c.author.url:
            name = f'<a href="{attr(c.author.url)}" class="url" rel="ugc external nofollow">' \
                   f"{name}</a>"
        link = f"{self.base}{article.comment_page_path(page_no)}#comment-{c.id}"
        # wptexturize prints the apostrophe as an entity; the text is the same character.
        content = "\n".join(f"<p>{h}</p>" for h, _ in c.paras).replace("’", "&#8217;")
        children = ""
        if c.children:
            children = ('<ol class="children">'
                        + "".join(self._html5(article, k, page_no) for k in c.children) + "</ol>")
        return f"""<li id="comment-{c.id}" class="{self._classes(article, c, c.id % 2 == 0)}">
<article id="div-comment-{c.id}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard">{_avatar(c.author.name)} <b class="fn">{name}</b> \
<span class="says">says:</span></div><!-- .comment-author -->
<div class="comment-metadata"><a href="{link}"><time datetime="{iso_local(c.when)}">\
{printed_datetime(c.when)}</time></a></div><!-- .comment-metadata -->
</footer><!-- .comment-meta -->
<div class="comment-content">
{content}
</div><!-- .comment-content -->
{self._reply(article, c, f"div-comment-{c.id}")}
</article><!-- .comment-body -->
{children}</li><!-- #comment-## -->
"""

    def _legacy(self, article: Article, c: Comment, page_no: int) -> str:
        if c.pingback is not None:
            title, source = c.pingback
            return (f'<li class="post pingback"><p>Pingback: <a href="{attr(source)}" '
                    f'rel="external nofollow" class="url">{esc(title)}</a></p></li>')
        name = esc(c.author.name)
        if c.author.url:
            name = f'<a href="{attr(c.author.url)}" rel="external nofollow" class="url">{name}</a>'
        link = f"{self.base}{article.comment_page_path(page_no)}#comment-{c.id}"
        content = "\n".join(f"<p>{h}</p>" for h, _ in c.paras)
        children = ""
        if c.children:
            children = ('<ul class="children">'
                        + "".join(self._legacy(article, k, page_no) for k in c.children) + "</ul>")
        return f"""<li class="{self._classes(article, c, c.id % 2 == 1)}" id="li-comment-{c.id}">
<div id="comment-{c.id}">
<div class="comment-author vcard">{_avatar(c.author.name)}
<cite class="fn">{name}</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="{link}">{printed_datetime(c.when)}</a></div>
{content}
{self._reply(article, c, f"comment-{c.id}")}
</div>
{children}</li>
"""

    def _generic(self, c: Comment) -> str:
        if c.author.url:
            who = (f'<a class="comment-author" href="{attr(c.author.url)}" rel="nofollow">'
                   f"{esc(c.author.name)}</a>")
        else:
            who = f'<span class="comment-author">{esc(c.author.name)}</span>'
        local = c.when.astimezone(TZ)
        shown = f"{local.day} {_MONTHS[local.month - 1][:3]} {local.year}, {local:%H:%M}"
        content = "".join(f"<p>{h}</p>" for h, _ in c.paras)
        children = ""
        if c.children:
            children = ('<ul class="replies">' + "".join(self._generic(k) for k in c.children)
                        + "</ul>")
        return (f'<li class="comment-item" data-comment-id="{c.id}">'
                f'<div class="comment-head">{who} <time datetime="{utc_z(c.when)}">{shown}</time>'
                f'</div><div class="comment-body">{content}</div>{children}</li>')

    # -- listings -----------------------------------------------------------------------------

    def summary(self, article: Article) -> str:
        """One entry of a listing page (deliberately not hentry: listings are not articles)."""
        url = self.base + article.path
        stamp = local_date(article.published) if article.date_only else iso_local(
            article.published)
        return (f'<article class="post type-post summary"><h2 class="entry-title"><a href="{url}" '
                f'rel="bookmark">{esc(article.title)}</a></h2><div class="entry-meta">'
                f'{self.byline(article)} <time datetime="{stamp}">{printed_date(article.published)}'
                f'</time></div><div class="entry-summary"><p>{esc(article.paras[0][1][:200])}'
                "&hellip;</p></div></article>")

    def listing_page(
        self,
        *,
        heading: str,
        path: str,
        entries: list[Article],
        page_no: int,
        n_pages: int,
        widget: str,
        intro: str = "",
    ) -> str:
        """A paginated archive (section/author/tag); page N lives at <path>page/N/."""
        b = self.base

        def page_url(n: int) -> str:
            return f"{b}{path}" if n == 1 else f"{b}{path}page/{n}/"

        head = ['<meta property="og:type" content="website">']
        links = []
        if page_no < n_pages:
            head.append(f'<link rel="next" href="{page_url(page_no + 1)}">')
            links.append(f'<div class="nav-previous"><a href="{page_url(page_no + 1)}" '
                         'rel="next" class="next">Older posts</a></div>')
        if page_no > 1:
            head.append(f'<link rel="prev" href="{page_url(page_no - 1)}">')
            links.append(f'<div class="nav-next"><a href="{page_url(page_no - 1)}" rel="prev" '
                         'class="prev">Newer posts</a></div>')
        nav = ('<nav class="navigation posts-navigation" aria-label="Posts"><div class="nav-links">'
               f'{"".join(links)}</div></nav>') if links else ""
        suffix = f" – Page {page_no}" if page_no > 1 else ""
        main = (f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1>{intro}'
                "</header>\n" + "\n".join(self.summary(a) for a in entries) + f"\n{nav}")
        return self.page(
            title=f"{heading}{suffix} – {lexicon.SITE_NAME}",
            canonical=page_url(page_no),
            head="\n".join(head),
            body_class="archive paged" if page_no > 1 else "archive",
            main=main,
            widget=widget,
        )

    def simple_page(self, *, title: str, path: str, main: str, widget: str,
                    body_class: str = "page") -> str:
        """A plain page (home, about, roster)."""
        return self.page(
            title=f"{title} – {lexicon.SITE_NAME}" if path != "/" else lexicon.SITE_NAME,
            canonical=self.base + path,
            head='<meta property="og:type" content="website">',
            body_class=body_class,
            main=main,
            widget=widget,
        )
