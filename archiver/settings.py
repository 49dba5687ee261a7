"""Scrapy settings for archiver: every default in one place.

Rules: Scrapy's own settings first, then ours, prefixed ARCHIVER_, alphabetical within each
group, each documented in docs/settings.md (tests/test_docs.py checks). Priorities: these
defaults < a site profile (spider priority) < command-line options and -s (cmdline priority).
"""

from archiver import __version__

# --- Scrapy -----------------------------------------------------------------------------
BOT_NAME = "archiver"
SPIDER_MODULES = ["archiver.spiders"]
NEWSPIDER_MODULE = "archiver.spiders"

# Politeness on by default: we archive other people's sites.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Only the web: page content names the URLs archiver fetches, so no local files or S3.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None}
DOWNLOAD_TIMEOUT = 30
DOWNLOADER_MIDDLEWARES = {
    # Page content names what is fetched: every request, redirect and meta refresh is held
    # to the site's scope (archiver.discover.scope), before robots.txt is even asked.
    "archiver.discover.scope_middleware.ScopeMiddleware": 40,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "archiver.discover.scope_middleware.ScopedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "archiver.discover.scope_middleware.ScopedRedirectMiddleware": 600,
    # Towards the engine from RetryMiddleware (550): sees only failures that are final.
    "archiver.fetch.unreachable.FailFast": 540,
    # Conditional headers before HttpCompressionMiddleware (590) adds Accept-Encoding.
    "archiver.incremental.middleware.ConditionalRequestsMiddleware": 580,
    # Retry-After obeyed: in RetryMiddleware's place.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.fetch.politeness.RetryAfterMiddleware": 550,
    # Sees bodies still compressed (outside HttpCompressionMiddleware, 590), after capture.
    "archiver.fetch.completeness.IncompleteBodyMiddleware": 595,
    # Next to the downloader: responses as received (still compressed), redirects included.
    "archiver.capture.middleware.CaptureMiddleware": 950,
    "archiver.capture.replay.WarcReplayMiddleware": 960,
    # Fleet jobs only (ARCHIVER_FLEET_JOB set): one request per host per delay, fleet-wide;
    # after robots.txt (100), so a refused request costs no turn.
    "archiver.fleet.politeness.FleetHostPoliteness": 940,
    # The spider's local "render" requests, answered by headless Chromium (after capture:
    # the page's own response is already in the WARC).
    "archiver.fetch.browser_middleware.BrowserMiddleware": 970,
}
EXTENSIONS = {
    # robots.txt Crawl-delay obeyed, and never lowered by AutoThrottle.
    "scrapy.extensions.throttle.AutoThrottle": None,
    "archiver.fetch.politeness.PoliteAutoThrottle": 0,
    "archiver.fetch.politeness.CrawlDelay": 0,
    "archiver.extensions.Progress": 500,
    "archiver.extensions.MemoryTrim": 510,
    "archiver.incremental.manager.IncrementalManager": 100,
}
FEED_EXPORT_ENCODING = "utf-8"
ITEM_PIPELINES = {
    "archiver.pipelines.NormalizePipeline": 300,
    "archiver.pipelines.StorePipeline": 800,
}
LOG_LEVEL = "INFO"
RETRY_TIMES = 2
ROBOTSTXT_OBEY = True
SPIDER_MIDDLEWARES = {
    "archiver.incremental.middleware.IncrementalSpiderMiddleware": 950,
    # Scrapy's, with an errors row for each URL it drops (archiver/spiders/middleware.py).
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "archiver.spiders.middleware.RecordedUrlLengthMiddleware": 800,
}
TELNETCONSOLE_ENABLED = False
USER_AGENT = f"archiver/{__version__} (archives commentary sites; respects robots.txt)"

# --- archiver ---------------------------------------------------------------------------
# Headless Chromium for threads only a browser shows: "auto" (pages that need it), "on"
# (every article page without a platform adapter), "off".
ARCHIVER_BROWSER = "auto"
ARCHIVER_BROWSER_EXECUTABLE = None
ARCHIVER_BROWSER_MAX_CLICKS = 20
ARCHIVER_BROWSER_MAX_PAGES = 100
ARCHIVER_BROWSER_MAX_SECONDS = 60
ARCHIVER_CAPTURE = True
# Comment platforms, in detection order: module or class paths (a third party's too).
ARCHIVER_COMMENT_PLATFORMS = [
    "archiver.extract.platforms.disqus",
    "archiver.extract.platforms.isso",
    # Embedded widgets, each known by its own script: before wordpress, so that a WordPress
    # blog showing its comments through one of them is that widget's thread.
    "archiver.extract.platforms.commento",
    "archiver.extract.platforms.remark42",
    "archiver.extract.platforms.cusdis",
    "archiver.extract.platforms.hyvor",
    "archiver.extract.platforms.giscus",
    "archiver.extract.platforms.utterances",
    "archiver.extract.platforms.coral",
    "archiver.extract.platforms.waline",
    # Before wordpress, whose markers their pages also show: a wpDiscuz thread with more to
    # load, a WordPress.com-hosted blog.
    "archiver.extract.platforms.wpdiscuz",
    "archiver.extract.platforms.wpcom",
    "archiver.extract.platforms.wordpress",
    "archiver.extract.platforms.blogger",
    "archiver.extract.platforms.discourse",
    # Ghost's and Substack's own comments: their pages show no other platform's markup.
    "archiver.extract.platforms.ghost",
    "archiver.extract.platforms.substack",
    # Last: a page embedding a Reddit thread in its text may have a discussion of its own
    # (any platform above); a Reddit thread is the discussion only where nothing else is.
    "archiver.extract.platforms.reddit",
]
ARCHIVER_DB = "data/archive.db"
ARCHIVER_DISQUS_API_BASE = "https://disqus.com/api/3.0/"
ARCHIVER_DISQUS_API_KEY = None
ARCHIVER_DISQUS_EMBED_BASE = "https://disqus.com/embed/comments/"
ARCHIVER_DUPLICATE_PAGES = 3
# The fleet (archiver/fleet, docs/scale-out.md): where its state and outputs live, how it
# runs jobs; also read from the environment (systemd units set them there).
ARCHIVER_FLEET_ARCHIVE = "data/fleet/archive.db"
ARCHIVER_FLEET_EVERY = "1d"
ARCHIVER_FLEET_HEARTBEAT_TIMEOUT = 60
ARCHIVER_FLEET_HOST_DELAY_MS = 1000
ARCHIVER_FLEET_JOB = None
ARCHIVER_FLEET_JOB_TIMEOUT = 21600
ARCHIVER_FLEET_LOCK_TTL = 60
ARCHIVER_FLEET_REDIS_URL = "redis://127.0.0.1:6379/0"
ARCHIVER_FLEET_SHARED = "data/fleet"
ARCHIVER_FOLLOW_LINKS = True
ARCHIVER_FULL = False
ARCHIVER_FULL_REFRESH_DAYS = 30
ARCHIVER_GITHUB_API_BASE = "https://api.github.com/"
ARCHIVER_GITHUB_TOKEN = None
ARCHIVER_INCREMENTAL = True
ARCHIVER_LINKS_AHEAD = 256
ARCHIVER_LOCK = True
ARCHIVER_MALLOC_TRIM_EVERY = 200
ARCHIVER_MAX_ARTICLES = 0
ARCHIVER_MAX_COMMENT_PAGES = 500
ARCHIVER_MAX_DEPTH = 100
ARCHIVER_MAX_RETRY_AFTER = 120
# A comment platform's endpoints obey their host's robots.txt (with ROBOTSTXT_OBEY).
ARCHIVER_PLATFORM_ROBOTSTXT_OBEY = True
ARCHIVER_PROFILE = None
ARCHIVER_PROGRESS = False
ARCHIVER_REDDIT_BASE = "https://www.reddit.com/"
ARCHIVER_REFRESH_SCHEDULE = "2:0,14:1,90:7"
ARCHIVER_REPLAY_DIR = None
ARCHIVER_SHAPE_BUDGET = 100
ARCHIVER_SITEMAP_AHEAD = 64
ARCHIVER_START_URL = None
ARCHIVER_STORE_BATCH_SIZE = 50
ARCHIVER_TIMEZONE = "UTC"
ARCHIVER_WALINE_PAGE_SIZE = 100
ARCHIVER_WARC = True
ARCHIVER_WARC_DIR = None
ARCHIVER_WARC_MAX_SIZE = 100_000_000
ARCHIVER_WORDPRESS_REST = True
ARCHIVER_WPCOM_API_BASE = "https://public-api.wordpress.com/rest/v1.1/"
