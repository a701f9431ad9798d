"""Names for the ways a fetch can fail, as the crawl report counts them."""

from __future__ import annotations

from OpenSSL.SSL import Error as SSLError
from scrapy import exceptions as scrapy_error
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed
from twisted.web.http import PotentialDataLoss

# Kinds that mean the host could not be talked to, with the words the one-line error and the
# report use. Ordered: when a crawl saw several, the first one seen here names it.
NETWORK_KINDS: dict[str, str] = {
    "dns": "DNS lookup failed",
    "connection_refused": "connection refused",
    "no_route": "no route to host",
    "tls": "TLS handshake failed",
    "timeout": "timed out",
    "connection_reset": "connection reset by the server",
    "connection_closed": "connection closed before the response was complete",
    "connection": "connection failed",
}

# Most specific first: a TCPTimedOutError is a ConnectError too.
_NETWORK_CLASSES: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((scrapy_error.CannotResolveHostError, net_error.DNSLookupError), "dns"),
    ((scrapy_error.DownloadTimeoutError, net_error.TimeoutError, net_error.TCPTimedOutError,
      net_error.ConnectingCancelledError), "timeout"),
    ((scrapy_error.DownloadConnectionRefusedError, net_error.ConnectionRefusedError,
      ConnectionRefusedError), "connection_refused"),
    ((net_error.NoRouteError,), "no_route"),
    ((SSLError, net_error.CertificateError), "tls"),
    ((net_error.ConnectionLost, ConnectionResetError), "connection_reset"),
    ((net_error.ConnectionDone, scrapy_error.ResponseDataLossError, PotentialDataLoss),
     "connection_closed"),
    ((net_error.ConnectError, scrapy_error.DownloadFailedError, ResponseFailed,
      ConnectionError), "connection"),
)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps, outermost first: Scrapy raises DownloadFailedError from
    Twisted's ResponseFailed, whose `reasons` are the failures that really happened (a reset,
    a TLS alert, a cut-off body)."""
    found: list[BaseException] = []
    pending = [error]
    while pending and len(found) < 20:
        current = pending.pop(0)
        if current in found:
            continue
        found.append(current)
        pending.extend(
            reason.value for reason in getattr(current, "reasons", None) or ()
            if isinstance(reason, Failure)
        )
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                pending.append(linked)
    return found


def network_kind(error: BaseException) -> str | None:
    """The NETWORK_KINDS key of a download error, named by the most specific cause in it;
    None when it is not a network failure."""
    causes = _causes(error)
    for classes, kind in _NETWORK_CLASSES[:-1]:
        if any(isinstance(cause, classes) for cause in causes):
            return kind
    generic_classes = _NETWORK_CLASSES[-1][0]
    return "connection" if any(isinstance(c, generic_classes) for c in causes) else None


def http_status_kind(status: int) -> str:
    """http_404 and http_410 by name (gone pages), other statuses by class."""
    if status in (404, 410):
        return f"http_{status}"
    if status >= 500:
        return "http_5xx"
    return "http_4xx" if status >= 400 else f"http_{status}"


def failure_kind(failure: Failure) -> str:
    """http_404, http_410, http_4xx, http_5xx, a NETWORK_KINDS key, robots_disallowed,
    offsite, ignored or other."""
    value = failure.value
    if isinstance(value, HttpError):
        return http_status_kind(value.response.status)
    network = network_kind(value)
    if network is not None:
        return network
    if isinstance(value, scrapy_error.IgnoreRequest):
        text = str(value)
        if "robots.txt" in text:
            return "robots_disallowed"
        return "offsite" if "offsite" in text.lower() else "ignored"
    return "other"
