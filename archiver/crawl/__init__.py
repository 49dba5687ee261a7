"""The crawl side of archiver: running a crawl, and the components its spider routes to.

- runner: CrawlParams + Scrapy settings in, a finished crawl row out (``run``);
- kinds: the named kinds of request the spider sends (priority, callbacks, robots.txt);
- threads: an article's thread while its comment pages are fetched (ThreadFetch);
- articles: an article page becomes a thread, a read thread becomes the item to store;
- platform: a comment platform's endpoints read, with the fall back to HTML;
- follow: a page's links become the requests worth sending (traps, seen URLs, stats);
- backlog: sitemap entries held as URLs and released as pages are done;
- archive: the archive connection and the crawl's row (CrawlArchive);
- responses: small readings of a response or a failure shared by the above.
"""

from archiver.crawl.runner import CrawlResult, build_settings, parse_setting_overrides, run

__all__ = ["CrawlResult", "build_settings", "parse_setting_overrides", "run"]
