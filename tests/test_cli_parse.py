"""`nul20scraper parse`: JSON Lines on stdout, reasons on stderr, documented exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nul20scraper.cli import main
from tests.crawl_support import REPO_ROOT
from tests.fixture_pages import PAGES, load_fixtures

SEED = PAGES / "seed-ivens-2021.html"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nul20scraper", "parse", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_seed_page_prints_one_full_item() -> None:
    done = run(str(SEED), "--fetched-at", "2022-01-24T10:15:00+01:00")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    item = json.loads(lines[0])
    assert item["url"] == ("https://www.nul20.nl/"
                           "wethouder-ivens-direct-weg-wegens-grensoverschrijdend-gedrag")
    assert item["headline"] == "Wethouder Ivens per direct weg wegens grensoverschrijdend gedrag"
    assert item["published"].startswith("2021-07-05")
    assert item["photo_credit"] == "Amaury Miller"
    assert len(item["body"]) == 5
    assert item["updates"][0]["date"] == "2021-07-08"
    assert item["tags"][0]["name"] == "NUL20 nieuws"
    assert len(item["related"]) == 12
    assert item["fetched_at"] == "2022-01-24T10:15:00+01:00"


def test_directory_names_every_non_article_and_exits_1() -> None:
    done = run(str(PAGES))
    assert done.returncode == 1
    items = [json.loads(line) for line in done.stdout.splitlines()]
    not_articles = [f for f in load_fixtures() if f.kind != "article"]
    # (The command reads the directory with its sub-directories: the other renderings too.)
    assert len(items) == len(list(PAGES.rglob("*.html"))) - len(not_articles)
    for name, kind in (("listing-nieuws", "listing"), ("tag-nul20-nieuws", "tag"),
                       ("edition-nr-45", "edition")):
        line = next(line for line in done.stderr.splitlines() if name in line)
        assert f"not an article ({kind})" in line


def test_without_canonical_link_the_url_is_the_file(tmp_path: Path) -> None:
    page = tmp_path / "bericht.html"
    page.write_text("<html><body><h1>Huurbevriezing</h1><p>05.07.21</p><p>De corporaties "
                    "bevriezen de huren voor een jaar, zo maakten zij maandag bekend.</p>"
                    "</body></html>", encoding="utf-8")
    done = run(str(page))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["url"] == page.resolve().as_uri()
    done = run(str(page), "--url", "http://nul20.nl/huurbevriezing/?utm_source=x")
    assert json.loads(done.stdout)["url"] == "https://www.nul20.nl/huurbevriezing"


def test_unreadable_inputs_are_named(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.html"
    empty.write_bytes(b"")
    done = run(str(empty), str(SEED))
    assert done.returncode == 1
    assert "leeg.html: not an article (empty)" in done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run().returncode == 2
    assert run(str(SEED), "--fetched-at", "gisteren").returncode == 2
    assert run(str(SEED), str(SEED), "--url", "https://www.nul20.nl/x").returncode == 2
    assert run(str(tmp_path / "missing.html")).returncode == 2


def test_empty_directory_is_said_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no pages here", "utf-8")
    done = run(str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == f"nul20scraper parse: no HTML files in {tmp_path}"


def test_url_that_is_not_a_url_exits_2() -> None:
    for bad in ("notaurl", "ftp://www.nul20.nl/x", "https://"):
        done = run(str(SEED), "--url", bad)
        assert done.returncode == 2, bad
        assert done.stdout == ""
        assert "--url must be an http(s) URL" in done.stderr
    good = run(str(SEED), "--url", "https://www.nul20.nl/some-article")
    assert good.returncode == 0, good.stderr


def test_version() -> None:
    from nul20scraper import __version__

    done = subprocess.run([sys.executable, "-m", "nul20scraper", "--version"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"nul20scraper {__version__}"


def test_stderr_lines_go_through_the_progress_bar(monkeypatch, capsys, tmp_path: Path) -> None:
    """On a terminal the bar is drawn with tqdm; reasons are written with tqdm.write, which
    clears the bar first, so that a reason never lands inside a bar's line."""
    import tqdm

    from nul20scraper.cli import main

    (tmp_path / "a.html").write_bytes(b"")
    (tmp_path / "b.html").write_bytes(b"")
    written: list[str] = []
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(tqdm.tqdm, "write",
                        classmethod(lambda cls, line, file=None, **_: written.append(line)))
    assert main(["parse", str(tmp_path)]) == 1
    assert [line.split(": ", 1)[0] for line in written] == [
        str(tmp_path / "a.html"), str(tmp_path / "b.html")]


@pytest.mark.parametrize("value", [
    "9999-12-31T00:00:00",  # in the calendar, but no page is fetched then
    "9999-12-31T23:30:00",  # no Amsterdam date: the next day is in year 10000
    "0001-01-01T00:00:00",
    "1989-12-31T23:59:59Z",
    "2021-13-01",
    "2021-07-05T10:00:00+99:00",
    "gisteren",
    "",
])
def test_a_bad_fetch_time_is_one_usage_line(value: str, capsys: pytest.CaptureFixture[str],
                                            ) -> None:
    assert main(["parse", str(SEED), "--fetched-at", value]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"nul20scraper parse: --fetched-at {value!r} is not a fetch time: give an ISO 8601 date "
        "or date-time from 1990 to a day from now, e.g. 2024-05-01T14:30:00+02:00 (UTC when it "
        "has no offset; the day's slack is for a local time given without one)\n")


def test_the_fetch_time_rule_is_the_one_help_and_readme_state(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Up to a day from now is taken (a local time without an offset read as UTC may be
    hours ahead); more is refused; and the help and README say "a day from now", not today."""
    soon = datetime.now(UTC) + timedelta(hours=20)
    assert main(["parse", str(SEED), "--fetched-at", soon.isoformat()]) == 0
    later = datetime.now(UTC) + timedelta(hours=26)
    assert main(["parse", str(SEED), "--fetched-at", later.isoformat()]) == 2
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["parse", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "from 1990 to a day from now" in help_text and "to today" not in help_text
    readme = " ".join((REPO_ROOT / "README.md").read_text("utf-8").split())
    assert "date-time from 1990 to a day from now" in readme and "1990 to today" not in readme


@pytest.mark.parametrize("value", ["1990-01-01", "2021-07-05T10:00", "2022-01-24T10:15:00Z"])
def test_a_fetch_time_in_range_is_taken(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--fetched-at", value]) == 0
    item = json.loads(capsys.readouterr().out)
    # A time without an offset is UTC.
    assert item["fetched_at"].startswith(value.removesuffix("Z"))
