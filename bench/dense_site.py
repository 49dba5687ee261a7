"""The second benchmark shape: the demo magazine's content in a link-dense theme.

Same articles, comments and ground truth as `archiver.demo.generate_site` (so an archive is
checked with `archiver.demo.verify.compare`), but every page carries what real themes
print around the content: a tag cloud, author and year archives, two dozen related
articles with excerpts, share links, footer links that 404, and on every comment like,
dislike, flag, reply-to and permalink links. Pages have 150-250 links and weigh ~60 KB.
The year archives (/YYYY/) are real listing pages, paginated like the demo's other
listings (and WordPress's): /YYYY/page/N/.

`ACTION_PATTERN` matches every action link this theme prints: the bare Scrapy spider of
bench/ leaves them out so that it follows "the same listing and article links" as
archiver, and the e2e test asserts that archiver never requests one.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from typing import Any

from archiver.demo import lexicon
from archiver.demo.generator import HTML, DemoSite, generate_site, paginate
from archiver.demo.markup import Theme
from archiver.demo.model import Article
from archiver.demo.text import esc

# Footer links a theme keeps after the pages they named are gone.
DEAD_FOOTER = ("/legal/", "/careers/", "/advertise/", "/press-kit/", "/contact-us/",
               "/newsletter/")
ACTION_PATTERN = re.compile(r"/comment/\d+/(like|dislike|flag)/|[?&](replytocom|share)=|/print/$")
RELATED = 32
_REPLY_END = re.compile(r'(<a rel="nofollow" class="comment-reply-link" href="#respond" '
                        r'data-commentid="(\d+)"[^>]*>Reply</a>)</div>')


def generate_dense_site(base_url: str, *, n_articles: int = 60, seed: int = 2024) -> DemoSite:
    """The demo site for `base_url`, re-dressed in the link-dense theme."""
    articles: list[Article] = []
    site = generate_site(base_url, n_articles=n_articles, seed=seed, edit=articles.extend)
    base = site.base_url
    theme = Theme(base)
    rng = random.Random(seed + 1)

    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in reversed(articles):
        by_year[article.path.rsplit("/", 3)[0] + "/"].append(article)
    for year, entries in by_year.items():
        # One page per year grew with the site (917 KB at 5,000 articles): real themes
        # paginate date archives as they do the others.
        pages = paginate(entries)
        for page_no, chunk in enumerate(pages, 1):
            path = year if page_no == 1 else f"{year}page/{page_no}/"
            page = theme.listing_page(heading=f"Archive: {year.strip('/')}", path=year,
                                      entries=chunk, page_no=page_no, n_pages=len(pages),
                                      widget="")
            site.files[path + "index.html"] = (page.encode("utf-8"), HTML)
            site.truth["non_articles"].append(base + path)
    site.truth["non_articles"].sort()

    tags = [(name, slug) for name, slug in lexicon.TAGS if f"/tag/{slug}/index.html" in site.files]
    chrome = _chrome(base, tags, sorted(by_year))
    for path, (body, content_type) in list(site.files.items()):
        if not content_type.startswith("text/html"):
            continue
        charset = "cp1252" if content_type == "text/html" else "utf-8"
        html = body.decode(charset)
        page_url = base + path.removesuffix("index.html")
        related = "".join(theme.summary(a) for a in rng.sample(articles,
                                                               min(RELATED, len(articles))))
        html = html.replace(
            "</aside>", f'<section class="widget related"><h2 class="widget-title">Related'
            f"</h2>{related}</section>{chrome}{_share(page_url)}</aside>", 1)
        html = html.replace("</footer>\n</div>\n</body>", _footer(base) + "</footer>\n</div>\n"
                            "</body>", 1)
        html = _REPLY_END.sub(lambda m, url=page_url: _comment_actions(m, base, url), html)
        site.files[path] = (html.encode(charset, "xmlcharrefreplace"), content_type)
    return site


def _chrome(base: str, tags: list[tuple[str, str]], years: list[str]) -> str:
    cloud = " ".join(f'<a class="tag-cloud-link" href="{base}/tag/{slug}/">{esc(name)}</a>'
                     for name, slug in tags)
    authors = "".join(f'<li><a href="{base}/author/{slug}/">{esc(name)}</a></li>'
                      for name, slug, _ in lexicon.AUTHORS)
    archive = "".join(f'<li><a href="{base}{year}">{year.strip("/")}</a></li>'
                      for year in years)
    return (f'<section class="widget widget_tag_cloud"><h2 class="widget-title">Tags</h2>'
            f'<div class="tagcloud">{cloud}</div></section>'
            f'<section class="widget widget_authors"><h2 class="widget-title">Writers</h2>'
            f"<ul>{authors}</ul></section>"
            f'<section class="widget widget_archive"><h2 class="widget-title">Archives</h2>'
            f"<ul>{archive}</ul></section>")


def _share(page_url: str) -> str:
    return ('<section class="widget sharedaddy"><h2 class="widget-title">Share this</h2><ul>'
            f'<li><a href="{page_url}?share=twitter">Twitter</a></li>'
            f'<li><a href="{page_url}?share=facebook">Facebook</a></li>'
            f'<li><a href="{page_url}?share=email">Email</a></li>'
            f'<li><a href="{page_url}print/">Print</a></li>'
            f'<li><a href="https://twitter.example/intent/tweet?url={page_url}">Tweet</a></li>'
            "</ul></section>")


def _footer(base: str) -> str:
    links = " &middot; ".join(f'<a href="{base}{path}">{path.strip("/").replace("-", " ")}</a>'
                              for path in DEAD_FOOTER)
    return f'<nav class="footer-links">{links}</nav>\n'


def _comment_actions(match: re.Match[str], base: str, page_url: str) -> str:
    cid = match.group(2)
    return (f'{match.group(1)} <a class="comment-like" href="{base}/comment/{cid}/like/">Like</a>'
            f' <a class="comment-dislike" href="{base}/comment/{cid}/dislike/">Dislike</a>'
            f' <a class="comment-flag" href="{base}/comment/{cid}/flag/">Flag</a>'
            f' <a class="comment-reply-to" href="{page_url}?replytocom={cid}#respond">Reply to'
            f' this</a> <a class="comment-permalink" href="{page_url}#comment-{cid}">#</a></div>')


def page_stats(site: DemoSite) -> dict[str, Any]:
    """Mean size (bytes) and link count of the site's HTML pages."""
    pages = [body for body, kind in site.files.values() if kind.startswith("text/html")]
    links = [body.count(b"<a ") for body in pages]
    return {"pages": len(pages), "mean_bytes": sum(map(len, pages)) / len(pages),
            "mean_links": sum(links) / len(pages), "min_links": min(links)}
