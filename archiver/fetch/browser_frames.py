"""The page's frames, for the headless browser: finding thread controls in any of them,
measuring whether the page grew, and reading a widget shown in a frame where it is shown.

Comment widgets often draw their thread in an iframe on the platform's own host; Playwright
reaches cross-origin frames too, so the frame's document is put in place of its ``<iframe>``
element (wrapped in a ``div[data-archiver-frame]`` naming its URL) before the page's DOM is
taken: the HTML readers then read the thread as part of the page.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from archiver.fetch.browser_plan import (
    ACTION_WORDS,
    ANCESTOR_LEVELS,
    MAX_CONTROL_TEXT,
    THREAD_WORDS,
)

logger = logging.getLogger(__name__)

# The in-page half of browser_plan.is_thread_control, on the live DOM: visible controls
# only, and none that was clicked without growing the page (kept in a WeakSet).
_FIND_CONTROLS = """([action, thread, levels, maxText]) => {
  const split = (s) => (typeof s === "string" ? s : "")
      .split(/[-_\\s]+|(?<=[a-z])(?=[A-Z])/)
      .flatMap((p) => p.toLowerCase().split(/[^\\p{L}\\p{N}]+/u)).filter(Boolean);
  const A = new Set(action), T = new Set(thread);
  const tried = window.__archiverTried || (window.__archiverTried = new WeakSet());
  const found = [];
  const sel = "button, a, summary, [role=button], input[type=button], [onclick]";
  for (const el of document.querySelectorAll(sel)) {
    if (tried.has(el) || el.disabled || el.getAttribute("aria-disabled") === "true") continue;
    if (!el.getClientRects().length) continue;
    if (el.getAttribute("type") === "submit") continue;
    if (el.tagName === "A") {
      const href = (el.getAttribute("href") || "").trim().toLowerCase();
      if (href && !href.startsWith("#") && !href.startsWith("javascript:")) continue;
    }
    if (el.tagName === "SUMMARY" && el.parentElement && el.parentElement.open) continue;
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    if (text.length > maxText) continue;
    const own = [...split(text), ...split(el.id), ...split(el.getAttribute("class"))];
    if (!own.some((w) => A.has(w))) continue;
    let about = own.some((w) => T.has(w));
    for (let up = el.parentElement, n = 0; !about && up && n < levels;
         up = up.parentElement, n++) {
      about = [...split(up.id), ...split(up.getAttribute("class"))].some((w) => T.has(w));
    }
    if (about) found.push(el);
  }
  return found;
}"""
_MEASURE = """() => [document.getElementsByTagName("*").length,
                     document.body ? document.body.innerText.length : 0]"""
_MARK_TRIED = "(el) => { window.__archiverTried && window.__archiverTried.add(el); }"
_WORDS = json.dumps([sorted(ACTION_WORDS), sorted(THREAD_WORDS), ANCESTOR_LEVELS,
                     MAX_CONTROL_TEXT])


_INLINE = """([frame, html]) => {
  const shown = document.createElement("div");
  shown.setAttribute("data-archiver-frame", frame.src || "");
  shown.innerHTML = html;
  frame.replaceWith(shown);
}"""
_WORD_LISTS = json.loads(_WORDS)


async def find_control(page: Any) -> tuple[Any, Any] | None:
    """The first thread control not tried yet, in the page or any of its frames."""
    from playwright.async_api import Error

    for frame in page.frames:
        try:
            handle = await frame.evaluate_handle(_FIND_CONTROLS, _WORD_LISTS)
            properties = await handle.get_properties()
        except Error:
            continue  # a frame detached meanwhile
        for key in sorted(properties, key=lambda k: int(k) if k.isdigit() else 1 << 30):
            element = properties[key].as_element()
            if element is not None:
                return frame, element
    return None


async def mark_tried(frame: Any, control: Any) -> None:
    from playwright.async_api import Error

    try:
        await frame.evaluate(_MARK_TRIED, control)
    except Error:
        logger.debug("control gone before it was marked")


async def measure(page: Any) -> tuple[Any, ...]:
    """The size of every frame's document: the thread grew when it changed."""
    from playwright.async_api import Error

    sizes = []
    for frame in page.frames:
        try:
            sizes.append((frame.url, tuple(await frame.evaluate(_MEASURE))))
        except Error:
            continue
    return tuple(sizes)


def _depth(frame: Any) -> int:
    depth = 0
    while frame.parent_frame is not None:
        frame, depth = frame.parent_frame, depth + 1
    return depth


async def inline_frames(page: Any) -> None:
    """Each frame's body in place of its element, deepest first (a frame in a frame is
    inside its parent's document when that one is inlined)."""
    from playwright.async_api import Error

    children = [f for f in page.frames if f.parent_frame is not None]
    for frame in sorted(children, key=_depth, reverse=True):
        try:
            element = await frame.frame_element()
            html = await frame.evaluate("() => document.body ? document.body.innerHTML : ''")
            await frame.parent_frame.evaluate(_INLINE, [element, html])
        except Error:
            logger.debug("frame %s not inlined", frame.url, exc_info=True)
