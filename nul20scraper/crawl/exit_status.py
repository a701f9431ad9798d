"""Exit statuses of the nul20scraper commands.

0  OK: the run did what it was asked; pages that are gone (404/410) or not HTML are
   recorded in the report but are not failures of the run.
1  Partial failure: the run finished, but some pages could not be fetched or parsed
   (5xx after retries, timeouts, connection errors, parser exceptions) or it was stopped.
2  Usage: bad command-line arguments or settings.
3  Fatal: nothing could be done, e.g. the site could not be reached at all, or the archive
   store could not be opened.
4  Locked: another run holds the store's run lock (nul20scraper.archive.lock); this run did
   nothing. A scheduler may simply try again at the next slot.
"""

OK = 0
PARTIAL_FAILURE = 1
USAGE = 2
FATAL = 3
LOCKED = 4
