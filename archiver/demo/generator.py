"""Generate the demo magazine: every file of the site plus its exact ground truth.

Only `random.Random(seed)` drives the content, so a (seed, n_articles) pair always gives the
same site; the base URL only changes the links that are printed.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from archiver.demo import lexicon
from archiver.demo.markup import Theme, iso_local, local_date, utc_z
from archiver.demo.model import (
    COMMENTS_PER_PAGE,
    LISTING_PAGE_SIZE,
    MARKUPS,
    MAX_DEPTH,
    PAGINATE_ABOVE,
    TZ,
    WORDPRESS_MARKUPS,
    Article,
    Comment,
    Commenter,
)
from archiver.demo.text import comment_paragraphs, esc, headline, paragraph, slugify

HTML = "text/html; charset=utf-8"
HTML_NO_CHARSET = "text/html"  # windows-1252 pages: only the <meta> says what they are
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

_START = datetime(2021, 1, 4, 7, 0, tzinfo=UTC)
_END = datetime(2024, 12, 20, 18, 0, tzinfo=UTC)
_SITEMAP_CHUNK = 1000
PRIVATE_PATH = "/private/draft-notes/"


@dataclass
class DemoSite:
    """A generated site: `files` maps URL path -> (body, Content-Type); `truth` is JSON-ready."""

    base_url: str
    files: dict[str, tuple[bytes, str]]
    truth: dict[str, Any]

    def write(self, dirpath: str | Path) -> Path:
        """Write every file under `dirpath` (as a web root) plus `truth.json`; return the dir."""
        root = Path(dirpath)
        for path, (body, _) in self.files.items():
            target = root / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        (root / "truth.json").write_text(
            json.dumps(self.truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return root


# -- model ------------------------------------------------------------------------------------


def _commenter_pool(rng: random.Random) -> tuple[list[Commenter], list[float]]:
    """~200 reader identities and cumulative Zipf-like weights (a few regulars dominate)."""
    names = list(lexicon.SPECIAL_COMMENTERS)
    seen = set(names)
    while len(names) < 200:
        first, last = rng.choice(lexicon.FIRST_NAMES), rng.choice(lexicon.LAST_NAMES)
        style = rng.random()
        name = first if style < 0.1 else f"{first[0]}. {last}" if style < 0.2 else f"{first} {last}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    rng.shuffle(names)
    pool = []
    for number, name in enumerate(names):
        slug = slugify(name) or f"reader-{number}"
        url = None
        if rng.random() < 0.3:
            url = rng.choice((f"https://{slug}.example/", f"http://www.{slug}.example/blog/",
                              f"https://blog.example/{slug}"))
        pool.append(Commenter(name=name, url=url, slug=slug))
    cum, total = [], 0.0
    for rank in range(len(pool)):
        total += 1.0 / (rank + 1) ** 0.9
        cum.append(total)
    return pool, cum


def _unambiguous(when: datetime) -> datetime:
    """Move an instant out of the autumn DST overlap, where a naive local time names two."""
    while True:
        local = when.astimezone(TZ)
        if local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset():
            return when
        when += timedelta(hours=1)


def _comment_count(rng: random.Random) -> int:
    """Skewed: many threads of 0-10, a long tail beyond 60."""
    if rng.random() < 0.12:
        return 0
    return min(int(rng.lognormvariate(2.85, 1.0)), 180)


def _build_comments(
    rng: random.Random,
    article: Article,
    count: int,
    p_top: float,
    pool: list[Commenter],
    cum: list[float],
    links: list[str],
) -> None:
    """Fill article.comments: arrival times, reply structure, authors and text."""
    minutes = sorted(int(rng.expovariate(1 / 2000)) + 5 for _ in range(count))
    times: list[datetime] = []
    for j, minute in enumerate(minutes):
        when = article.published + timedelta(minutes=minute + j)  # + j: strictly increasing
        if times and when <= times[-1]:
            when = times[-1] + timedelta(minutes=1)
        times.append(_unambiguous(when))
    wordpress = article.markup in WORDPRESS_MARKUPS
    for j, when in enumerate(times):
        parent = None
        if j and rng.random() > p_top:
            # Replies go to recent comments: conversations, and hence deep chains, emerge.
            candidates = [c for c in article.comments[-8:] if c.depth < MAX_DEPTH]
            if candidates:
                parent = rng.choice(candidates)
        by_author = wordpress and rng.random() < (0.12 if parent else 0.03)
        if by_author:
            name, slug, _ = lexicon.AUTHORS[rng.choice(article.authors)]
            author = Commenter(name=name, url=None, slug=slug)
        else:
            author = rng.choices(pool, cum_weights=cum)[0]
        comment = Comment(local=j, parent=parent, when=when, author=author,
                          is_post_author=by_author, paras=comment_paragraphs(rng, links),
                          depth=0 if parent is None else parent.depth + 1)
        article.comments.append(comment)
        if parent is None:
            article.roots.append(comment)
        else:
            parent.children.append(comment)
    if wordpress and count and rng.random() < 0.12:
        for k in range(rng.randint(1, 2)):
            title = rng.choice(lexicon.PINGBACK_SOURCES)
            ping = Comment(local=count + k, parent=None,
                           when=article.published + timedelta(minutes=rng.randint(30, 9000)),
                           author=Commenter(name=title, url=None, slug="pingback"),
                           is_post_author=False, paras=[],
                           pingback=(title, f"https://links.example/{slugify(title)}/{k + 1}/"))
            article.comments.append(ping)
            article.roots.append(ping)
        article.roots.sort(key=lambda c: (c.when, c.local))


def _build_articles(rng: random.Random, n_articles: int, base: str) -> list[Article]:
    pool, cum = _commenter_pool(rng)
    span = (_END - _START).total_seconds()
    stamps = sorted(
        _START + timedelta(minutes=int(rng.uniform(0, span) // 60)) for _ in range(n_articles)
    )
    # Guarantee the interesting cases exist even in a small site.
    forced = {}
    if n_articles >= 6:
        forced[n_articles // 2 - (n_articles // 2) % 3] = (140, 0.45)  # html5, 3+ pages
        forced[n_articles // 3 - (n_articles // 3) % 3 + 1] = (75, 0.5)  # legacy, 2 pages
    used_slugs: set[str] = set()
    articles: list[Article] = []
    for index, published in enumerate(stamps):
        title = headline(rng)
        slug = base_slug = slugify(title)[:60].strip("-")
        suffix = 2
        while slug in used_slugs:
            slug, suffix = f"{base_slug}-{suffix}", suffix + 1
        used_slugs.add(slug)
        local = published.astimezone(TZ)
        n_authors = 2 if rng.random() < 0.25 else 1
        authors = rng.sample(range(len(lexicon.AUTHORS)), n_authors)
        date_only = rng.random() < 0.1
        modified = None
        if not date_only and rng.random() < 0.3:
            modified = published + timedelta(minutes=rng.randint(60, 20 * 24 * 60))
        links = [base + a.path for a in articles[-30:]] or [f"{base}/about/"]
        links.append("https://www.example.org/report.pdf")
        paras = [paragraph(rng, rng.randint(2, 5), links=links, rare=0.01)
                 for _ in range(rng.randint(3, 8))]
        markup = MARKUPS[index % 3]
        count, p_top = forced.get(index, (None, rng.uniform(0.3, 0.6)))
        if count is None:
            count = _comment_count(rng)
        closed = rng.random() < (0.5 if count == 0 else 0.08)
        article = Article(
            index=index, post_id=100 + index * 3, title=title, slug=slug,
            path=f"/{local:%Y}/{local:%m}/{slug}/", authors=authors, published=published,
            date_only=date_only, modified=modified, section=rng.randrange(len(lexicon.SECTIONS)),
            tags=rng.sample(range(len(lexicon.TAGS)), rng.randint(1, 4)), paras=paras,
            markup=markup, closed=closed, thumbnail=rng.random() < 0.25,
        )
        _build_comments(rng, article, count, p_top, pool, cum, links)
        articles.append(article)

    # WordPress numbers comments in one sequence, by creation time, across the whole site.
    everything = [(c.when, a.index, c.local, c) for a in articles for c in a.comments]
    everything.sort(key=lambda item: item[:3])
    for number, item in enumerate(everything):
        item[3].id = 1001 + number

    for article in articles:
        real = len(article.real_comments)
        if article.markup in WORDPRESS_MARKUPS and real > PAGINATE_ABOVE:
            n_pages = math.ceil(len(article.roots) / COMMENTS_PER_PAGE)
            article.pages = [article.roots[k * COMMENTS_PER_PAGE:(k + 1) * COMMENTS_PER_PAGE]
                             for k in range(n_pages)]
        else:
            article.pages = [article.roots]
    return articles


def _declared(article: Article) -> int | None:
    """What the page claims: real comments (pingbacks not counted); None when silent."""
    real = len(article.real_comments)
    if article.closed and real == 0:
        return None
    return real


def _preorder(roots: list[Comment]) -> list[Comment]:
    out: list[Comment] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def _article_truth(article: Article, base: str) -> dict[str, Any]:
    comments = []
    for c in _preorder(article.roots):
        if c.pingback is not None:
            continue
        comments.append({
            "id": str(c.id),
            "parent_id": None if c.parent is None else str(c.parent.id),
            "author": {"name": c.author.name, "url": c.author.url},
            "is_post_author": c.is_post_author,
            "published": utc_z(c.when),
            "text": "\n\n".join(text for _, text in c.paras),
        })
    return {
        "url": base + article.path,
        "title": article.title,
        "authors": [
            {"name": lexicon.AUTHORS[i][0], "url": f"{base}/author/{lexicon.AUTHORS[i][1]}/"}
            for i in article.authors
        ],
        "published": local_date(article.published) if article.date_only
        else utc_z(article.published),
        "modified": None if article.modified is None else utc_z(article.modified),
        "section": lexicon.SECTIONS[article.section][0],
        "tags": [lexicon.TAGS[t][0] for t in article.tags],
        "body_text": "\n\n".join(text for _, text in article.paras),
        "comment_markup": article.markup,
        "comment_pages": len(article.pages),
        "declared_comment_count": _declared(article),
        "comments": comments,
        "encoding": article.encoding,
    }


# -- files ------------------------------------------------------------------------------------


def paginate(items: list[Article]) -> list[list[Article]]:
    """`items` in listing pages of LISTING_PAGE_SIZE (one empty page when there are none)."""
    return [items[k:k + LISTING_PAGE_SIZE] for k in range(0, len(items), LISTING_PAGE_SIZE)] or [[]]


def _recent(articles: list[Article], upto: int) -> list[tuple[Comment, Article]]:
    """The five newest comments of the articles before `upto` (what the widget would show)."""
    picked: list[tuple[Comment, Article]] = []
    for article in reversed(articles[max(0, upto - 6):upto]):
        for comment in reversed(article.real_comments):
            picked.append((comment, article))
            if len(picked) == 5:
                return picked
    return picked


def _sitemap(entries: list[tuple[str, str | None]]) -> bytes:
    rows = "".join(
        f"<url><loc>{esc(loc)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</url>\n"
        for loc, lastmod in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n").encode()


def _feed(articles: list[Article], base: str) -> bytes:
    items = []
    for a in reversed(articles[-20:]):
        cats = "".join(f"<category><![CDATA[{lexicon.TAGS[t][0]}]]></category>" for t in a.tags)
        creators = "".join(f"<dc:creator><![CDATA[{lexicon.AUTHORS[i][0]}]]></dc:creator>"
                           for i in a.authors)
        items.append(
            f"<item><title>{esc(a.title)}</title><link>{base}{a.path}</link>"
            f"<comments>{base}{a.path}#comments</comments>"
            f"<pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>{creators}{cats}"
            f'<guid isPermaLink="true">{base}{a.path}</guid>'
            f"<description>{esc(a.paras[0][1][:300])}</description>"
            f"<slash:comments>{len(a.real_comments)}</slash:comments></item>\n"
        )
    last = format_datetime(articles[-1].published, usegmt=True) if articles else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
            'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>'
            f"<title>{lexicon.SITE_NAME}</title><link>{base}/</link>"
            f'<atom:link href="{base}/feed/" rel="self" type="application/rss+xml"/>'
            f"<description>{esc(lexicon.SITE_TAGLINE)}</description><language>en-US</language>"
            f"<lastBuildDate>{last}</lastBuildDate>\n{''.join(items)}</channel></rss>\n").encode()


def generate_site(base_url: str, *, n_articles: int = 60, seed: int = 2024,
                  edit: Callable[[list[Article]], None] | None = None) -> DemoSite:
    """Build the whole demo magazine for `base_url` (e.g. "http://127.0.0.1:8123").

    `edit` may change the model before it is rendered (tests of recrawls: new comments,
    edits, deletions); files and truth both follow the edited model.
    """
    base = base_url.rstrip("/")
    rng = random.Random(seed)
    articles = _build_articles(rng, n_articles, base)
    if edit is not None:
        edit(articles)
    theme = Theme(base)
    files: dict[str, tuple[bytes, str]] = {}
    non_articles: list[str] = []

    def add_html(path: str, markup: str) -> None:
        files[path + "index.html"] = (markup.encode("utf-8"), HTML)

    # Articles. Some are served as windows-1252, but only pages that fully fit that charset.
    wanted = 1
    for article in articles:
        if rng.random() < 1 / 40:
            wanted += 1
        widget = theme.recent_comments_widget(_recent(articles, article.index))
        declared = _declared(article)
        if wanted and len(article.pages) == 1:
            article.encoding = "windows-1252"
            page = theme.article_page(article, 1, declared, widget)
            try:
                files[article.path + "index.html"] = (page.encode("cp1252"), HTML_NO_CHARSET)
                wanted -= 1
                continue
            except UnicodeEncodeError:
                article.encoding = "utf-8"
        for page_no in range(1, len(article.pages) + 1):
            add_html(article.comment_page_path(page_no),
                     theme.article_page(article, page_no, declared, widget))

    newest_first = list(reversed(articles))
    widget = theme.recent_comments_widget(_recent(articles, len(articles)))

    def listing(path: str, heading: str, entries: list[Article], intro: str = "") -> None:
        pages = paginate(entries)
        for page_no, chunk in enumerate(pages, 1):
            page_path = path if page_no == 1 else f"{path}page/{page_no}/"
            add_html(page_path, theme.listing_page(heading=heading, path=path, entries=chunk,
                                                   page_no=page_no, n_pages=len(pages),
                                                   widget=widget, intro=intro))
            non_articles.append(base + page_path)

    for number, (name, slug) in enumerate(lexicon.SECTIONS):
        listing(f"/section/{slug}/", name, [a for a in newest_first if a.section == number])
    for number, (name, slug, bio) in enumerate(lexicon.AUTHORS):
        listing(f"/author/{slug}/", f"Author: {name}",
                [a for a in newest_first if number in a.authors],
                intro=f'<div class="author-bio"><p>{esc(name)} {esc(bio)}</p></div>')
    for number, (name, slug) in enumerate(lexicon.TAGS):
        entries = [a for a in newest_first if number in a.tags]
        if entries:
            listing(f"/tag/{slug}/", f"Tag: {name}", entries)

    sections_nav = "".join(f'<li><a href="{base}/section/{slug}/">{esc(name)}</a></li>'
                           for name, slug in lexicon.SECTIONS)
    home = ('<section class="latest"><h1 class="screen-reader-text">Latest</h1>'
            + "\n".join(theme.summary(a) for a in newest_first[:10])
            + f'</section><nav class="sections-nav"><h2>Sections</h2><ul>{sections_nav}</ul></nav>')
    add_html("/", theme.simple_page(title=lexicon.SITE_NAME, path="/", main=home, widget=widget,
                                    body_class="home blog"))
    roster = "".join(
        f'<li class="writer"><a href="{base}/author/{slug}/">{esc(name)}</a> {esc(bio)}</li>'
        for name, slug, bio in lexicon.AUTHORS
    )
    add_html("/authors/", theme.simple_page(
        title="Writers", path="/authors/", widget=widget,
        main=f'<h1 class="page-title">Writers</h1><ul class="writers">{roster}</ul>'))
    add_html("/about/", theme.simple_page(
        title="About", path="/about/", widget=widget,
        main=('<article class="page"><h1 class="entry-title">About</h1><div class="entry-content">'
              f"<p>{lexicon.SITE_NAME} is a synthetic magazine of opinion, generated for testing. "
              "None of it is true, all of it is reproducible.</p>"
              f'<p>Contributors can find the <a href="{base}{PRIVATE_PATH}">staff draft notes'
              "</a> here.</p></div></article>")))
    non_articles += [base + "/", base + "/authors/", base + "/about/"]

    # The private page looks like an article on purpose: only robots.txt keeps it out.
    private = Article(index=-1, post_id=99, title="Draft: Notes Not for Publication",
                      slug="draft-notes", path=PRIVATE_PATH, authors=[0],
                      published=_START, date_only=False, modified=None, section=0, tags=[0],
                      paras=[("These notes must never be archived.",
                              "These notes must never be archived.")],
                      markup="wordpress-html5", closed=True, thumbnail=False, pages=[[]])
    add_html(PRIVATE_PATH, theme.article_page(private, 1, None, widget))

    files["/robots.txt"] = (
        f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n".encode(), TEXT)
    post_maps = []
    for k in range(0, max(len(newest_first), 1), _SITEMAP_CHUNK):
        chunk = newest_first[k:k + _SITEMAP_CHUNK]
        entries = [(base + a.path, iso_local(a.modified) if a.modified
                    else local_date(a.published) if a.date_only else iso_local(a.published))
                   for a in chunk]
        name = f"/sitemap-posts-{k // _SITEMAP_CHUNK + 1}.xml"
        files[name] = (_sitemap(entries), XML)
        post_maps.append(name)
    pages = [(base + p, None) for p in ("/", "/about/", "/authors/")]
    pages += [(f"{base}/section/{slug}/", None) for _, slug in lexicon.SECTIONS]
    files["/sitemap-pages.xml"] = (_sitemap(pages), XML)
    index_rows = "".join(f"<sitemap><loc>{base}{name}</loc></sitemap>\n"
                         for name in [*post_maps, "/sitemap-pages.xml"])
    files["/sitemap.xml"] = (
        ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
         f"{index_rows}</sitemapindex>\n").encode(), XML)
    files["/feed/index.xml"] = (_feed(articles, base), RSS)

    truth = {
        "site": {"origin": base, "timezone": lexicon.TIMEZONE, "name": lexicon.SITE_NAME},
        "articles": sorted((_article_truth(a, base) for a in articles), key=lambda t: t["url"]),
        "non_articles": sorted(non_articles),
        "excluded": [base + PRIVATE_PATH],
    }
    return DemoSite(base_url=base, files=files, truth=truth)

