"""The comparison: a bare Scrapy spider that fetches the same site and does nothing else.

It follows the same links archiver follows (same-site <a href>, sitemaps, the feed) with
an otherwise empty callback, so its pages/s is what Scrapy itself costs on this machine.
Run: python bench/bare_spider.py URL --stats stats.json -s CONCURRENT_REQUESTS=32 ...
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, url: str, deny: str | None = None, dedupe: bool = False,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = [url]
        self.deny = re.compile(deny) if deny else None
        # --dedupe: a set of the URLs yielded, so repeats never reach Scrapy's dupefilter.
        self.yielded: set[str] | None = set() if dedupe else None
        self.netloc = urlsplit(url).netloc
        self.base = f"{urlsplit(url).scheme}://{self.netloc}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_urls[0])
        yield scrapy.Request(self.base + "/sitemap.xml", callback=self.parse_xml)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        if b"<urlset" in response.body[:4096] or b"<rss" in response.body[:2048]:
            yield from self.parse_xml(response)
            return
        hrefs = response.css("a::attr(href), link[rel~=alternate]::attr(href)").getall()
        # Drop the selector Scrapy caches on the response: with CONCURRENT_ITEMS the parsed
        # tree would otherwise stay alive through scrapy/scrapy#2977's reference cycle.
        response._cached_selector = None
        for href in hrefs:
            url = urljoin(response.url, href).split("#", 1)[0]
            if urlsplit(url).netloc != self.netloc or (self.deny and self.deny.search(url)):
                continue
            if self.yielded is not None:
                if url in self.yielded:
                    continue
                self.yielded.add(url)
            yield scrapy.Request(url)

    def parse_xml(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        for loc in scrapy.Selector(text=body.decode("utf-8", "replace"), type="xml").xpath(
                "//*[local-name()='loc' or local-name()='link']/text()").getall():
            loc = loc.strip()
            if urlsplit(loc).netloc != self.netloc:
                continue
            callback = self.parse_xml if loc.endswith(".xml") else self.parse
            yield scrapy.Request(loc, callback=callback)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--stats", help="write Scrapy's final stats here as JSON")
    parser.add_argument("--deny", help="a regex: links matching it are not followed")
    parser.add_argument("--dedupe", action="store_true",
                        help="drop links already yielded before they become requests")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    settings = {"LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False}
    for pair in args.set:
        name, _, value = pair.partition("=")
        settings[name] = value
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, url=args.url, deny=args.deny, dedupe=args.dedupe)
    process.start()
    if args.stats:
        with open(args.stats, "w") as fh:
            json.dump(crawler.stats.get_stats(), fh, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
