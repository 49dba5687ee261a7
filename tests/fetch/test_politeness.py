"""robots.txt Crawl-delay and HTTP Retry-After are obeyed."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise

import pytest
from scrapy.core.downloader import Slot

from archiver.fetch.politeness import obey_delay, retry_after_seconds
from tests.faults.site import Article, FaultSite
from tests.helpers import run_cli

NOW = datetime(2026, 5, 2, 12, 0, 0, tzinfo=UTC)


def test_retry_after_in_seconds_or_as_an_http_date():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(b" 2 ") == 2
    assert retry_after_seconds(format_datetime(NOW + timedelta(seconds=90), usegmt=True),
                               now=NOW) == 90
    assert retry_after_seconds("Sat, 02 May 2026 11:00:00 GMT", now=NOW) == 0  # past
    for unreadable in (None, "", "soon", "-5", "1.5e9x"):
        assert retry_after_seconds(unreadable, now=NOW) is None


class _Downloader:
    def __init__(self, slots, per_slot_settings):
        self.slots, self.per_slot_settings = slots, per_slot_settings


def test_a_crawl_delay_is_a_floor_for_the_slot_now_and_when_it_is_made_again():
    slot = Slot(concurrency=8, delay=1.0, jitter=0.5)
    downloader = _Downloader({"mag.example": slot}, {"other.example": {"delay": 9}})
    obey_delay(downloader, "mag.example", 3)
    assert (slot.delay, slot.jitter) == (3, 0)
    assert downloader.per_slot_settings["mag.example"] == {"delay": 3, "jitter": 0}
    # A DOWNLOAD_SLOTS delay longer than the Crawl-delay stays.
    obey_delay(downloader, "other.example", 2)
    assert downloader.per_slot_settings["other.example"]["delay"] == 9


def _articles(n: int) -> list[Article]:
    return [Article(f"post-{i}", f"Post {i}", comments=[(str(100 + i), "Ann", f"Hi {i}.")])
            for i in range(n)]


@pytest.mark.slow
def test_the_crawl_waits_the_crawl_delay_between_requests_even_with_autothrottle(tmp_path):
    delay = 0.6
    with FaultSite(crawl_delay=delay, articles=_articles(6)) as site:
        site.reset(faults_on=False)
        # AutoThrottle on (archiver's default), starting below the Crawl-delay.
        result = run_cli("crawl", site.url + "/", "--db", str(tmp_path / "a.db"),
                         "-s", "AUTOTHROTTLE_START_DELAY=0.05", "-s", "DOWNLOAD_DELAY=0")
        times = sorted(t for t, _ in site.requests)
    assert result.returncode == 0, result.stderr
    assert "Articles: 6" in result.stdout or "6 articles" in result.stdout
    gaps = [b - a for a, b in pairwise(times)]
    assert len(gaps) >= 8
    # Lower bounds: a slow machine only widens the gaps the crawler leaves, but the server
    # sees each request after its connection is made, which on a busy machine shifts one
    # arrival by some milliseconds. Without Crawl-delay the gaps are ~0.01 s.
    assert statistics.median(gaps) >= delay * 0.95, gaps
    assert min(gaps) >= delay * 0.7, gaps
    print(f"Crawl-delay {delay} s: {len(gaps)} gaps, median {statistics.median(gaps):.3f} s")
