"""What an incremental run (`nul20scraper crawl --incremental`) fetches, decided from the store.

A full run fetches every page it finds. An incremental run starts from the last successful run
(status ok or partial) and fetches only what is new or changed since then:

- sitemap entries whose lastmod is older than `since` (the start of the last successful run
  minus NUL20_INCREMENTAL_MARGIN_HOURS, for clock skew and late sitemap updates) are skipped,
  if the page is known; a page a previous run never got (a 5xx, say) is fetched whatever its
  lastmod says;
- listings (NUL20_INCREMENTAL_START_PATHS) are paged one page at a time, and only as long as a
  page links to something new: newest first, the first page with nothing new ends the listing;
- links to pages the store already knows are not followed;
- articles published within NUL20_RECHECK_DAYS are re-checked (at most NUL20_RECHECK_MAX of
  them, newest first), because updates arrive days after publication. With validators in the
  store these are conditional requests (nul20scraper.crawl.conditional), answered 304 Not
  Modified when nothing changed.

"Known" means: an article in the store, or a page with a recorded answer, from before this
run started. A run resumed from its job directory keeps its original start time, so it makes
the same decisions as the run it continues. Without any successful run in the store the run
is a full one.
"""

from __future__ import annotations

import logging
from collections.abc import Container, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import signals

from nul20scraper.archive.store import Store
from nul20scraper.crawl.links import is_pager_url, pager_base, pager_number

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


DEFAULT_START_PATHS = ("/", "/nieuws")


def parse_lastmod(value: str) -> datetime | date | None:
    """A sitemap lastmod (W3C datetime): an aware datetime, a date, or None if unreadable."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lastmod_before(lastmod: str | None, since: datetime) -> bool:
    """True if a sitemap entry was last modified before `since`. A missing or unreadable
    lastmod is never "before": such an entry has to be fetched to know."""
    if not lastmod:
        return False
    moment = parse_lastmod(lastmod)
    if moment is None:
        return False
    if isinstance(moment, datetime):
        return moment < since
    # A bare date covers the whole day in any time zone: only a day before since's is older.
    return moment < since.astimezone(UTC).date() - timedelta(days=1)


def whole_second(moment: datetime) -> datetime:
    """Fetch times (WARC-Date) have whole seconds; compare run starts at the same precision."""
    return moment.replace(microsecond=0)


class IncrementalPolicy:
    def __init__(
        self,
        store: Store,
        *,
        since: datetime | None,
        known_before: datetime,
        start_paths: Sequence[str] = DEFAULT_START_PATHS,
        recheck_days: float = 7,
        recheck_max: int = 100,
        today: date | None = None,
    ) -> None:
        self.store = store
        self.since = since
        # Fetch times have whole seconds: a page the last run fetched in the second this
        # run started is known, so the start is rounded up, not down.
        self.known_before = whole_second(known_before) + timedelta(
            seconds=1 if known_before.microsecond else 0)
        self.start_paths = list(start_paths)
        self.recheck_days = recheck_days
        self.recheck_max = recheck_max
        self.today = today or datetime.now(UTC).date()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPolicy | None:
        """The policy of an incremental run, None for a full one (NUL20_INCREMENTAL off, no
        store, or no successful run to start from)."""
        settings = crawler.settings
        store_path = settings.get("NUL20_STORE_PATH")
        if not settings.getbool("NUL20_INCREMENTAL"):
            return None
        if not store_path:
            logger.warning("NUL20_INCREMENTAL needs NUL20_STORE_PATH: running a full crawl")
            return None
        store = Store.open(store_path)
        last = store.last_successful_run()
        if last is None:
            logger.warning("No successful run in %s yet: running a full crawl", store_path)
            store.close()
            return None
        margin = timedelta(hours=settings.getfloat("NUL20_INCREMENTAL_MARGIN_HOURS", 24))
        # A resumed run (NUL20_RUN_ID from its job directory) keeps its first start time.
        label = settings.get("NUL20_RUN_ID")
        this_run = store.run_by_label(label) if label else None
        known_before = (
            datetime.fromisoformat(this_run.started) if this_run else datetime.now(UTC)
        )
        policy = cls(
            store,
            since=datetime.fromisoformat(last.started) - margin,
            known_before=known_before,
            start_paths=settings.getlist("NUL20_INCREMENTAL_START_PATHS", DEFAULT_START_PATHS),
            recheck_days=settings.getfloat("NUL20_RECHECK_DAYS", 7),
            recheck_max=settings.getint("NUL20_RECHECK_MAX", 100),
        )
        crawler.signals.connect(policy.spider_closed, signal=signals.spider_closed)
        logger.info("Incremental run: changes since %s (last successful run %s)",
                    policy.since.isoformat() if policy.since else None, last.label)
        return policy

    def spider_closed(self, **_: Any) -> None:
        self.store.close()

    # -- decisions ------------------------------------------------------------------------

    def is_new(self, url: str) -> bool:
        return not self.store.is_known(url, self.known_before)

    def skips_sitemap_entry(self, url: str, lastmod: str | None) -> bool:
        """True for an entry unchanged since the last successful run, of a page known then."""
        return (
            self.since is not None
            and lastmod_before(lastmod, self.since)
            and not self.is_new(url)
        )

    def select_links(
        self, here: str, pager: Sequence[str], content: Sequence[str],
        requested: Container[str] = (),
    ) -> tuple[list[str], list[str]]:
        """The pager and content links of a page to follow: new content only, and the next
        pager page only if this page had some. Links this run already asked for (the
        sitemaps named them) are not new: paging stops where the sitemaps had it all."""
        new_content = [url for url in content if url not in requested and self.is_new(url)]
        if not new_content:
            return [], []
        listing = pager_base(here)
        number = pager_number_of(here)
        wanted = [
            url for url in pager
            if pager_base(url) == listing and pager_number_of(url) == number + 1
        ]
        return wanted, new_content

    def recheck_urls(self) -> list[str]:
        """Articles published within the re-check window, newest first, at most recheck_max."""
        if self.recheck_days <= 0 or self.recheck_max <= 0:
            return []
        first_day = self.today - timedelta(days=self.recheck_days)
        return self.store.recently_published(first_day.isoformat())[: self.recheck_max]


def pager_number_of(url: str) -> int:
    """0 for a listing's first page, N for its `?page=N`."""
    if not is_pager_url(url):
        return 0
    return pager_number(parse_qsl(urlsplit(url).query, keep_blank_values=True))
