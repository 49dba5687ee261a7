"""A crawl hands the memory it freed back to the system every so many responses."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver import settings as archiver_settings
from archiver.extensions import MemoryTrim, _malloc_trim


def _settings(**extra: object) -> dict:
    values = {k: getattr(archiver_settings, k) for k in dir(archiver_settings) if k.isupper()}
    return {**values, **extra}


def test_glibc_s_trim_is_found_and_returns_memory() -> None:
    trim = _malloc_trim()
    assert trim is not None  # Debian and Ubuntu: glibc
    assert trim(0) in (0, 1)


def test_the_crawl_trims_every_so_many_responses() -> None:
    calls: list[int] = []
    extension = MemoryTrim(3, calls.append)
    for _ in range(10):
        extension.response()
    assert calls == [0, 0, 0]


def test_it_is_on_by_default_and_off_at_zero() -> None:
    assert MemoryTrim.from_crawler(get_crawler(settings_dict=_settings())).every == 200
    with pytest.raises(NotConfigured):
        MemoryTrim.from_crawler(get_crawler(settings_dict=_settings(ARCHIVER_MALLOC_TRIM_EVERY=0)))
