"""Names for the ways a fetch can fail, as the crawl report counts them."""

from __future__ import annotations

from scrapy import exceptions as scrapy_error
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure

# Kinds that mean the host could not be talked to, with the words the one-line error uses.
NETWORK_KINDS: dict[str, str] = {
    "dns": "DNS lookup failed",
    "connection": "connection refused",
    "timeout": "timed out",
}

_DNS = (scrapy_error.CannotResolveHostError, net_error.DNSLookupError)
_TIMEOUT = (scrapy_error.DownloadTimeoutError, net_error.TimeoutError, net_error.TCPTimedOutError)
_CONNECTION = (
    scrapy_error.DownloadConnectionRefusedError, scrapy_error.DownloadFailedError,
    scrapy_error.ResponseDataLossError, net_error.ConnectError, net_error.ConnectionLost,
    net_error.ConnectionDone,
)


def http_status_kind(status: int) -> str:
    """http_404 and http_410 by name (gone pages), other statuses by class."""
    if status in (404, 410):
        return f"http_{status}"
    if status >= 500:
        return "http_5xx"
    return "http_4xx" if status >= 400 else f"http_{status}"


def failure_kind(failure: Failure) -> str:
    """http_404, http_410, http_4xx, http_5xx, dns, timeout, connection,
    robots_disallowed, offsite, ignored or other."""
    value = failure.value
    if isinstance(value, HttpError):
        return http_status_kind(value.response.status)
    if isinstance(value, _DNS):
        return "dns"
    if isinstance(value, _TIMEOUT):
        return "timeout"
    if isinstance(value, _CONNECTION):
        return "connection"
    if isinstance(value, scrapy_error.IgnoreRequest):
        text = str(value)
        if "robots.txt" in text:
            return "robots_disallowed"
        return "offsite" if "offsite" in text.lower() else "ignored"
    return "other"
