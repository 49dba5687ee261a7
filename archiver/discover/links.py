"""Which links on a page are worth following, and what they are."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Container, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from archiver.discover.urls import canonicalize, same_site

# Files that are never pages.
ASSET_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|mp[34]|m4a|ogg|wav|webm|mov|avi|pdf|zip|gz|"
    r"tgz|rar|7z|exe|dmg|css|js|mjs|json|woff2?|ttf|eot|otf|docx?|xlsx?|pptx?|epub)$",
    re.IGNORECASE,
)
# Parts of a site that are machinery, not content, or that would multiply pages endlessly.
SKIP_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"/wp-(admin|json|includes|content/(uploads|plugins|themes))(/|$)",
    r"/xmlrpc\.php",
    r"[?&]output=",
    r"/(trackback|embed|amp)/?$",
    r"/cdn-cgi/",
))

# Links that do something rather than show something: a GET on them may like, flag or
# reply to a comment, log in or out, fill a cart. They are never requested. A path segment
# is an action when every word of it (split on - and _) is an action word or a filler, and
# one is an action word: "/comment/12/like/", "/report-abuse/", "/add-to-cart/"; an
# article slug such as "how-to-like-jazz" has other words and stays a page.
ACTION_WORDS: dict[str, str] = {
    **dict.fromkeys(("reply", "replytocom", "respond"), "reply"),
    **dict.fromkeys(("like", "unlike", "dislike", "vote", "upvote", "downvote", "rate",
                     "thumbsup", "thumbsdown", "recommend", "favorite", "favourite",
                     "bookmark"), "vote"),
    **dict.fromkeys(("flag", "unflag", "report", "spam", "abuse", "moderate"), "flag"),
    **dict.fromkeys(("login", "logout", "signin", "signout", "signup", "register",
                     "registration", "account", "lostpassword", "password", "auth",
                     "oauth", "sso", "wp-login.php", "wp-signup.php"), "account"),
    **dict.fromkeys(("share", "sharer", "print", "email", "sendtofriend"),
                    "share"),
    **dict.fromkeys(("cart", "basket", "checkout", "wishlist"), "cart"),
    **dict.fromkeys(("search",), "search"),
    **dict.fromkeys(("edit", "delete", "remove", "trash", "approve", "unapprove",
                     "subscribe", "unsubscribe", "follow", "unfollow", "mute"),
                    "modify"),
}
_FILLER = frozenset(("comment", "comments", "post", "up", "down", "this", "a", "to", "add",
                     "friend", "in", "out", "on", "off", "my", "me", "page", "link", "it",
                     "thumbs", "send", "log", "sign", "lost", "reset", "new"))
# Query keys that are an action by themselves (their value is an id or a target).
ACTION_QUERY_KEYS: dict[str, str] = {
    **dict.fromkeys(("replytocom", "reply", "replyto", "reply_to", "in_reply_to"), "reply"),
    **dict.fromkeys(("like", "unlike", "dislike", "vote", "upvote", "downvote",
                     "like_comment", "rate"), "vote"),
    **dict.fromkeys(("flag", "report"), "flag"),
    **dict.fromkeys(("redirect_to", "return_to", "returnurl"), "account"),
    **dict.fromkeys(("share", "print", "email"), "share"),
    **dict.fromkeys(("add-to-cart", "add_to_cart"), "cart"),
    **dict.fromkeys(("s", "q", "query", "search", "searchterm", "keywords"), "search"),
}
# Query keys whose value names the action (?action=like&c=12, ?do=report).
_ACTION_VERB_KEYS = frozenset(("action", "do", "act", "op", "task"))
_WORD_SPLIT = re.compile(r"[-_+.\s]+")
_PAGE_SUFFIX = re.compile(r"\.(php|aspx?|jsp|cgi|html?)$", re.IGNORECASE)


def _action_words(text: str) -> str | None:
    """The action a path segment or verb names ("report-abuse" -> "flag"), else None."""
    text = text.lower()
    if text in ACTION_WORDS:
        return ACTION_WORDS[text]
    words = [w for w in _WORD_SPLIT.split(_PAGE_SUFFIX.sub("", text)) if w]
    if "".join(words) in ACTION_WORDS:  # "log-out", "sign_in", "thumbs-up"
        return ACTION_WORDS["".join(words)]
    reason = None
    for word in words:
        if word in ACTION_WORDS:
            reason = reason or ACTION_WORDS[word]
        elif word not in _FILLER:
            return None
    return reason


def action_reason(url: str, nofollow: bool = False) -> str | None:
    """Why a same-site link is an action never to request ("reply", "vote", "flag",
    "account", "share", "cart", "search", "modify", "nofollow"), or None for a link to
    content. `nofollow`: the link carries rel=nofollow, the site's own "do not follow"."""
    parts = urlsplit(url)
    for segment in parts.path.split("/"):
        segment = segment.split(";", 1)[0]  # path parameters (;jsessionid=...) aside
        if segment and (reason := _action_words(segment)):
            return reason
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        key = key.lower()
        if key in ACTION_QUERY_KEYS:
            return ACTION_QUERY_KEYS[key]
        if key in _ACTION_VERB_KEYS:
            return _action_words(value) or "other"
    return "nofollow" if nofollow else None


COMMENT_PAGE = re.compile(r"(/comment-page-(\d+)/?$)|([?&]cpage=(\d+))", re.IGNORECASE)
FEED = re.compile(r"(/feed/?(atom|rss2?|rdf)?/?$)|(\.(rss|atom)$)|([?&]feed=)", re.IGNORECASE)
SITEMAP = re.compile(r"sitemap[^/]*\.xml(\.gz)?$", re.IGNORECASE)


# Pages repeat the same links (navigation, tag clouds, related articles): each link text is
# decided and canonicalised once while it stays in this cache, not once per page it is on.
# A theme's links are a few hundred; more entries only held article links seen once or
# twice (32,768 of them were ~15 MB of a crawl's peak memory).
@functools.lru_cache(maxsize=4096)
def decide(url: str, site_origin: str, nofollow: bool = False) -> tuple[str, str, str]:
    """(kind, reason, canonical URL) of a link: kind as classify_link() says, reason the
    rule that decided ("scheme", "bad_url", "asset", "machinery", an action_reason(), or the
    kind again)."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "skip", "scheme", url
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:  # a link no browser could follow either (http://[::1, port 99999)
        return "skip", "bad_url", url
    canonical = canonicalize(url)
    if not same_site(canonical, site_origin):
        return "offsite", "offsite", canonical
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    if ASSET_EXTENSIONS.search(parts.path):
        return "skip", "asset", canonical
    if any(p.search(path_query) for p in SKIP_PATTERNS):
        return "skip", "machinery", canonical
    if COMMENT_PAGE.search(path_query):
        return "comment_page", "comment_page", canonical
    reason = action_reason(url, nofollow)
    if reason is not None:
        return "action", reason, canonical
    if SITEMAP.search(parts.path):
        return "sitemap", "sitemap", canonical
    if FEED.search(path_query):
        return "feed", "feed", canonical
    return "page", "page", canonical


def link_decision(url: str, site_origin: str, nofollow: bool = False) -> tuple[str, str]:
    """(kind, reason) of a link, as decide() says."""
    kind, reason, _ = decide(url, site_origin, nofollow)
    return kind, reason


def classify_link(url: str, site_origin: str) -> str:
    """One of: "offsite", "skip", "action", "comment_page", "feed", "sitemap", "page".

    Only feeds, sitemaps and pages are followed; an "action" (like, flag, reply, log in,
    search, ...) is never requested."""
    return link_decision(url, site_origin)[0]


def comment_page_number(url: str) -> int:
    """The comment page a URL shows (1 when it names none)."""
    parts = urlsplit(url)
    match = COMMENT_PAGE.search(parts.path + ("?" + parts.query if parts.query else ""))
    if not match:
        # A thread paged by a parameter of the article's URL ("?page=2"), which the
        # extractor lists only from the comment section's own pagination.
        paged = _PAGE_PARAMETER.search(parts.query)
        return int(paged.group(1)) if paged else 1
    return int(match.group(2) or match.group(4))


_PAGE_PARAMETER = re.compile(r"(?:^|&)(?:comments?[_-]?)?page=(\d+)(?=&|$)", re.IGNORECASE)


FOLLOWED_KINDS = ("page", "feed", "sitemap")


@dataclass(frozen=True)
class LinkDecision:
    """What the crawl does with one link of a page.

    `decision` is "follow" (a new page, feed or sitemap), "seen" (requested already, by this
    crawl or earlier on the same page), "thread" (a comment page: the article's thread
    reader fetches it) or "skip" (with `kind`/`reason`: action/vote, offsite/offsite, ...).
    """

    url: str
    canonical: str
    kind: str
    reason: str
    decision: str

    @property
    def stat_key(self) -> str:
        """How the crawl's stats count it: "followed/page", "seen/page", "action/vote"."""
        if self.decision in ("follow", "seen"):
            return f"{'followed' if self.decision == 'follow' else 'seen'}/{self.kind}"
        return f"{self.kind}/{self.reason}"

    def as_dict(self) -> dict[str, str]:
        return {"url": self.url, "canonical": self.canonical, "kind": self.kind,
                "reason": self.reason, "decision": self.decision}


def decide_links(links: Iterable[str], site_origin: str, nofollow: Collection[str] = (),
                 seen: Container[str] = ()) -> Iterator[LinkDecision]:
    """Decide every link of a page, in order. `seen`: the canonical URLs the crawl asked
    for already (a SeenURLs); a link in it, or repeated on the page, is "seen". The caller
    adds what it does request: a link a trap bound stops now may be wanted from a shallower
    page later."""
    on_page: set[str] = set()
    for link in links:
        kind, reason, canonical = decide(link, site_origin, link in nofollow)
        if kind == "comment_page":
            decision = "thread"
        elif kind not in FOLLOWED_KINDS:
            decision = "skip"
        elif canonical in on_page or canonical in seen:
            decision = "seen"
        else:
            on_page.add(canonical)
            decision = "follow"
        yield LinkDecision(link, canonical, kind, reason, decision)


def follow_targets(links: list[str], site_origin: str,
                   nofollow: Collection[str] = (),
                   skipped: Counter[str] | None = None,
                   seen: Container[str] = ()) -> dict[str, list[str]]:
    """Sort a page's links into what the crawler may request, canonicalized and deduplicated
    (against `seen` too: the URLs the crawl asked for already).

    `nofollow`: the links the page marks rel=nofollow. `skipped`, when given, counts the
    links not followed as "kind/reason" ("action/vote", "offsite/offsite", "seen/page": one
    requested already, ...); comment pages, which the thread reader fetches, are not counted.
    """
    out: dict[str, list[str]] = {kind: [] for kind in FOLLOWED_KINDS}
    for link in decide_links(links, site_origin, nofollow, seen):
        if link.decision == "follow":
            out[link.kind].append(link.canonical)
        elif skipped is not None and link.decision != "thread":
            skipped[link.stat_key] += 1
    return out
