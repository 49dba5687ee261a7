"""Comment systems archiver has no adapter for, known by their embed markup.

A page that shows one of them loads its thread from that system's servers, so what the
page prints is not the thread: the article is recorded on that platform with its thread
incomplete (``no_adapter``), never as an article without comments. A registered platform
of the same name (ARCHIVER_COMMENT_PLATFORMS) takes precedence: detection tries the
registered ones first.

The markers are the vendors' documented embed snippets, matched against the page's
script and iframe sources, inline scripts, ids, classes and custom element names
(registry.page_markers).
"""

from __future__ import annotations

import re

from archiver.extract.platforms.registry import shows

__all__ = ["KNOWN", "identify"]

# name -> markers. Each pattern is specific to the vendor's snippet: a bare word such as
# "comments" would take every theme for a comment system.
KNOWN: dict[str, tuple[str, ...]] = {
    # meta.discourse.org/t/embedding-discourse-comments-via-javascript/31963
    "discourse": (r"\bDiscourseEmbed\b", r"^discourse-comments$", r"discourseEmbedUrl",
                  r"/javascripts/embed\.js"),
    # commento.io docs: <div id="commento"> and .../js/commento.js
    "commento": (r"^commento$", r"/js/commento\.js"),
    # remark42.com/docs/configuration/frontend: remark_config, <div id="remark42">
    "remark42": (r"\bremark_config\b", r"^remark42$", r"/web/embed\.js"),
    # cusdis.com/doc: <div id="cusdis_thread" data-host data-app-id>, js/cusdis.es.js
    "cusdis": (r"^cusdis_thread$", r"/js/cusdis(?:\.es)?\.js"),
    # talk.hyvor.com: <hyvor-talk-comments website-id page-id> (v3), #hyvor-talk-view (v2);
    # the fallback when archiver.extract.platforms.hyvor is not registered
    "hyvor-talk": (r"^hyvor-talk-comments$", r"^hyvor-talk-view$",
                   r"talk\.hyvor\.com/embed/embed\.js", r"talk\.hyvor\.com/web-api/embed",
                   r"\bHYVOR_TALK_WEBSITE\b"),
    # giscus.app and utteranc.es: a script tag with the repository in data attributes
    "giscus": (r"giscus\.app/client\.js",),
    "utterances": (r"utteranc\.es/client\.js",),
    # docs.coralproject.net/cms: <div id="coral_thread">, Coral.createStreamEmbed
    "coral": (r"\bCoral\.createStreamEmbed\b", r"^coral_thread$", r"\bcoral-embed\b"),
    # developers.facebook.com comments plugin: <div class="fb-comments" data-href>
    "facebook": (r"(?:^|\s)fb-comments(?:\s|$)",),
}

_COMPILED = {name: tuple(re.compile(p, re.MULTILINE) for p in patterns)
             for name, patterns in KNOWN.items()}


def identify(markers: str, exclude: frozenset[str] = frozenset()) -> str | None:
    """The first comment system (not in `exclude`) whose embed markup `markers` shows."""
    for name, patterns in _COMPILED.items():
        if name not in exclude and any(shows(p, markers) for p in patterns):
            return name
    return None
