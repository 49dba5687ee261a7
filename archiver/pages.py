"""One page, start to finish: what `archiver extract` shows.

Reads a saved file or fetches one URL, then runs the crawl's own extraction and
normalization on it, so what a user sees here is what a crawl would archive.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from archiver import settings as defaults
from archiver.discover.links import LinkDecision, decide_links
from archiver.discover.urls import canonicalize, origin, path_and_query
from archiver.errors import ArchiverError, FetchError
from archiver.extract import extract_page
from archiver.extract.comments.sections import paged_by_parameter
from archiver.normalize import normalize_page
from archiver.normalize.dates import utc_now
from archiver.profiles import Profile

MAX_PAGE_BYTES = 32 * 1024 * 1024


def fetch(url: str, timeout: float = 30.0) -> tuple[bytes, dict[str, str], str]:
    """GET one URL: (body, headers, final URL). Errors become FetchError."""
    request = urllib.request.Request(url, headers={"User-Agent": defaults.USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
            return body[:MAX_PAGE_BYTES], dict(response.headers.items()), response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: cannot fetch: {reason}") from None


def load(path_or_url: str, url: str | None = None) -> tuple[bytes, dict[str, str], str]:
    """Bytes, headers and page URL from a saved file or a live URL."""
    if path_or_url.lower().startswith(("http://", "https://")):
        return fetch(path_or_url)
    path = Path(path_or_url)
    if not path.is_file():
        raise ArchiverError(f"{path_or_url}: no such file (give a saved page or an http(s) URL)")
    return path.read_bytes(), {}, url or path.resolve().as_uri()


def extract_one(path_or_url: str, *, url: str | None = None, profile: Profile | None = None,
                fetched_at: str | None = None) -> dict[str, Any]:
    """The archive record for one page, plus the comment pages a crawl would fetch next."""
    body, headers, page_url = load(path_or_url, url)
    fetched_at = fetched_at or utc_now()
    extracted = extract_page(page_url, body, headers, profile=profile)
    timezone = (profile.timezone if profile else None) or defaults.ARCHIVER_TIMEZONE
    site = {
        "origin": origin(page_url) if page_url.startswith("http") else "file://",
        "timezone": timezone,
        "timezone_source": "profile" if profile and profile.timezone else "default",
        "profile": (profile.name or profile.source) if profile else None,
        "language": profile.language if profile else None,
    }
    record = normalize_page(extracted, site=site, fetched_at=fetched_at)
    record["is_article"] = extracted["article"]["is_article"]
    record["evidence"] = extracted["article"]["evidence"]
    record["article_confidence"] = extracted["article"]["article_confidence"]
    record["article_evidence"] = extracted["article"]["article_evidence"]
    record["next"] = extracted["next"]
    return record


def explain_links(path_or_url: str, *, url: str | None = None,
                  profile: Profile | None = None) -> list[dict[str, str]]:
    """Every link of one page, in page order, with what a crawl of its site would do with
    it: the crawl's own classifier (archiver.discover.links.decide_links), without the
    crawl's memory of pages already requested (so "seen" means repeated on this page)."""
    body, headers, page_url = load(path_or_url, url)
    extracted = extract_page(page_url, body, headers, profile=profile)
    found = extracted["next"]
    rows = []
    for link in decide_links(found["links"] + found["feeds"], origin(page_url),
                             nofollow=frozenset(found.get("nofollow", ()))):
        row = link.as_dict()
        if link.decision == "follow" and profile is not None and \
                profile.is_excluded(path_and_query(link.canonical)):
            row.update(decision="skip", reason="profile_exclude")
        rows.append(row)
    # The thread's "?page=N" pages, which the extractor keeps out of the followed links.
    listed = {row["canonical"] for row in rows}
    for page in found["comment_pages"]:
        if paged_by_parameter(page) and canonicalize(page) not in listed:
            rows.append(LinkDecision(page, canonicalize(page), "comment_page",
                                     "comment_section", "thread").as_dict())
    return rows
