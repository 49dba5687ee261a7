"""Comment platforms that serve a thread from their own endpoints rather than the page.

Each adapter is a module with a name and the same three pure functions (no Scrapy, no SQL, no I/O):

* ``NAME``: the platform name stored on comments, articles and sites;
* ``API_HOSTS``: the hosts its endpoints live on whatever the site (Disqus: disqus.com);
  a self-hosted platform has none and is fetched only on the site or an allowed host;
* ``detect(url, headers, tree) -> dict | None``: the thread parameters the article page
  gives (Disqus shortname and identifier, isso endpoint and uri, WordPress REST root and
  post id), or None when the page is not on this platform;
* ``start(thread, config) -> list[Fetch]``: the first requests for the thread;
* ``parse(fetch, url, headers, body, thread, config) -> {"comments", "next", "article"}``: one
  response into comments (the dict shape of docs/internals.md section 1), further fetches,
  and article fields the platform knows (may be empty).

A Fetch is plain data, so a crawl queue can persist it: ``{"url": str, "platform": str,
"sort": [int, ...], "context": dict}``. ``sort`` orders the thread's pages for reading;
``context`` carries what an earlier response taught (a cursor, the post's author).
``config`` holds the endpoint settings (``disqus_embed_base``, ``disqus_api_base``,
``disqus_api_key``, ``wordpress_rest``), so tests point the endpoints at loopback.

ADAPTERS is explicit and its order is the detection order: a WordPress blog that shows its
comments through Disqus or isso is a Disqus or isso thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from archiver.errors import ExtractError
from archiver.extract.platforms import disqus, isso, wordpress
from archiver.profiles import Profile

__all__ = ["ADAPTERS", "adapter", "api_hosts", "detect_platform"]

ADAPTERS = (disqus, isso, wordpress)


def adapter(name: str) -> Any:
    """The adapter module called `name`; ExtractError for an unknown one."""
    for module in ADAPTERS:
        if module.NAME == name:
            return module
    raise ExtractError(f"unknown comment platform {name!r}")


def api_hosts() -> tuple[str, ...]:
    """The hosts every adapter's endpoints live on (``API_HOSTS``): in any site's scope."""
    return tuple(host for module in ADAPTERS for host in module.API_HOSTS)


def detect_platform(url: str, headers: Mapping[str, Any] | None, tree: etree._Element,
                    profile: Profile | None = None) -> dict | None:
    """``{"name", "thread"}`` of the page's comment platform, or None (comments in the page).

    A profile's ``[comments] platform`` forces the adapter ("html" forces none) and its
    ``params`` fill in or override what detection found.
    """
    forced = profile.comment_platform if profile is not None else None
    params = dict(profile.comment_params) if profile is not None else {}
    if forced == "html":
        return None
    for module in ADAPTERS:
        if forced is not None and module.NAME != forced:
            continue
        thread = module.detect(url, headers or {}, tree)
        if thread is None and forced is None:
            continue
        return {"name": module.NAME, "thread": {**(thread or {}), **params}}
    return None
