"""Fetch-level reliability: what counts as a whole response, and how fast to ask again.

- completeness: a body cut short (a compressed stream that never ends, fewer bytes than
  Content-Length declares) is a failed fetch, retried, then recorded; never a page.
- politeness: robots.txt ``Crawl-delay`` per host, HTTP ``Retry-After`` on 429/503.
"""
