"""Scrapy settings of nul20scraper: the one switchboard of the crawl.

Polite by default: robots.txt obeyed, its Crawl-delay honoured, AutoThrottle on, an
identifying User-Agent with a contact URL. Project settings are prefixed NUL20_.
Override any of them with `-s NAME=VALUE` (scrapy crawl or nul20scraper crawl).
"""

from nul20scraper import __version__
from nul20scraper.extract import ITEM_FIELDS

BOT_NAME = "nul20scraper"
SPIDER_MODULES = ["nul20scraper.spiders"]
NEWSPIDER_MODULE = "nul20scraper.spiders"
# `scrapy crawl` with the project's exit statuses (nul20scraper.shared).
COMMANDS_MODULE = "nul20scraper.crawl.scrapy_commands"

USER_AGENT = (
    f"nul20scraper/{__version__} "
    "(+https://github.com/nul20scraper/nul20scraper; research archive)"
)

# -- politeness -----------------------------------------------------------------------
ROBOTSTXT_OBEY = True
NUL20_OBEY_CRAWL_DELAY = True  # robots.txt Crawl-delay as the host's minimum delay
# True: a mirror on this machine at full speed (no Crawl-delay, delay or AutoThrottle);
# refused for other hosts. `nul20scraper crawl --mirror` sets it.
NUL20_MIRROR = False
NUL20_MAX_CRAWL_DELAY = 60.0  # seconds; a larger Crawl-delay is capped to this
DOWNLOAD_DELAY = 1.0  # used when robots.txt gives no Crawl-delay
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# -- faults ---------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
# The spider logs each final failure once; Scrapy's own "gave up retrying" would repeat it.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"

# -- discovery and duplicates ---------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Above RedirectMiddleware (600): canonical redirect targets before they are followed.
    "nul20scraper.crawl.redirects.CanonicalRedirectMiddleware": 650,
    # Archive (active with NUL20_WARC_DIR / NUL20_STORE_PATH): a resumed run replays the pages
    # it already captured; conditional requests from stored validators. Below Retry (550) and
    # Redirect (600) on the way back, so they see final answers only.
    "nul20scraper.crawl.replay.WarcReplay": 540,
    "nul20scraper.crawl.conditional.ConditionalRequests": 560,
}
REQUEST_FINGERPRINTER_CLASS = "nul20scraper.crawl.fingerprint.CanonicalUrlFingerprinter"
NUL20_START_PATHS = ["/"]
NUL20_MAX_PAGER_PAGE = 500  # never ask for ?page=N beyond this
NUL20_KEEP_QUERY_PARAMS = ["page"]  # other query parameters are dropped from links
NUL20_SITEMAP_SINCE = None  # "YYYY-MM-DD": skip sitemap entries with an older lastmod
# Breadth-first: listings and sitemaps are read before the pages they lead to pile up (FIFO
# queues, as Scrapy's docs advise for breadth-first order).
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# -- archive (nul20scraper.archive) ---------------------------------------------------
# Off unless NUL20_STORE_PATH is set, which `nul20scraper crawl` does (--store, default
# data/nul20.sqlite, with WARC files in data/warc/); a plain `scrapy crawl` stores nothing.
ITEM_PIPELINES = {"nul20scraper.crawl.pipeline.ArchivePipeline": 800}
# Provenance: each item carries the WARC record of its response to the pipeline.
SPIDER_MIDDLEWARES = {"nul20scraper.crawl.capture.WarcProvenance": 900}
NUL20_STORE_PATH = None  # SQLite store of articles, revisions, validators and runs
NUL20_WARC_DIR = None  # WARC files of fetched pages; needed for re-parse and resume
NUL20_WARC_ALL = False  # True: also robots.txt, sitemaps, redirects, errors
NUL20_RUN_ID = None  # run label; set by --job-dir to continue a killed run
NUL20_INCREMENTAL = False  # only new and changed pages (nul20scraper.crawl.incremental)
NUL20_INCREMENTAL_START_PATHS = ["/", "/nieuws"]  # listings paged while they show new links
NUL20_INCREMENTAL_MARGIN_HOURS = 24  # sitemap lastmod compared with last run start minus this
NUL20_RECHECK_DAYS = 7  # incremental runs re-check articles published this many days back
NUL20_RECHECK_MAX = 100  # ... but at most this many, newest first

# -- output ---------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(ITEM_FIELDS)

# -- report, progress, components -----------------------------------------------------
NUL20_REPORT_PATH = "data/reports/crawl-{timestamp}.json"  # {timestamp}: UTC start time
NUL20_REPORT_MAX_URLS = 1000  # URLs listed per kind in the report (counts stay exact)
NUL20_PROGRESS_INTERVAL = 30.0  # seconds between progress lines; 0 turns them off
# Where progress goes (nul20scraper.crawl.progress): "log" here; `nul20scraper crawl` sets
# "line" on a terminal (rewritten in place), "plain" otherwise, "off" with -q.
NUL20_PROGRESS = "log"
# One TCP connection to the origin before the first request (nul20scraper.spiders.nul20).
NUL20_PROBE_ORIGIN = True
NUL20_PROBE_TIMEOUT = 4.0  # seconds
LOGSTATS_INTERVAL = 0  # the progress line replaces Scrapy's own

EXTENSIONS = {
    "scrapy.extensions.logstats.LogStats": None,
    "scrapy.extensions.remote_control.RemoteControl": None,  # no listening port in a crawl
    "nul20scraper.crawl.network_errors.OneLineNetworkErrors": 100,
    "nul20scraper.crawl.progress.ProgressLog": 500,
    "nul20scraper.crawl.report.CrawlReport": 600,
    # After AutoThrottle (0), so that it restores the minimum delay AutoThrottle lowered.
    "nul20scraper.crawl.crawl_delay.CrawlDelay": 900,
    "nul20scraper.crawl.capture.WarcCapture": 700,  # with NUL20_WARC_DIR
}

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
