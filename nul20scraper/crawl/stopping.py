"""Ctrl-C (SIGINT) and SIGTERM: stop a crawl within seconds and still end it properly.

Scrapy's own handlers stop gracefully on the first signal, which waits for every request
the engine has handed to the downloader: with a Crawl-delay of 10 s and 16 requests waiting
in a host's download slot that is minutes. A second signal makes Scrapy stop the reactor at
once, so that no report is written and the store's run stays `running`.

Here the first signal drops the requests still waiting in the download slots (their
errbacks see IgnoreRequest, counted as skipped: a continued run, `--job-dir`, finds them
again) and closes the spider with reason `shutdown`: only the requests being transferred are
waited for. Further signals drop again what has queued since and say what is left; the
spider still closes normally, so the report is written and the run is marked `interrupted`.

Once the crawl has ended (the reactor stopped: report and run row written), further signals
are ignored (`ignore_further_signals`): the process only puts the output file in place, prints
the summary and exits with the status it announces. Otherwise a Ctrl-C that came as it exited
(Python puts the default handlers back while it shuts down) would end it by the signal, and a
script would see 130 or -2 where the summary said 1.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.ossignal import install_shutdown_handlers, signal_names

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

INTERRUPTED_STAT = "nul20/interrupted_by"


# The signals that stop a crawl (Scrapy's install_shutdown_handlers installs these).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGBREAK")
                     if hasattr(signal, name))


def ignore_further_signals() -> None:
    """After the crawl: the announced exit status must be the one the process ends with.
    Ignored handlers stay ignored while the interpreter shuts down."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


class CrawlStopper:
    def __init__(self, crawler: Crawler, quiet: bool = False) -> None:
        self.crawler = crawler
        self.quiet = quiet
        self.signals_received = 0

    def install(self, **_: object) -> None:
        """Called once the reactor runs (signal handlers belong to the main thread)."""
        install_shutdown_handlers(self.on_signal)

    def on_signal(self, signum: int, _frame: object) -> None:
        from twisted.internet import reactor

        # Nothing else may run inside a signal handler: the reactor does the work.
        reactor.callFromThread(self.stop, signum)

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"\r\x1b[K{text}" if sys.stderr.isatty() else text, file=sys.stderr,
                  flush=True)

    def stop(self, signum: int = signal.SIGINT) -> None:
        self.signals_received += 1
        engine = self.crawler.engine
        dropped = self.drop_waiting_requests()
        if self.signals_received == 1:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(INTERRUPTED_STAT, signal_names.get(signum, signum))
            self.say(f"nul20scraper: {signal_names.get(signum, 'signal')} received: stopping "
                     f"({dropped} waiting requests dropped), writing the report ...")
            deferred_from_coro(self.crawler.stop_async())
            return
        in_flight = len(engine.downloader.active) if engine is not None else 0
        self.say(f"nul20scraper: still stopping: waiting for {in_flight} requests in flight "
                 f"(at most DOWNLOAD_TIMEOUT s); the report is written next")

    def drop_waiting_requests(self) -> int:
        """Fail the requests waiting for their turn in the downloader's slots."""
        engine = self.crawler.engine
        if engine is None:
            return 0
        dropped = 0
        for slot in list(engine.downloader.slots.values()):
            while slot.queue:
                request, waiting = slot.queue.popleft()
                dropped += 1
                waiting.errback(IgnoreRequest(f"crawl stopped before {request.url} was sent"))
        return dropped
