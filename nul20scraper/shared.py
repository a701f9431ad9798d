"""Facts every layer of nul20scraper agrees on: exit statuses, the spider's signal, the
Request.meta keys components pass between them, and what counts as an HTML response.

A leaf: it imports nothing of the package (and no Scrapy), so that storage (archive/), the
Scrapy components (crawl/), the spider and the commands can all name the same facts without
importing each other. The import contract in pyproject.toml keeps it so.
"""

from __future__ import annotations

from typing import Protocol

# -- exit statuses of the nul20scraper commands ----------------------------------------
# 0  OK: the run did what it was asked; pages that are gone (404/410) or not HTML are
#    recorded in the report but are not failures of the run.
# 1  Partial failure: the run finished, but some pages could not be fetched, parsed or
#    archived (5xx after retries, network failures, parser exceptions, an article missing
#    behind a login wall or an empty page, an item the store or WARC files could not take),
#    or it was stopped, or the broken-parser alarm fired (a field emptied:
#    nul20scraper.archive.alarm).
# 2  Usage: bad command-line arguments or settings.
# 3  Fatal: nothing could be done, e.g. the site could not be reached at all, the archive
#    store could not be opened or is damaged, or it could not take a single item.
# 4  Locked: another run holds the store's run lock (nul20scraper.archive.lock); this run did
#    nothing. A scheduler may simply try again at the next slot.
OK = 0
PARTIAL_FAILURE = 1
USAGE = 2
FATAL = 3
LOCKED = 4
# For the read commands 1 says that what was asked for is not there, as grep's 1 does: `search`
# found no hit, `show` no such article, revision or readable archived page.
NOT_FOUND = PARTIAL_FAILURE

# The crawl stat under which the report extension leaves the run's exit status, for the store
# pipeline (archive.run.run_status) and the command (crawl.outcome) to read.
EXIT_STATUS_STAT = "nul20/exit_status"
# And the messages of the broken-parser alarm (a list of str), one reason for exit status 1.
PARSER_ALARMS_STAT = "nul20/parser_alarms"

# -- signals --------------------------------------------------------------------------
# Sent by the nul20 spider once for every response or failed request it handled, with keyword
# arguments `outcome` (str), `url` (str) and `detail` (str | None). Outcomes: article,
# duplicate_article, not_article (detail: the parser's kind), sitemap, robots, non_html,
# parse_error, the failure kinds of nul20scraper.crawl.failures, sitemap_too_old, and (sent by
# the store pipeline and the WARC capture) store_failed and warc_failed.
page_outcome = object()

# Outcomes (and, for the first two, the reasons the crawl is closed with) of what the archive
# could not keep: the store refused an item, a WARC record could not be written, an article was
# expected and a login wall, an error page or an empty page came instead.
STORE_FAILED = "store_failed"
WARC_FAILED = "warc_failed"
ARTICLE_MISSING = "article_missing"
# Crawl stats: the first error that stopped the store or the WARC capture, and the error of a
# run row that could not be finished (so the store shows it `running`).
STORE_ERROR_STAT = "archive/store_error"
WARC_ERROR_STAT = "archive/warc_error"
RUN_ROW_ERROR_STAT = "archive/run_row_error"

# -- Request.meta keys ----------------------------------------------------------------
# The fetch time of the response (its WARC record's WARC-Date when captured or replayed), so
# that an item carries the same fetch time as a re-parse of the WARC gives it.
FETCHED_AT_META = "nul20_fetched_at"
# What a request is for. Sitemaps and robots.txt are discovery overhead; "listing" pages are
# paged; "page" is anything found by a link or sitemap entry; "recheck" is a recently
# published article asked for again.
KIND_META = "nul20_kind"
PAGE_KINDS = frozenset({"page", "recheck"})
# Set on responses served from a WARC file of the run being resumed (crawl.replay).
REPLAYED_META = "nul20_replayed"
# Where the response's WARC record starts (an archive.warc.WarcLocation): set by the WARC
# capture (crawl.capture) and by replay, for the store to keep as the revision's provenance.
# Absent when the response was not captured.
WARC_LOCATION_META = "nul20_warc_location"


# -- HTML responses -------------------------------------------------------------------
class HeadersLike(Protocol):
    def get(self, key: bytes) -> bytes | None: ...


class HeadersAndBody(Protocol):
    """What is_html reads of a response (a Scrapy Response has both)."""

    @property
    def headers(self) -> HeadersLike: ...

    @property
    def body(self) -> bytes: ...


# Leading tags by which the WHATWG MIME sniffing standard (7.1, "identifying a resource with
# an unknown MIME type") recognises HTML, lower case and without their `<`.
_HTML_TAGS = (b"!doctype html", b"html", b"head", b"body")
_TAG_ENDS = (b" ", b">", b"\t", b"\n", b"\r", b"\f")
_SNIFF_BYTES = 1024


def is_html(response: HeadersAndBody) -> bool:
    """Whether a response is an HTML page.

    Its Content-Type decides when it has one (`html` in it). Without one, its first bytes do,
    after a byte-order mark and white space: an HTML document opens with a doctype, `<html`,
    `<head`, `<body` or a comment, as a browser sniffs it. So a fetched, a captured and a
    replayed response get the same answer, whichever Response class Scrapy guessed for it
    (Scrapy's guess needs the exact text `<html>`, and `<html lang="nl">` is not that).
    """
    content_type = response.headers.get(b"Content-Type")
    if content_type:
        return b"html" in content_type.lower()
    head = response.body[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"<!--"):
        return True
    return any(head.startswith(b"<" + tag) and head[len(tag) + 1:len(tag) + 2] in _TAG_ENDS
               for tag in _HTML_TAGS)
