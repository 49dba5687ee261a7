"""A site that sets cookies is crawled without asking the network for the Public Suffix List.

Scrapy's cookie middleware checks each cookie's domain with tldextract, which on first use
downloads the list from publicsuffix.org: a request to a host the user never named, and on
a machine without a route out a logged traceback. The list bundled with tldextract does.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.helpers import REPO, serve_on_loopback

PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A post with cookies</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-01T09:00:00+00:00">
</head><body><article><h1>A post with cookies</h1><p>Words enough to be a body.</p>
</article></body></html>"""


@pytest.fixture
def cookie_site():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Set-Cookie", "csrftoken=abc123; Path=/; SameSite=Lax")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: Any) -> None:
            pass

    with serve_on_loopback(Handler) as url:
        yield url


@pytest.mark.slow
def test_cookies_are_checked_against_the_bundled_public_suffix_list(cookie_site, tmp_path):
    # An empty tldextract cache: what a new machine or a new virtualenv has.
    env = dict(os.environ, TLDEXTRACT_CACHE=str(tmp_path / "tldextract"),
               # Any attempt to reach publicsuffix.org fails at once, here and in CI alike.
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    result = subprocess.run(
        [sys.executable, "-m", "archiver", "crawl", cookie_site + "/2024/05/post/",
         "--db", str(tmp_path / "a.db"), "-s", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "Public Suffix" not in result.stderr, result.stderr[-3000:]
