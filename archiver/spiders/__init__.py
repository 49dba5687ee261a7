"""Scrapy spiders: crawling only (what to request next, which extractor to call)."""
