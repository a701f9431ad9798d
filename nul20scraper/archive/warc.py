"""WARC files (ISO 28500), gzipped, one set per run: writing request/response pairs, reading
response records back.

Only warcio here, no Scrapy: the crawl's capture component (capture.py) and offline tools share it.

Crash safety: every record is its own gzip member (warcio's gzip=True), and an exchange (request
+ response) is built in memory and handed to the file in one write followed by a flush. A process
killed at any moment therefore leaves every completed record readable; at most the exchange in
flight is cut short at the end of the file.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nul20scraper import __version__

DEFAULT_MAX_SIZE = 1_000_000_000  # bytes per file before rolling to the next one

# Hop-by-hop or framing headers that no longer describe the stored body: Scrapy has already
# undone chunked transfer coding, and the stored Content-Length must be the stored body's.
_FRAMING_HEADERS = frozenset({"transfer-encoding", "content-length"})

HeaderList = list[tuple[str, str]]


def warc_date(moment: datetime | None = None) -> str:
    """A WARC-Date (`2024-05-01T12:00:00Z`, UTC, whole seconds as in WARC 1.0)."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _response_headers(headers: Iterable[tuple[str, str]], body: bytes, decoded: bool) -> HeaderList:
    kept = [
        (name, value) for name, value in headers
        if name.lower() not in _FRAMING_HEADERS
        and not (decoded and name.lower() == "content-encoding")
    ]
    kept.append(("Content-Length", str(len(body))))
    return kept


@dataclass(frozen=True)
class WarcLocation:
    """Where a response record starts: the file and the byte offset for read_response_at, what
    the store keeps as a revision's provenance (Store.record's warc_file and warc_offset)."""

    path: Path
    offset: int


class WarcRecorder:
    """Writes `<directory>/<run_id>-<serial>.warc.gz`, rolling to the next serial once a file
    reaches `max_size` bytes. Each file starts with a warcinfo record."""

    def __init__(
        self,
        directory: str | Path,
        run_id: str,
        *,
        max_size: int = DEFAULT_MAX_SIZE,
        info: dict[str, str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.run_id = run_id
        self.max_size = max_size
        self.info = info or {}
        self.paths: list[Path] = []
        self.records = 0
        self._serial = 0
        self._file: BinaryIO | None = None

    @property
    def path(self) -> Path | None:
        """The file being written, if any."""
        return self.paths[-1] if self._file is not None else None

    def write_exchange(
        self,
        url: str,
        *,
        status: int,
        response_headers: Iterable[tuple[str, str]],
        body: bytes,
        body_decoded: bool = False,
        method: str = "GET",
        request_headers: Iterable[tuple[str, str]] = (),
        request_body: bytes = b"",
        date: str | None = None,
        ip_address: str | None = None,
        protocol: str = "HTTP/1.1",
    ) -> WarcLocation:
        """Append a response record and its request record (linked by WARC-Concurrent-To);
        returns where the response record starts.

        `body` is the response body as received; `body_decoded=True` says that its
        Content-Encoding was already undone, so that header is dropped to keep the record true.
        """
        date = date or warc_date()
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        warc_headers = {"WARC-Date": date}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            warc_headers_dict=dict(warc_headers),
            http_headers=StatusAndHeaders(
                f"{status} {_reason(status)}",
                _response_headers(response_headers, body, body_decoded),
                protocol=protocol,
            ),
        )
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(request_body),
            length=len(request_body),
            warc_headers_dict=dict(warc_headers),
            http_headers=StatusAndHeaders(
                f"{method} {_request_target(url)} {protocol}",
                _request_headers(url, request_headers, request_body),
                is_http_request=True,
            ),
        )
        # warcio writes the response first, so it starts where the exchange does.
        writer.write_request_response_pair(request, response)
        location = self._append(buffer.getvalue())
        self.records += 1
        return location

    def _append(self, data: bytes) -> WarcLocation:
        file = self._file
        if file is None or file.tell() >= self.max_size:
            file = self._next_file()
        offset = file.tell()
        file.write(data)
        # Flush to the OS: the bytes then survive the process being killed.
        file.flush()
        return WarcLocation(self.paths[-1], offset)

    def _next_file(self) -> BinaryIO:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            path = self.directory / f"{self.run_id}-{self._serial:05d}.warc.gz"
            self._serial += 1
            try:
                file = path.open("xb")  # never append to another run's file
            except FileExistsError:
                continue
            break
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        fields = {
            "software": f"nul20scraper/{__version__}",
            "format": "WARC File Format 1.0",
            "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
            "isPartOf": self.run_id,
            **self.info,
        }
        writer.write_record(writer.create_warcinfo_record(path.name, fields))
        file.write(buffer.getvalue())
        file.flush()
        self._file = file
        self.paths.append(path)
        return file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _request_headers(
    url: str, headers: Iterable[tuple[str, str]], body: bytes
) -> HeaderList:
    headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", urlsplit(url).netloc))
    if body:
        headers.append(("Content-Length", str(len(body))))
    return headers


@dataclass(frozen=True)
class CapturedResponse:
    """A response record read back: target URI, WARC-Date, status and the decoded body."""

    url: str
    date: str
    status: int
    content_type: str | None
    body: bytes


class TruncatedWarc(Exception):
    """The rest of a WARC file cannot be read (typically: its writer was killed mid-record)."""


def _payload_digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def _decoded(payload: bytes, http_headers: StatusAndHeaders) -> bytes:
    """The payload with chunking and Content-Encoding undone (warcio's own readers)."""
    encoding = (http_headers.get_header("Content-Encoding") or "").strip().lower() or None
    decomp_type = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate", "br": "br"}.get(
        encoding or ""
    )
    chunked = "chunked" in (http_headers.get_header("Transfer-Encoding") or "").lower()
    reader_type = ChunkedDataReader if chunked else BufferedReader
    return reader_type(io.BytesIO(payload), decomp_type=decomp_type).read()


def read_responses(source: str | Path | BinaryIO) -> Iterator[CapturedResponse]:
    """The response records of a WARC file, in order, with Content-Encoding and chunking undone.

    Raises TruncatedWarc when the file breaks off; everything yielded before it is sound. A
    record whose payload does not match its WARC-Payload-Digest (the last one of a file whose
    writer was killed) counts as the break: warcio alone would return it cut short.
    """
    for _offset, response in read_responses_with_offsets(source):
        yield response


def read_responses_with_offsets(
    source: str | Path | BinaryIO,
) -> Iterator[tuple[int, CapturedResponse]]:
    """As read_responses, each response with the byte offset of its record in the file, from
    which read_response_at reads it again."""
    if isinstance(source, str | Path):
        with Path(source).open("rb") as stream:
            yield from read_responses_with_offsets(stream)
        return
    try:
        records = ArchiveIterator(source)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.raw_stream.read()
            # Only once the payload is read: asking earlier makes warcio skip past it.
            offset = records.get_record_offset()
            expected = record.rec_headers.get_header("WARC-Payload-Digest")
            if expected and expected.lower() != _payload_digest(payload).lower():
                raise TruncatedWarc(f"record for {url} is cut short (payload digest mismatch)")
            yield offset, CapturedResponse(
                url=url,
                date=record.rec_headers.get_header("WARC-Date"),
                status=int(record.http_headers.get_statuscode() or 0),
                content_type=record.http_headers.get_header("Content-Type"),
                body=_decoded(payload, record.http_headers),
            )
    except TruncatedWarc:
        raise
    except Exception as exc:  # warcio raises zlib, EOF, parse errors on a cut-off file
        raise TruncatedWarc(f"unreadable after the last complete record: {exc}") from exc


def read_response_at(path: str | Path, offset: int) -> CapturedResponse:
    """The response record that starts at `offset` of a WARC file (see
    read_responses_with_offsets). Each record is its own gzip member, so reading can start there.
    """
    with Path(path).open("rb") as stream:
        stream.seek(offset)
        for _offset, response in read_responses_with_offsets(stream):
            return response
    raise TruncatedWarc(f"no response record at offset {offset} of {path}")
