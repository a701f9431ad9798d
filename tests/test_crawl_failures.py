"""Every network failure is named by what it was, however Scrapy and Twisted wrap it."""

from __future__ import annotations

import pytest
from OpenSSL.SSL import Error as SSLError
from scrapy import exceptions as scrapy_error
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived
from twisted.web.client import ResponseFailed

from nul20scraper import shared
from nul20scraper.crawl.failures import NETWORK_KINDS, failure_kind
from nul20scraper.crawl.ledger import RUN_FAILURES, CrawlLedger


def as_scrapy_raises(cause: BaseException) -> Failure:
    """What the HTTP/1.1 handler gives an errback: DownloadFailedError raised from Twisted's
    ResponseNeverReceived, whose reasons hold what happened (scrapy wrap_twisted_exceptions)."""
    never = ResponseNeverReceived([Failure(cause)])
    try:
        try:
            raise never
        except ResponseFailed as exc:
            raise scrapy_error.DownloadFailedError(str(exc)) from exc
    except scrapy_error.DownloadFailedError as wrapped:
        return Failure(wrapped)


@pytest.mark.parametrize(("error", "kind"), [
    (net_error.DNSLookupError("www.nul20.nl"), "dns"),
    (scrapy_error.CannotResolveHostError("www.nul20.nl"), "dns"),
    (net_error.ConnectionRefusedError(), "connection_refused"),
    (scrapy_error.DownloadConnectionRefusedError("refused"), "connection_refused"),
    (net_error.TCPTimedOutError(), "timeout"),
    (net_error.TimeoutError(), "timeout"),
    (scrapy_error.DownloadTimeoutError("took longer than 180 seconds"), "timeout"),
    (net_error.NoRouteError(), "no_route"),
    (net_error.ConnectError(), "connection"),
])
def test_connect_failures(error: Exception, kind: str) -> None:
    assert failure_kind(Failure(error)) == kind


@pytest.mark.parametrize(("cause", "kind"), [
    # A reset (RST) before or during the response: Twisted's non-clean ConnectionLost.
    (net_error.ConnectionLost("Connection to the other side was lost in a non-clean fashion"),
     "connection_reset"),
    (ConnectionResetError(104, "Connection reset by peer"), "connection_reset"),
    # The server closed the connection cleanly without an answer.
    (net_error.ConnectionDone("Connection was closed cleanly."), "connection_closed"),
    (SSLError([("SSL routines", "", "certificate verify failed")]), "tls"),
    (net_error.CertificateError("bad certificate"), "tls"),
])
def test_failures_inside_a_response_failed(cause: BaseException, kind: str) -> None:
    failure = as_scrapy_raises(cause)
    assert isinstance(failure.value, scrapy_error.DownloadFailedError)
    assert failure_kind(failure) == kind


def test_a_reset_is_not_called_refused() -> None:
    reset = as_scrapy_raises(net_error.ConnectionLost())
    assert NETWORK_KINDS[failure_kind(reset)] == "connection reset by the server"


def test_a_cut_off_body_and_an_unknown_download_failure() -> None:
    assert failure_kind(Failure(scrapy_error.ResponseDataLossError("cut"))) == (
        "connection_closed")
    assert failure_kind(Failure(scrapy_error.DownloadFailedError("?"))) == "connection"
    assert failure_kind(Failure(ValueError("not the network"))) == "other"


def test_every_network_kind_makes_the_run_partial() -> None:
    assert set(NETWORK_KINDS) <= RUN_FAILURES
    for kind in NETWORK_KINDS:
        ledger = CrawlLedger(("url",))
        ledger.record(kind, "https://www.nul20.nl/a", NETWORK_KINDS[kind])
        assert ledger.exit_status(5, "finished") == shared.PARTIAL_FAILURE
        assert ledger.exit_status(0, "finished") == shared.FATAL
        assert ledger.failures.as_dict()[kind]["urls"] == [
            f"https://www.nul20.nl/a ({NETWORK_KINDS[kind]})"]
