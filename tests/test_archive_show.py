"""`nul20scraper show`: an article's revisions, their WARC records, the fields that changed,
and `--raw` tracing a revision back to the bytes the site served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nul20scraper import shared
from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import WarcRecorder
from nul20scraper.cli import main
from nul20scraper.extract import parse_article
from tests.fixture_pages import PAGES

URL = "https://www.nul20.nl/wethouder-ivens-direct-weg-wegens-grensoverschrijdend-gedrag"
DRUPAL7 = PAGES / "seed-ivens-2021.html"
PLAIN = PAGES / "seed-ivens-plain.html"
OTHER = PAGES / "news-2021-d7.html"
OTHER_URL = "https://www.nul20.nl/ander-artikel"


def other_item(headline: str) -> dict[str, Any]:
    item = parse_article(OTHER.read_bytes(), OTHER_URL, "2022-01-01T10:00:00+01:00")
    assert isinstance(item, dict)
    return {**item, "url": OTHER_URL, "headline": headline}


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Three revisions of the Ivens article: the drupal7 page and the plain-markup page, both
    captured in a WARC next to the store, then the drupal7 page again recorded without one.
    Revisions of another article come before and between them, so that the Ivens article's
    revisions are not the store's first ids (they are 2, 4 and 5)."""
    path = tmp_path / "nul20.sqlite"
    recorder = WarcRecorder(tmp_path / "warc", "run-1")
    with Store.open(path) as store:
        store.record(other_item("Eerste"))
        for page, fetched_at in ((DRUPAL7, "2022-01-24T10:15:00+01:00"),
                                 (PLAIN, "2022-02-01T10:00:00+01:00")):
            if page is PLAIN:
                store.record(other_item("Tweede"))
            body = page.read_bytes()
            location = recorder.write_exchange(
                URL, status=200, response_headers=[("Content-Type", "text/html")], body=body)
            item = parse_article(body, URL, fetched_at)
            assert store.record(item, warc_file=location.path,
                                warc_offset=location.offset) != "unchanged"
        store.record(parse_article(DRUPAL7.read_bytes(), URL, "2022-03-01T10:00:00+01:00"))
    recorder.close()
    return path


def show(capsys: pytest.CaptureFixture[str], store: Path, *args: str) -> tuple[int, str, str]:
    status = main(["show", "--store", str(store), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_lists_revisions_provenance_and_changed_fields(store_path: Path, capsys) -> None:
    status, out, _ = show(capsys, store_path, "http://nul20.nl/wethouder-ivens-direct-weg-"
                          "wegens-grensoverschrijdend-gedrag/")  # a host variant finds it
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"{URL}: 3 revisions"
    headers = [line for line in lines if line.startswith("revision ")]
    # Numbered per article, oldest first, with the database ids of the fixture beside them.
    assert [h.split("  ")[0] for h in headers] == [
        "revision 1 (id 2)", "revision 2 (id 4)", "revision 3 (id 5)"]
    assert "fetched 2022-01-24T09:15:00.000000Z  parser 0.1.0+drupal7.1  WARC " \
        "warc/run-1-00000.warc.gz @ " in headers[0]
    assert "  WARC warc/run-1-00000.warc.gz @ " in headers[1]
    assert int(headers[1].split("@ ")[1]) > int(headers[0].split("@ ")[1])
    assert headers[2].endswith("no WARC record")
    # The plain page gives a date without time and another picture (NOTES, fixture README).
    second = lines[lines.index(headers[1]) + 1: lines.index(headers[2])]
    assert "  published: '2021-07-05T14:32:00+02:00' -> '2021-07-05'" in second
    assert "  updated: '2021-07-08T11:05:43+02:00' -> '2021-07-08'" in second
    assert any(line.startswith("  image.url: ") for line in second)
    third = lines[lines.index(headers[2]) + 1:]
    assert "  published: '2021-07-05' -> '2021-07-05T14:32:00+02:00'" in third


def test_raw_writes_the_archived_bytes(store_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "page.html"
    status, _, err = show(capsys, store_path, URL, "--raw", "2", "-o", str(out))
    assert status == 0
    assert out.read_bytes() == PLAIN.read_bytes()
    assert f"wrote {len(PLAIN.read_bytes())} bytes of {URL}" in err
    status, _, _ = show(capsys, store_path, URL, "--raw", "1", "-o", str(out))
    assert out.read_bytes() == DRUPAL7.read_bytes()


@pytest.mark.parametrize("where", ["nonexistent/x.html", "."])
def test_raw_to_an_output_it_cannot_write_is_one_line(
        where: str, store_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / where
    status, stdout, err = show(capsys, store_path, URL, "--raw", "1", "-o", str(out))
    assert (status, stdout) == (shared.FATAL, "")
    reason = "No such file or directory" if where != "." else "Is a directory"
    assert err == f"nul20scraper: cannot write {out}: {reason}\n"


def test_raw_of_a_revision_without_warc_says_so(store_path: Path, tmp_path: Path,
                                                 capsys) -> None:
    out = tmp_path / "page.html"
    status, _, err = show(capsys, store_path, URL, "--raw", "3", "-o", str(out))
    assert status == 1
    assert "revision 3 has no WARC record" in err
    assert not out.exists()
    status, _, err = show(capsys, store_path, URL, "--raw", "7")
    assert status == 1 and "has no revision 7 (it has 1 to 3)" in err
    status, _, err = show(capsys, store_path, URL, "--raw", "0")
    assert status == 1 and "has no revision 0 (it has 1 to 3)" in err
    # The other article numbers its own two revisions (ids 1 and 3).
    status, _, err = show(capsys, store_path, OTHER_URL, "--raw", "3")
    assert status == 1 and f"{OTHER_URL} has no revision 3 (it has 1 to 2)" in err


def test_raw_with_its_warc_file_gone(store_path: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "warc" / "run-1-00000.warc.gz").unlink()
    status, _, err = show(capsys, store_path, URL, "--raw", "1", "-o", str(tmp_path / "p"))
    assert status == 1 and "is not there" in err


def test_unknown_article(store_path: Path, capsys) -> None:
    status, out, err = show(capsys, store_path, "https://www.nul20.nl/bestaat-niet")
    assert (status, out) == (1, "")
    assert err.startswith("nul20scraper: no article https://www.nul20.nl/bestaat-niet")
