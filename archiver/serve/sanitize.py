"""Comment and article HTML, cleaned again at render time.

The archive's ``html`` columns were cleaned by nh3 at extraction, but an archive is a file
anyone can edit or import, so the thread page never trusts them: every fragment goes
through nh3 again (no scripts, no event-handler attributes, no ``javascript:`` URLs) before
it is marked safe for the template. Everything else in the template stays autoescaped.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup

# Formatting a comment or article body uses; no forms, media loading or styling.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "sup", "u", "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str | None) -> Markup:
    """``html`` with only harmless tags and attributes, ready to insert unescaped."""
    if not html:
        return Markup("")
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="nofollow noopener noreferrer ugc"))


def http_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else None (never a javascript: link)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
