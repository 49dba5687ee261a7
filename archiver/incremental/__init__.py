"""Incremental crawling: fetch only what may have changed since the archive last saw it.

``manager.IncrementalManager`` (a Scrapy extension) reads the archive's state once per crawl
and decides the crawl's kind (full, incremental, resume); ``middleware`` holds the thin
parts that act on it: conditional requests (If-None-Match / If-Modified-Since) and a spider
middleware that adds the articles due for a refresh and drops what need not be fetched.
``schedule`` is the pure decaying refresh schedule; ``lock`` keeps one crawl per archive.
"""
