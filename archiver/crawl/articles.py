"""An article page becomes a thread to read; a read thread becomes the item to store.

Pure: the spider hands in what it fetched and extracted, and yields what comes back.
"""

from __future__ import annotations

from typing import Any

from archiver.crawl.threads import ThreadFetch
from archiver.discover.links import comment_page_number
from archiver.discover.urls import canonicalize, path_and_query
from archiver.items import ErrorItem, PageItem
from archiver.normalize.canonical import trusted_canonical
from archiver.normalize.threads import resolve_repeated_ids
from archiver.profiles import Profile


def site_of(site_origin: str, profile: Profile | None, timezone: str | None
            ) -> dict[str, Any]:
    """What an archive record says of the site: its origin, time zone (and whence), profile
    and language."""
    timezone = timezone or "UTC"
    return {
        "origin": site_origin, "timezone": timezone,
        "timezone_source": "profile" if profile and profile.timezone else (
            "setting" if timezone != "UTC" else "default"),
        "profile": profile.name or profile.source if profile else None,
        "language": profile.language if profile else None,
    }


def is_article_page(url: str, extracted: dict[str, Any], profile: Profile | None) -> bool:
    """The profile's URL patterns decide where they do; the page's own signs elsewhere."""
    if profile is not None:
        decided = profile.is_article_url(path_and_query(url))
        if decided is not None:
            return decided
    return bool(extracted["article"]["is_article"])


def start_thread(url: str, extracted: dict[str, Any], fetched_at: str,
                 site: dict[str, Any], listed_date: str | None = None
                 ) -> tuple[ThreadFetch, list[ErrorItem]]:
    """The thread of the article at `url`, holding the comments the page itself prints,
    and a row for a canonical URL the article may not claim. `listed_date`: the date a
    feed gives the page, its publication date when the page prints none (wikis print only
    their last edit)."""
    errors: list[ErrorItem] = []
    article = extracted["article"]
    if listed_date and not article.get("published_raw"):
        article["published_raw"] = listed_date
    article["canonical_url"], distrust = trusted_canonical(url, article.get("canonical_url"))
    if distrust:
        errors.append(ErrorItem(url, "canonical", distrust))
    comments = extracted["comments"]
    for comment in comments:
        comment.setdefault("source_url", url)
    item = PageItem(site=site, url=url, fetched_at=fetched_at, extracted=extracted)
    number = comment_page_number(url)
    shown = ((extracted.get("platform") or {}).get("thread") or {}).get("html_page")
    if number == 1 and shown:
        number = shown  # newest comments first: the article URL shows the last page
    fetch = ThreadFetch(item=item, pages={(number,): comments}, seen={canonicalize(url)})
    return fetch, errors


def add_comment_page(fetch: ThreadFetch, url: str, extracted: dict[str, Any]) -> None:
    """One of the article's own comment pages, read."""
    comments = extracted["comments"]
    for comment in comments:
        comment.setdefault("source_url", url)
    fetch.pages[(comment_page_number(url),)] = comments


def finish_thread(fetch: ThreadFetch) -> tuple[PageItem, list[ErrorItem]]:
    """The article with its whole thread in reading order, said complete or not and why;
    a row for each comment whose id the thread repeats."""
    item = fetch.item
    item.comments, repeats = resolve_repeated_ids(fetch.comments())
    errors = [ErrorItem(repeat["source_url"] or item.url, "duplicate-comment",
                        repeat["message"]) for repeat in repeats]
    item.thread_complete = fetch.complete
    item.thread_incomplete_reason = None if fetch.complete else fetch.incomplete_reason
    return item, errors


def gap_rows(fetch: ThreadFetch) -> list[ErrorItem]:
    """One error row per page of the thread that was not archived, with its reason."""
    kind = "comment_platform" if fetch.platform else "comment_page"
    return [ErrorItem(url, kind, f"{reason} (thread of {fetch.item.url})")
            for url, reason in fetch.take_gaps()]
