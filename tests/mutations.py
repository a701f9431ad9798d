"""Seeded mutations of the fixture pages, for the parser's fuzz test and benchmarks/fuzz_parser.py.

Each mutation takes a random generator and a page's bytes and returns a `FuzzCase`: the bytes
to parse with the URL and fetch time to parse them under. The same seed gives the same cases,
so a failure found by the long run can be replayed by its case name.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"


@dataclass(frozen=True)
class Seed:
    """One fixture page and the URL and fetch time it was saved with."""

    name: str
    page: bytes
    url: str
    fetched_at: str | None


@dataclass(frozen=True)
class FuzzCase:
    """One input to `parse_article`, named `<mutation>/<fixture>/<number>`."""

    name: str
    page: bytes
    url: str | None
    fetched_at: str | None


Mutation = Callable[[random.Random, Seed], tuple[bytes, str | None, str | None]]

# Values that broke whole items or whole runs in the fault campaign.
BAD_URLS = (
    "http://[::1", "https://www.nul20.nl:99999/x", "javascript:alert(1)", "mailto:red@nul20.nl",
    "ftp://ftp.nul20.nl/x.jpg", "../relative/x.jpg", "//", "http://", "https://%zz%zz/",
    "https://www.nul20.nl/\x00x", "https://[fe80::1%25eth0]/x", "data:image/png;base64,AAAA",
)
BAD_FETCH_TIMES = (
    "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "1900-01-01T00:00:00+01:00",
    "1930-06-01T12:00:00", "not a date", "2022-13-45T99:99:99", "",
)
# Charsets a page may claim: ones libxml2 lacks, ones that lie about the bytes, nonsense.
CLAIMED_CHARSETS = (
    "mac-roman", "cp500", "utf-16-le", "utf-16", "utf-32", "x-unknown", "iso-8859-1",
    "shift_jis", "utf-7", "", "utf-8\x00",
)
ODD_TEXT = (
    "\u200b", "\ufeff", "\u202e", "\ue000\ue001\ue002", "\U0001f3e0", "\x00", "\ud800",
    "\u0301" * 20, "&#0;", "&#xD800;", "&#1114112;", "&nbsp;" * 50, "\r\n\r", "\x0b\x0c",
)
URL_ATTRIBUTE = re.compile(rb'(href|src|content)="([^"]*)"')
TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")


def load_seeds() -> list[Seed]:
    seeds = []
    for path in sorted(PAGES.glob("*.htm*")):
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        seeds.append(Seed(path.stem, path.read_bytes(), meta["url"], meta.get("fetched_at")))
    return seeds


def flip_bytes(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    page = bytearray(seed.page)
    for _ in range(rng.randint(1, 64)):
        page[rng.randrange(len(page))] = rng.randrange(256)
    return bytes(page), seed.url, seed.fetched_at


def truncate(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    return seed.page[: rng.randrange(len(seed.page))], seed.url, seed.fetched_at


def _tags(page: bytes) -> list[re.Match[bytes]]:
    return list(TAG.finditer(page))


def delete_tags(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    tags = _tags(seed.page)
    doomed = {id(m) for m in rng.sample(tags, min(len(tags), rng.randint(1, 40)))}
    out, last = [], 0
    for match in tags:
        if id(match) in doomed:
            out.append(seed.page[last:match.start()])
            last = match.end()
    out.append(seed.page[last:])
    return b"".join(out), seed.url, seed.fetched_at


def duplicate_elements(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    page = seed.page
    for _ in range(rng.randint(1, 8)):
        start = rng.randrange(len(page))
        end = min(len(page), start + rng.randint(10, 4000))
        page = page[:end] + page[start:end] * rng.randint(1, 5) + page[end:]
    return page, seed.url, seed.fetched_at


def lie_about_charset(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    charset = rng.choice(CLAIMED_CHARSETS).encode("latin-1", "replace")
    page = re.sub(rb'charset=["\']?[-\w]+', b"charset=" + charset, seed.page, flags=re.I)
    if page == seed.page:
        page = page.replace(b"<head>", b'<head><meta charset="' + charset + b'">', 1)
    return page, seed.url, seed.fetched_at


def insert_nul_and_odd_text(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    page = seed.page
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(page))
        odd = rng.choice(ODD_TEXT).encode("utf-8", "surrogatepass")
        page = page[:at] + odd + page[at:]
    return page, seed.url, seed.fetched_at


def bad_urls(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    matches = list(URL_ATTRIBUTE.finditer(seed.page))
    chosen = {id(m) for m in rng.sample(matches, min(len(matches), rng.randint(1, 16)))}
    out, last = [], 0
    for match in matches:
        if id(match) in chosen:
            bad = rng.choice(BAD_URLS).encode("utf-8")
            out += [seed.page[last:match.start(2)], bad]
            last = match.end(2)
    out.append(seed.page[last:])
    url = rng.choice((seed.url, None, rng.choice(BAD_URLS)))
    return b"".join(out), url, seed.fetched_at


def bad_fetch_time(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    return seed.page, seed.url, rng.choice(BAD_FETCH_TIMES)


def reencode(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    """The same text in UTF-16 or UTF-32, with or without a byte-order mark."""
    text = seed.page.decode("utf-8", "replace")
    codec = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"))
    return text.encode(codec), seed.url, seed.fetched_at


def gzip_bytes(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    """A page served compressed without Content-Encoding."""
    return gzip.compress(seed.page, mtime=0), seed.url, seed.fetched_at


def nest_deeply(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    depth = rng.choice((1_000, 10_000, 50_000))
    body = seed.page.find(b"<body")
    at = seed.page.find(b">", body) + 1 if body >= 0 else 0
    page = seed.page[:at] + b"<div>" * depth + seed.page[at:] + b"</div>" * depth
    return page, seed.url, seed.fetched_at


def many_teasers(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    count = rng.choice((500, 2_000))
    teaser = (b'<div class="views-row"><a href="/dossiers/artikel-%d">Achtergrondartikel 20.12'
              b"</a><p>Een samenvatting van het artikel...</p></div>")
    block = b"".join(teaser % n for n in range(count))
    page = seed.page.replace(b"</body>", b"<h2>Laatste nummer</h2>" + block + b"</body>", 1)
    return page, seed.url, seed.fetched_at


def long_bad_href(rng: random.Random, seed: Seed) -> tuple[bytes, str | None, str | None]:
    href = b"%zz" * rng.choice((10_000, 300_000))
    page = seed.page.replace(b'href="', b'href="' + href, rng.randint(1, 3))
    return page, seed.url, seed.fetched_at


# Mutations that stay near the page's own size: the suite runs these.
SMALL_MUTATIONS: dict[str, Mutation] = {
    "flip-bytes": flip_bytes,
    "truncate": truncate,
    "delete-tags": delete_tags,
    "duplicate-elements": duplicate_elements,
    "lie-about-charset": lie_about_charset,
    "odd-text": insert_nul_and_odd_text,
    "bad-urls": bad_urls,
    "bad-fetch-time": bad_fetch_time,
    "reencode": reencode,
    "gzip-bytes": gzip_bytes,
}
# Mutations that grow the page: the long run (benchmarks/fuzz_parser.py) adds these.
LARGE_MUTATIONS: dict[str, Mutation] = {
    "nest-deeply": nest_deeply,
    "many-teasers": many_teasers,
    "long-bad-href": long_bad_href,
}


def fuzz_cases(count: int, seed: int = 2026, *, large: bool = False) -> Iterator[FuzzCase]:
    """`count` cases, the mutations taken in turn over the fixtures in a seeded order."""
    rng = random.Random(seed)
    seeds = load_seeds()
    mutations = dict(SMALL_MUTATIONS, **(LARGE_MUTATIONS if large else {}))
    names = sorted(mutations)
    for number in range(count):
        mutation = names[number % len(names)]
        fixture = rng.choice(seeds)
        page, url, fetched_at = mutations[mutation](rng, fixture)
        yield FuzzCase(f"{mutation}/{fixture.name}/{number}", page, url, fetched_at)


@dataclass(frozen=True)
class CaseOutcome:
    """What one parse did: `item`, `not-article`, `invalid-item` or `exception`."""

    case: str
    outcome: str
    seconds: float
    detail: str = ""


def run_case(case: FuzzCase, validator: object) -> CaseOutcome:
    """Parse one case; an item must validate against the schema."""
    import time

    from nul20scraper.extract import NotArticle, parse_article

    started = time.perf_counter()
    try:
        result = parse_article(case.page, case.url, case.fetched_at)
    except Exception as error:  # the finding itself: the parser must never raise
        return CaseOutcome(case.name, "exception", time.perf_counter() - started,
                           f"{type(error).__name__}: {error}"[:300])
    seconds = time.perf_counter() - started
    if isinstance(result, NotArticle):
        # The guard's verdict is told apart: it stands for an error no test has named yet.
        guarded = result.kind == "unreadable" and result.reason.startswith("page could not be read")
        return CaseOutcome(case.name, "not-article", seconds,
                           "unreadable (error)" if guarded else result.kind)
    errors = sorted(validator.iter_errors(result), key=str)  # type: ignore[attr-defined]
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path)
        return CaseOutcome(case.name, "invalid-item", seconds,
                           f"{where}: {errors[0].message}"[:300])
    return CaseOutcome(case.name, "item", seconds)
