"""Crawler traps: bounds on what following links may cost.

An infinite calendar, a listing whose ``?page=N`` never runs out, session ids in paths:
each makes every page link to new URLs forever. `TrapGuard` decides, for each link the
spider would follow, whether the crawl has spent enough on its kind of URL:

* depth: link hops from a start URL (sitemap and feed entries are depth 1);
* a budget per URL shape (the path with numbers and ids replaced, query keys sorted, so
  ``/calendar/2031/07/`` and ``/calendar/1999/01/`` are ``/calendar/{n}/{n}/``): at most
  `shape_budget` pages of one shape that are not articles (articles of one shape, such as
  ``/p/{n}``, are what the crawl is for and do not spend the budget);
* near-duplicates: a URL that differs from one already followed only by a session id
  (``/;jsessionid=XYZ/a/``, ``/(S(abc...))/a/``, ``?sid=...``), and a shape whose pages
  keep repeating one content (digits aside: "page 57 of nothing") are stopped.

Pure: no Scrapy. The spider asks, counts the answer in its stats and records one notice per
shape and reason (`Stop.first`), not one per URL.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

DEPTH = "depth"
SHAPE_BUDGET = "shape_budget"
SESSION_ID = "session_id"
DUPLICATE_CONTENT = "duplicate_content"

_DIGITS = re.compile(r"\d+")
_DIGITS_BYTES = re.compile(rb"\d+")
# Session ids carried in the path: a ;name=value path parameter naming a session, or
# ASP.NET's cookieless (S(...)) segment. Two URLs differing only there are one page.
_SESSION_PARAM = re.compile(r";\s*(jsessionid|phpsessid|sid|sessionid|session_id|sess)=[^/;?]*",
                            re.IGNORECASE)
_SESSION_SEGMENT = re.compile(r"^(\([A-Za-z]\([A-Za-z0-9]+\)\))+$")
# Segments that are ids rather than names (a long hex run, a long mix of letters and
# digits): one shape for all of them, like numbers.
_TOKEN_SEGMENT = re.compile(
    r"^[0-9a-fA-F]{16,}$"
    r"|^(?=[A-Za-z0-9_=-]*\d)(?=[A-Za-z0-9_=-]*[A-Za-z])[A-Za-z0-9_=]{20,}$"
)
_SESSION_QUERY_KEYS = frozenset(("jsessionid", "phpsessid", "sid", "sessionid", "session_id",
                                 "sess", "s_id", "cfid", "cftoken"))


def _token(segment: str) -> bool:
    return bool(_TOKEN_SEGMENT.match(segment) or _SESSION_SEGMENT.match(segment))


def url_shape(url: str) -> str:
    """The URL's shape: host, path with numbers as {n} and tokens as {token}, session
    parameters dropped, query keys sorted with their values' numbers as {n}."""
    parts = urlsplit(url)
    segments = []
    for segment in _SESSION_PARAM.sub("", parts.path).split("/"):
        segments.append("{token}" if _token(segment) else _DIGITS.sub("{n}", segment))
    query = sorted((key, _DIGITS.sub("{n}", value) if not _token(value) else "{token}")
                   for key, value in parse_qsl(parts.query, keep_blank_values=True)
                   if key.lower() not in _SESSION_QUERY_KEYS)
    shape = (parts.hostname or "") + re.sub(r"//+", "/", "/".join(segments))
    if query:
        shape += "?" + "&".join(f"{key}={value}" for key, value in query)
    return shape


def session_free(url: str) -> str:
    """The URL without the session ids it carries (;jsessionid= path parameters, (S(...))
    segments, session query keys); the URL itself, unchanged, when it carries none."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    in_path = _SESSION_PARAM.search(parts.path) or any(
        _SESSION_SEGMENT.match(s) for s in parts.path.split("/"))
    in_query = any(k.lower() in _SESSION_QUERY_KEYS for k, _ in pairs)
    if not in_path and not in_query:
        return url
    path = "/".join(s for s in _SESSION_PARAM.sub("", parts.path).split("/")
                    if not _SESSION_SEGMENT.match(s))
    query = "&".join(f"{k}={v}" for k, v in pairs if k.lower() not in _SESSION_QUERY_KEYS)
    path = re.sub(r"//+", "/", path or "/")
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Stop:
    """A bound stopped a URL. `first`: the first stop for this shape and reason (record
    it once)."""

    reason: str
    shape: str
    first: bool
    message: str


class TrapGuard:
    """Bounds link following by depth, budget per URL shape and near-duplicates."""

    def __init__(self, max_depth: int = 100, shape_budget: int = 100,
                 duplicate_limit: int = 3) -> None:
        self.max_depth = max_depth
        self.shape_budget = shape_budget
        self.duplicate_limit = duplicate_limit
        self.admitted: Counter[str] = Counter()   # links followed, by shape
        self.articles: Counter[str] = Counter()   # of those, the pages that were articles
        self.pages: dict[str, str] = {}           # session-free form -> the URL followed
        self.content: Counter[tuple[str, bytes]] = Counter()
        self.exhausted: dict[str, str] = {}       # shape -> the reason it was stopped
        self._reported: set[tuple[str, str]] = set()
        self.spent: Counter[str] = Counter()      # refusals by reason, for reports

    def _stop(self, reason: str, shape: str, message: str) -> Stop:
        first = (shape, reason) not in self._reported
        self._reported.add((shape, reason))
        self.spent[reason] += 1
        return Stop(reason, shape, first, message)

    def admit(self, url: str, depth: int) -> Stop | None:
        """None when the link at `depth` hops may be followed (and it is then counted),
        else the Stop saying which bound it hit."""
        shape = url_shape(url)
        if self.max_depth and depth > self.max_depth:
            return self._stop(DEPTH, shape, f"crawl trap bound: links more than "
                                            f"{self.max_depth} hops from the start are not "
                                            f"followed (first: {url[:200]})")
        if shape in self.exhausted:
            return self._stop(self.exhausted[shape], shape, self._exhausted_message(shape))
        key = session_free(url)
        if key in self.pages:
            if self.pages[key] != url:
                return self._stop(SESSION_ID, shape,
                                  f"crawl trap bound: URLs that differ only by a session id "
                                  f"are not followed again (first: {url[:200]})")
            return None  # the same URL again: the duplicate filter's business
        if self.shape_budget and self.admitted[shape] - self.articles[shape] \
                >= self.shape_budget:
            self.exhausted[shape] = SHAPE_BUDGET
            return self._stop(SHAPE_BUDGET, shape, self._exhausted_message(shape))
        self.pages[key] = url
        self.admitted[shape] += 1
        return None

    def _exhausted_message(self, shape: str) -> str:
        if self.exhausted[shape] == DUPLICATE_CONTENT:
            return (f"crawl trap bound: pages shaped {shape[:200]} repeat the same content; "
                    "no more of them are followed")
        return (f"crawl trap bound: {self.shape_budget} pages shaped {shape[:200]} that are "
                "not articles were followed; no more of them are")

    def page(self, url: str, body: bytes, is_article: bool) -> Stop | None:
        """Note a fetched page. A Stop when its shape keeps serving the same content
        (digits aside): its links are then not followed, nor more pages of its shape."""
        shape = url_shape(url)
        if is_article:
            self.articles[shape] += 1
            return None
        digest = hashlib.blake2b(_DIGITS_BYTES.sub(b"", body), digest_size=16).digest()
        self.content[(shape, digest)] += 1
        if self.duplicate_limit and self.content[(shape, digest)] > self.duplicate_limit:
            self.exhausted[shape] = DUPLICATE_CONTENT
            return self._stop(DUPLICATE_CONTENT, shape, self._exhausted_message(shape))
        return None
