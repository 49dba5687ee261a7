"""Discovery: pure functions over URLs, robots.txt, sitemaps, feeds and listing pages.

Nothing here fetches; the spider schedules what these functions return.
"""
