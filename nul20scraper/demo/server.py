"""A local mirror of the site: pages in memory, served on 127.0.0.1 by a real HTTP server.

Tests, the demo and the benchmark crawl such a mirror instead of www.nul20.nl. The server
binds to 127.0.0.1 only, on a free port, and shuts itself down after `max_seconds`, so a
forgotten server never outlives its run. Every request is written to `MirrorServer.log`.

With `conditional=True` it answers as a server with HTTP validators does: every 200 carries
an ETag (a hash of the body) and, when the page has one, its Last-Modified header, and a
request whose If-None-Match (or, lacking that, If-Modified-Since) matches gets 304 Not Modified.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import unquote, urlsplit

HTML = "text/html; charset=utf-8"
LOOPBACK = "127.0.0.1"


@dataclass
class MirrorPage:
    """One answer of the mirror. `fail_first` answers 500 that many times before the page."""

    body: bytes = b""
    status: int = 200
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    fail_first: int = 0


@dataclass(frozen=True)
class RequestRecord:
    """One request the mirror received."""

    time: float
    method: str
    target: str
    host: str
    user_agent: str
    status: int


def entity_tag(body: bytes) -> str:
    """A strong ETag for a body: the same bytes, the same tag."""
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _lookup_key(target: str) -> str:
    """Path plus query, percent-decoded, so `%c3%b3` and `%C3%B3` find the same page."""
    parts = urlsplit(target)
    key = unquote(parts.path or "/")
    return f"{key}?{unquote(parts.query)}" if parts.query else key


class MirrorSite:
    """Pages by path (with query string where the page has one, e.g. `/nieuws?page=1`)."""

    def __init__(self) -> None:
        self.pages: dict[str, MirrorPage] = {}

    def add(self, path: str, page: MirrorPage) -> None:
        self.pages[_lookup_key(path)] = page

    def add_html(self, path: str, html: str | bytes, **kwargs: object) -> None:
        body = html.encode("utf-8") if isinstance(html, str) else html
        self.add(path, MirrorPage(body=body, **kwargs))  # type: ignore[arg-type]

    def add_text(self, path: str, text: str, content_type: str) -> None:
        self.add(path, MirrorPage(body=text.encode("utf-8"), content_type=content_type))

    def add_redirect(self, path: str, location: str, status: int = 301) -> None:
        self.add(path, MirrorPage(status=status, headers={"Location": location}))

    def find(self, target: str) -> MirrorPage | None:
        """The page for a request target. Unknown query strings are ignored, as Drupal does,
        except pager pages: a page number the mirror does not have is not found."""
        key = _lookup_key(target)
        page = self.pages.get(key)
        if page is None and "?" in key and "page=" not in key:
            page = self.pages.get(key.split("?", 1)[0])
        return page


class _MirrorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server offers
    server: _MirrorHTTPServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        mirror = self.server.mirror
        page = mirror.site.find(self.path)
        status, body, content_type, headers = 404, b"<html><body>Not found</body></html>", HTML, {}
        if page is not None:
            with mirror.lock:
                failures_so_far = mirror.failures_served.get(self.path, 0)
                failing = failures_so_far < page.fail_first
                if failing:
                    mirror.failures_served[self.path] = failures_so_far + 1
            if failing:
                status, body = 500, b"<html><body>Internal Server Error</body></html>"
            else:
                status, body = page.status, page.body
                content_type, headers = page.content_type, page.headers
                if mirror.conditional and status == 200:
                    headers = {**headers, "ETag": entity_tag(body)}
                    if self._not_modified(headers):
                        status, body = 304, b""
        mirror.before_answer(self.path)
        mirror.record(self, status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since (the
        mirror compares the date as text: it only ever gets back what it sent)."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return headers["ETag"] in tags or "*" in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        return if_modified_since is not None and if_modified_since == headers.get(
            "Last-Modified")

    def log_message(self, format: str, *args: object) -> None:
        """Requests go to the mirror's log, not to stderr."""


class _MirrorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    mirror: MirrorServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away (a crawl killed mid-request) is no error of the mirror's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class MirrorServer:
    """Serve a MirrorSite on 127.0.0.1:<free port> in a background thread.

    Use as a context manager; `origin` is `http://127.0.0.1:<port>`.
    """

    def __init__(self, site: MirrorSite, max_seconds: float | None = 600.0, *,
                 conditional: bool = False, delay: float = 0.0, port: int = 0) -> None:
        self.site = site
        self.wanted_port = port  # 0: any free port
        # None: no deadline (`nul20scraper demo --serve`, stopped by Ctrl-C).
        self.max_seconds = max_seconds
        self.conditional = conditional  # send validators, answer 304 (see module docstring)
        self.delay = delay  # seconds before each answer: a slow server, for kill tests
        self.log: list[RequestRecord] = []
        self.lock = threading.Lock()
        self.failures_served: dict[str, int] = {}
        self._httpd: _MirrorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._deadline: threading.Timer | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        """The port it listens (or listened) on."""
        assert self._port is not None, "server not started"
        return self._port

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def record(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        entry = RequestRecord(
            time=time.monotonic(),
            method=handler.command,
            target=handler.path,
            host=handler.headers.get("Host", ""),
            user_agent=handler.headers.get("User-Agent", ""),
            status=status,
        )
        with self.lock:
            self.log.append(entry)

    def before_answer(self, target: str) -> None:
        """Runs in the request's thread before each answer is recorded and sent: waits `delay`
        seconds. A test's server may hold requests here (tests/test_archive_incremental.py)."""
        if self.delay:
            time.sleep(self.delay)

    def targets(self) -> list[str]:
        """Request targets (path and query) in the order they arrived."""
        with self.lock:
            return [entry.target for entry in self.log]

    def start(self) -> MirrorServer:
        self._httpd = _MirrorHTTPServer((LOOPBACK, self.wanted_port), _MirrorHandler)
        self._httpd.mirror = self
        self._port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="nul20-mirror", daemon=True
        )
        self._thread.start()
        # Bounded life: the server stops by itself even if its owner never calls stop().
        if self.max_seconds is not None:
            self._deadline = threading.Timer(self.max_seconds, self.stop)
            self._deadline.daemon = True
            self._deadline.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if self._deadline is not None and self._deadline is not threading.current_thread():
            self._deadline.cancel()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> MirrorServer:
        return self if self._httpd is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
