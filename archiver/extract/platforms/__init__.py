"""Comment platforms that serve a thread from their own endpoints rather than the page.

A platform is one module (or class) providing the `registry.Platform` protocol; the
crawl's platforms are the ordered setting ``ARCHIVER_COMMENT_PLATFORMS`` (registry.py), so
a third party adds one without editing archiver. Each built-in module has a name and the
same three pure functions (no Scrapy, no SQL, no I/O):

* ``NAME``: the platform name stored on comments, articles and sites;
* ``detect(url, headers, tree) -> dict | None``: the thread parameters the article page
  gives (Disqus shortname and identifier, isso endpoint and uri, WordPress REST root and
  post id), or None when the page is not on this platform;
* ``start(thread, config) -> list[Fetch]``: the first requests for the thread;
* ``parse(fetch, url, headers, body, thread, config) -> {"comments", "next", "article"}``: one
  response into comments (the dict shape of docs/internals.md section 1), further fetches,
  and article fields the platform knows (may be empty);

and declares what the rest of archiver needs to know about it (``API_HOSTS``,
``SETTINGS``, ``PAGE_304_CONFIRMS_THREAD``, ``REFUSED_STATUSES``, ``HTML_HAS_WHOLE_THREAD``,
``MARKERS``, an optional ``discover``): see registry.Platform.

A Fetch is plain data, so a crawl queue can persist it: ``{"url": str, "platform": str,
"sort": [int, ...], "context": dict}``. ``sort`` orders the thread's pages for reading;
``context`` carries what an earlier response taught (a cursor, the post's author).
``config`` holds the platforms' settings (``SETTINGS``), so tests point endpoints at loopback.

The setting's order is the detection order: a WordPress blog that shows its comments
through Disqus or isso is a Disqus or isso thread. A page whose comment system has no
registered platform but shows its embed markup (unsupported.py) is recorded on that
system with ``"adapter": False``: its thread is not archived, and the article says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from archiver.extract.platforms import unsupported
from archiver.extract.platforms.registry import (
    Platform,
    Registered,
    Registry,
    default_registry,
    load_registry,
    page_markers,
    shows,
)
from archiver.profiles import Profile

__all__ = ["Platform", "Registered", "Registry", "adapter", "api_hosts", "default_registry",
           "detect_platform", "load_registry"]


def adapter(name: str, registry: Registry | None = None) -> Any:
    """The platform called `name` (its module or object); ExtractError for an unknown one."""
    return (registry or default_registry()).get(name).impl


def api_hosts(registry: Registry | None = None) -> tuple[str, ...]:
    """The hosts every platform's endpoints live on (``API_HOSTS``): in any site's scope."""
    return (registry or default_registry()).api_hosts()


def detect_platform(url: str, headers: Mapping[str, Any] | None, tree: etree._Element,
                    profile: Profile | None = None, registry: Registry | None = None
                    ) -> dict | None:
    """``{"name", "thread"}`` of the page's comment platform, or None (comments in the
    page). A thread no registered platform reads also has ``"adapter": False`` and a
    ``reason``: ``no_adapter`` (a comment system archiver has no platform for),
    ``unreadable`` (a platform's markup without the parameters its ``detect`` needs).

    A profile's ``[comments] platform`` forces the platform ("html" forces none) and its
    ``params`` fill in or override what detection found.
    """
    registry = registry or default_registry()
    forced = profile.comment_platform if profile is not None else None
    params = dict(profile.comment_params) if profile is not None else {}
    if forced == "html":
        return None
    if forced is not None and forced not in registry.by_name:
        return {"name": forced, "thread": params, "adapter": False, "reason": "no_adapter"}
    for platform in registry.platforms:
        if forced is not None and platform.name != forced:
            continue
        thread = platform.impl.detect(url, headers or {}, tree)
        if thread is None and forced is None:
            continue
        return {"name": platform.name, "thread": {**(thread or {}), **params}}
    markers = page_markers(tree)
    for platform in registry.platforms:
        # Its embed markup is there but detect could not read the thread's parameters.
        if any(shows(pattern, markers) for pattern in platform.markers):
            return {"name": platform.name, "thread": params, "adapter": False,
                    "reason": "unreadable"}
    name = unsupported.identify(markers, exclude=frozenset(registry.by_name))
    if name is None:
        return None
    return {"name": name, "thread": {}, "adapter": False, "reason": "no_adapter"}
