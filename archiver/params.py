"""Crawl parameters: one validated model for `archiver crawl` and `scrapy crawl -a ...`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archiver.discover.urls import canonicalize
from archiver.errors import ArchiverError
from archiver.profiles import Profile, load_profile


@dataclass
class CrawlParams:
    """What a user asks of one crawl. Errors name the option at fault."""

    url: str | None = None
    profile: str | None = None
    db: str | None = None
    max_articles: int | None = None
    loaded_profile: Profile | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, **kwargs: Any) -> CrawlParams:
        """Build from spider arguments (all strings when they come from `-a`)."""
        known = {"url", "profile", "db", "max_articles"}
        unknown = set(kwargs) - known
        if unknown:
            raise ArchiverError(
                f"unknown crawl argument(s): {', '.join(sorted(unknown))} "
                f"(expected: {', '.join(sorted(known))})"
            )
        max_articles = kwargs.get("max_articles")
        if max_articles not in (None, ""):
            try:
                max_articles = int(max_articles)
            except (TypeError, ValueError):
                raise ArchiverError(
                    f"--max-articles must be a whole number, got {max_articles!r}"
                ) from None
        else:
            max_articles = None
        params = cls(url=kwargs.get("url") or None, profile=kwargs.get("profile") or None,
                     db=kwargs.get("db") or None, max_articles=max_articles)
        params.validate()
        return params

    def validate(self) -> None:
        if self.max_articles is not None and self.max_articles < 0:
            raise ArchiverError("--max-articles must be 0 (no limit) or more")
        if self.profile and self.loaded_profile is None:
            self.loaded_profile = load_profile(self.profile)
        start = self.start_urls()
        if not start:
            raise ArchiverError("give a site URL to crawl (or a profile with [site] start_urls)")
        for url in start:
            if not url.lower().startswith(("http://", "https://")):
                raise ArchiverError(f"URL must start with http:// or https://, got {url!r}")

    def start_urls(self) -> list[str]:
        if self.url:
            return [canonicalize(self.url)]
        if self.loaded_profile and self.loaded_profile.start_urls:
            return [canonicalize(u) for u in self.loaded_profile.start_urls]
        return []

    def to_settings(self) -> dict[str, Any]:
        """The Scrapy settings these parameters set (cmdline priority)."""
        settings: dict[str, Any] = {}
        if self.db:
            settings["ARCHIVER_DB"] = self.db
        if self.max_articles is not None:
            settings["ARCHIVER_MAX_ARTICLES"] = self.max_articles
        if self.profile:
            settings["ARCHIVER_PROFILE"] = self.profile
        if self.url:
            settings["ARCHIVER_START_URL"] = self.url
        return settings

    def profile_settings(self) -> dict[str, Any]:
        """Settings the site profile implies (spider priority, below the command line)."""
        profile = self.loaded_profile
        if profile is None:
            return {}
        settings: dict[str, Any] = {}
        if profile.timezone:
            settings["ARCHIVER_TIMEZONE"] = profile.timezone
        return settings
