"""Which pages the headless browser reads, decided from the fetched page alone (no Playwright).

A page needs the browser when what it prints is not its thread:

* it shows a comment system the crawl has no adapter for: one archiver knows by its embed
  markup (``archiver.extract.platforms.unsupported``), a platform whose markup is there
  without the parameters its ``detect`` needs, or a built-in platform the crawl's
  ``ARCHIVER_COMMENT_PLATFORMS`` leaves out;
* or it shows a control that loads comments ("Load more comments", "Show replies",
  "Kommentare anzeigen") rather than a link to another comment page.

Controls are recognised by the comment reader's own vocabulary
(``archiver.extract.comments.vocabulary``: the words that name a thread or its replies)
plus the verbs of loading and showing below; the browser (browser.py) clicks what the same
rule finds in the rendered page.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.comments.base import parse_html_tree
from archiver.extract.comments.vocabulary import (
    CHILDREN_WORDS,
    COMMENT_WORDS,
    INLINE_REPLY_WORDS,
    WORD_SPLIT,
)
from archiver.extract.encoding import decode_html
from archiver.extract.platforms import Registry

MODES = ("auto", "on", "off")

# Verbs and adverbs of a control that brings more of a thread into view, in the languages
# the comment vocabulary covers.
ACTION_WORDS = frozenset({
    "load", "more", "show", "view", "expand", "see",                          # en
    "mehr", "laden", "nachladen", "anzeigen", "zeigen", "weitere", "ausklappen",  # de
    "plus", "afficher", "charger", "voir",                                    # fr
    "más", "cargar", "mostrar", "ver",                                        # es
    "mais", "carregar", "exibir",                                             # pt
    "altri", "mostra", "carica", "vedi", "espandi",                           # it
    "meer", "toon", "tonen", "bekijk",                                        # nl
    "więcej", "pokaż", "załaduj", "rozwiń",                                   # pl
})
THREAD_WORDS = COMMENT_WORDS | CHILDREN_WORDS | INLINE_REPLY_WORDS
# "Read more": a comment's folded text, in the page already; a thread control only when its
# own words name the thread ("Read more comments").
READING_WORDS = frozenset({"read", "weiterlesen", "lire", "leer", "ler", "leggi", "lees",
                           "czytaj"})
# How far up from a control its thread's container may be ("more" in a comment's footer).
ANCESTOR_LEVELS = 8
MAX_CONTROL_TEXT = 80

_CONTROLS = etree.XPath("//button | //a | //summary | //*[@role='button'] | "
                        "//input[@type='button'] | //*[@onclick]")


def words_of(text: str | None) -> list[str]:
    """Class/id tokens and visible text as lower-case words (``loadMoreComments`` -> load,
    more, comments), split as the comment reader splits them."""
    out = []
    for part in WORD_SPLIT.split(text or ""):
        out.extend(w for w in "".join(c if c.isalnum() else " " for c in part).lower().split())
    return out


def _attribute_words(element: etree._Element) -> list[str]:
    return words_of(element.get("id")) + words_of(element.get("class"))


def is_thread_control(element: etree._Element) -> bool:
    """A button or script link that loads or reveals comments (never a link to a page)."""
    if element.tag == "a":
        href = (element.get("href") or "").strip().lower()
        if href and not href.startswith(("#", "javascript:")):
            return False  # a comment page of its own: the HTML readers follow it
    if element.get("type") == "submit" or element.get("disabled") is not None:
        return False
    text = " ".join(element.itertext()).strip() or element.get("value") or \
        element.get("aria-label") or ""
    if len(text) > MAX_CONTROL_TEXT:
        return False
    own = words_of(text) + _attribute_words(element)
    if not ACTION_WORDS.intersection(own):
        return False
    if THREAD_WORDS.intersection(own):
        return True
    if READING_WORDS.intersection(own):
        return False
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= ANCESTOR_LEVELS:
            break
        if THREAD_WORDS.intersection(_attribute_words(ancestor)):
            return True
    return False


def thread_controls(tree: etree._Element) -> list[etree._Element]:
    return [el for el in _CONTROLS(tree) if isinstance(el.tag, str) and is_thread_control(el)]


def unregistered_platform(url: str, headers: Mapping[str, Any], tree: etree._Element,
                          registry: Registry, builtins: list[str]) -> str | None:
    """The name of a built-in platform the page is on although the crawl leaves it out."""
    for path in builtins:
        try:
            module = import_module(path)
        except ImportError:
            continue
        name = getattr(module, "NAME", None)
        if not name or name in registry.by_name:
            continue
        try:
            if module.detect(url, headers, tree) is not None:
                return str(name)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return None


@dataclass
class RenderPlan:
    """Why a page's thread is the browser's to read, and on which comment system."""

    why: str  # "no_adapter" | "unreadable" | "unregistered" | "control" | "on"
    platform: str | None = None


def plan_render(url: str, body: bytes, headers: Mapping[str, Any], extracted: dict[str, Any],
                registry: Registry, builtins: list[str], mode: str,
                tree: etree._Element | None = None) -> RenderPlan | None:
    """Whether an article page needs the browser (mode "auto"), or gets it anyway ("on").
    `tree` is the page as extraction parsed it (else the body is parsed here).

    A platform with an adapter reads its thread from its endpoints: never rendered."""
    platform = extracted.get("platform")
    if platform is not None and platform.get("adapter", True):
        return None
    if platform is not None:
        return RenderPlan(platform.get("reason") or "no_adapter", platform["name"])
    if tree is None:
        try:
            content_type = next((v for k, v in headers.items()
                                 if k.lower() == "content-type"), None)
            tree = parse_html_tree(decode_html(body, content_type)[0])
        except ExtractError:
            return None
    name = unregistered_platform(url, headers, tree, registry, builtins)
    if name is not None:
        # Recorded on its platform, as a system without an adapter is.
        extracted["platform"] = {"name": name, "thread": {}, "adapter": False,
                                 "reason": "no_adapter"}
        extracted["article"]["comment_platform"] = name
        return RenderPlan("unregistered", name)
    if thread_controls(tree):
        return RenderPlan("control")
    return RenderPlan("on") if mode == "on" else None


@dataclass
class BrowserSettings:
    """ARCHIVER_BROWSER and its bounds, read once per crawl."""

    mode: str = "auto"
    executable: str | None = None
    max_clicks: int = 20
    max_seconds: float = 60.0
    max_pages: int = 200
    builtins: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Any) -> BrowserSettings:
        from archiver import settings as defaults

        mode = str(settings.get("ARCHIVER_BROWSER") or "auto").strip().lower()
        if mode not in MODES:
            raise ValueError(f"ARCHIVER_BROWSER must be one of {', '.join(MODES)}, "
                             f"not {mode!r}")
        return cls(mode=mode,
                   executable=settings.get("ARCHIVER_BROWSER_EXECUTABLE") or None,
                   max_clicks=settings.getint("ARCHIVER_BROWSER_MAX_CLICKS"),
                   max_seconds=settings.getfloat("ARCHIVER_BROWSER_MAX_SECONDS"),
                   max_pages=settings.getint("ARCHIVER_BROWSER_MAX_PAGES"),
                   builtins=tuple(defaults.ARCHIVER_COMMENT_PLATFORMS))

    def find_executable(self) -> str | None:
        if self.executable:
            return shutil.which(self.executable) or None
        return shutil.which("chromium") or shutil.which("chromium-browser")

    def missing(self) -> str | None:
        """Why the browser cannot run here (one line), or None."""
        try:
            import_module("playwright.async_api")
        except ImportError:
            return ("the headless browser needs Playwright: pip install 'archiver[browser]' "
                    "(or set ARCHIVER_BROWSER=off)")
        if self.find_executable() is None:
            wanted = self.executable or "chromium"
            return (f"the headless browser needs {wanted}: apt-get install chromium "
                    "(or set ARCHIVER_BROWSER_EXECUTABLE, or ARCHIVER_BROWSER=off)")
        return None
