"""The registry of known comment markups, tried in order before the general reader.

Each family is a module with ``NAME`` (the ``platform`` a profile may force) and
``read(ctx) -> Thread | None``; the first that recognises the page's markup reads it.
"""

from __future__ import annotations

from types import ModuleType

from archiver.extract.comments.families import contao, disqus, ikiwiki, wordpress, wpdiscuz

# wpDiscuz before WordPress: its blocks carry WordPress's comment-N ids too.
FAMILIES: tuple[ModuleType, ...] = (disqus, wpdiscuz, wordpress, ikiwiki, contao)
