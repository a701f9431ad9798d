"""WARC files: write and read back, standard readers, rolling, and a writer killed mid-run."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from nul20scraper.archive.warc import TruncatedWarc, WarcRecorder, read_responses

PAGE = "<html><body><h1>Huurders krijgen meer inspraak</h1><p>Tekst é.</p></body></html>"


def write_page(recorder: WarcRecorder, n: int, *, gzipped: bool = False) -> None:
    body = f"{PAGE}<!-- {n} -->".encode()
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
    if gzipped:
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    recorder.write_exchange(
        f"https://www.nul20.nl/artikel-{n}", status=200, response_headers=headers, body=body,
        request_headers=[("User-Agent", "nul20scraper-test")], date="2022-01-24T09:00:00Z",
        ip_address="127.0.0.1",
    )


def test_round_trip_with_standard_reader(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-a")
    write_page(recorder, 1)
    write_page(recorder, 2, gzipped=True)
    recorder.close()
    [path] = recorder.paths
    assert path.name == "run-a-00000.warc.gz"

    with path.open("rb") as stream:
        kinds = [r.rec_type for r in ArchiveIterator(stream, check_digests="raise")]
    assert kinds == ["warcinfo", "response", "request", "response", "request"]

    responses = list(read_responses(path))
    assert [r.url for r in responses] == ["https://www.nul20.nl/artikel-1",
                                          "https://www.nul20.nl/artikel-2"]
    # The gzip-encoded body is stored as sent and decoded on reading.
    assert [r.body for r in responses] == [f"{PAGE}<!-- {n} -->".encode() for n in (1, 2)]
    assert {r.date for r in responses} == {"2022-01-24T09:00:00Z"}
    assert responses[0].status == 200
    assert responses[0].content_type == "text/html; charset=utf-8"


def test_records_are_valid_for_warcio_check_and_headers_describe_the_body(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-b")
    write_page(recorder, 1, gzipped=True)
    recorder.close()
    [path] = recorder.paths
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    with path.open("rb") as stream:
        response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        headers = dict(response.http_headers.headers)
        payload = response.raw_stream.read()
    assert "Transfer-Encoding" not in headers
    assert headers["Content-Length"] == str(len(payload))
    assert headers["Content-Encoding"] == "gzip"


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-c")
    for n in range(3):
        write_page(recorder, n)
    recorder.close()
    data = recorder.paths[0].read_bytes()
    members = 0
    while data:
        decompressor = zlib.decompressobj(16 + 15)
        decompressor.decompress(data)
        assert decompressor.eof
        data = decompressor.unused_data
        members += 1
    assert members == 1 + 3 * 2  # warcinfo + request and response per page


def test_decoded_body_drops_content_encoding(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-d")
    recorder.write_exchange(
        "https://www.nul20.nl/x", status=200, body=b"<html>x</html>", body_decoded=True,
        response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
    )
    recorder.close()
    with recorder.paths[0].open("rb") as stream:
        response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        assert response.http_headers.get_header("Content-Encoding") is None
        assert response.content_stream().read() == b"<html>x</html>"


def test_rolls_to_a_new_file_each_starting_with_warcinfo(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-e", max_size=1500)
    for n in range(6):
        write_page(recorder, n)
    recorder.close()
    assert len(recorder.paths) > 1
    assert [p.name for p in recorder.paths][:2] == ["run-e-00000.warc.gz", "run-e-00001.warc.gz"]
    urls: list[str] = []
    for path in recorder.paths:
        with path.open("rb") as stream:
            assert next(iter(ArchiveIterator(stream))).rec_type == "warcinfo"
        urls += [r.url for r in read_responses(path)]
    assert urls == [f"https://www.nul20.nl/artikel-{n}" for n in range(6)]


def test_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "run-f-00000.warc.gz").write_bytes(b"older")
    recorder = WarcRecorder(tmp_path, "run-f")
    write_page(recorder, 1)
    recorder.close()
    assert recorder.paths == [tmp_path / "run-f-00001.warc.gz"]
    assert (tmp_path / "run-f-00000.warc.gz").read_bytes() == b"older"


def test_cut_off_record_is_reported_not_returned_short(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path, "run-g")
    for n in range(3):
        write_page(recorder, n)
    recorder.close()
    data = recorder.paths[0].read_bytes()
    whole = list(read_responses(io.BytesIO(data)))
    for cut in range(len(data) - 1, 0, -37):
        got = []
        with contextlib.suppress(TruncatedWarc):
            got.extend(read_responses(io.BytesIO(data[:cut])))
        # Whatever comes back is a prefix of the real records, each whole.
        assert got == whole[: len(got)]


WRITER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.warc import WarcRecorder
    recorder = WarcRecorder(sys.argv[1], "killed")
    n = 0
    while True:
        body = (f"<html><h1>pagina {n}</h1>" + "<p>tekst</p>" * 20000 + "</html>").encode()
        recorder.write_exchange(f"https://www.nul20.nl/p-{n}", status=200, body=body,
                                response_headers=[("Content-Type", "text/html")])
        print(n, flush=True)
        n += 1
    """
)


def test_sigkilled_writer_leaves_every_completed_record_readable(tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    done = -1
    deadline = time.monotonic() + 60
    try:
        while done < 30 and time.monotonic() < deadline:
            done = int(writer.stdout.readline())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert done >= 30
    [path] = tmp_path.glob("killed-*.warc.gz")
    read = []
    try:
        for response in read_responses(path):
            read.append(response)
    except TruncatedWarc:
        pass  # the exchange in flight when the kill came
    assert len(read) >= done + 1
    for n, response in enumerate(read):
        assert response.url == f"https://www.nul20.nl/p-{n}"
        assert response.body.startswith(f"<html><h1>pagina {n}</h1>".encode())
        assert response.body.endswith(b"</html>")


@pytest.mark.parametrize("garbage", [b"", b"not a warc at all"])
def test_garbage_raises_only_truncated_warc(garbage: bytes) -> None:
    with contextlib.suppress(TruncatedWarc):
        assert list(read_responses(io.BytesIO(garbage))) == []
