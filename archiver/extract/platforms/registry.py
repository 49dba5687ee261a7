"""The comment platforms a crawl knows, loaded from ``ARCHIVER_COMMENT_PLATFORMS``.

Each entry of the setting is a module path (``archiver.extract.platforms.disqus``) or the
path of a class or object (``mypackage.comments.Commento``), as Scrapy names its components
and Datasette its default plugins; a class is instantiated without arguments. The order is
the detection order. Whatever the entry is, it provides the `Platform` protocol; the
optional parts default to "nothing special" (`Registered` fills them in).
"""

from __future__ import annotations

import importlib
import re
import re._parser as _regex_parser  # the stdlib's own pattern parser (Python 3.11+)
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.pageindex import marker_lines, page_index

__all__ = ["Platform", "Registered", "Registry", "default_registry", "load_registry",
           "page_markers", "shows"]


@runtime_checkable
class Platform(Protocol):
    """What a comment platform provides. Required: ``NAME``, ``detect``, ``start``, ``parse``.

    Optional, with their defaults:

    * ``API_HOSTS = ()``: hosts its endpoints live on whatever the site (site scope);
    * ``SETTINGS = {}``: config key -> (setting name, default), read into ``config``;
    * ``PAGE_304_CONFIRMS_THREAD = False``: whether a 304 on the article page says its
      thread is unchanged (true only where the page prints the whole thread);
    * ``REFUSED_STATUSES = ()``: HTTP statuses of its endpoints that mean "turned off on
      purpose": read the HTML instead, without an error row;
    * ``HTML_HAS_WHOLE_THREAD = False``: whether the page's HTML prints the whole thread,
      so that falling back to it keeps the thread complete;
    * ``MARKERS = ()``: regular expressions over the page's script/iframe sources, inline
      scripts, ids and classes meaning "comments are loaded by this platform"; a page
      that shows them but that ``detect`` cannot read is recorded on this platform, its
      thread incomplete;
    * ``discover(thread, config) -> list[str]`` and ``parse_discovery(url, headers, body)
      -> (page URLs, further discovery URLs)``: a listing of every post (WordPress REST).
    """

    NAME: str

    def detect(self, url: str, headers: Mapping[str, Any], tree: etree._Element
               ) -> dict | None: ...

    def start(self, thread: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict]: ...

    def parse(self, fetch: Mapping[str, Any], url: str, headers: Mapping[str, Any],
              body: bytes, thread: Mapping[str, Any],
              config: Mapping[str, Any] | None = None) -> dict: ...


@dataclass(frozen=True)
class Registered:
    """A loaded platform with its optional parts filled in."""

    name: str
    impl: Any
    api_hosts: tuple[str, ...] = ()
    settings: Mapping[str, tuple[str, Any]] = field(default_factory=dict)
    page_304_confirms_thread: bool = False
    refused_statuses: frozenset[int] = frozenset()
    html_has_whole_thread: bool = False
    markers: tuple[re.Pattern[str], ...] = ()

    @property
    def has_discovery(self) -> bool:
        return callable(getattr(self.impl, "discover", None))

    @classmethod
    def of(cls, impl: Any, source: str = "") -> Registered:
        missing = [part for part in ("NAME", "detect", "start", "parse")
                   if not hasattr(impl, part)]
        if missing:
            raise ValueError(f"ARCHIVER_COMMENT_PLATFORMS: {source or impl!r} is not a comment "
                             f"platform (it has no {', '.join(missing)})")
        settings = {key: tuple(value) for key, value in
                    dict(getattr(impl, "SETTINGS", {}) or {}).items()}
        return cls(
            name=str(impl.NAME), impl=impl,
            api_hosts=tuple(getattr(impl, "API_HOSTS", ()) or ()),
            settings=settings,
            page_304_confirms_thread=bool(getattr(impl, "PAGE_304_CONFIRMS_THREAD", False)),
            refused_statuses=frozenset(int(s) for s in
                                       getattr(impl, "REFUSED_STATUSES", ()) or ()),
            html_has_whole_thread=bool(getattr(impl, "HTML_HAS_WHOLE_THREAD", False)),
            # One sign a line (page_markers): ^ and $ anchor a marker to one sign.
            markers=tuple(re.compile(m, re.MULTILINE)
                          for m in getattr(impl, "MARKERS", ()) or ()),
        )


def _load(path: str) -> Any:
    """A module, or an object named by its dotted path (a class is instantiated)."""
    try:
        return importlib.import_module(path)
    except ImportError:
        pass
    # Imported only here: the built-in platforms are modules, and Scrapy (with Twisted)
    # would add a third of a second to every `archiver extract`.
    from scrapy.utils.misc import load_object

    try:
        found = load_object(path)
    except (ImportError, NameError, ValueError) as exc:
        raise ValueError(f"ARCHIVER_COMMENT_PLATFORMS: cannot load {path!r} ({exc})") from None
    return found() if isinstance(found, type) else found


def page_markers(tree: etree._Element) -> str:
    """The parts of a page where comment systems show themselves, one per line: sources,
    inline scripts, ids, classes and custom element names (``<hyvor-talk-comments>``).

    Read from the page's index (archiver.extract.pageindex); the lines are grouped by kind,
    and a marker matches within one line, so their order does not matter."""
    return "\n".join(marker_lines(page_index(tree)))


def shows(pattern: re.Pattern[str], markers: str) -> bool:
    """Whether `pattern` matches somewhere in `markers` (a page_markers string).

    A marker's text runs to hundreds of KB of inline script, and a pattern that starts
    with \\b or ^ is tried at every position; most patterns hold a literal that any match
    must contain, and a substring test for it rules out nearly every page first.
    """
    literal = _required_literal(pattern)
    if literal and literal not in markers:
        return False
    return pattern.search(markers) is not None


@lru_cache(maxsize=1024)
def _required_literal(pattern: re.Pattern[str]) -> str:
    """The longest run of plain characters in the pattern's top-level sequence: every
    match contains it. "" when there is none, or when case-folding makes it inexact."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return ""
    try:
        items = _regex_parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return ""
    best, run = "", []
    for op, value in [*items, (None, None)]:
        if op is _regex_parser.LITERAL:
            run.append(chr(value))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


class Registry:
    """The platforms of a crawl, in detection order."""

    def __init__(self, platforms: Iterable[Registered]) -> None:
        self.platforms = tuple(platforms)
        names = [p.name for p in self.platforms]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError("ARCHIVER_COMMENT_PLATFORMS: two platforms are called "
                             + ", ".join(sorted(duplicates)))
        self.by_name = {p.name: p for p in self.platforms}

    @classmethod
    def from_paths(cls, paths: Sequence[str]) -> Registry:
        return cls(Registered.of(_load(path), path) for path in paths)

    def get(self, name: str) -> Registered:
        """The platform called `name`; ExtractError for one not registered."""
        try:
            return self.by_name[name]
        except KeyError:
            raise ExtractError(f"unknown comment platform {name!r}") from None

    def api_hosts(self) -> tuple[str, ...]:
        return tuple(host for p in self.platforms for host in p.api_hosts)

    def config(self, settings: Any) -> dict[str, Any]:
        """Each platform's config keys, read from Scrapy settings (or a plain mapping)."""
        config: dict[str, Any] = {}
        for platform in self.platforms:
            for key, (setting, default) in platform.settings.items():
                if isinstance(default, bool) and hasattr(settings, "getbool"):
                    config[key] = settings.getbool(setting, default)
                else:
                    config[key] = settings.get(setting, default)
        return config

    def page_confirmed_names(self) -> tuple[str, ...]:
        """Comment platforms (``html``: the page's own) whose thread a page's 304 confirms."""
        return ("html", *(p.name for p in self.platforms if p.page_304_confirms_thread))


def load_registry(settings: Any) -> Registry:
    """The registry named by a crawl's ``ARCHIVER_COMMENT_PLATFORMS`` (Scrapy settings)."""
    paths = settings.getlist("ARCHIVER_COMMENT_PLATFORMS") if hasattr(settings, "getlist") \
        else list(settings.get("ARCHIVER_COMMENT_PLATFORMS") or ())
    return _cached(tuple(paths))


@lru_cache(maxsize=8)
def _cached(paths: tuple[str, ...]) -> Registry:
    return Registry.from_paths(paths)


def default_registry() -> Registry:
    """The built-in platforms (archiver.settings.ARCHIVER_COMMENT_PLATFORMS)."""
    from archiver import settings

    return _cached(tuple(settings.ARCHIVER_COMMENT_PLATFORMS))
