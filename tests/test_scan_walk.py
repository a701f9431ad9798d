"""The compiled page walk (`extract._walk`) gives exactly what the Python walk gives.

Both walks fill the same indexes (class tokens, positions, zones, RDFa elements) and cut the
same text blocks. They are compared on every fixture page and on pages written to reach the
walk's corners: zones set by class, id, role and `hidden`, a site header against an
article's own, `<br>` line breaks, text around nested blocks, and deep nesting.
"""

from __future__ import annotations

import os
import random

import pytest

from nul20scraper.extract import scan
from nul20scraper.extract.document import load_document
from nul20scraper.extract.layouts import SELECTOR_CLASSES, Selector, all_selectors
from tests.fixture_pages import load_fixtures
from tests.test_other_markup import PAGE as OTHER_MARKUP_PAGE

CORNERS = """<!doctype html><html><head><title>t</title></head><body>
lead text <b>bold</b> tail<div class="region region-sidebar-first">side <p>teaser</p> after</div>
<header class="site-header"><p>site header</p></header>
<header><div><span>crumb</span></div><div><p>deep <b>own</b></p><h1>Deep title</h1></div></header>
<article><header><h1 class="title">Kop</h1><span class="date">05.07.21</span></header>
<div id="main-menu"><a href="/x">menu</a></div>
<div role="complementary"><p>aside by role</p></div><div role="navigation">nav by role</div>
<p hidden>hidden</p><p aria-hidden="true">aria hidden</p><p aria-hidden="false">shown</p>
<p>een<br>twee<br/> <br>drie</p><span class="element-invisible">invisible</span> resumes
<div>before <p>inner</p> between <p>inner 2</p> after</div>
<p property="dc:title" content="x" class="rdf">rdfa</p><p>a\u00a0\u00a0b\u200b c</p>
<footer><a href="/tag/x">tag</a></footer></article>
<footer id="footer"><p>site footer</p></footer><aside><p>aside tag</p></aside>
</body></html>"""

PAGES = {f.name: f.page.read_bytes() for f in load_fixtures()} | {
    "other-markup": OTHER_MARKUP_PAGE.encode(),
    "corners": CORNERS.encode(),
    "deep": b"<html><body>" + b"<div><span>x</span>" * 3000 + b"</div>" * 3000 + b"</body></html>",
    "no-body": b"<p>only a paragraph</p><p>and another</p>",
}

needs_compiled = pytest.mark.skipif(not scan.COMPILED_WALK, reason="compiled walk not built")


def _summary(page: bytes, compiled: bool, indexed: frozenset[str] | None = None) -> tuple:
    document = load_document(page, None)
    index = scan.PageScan(document.root, compiled=compiled, indexed=indexed)
    order = {element: n for n, element in enumerate(document.root.iter())}
    return (
        [(b.tag, b.lines, order[b.element], b.zone, b.index) for b in index.blocks],
        {token: [order[e] for e in elements] for token, elements in index.by_class.items()},
        index.class_values,
        [order[e] for e in index.with_property],
        sorted((order[e], zone) for e, (_owner, zone) in index.state.items()),
        # Every layout selector: selections of several tokens are put in document order.
        [[order[e] for e in index.select(selector)] for selector in all_selectors()],
    )


@needs_compiled
@pytest.mark.parametrize("name", sorted(PAGES))
def test_compiled_walk_equals_python_walk(name: str) -> None:
    python = _summary(PAGES[name], compiled=False)
    assert python[0], "the page gives no blocks: the comparison would prove nothing"
    assert _summary(PAGES[name], compiled=True) == python
    indexed = _summary(PAGES[name], compiled=True, indexed=SELECTOR_CLASSES)
    assert indexed == _summary(PAGES[name], compiled=False, indexed=SELECTOR_CLASSES)
    assert indexed[1] == {token: elements for token, elements in python[1].items()
                          if token in SELECTOR_CLASSES}
    assert indexed[5] == python[5]


def test_class_index_is_in_document_order_without_repeats() -> None:
    page = (b'<html><body><p class="b a">1</p><div class="a"><span class="a b a">2</span>'
            b'</div><p class="title">3</p><h1 class="page-title">4</h1></body></html>')
    for compiled in {False, scan.COMPILED_WALK}:
        index = scan.PageScan(load_document(page, None).root, compiled=compiled)
        assert [e.text for e in index.by_class["a"]] == ["1", None, "2"]
        assert [e.text for e in index.by_class["b"]] == ["1", "2"]
        selected = index.select(Selector(("page-title", "title")))  # two lists, merged
        assert [e.text for e in selected] == ["3", "4"]
        only_selectors = scan.PageScan(load_document(page, None).root, compiled=compiled,
                                       indexed=SELECTOR_CLASSES)
        assert "a" not in only_selectors.by_class and "title" in only_selectors.by_class
        assert only_selectors.has_prefix("page-") and not only_selectors.has_prefix("x")
        with pytest.raises(ValueError, match="does not index"):
            only_selectors.select(Selector(("a",)))


def test_corner_page_blocks() -> None:
    """What the walk is for, read by a person: zones and line breaks on the corner page."""
    for compiled in {False, scan.COMPILED_WALK}:
        index = scan.PageScan(load_document(CORNERS.encode(), None).root, compiled=compiled)
        blocks = {b.text: (b.zone, b.lines) for b in index.blocks}
        assert blocks["lead text bold tail"][0] == "main"
        assert blocks["teaser"][0] == "aside"
        assert blocks["aside by role"][0] == "aside"
        assert blocks["aside tag"][0] == "aside"
        assert blocks["Kop"][0] == "main"
        assert blocks["Deep title"][0] == "main"  # a header holding an h1 is the page's own
        assert blocks["een twee drie"][1] == ["een", "twee", "drie"]
        assert blocks["a b c"][0] == "main"
        assert "shown" in blocks and "resumes" in blocks and "between" in blocks
        for dropped in ("site header", "menu", "nav by role", "hidden", "aria hidden",
                        "invisible", "site footer"):
            assert dropped not in blocks
        assert [e.get("property") for e in index.with_property] == ["dc:title"]


def test_ci_runs_the_compiled_walk() -> None:
    """CI sets NUL20_REQUIRE_COMPILED: there the compiled walk must have been built."""
    if os.environ.get("NUL20_REQUIRE_COMPILED"):
        assert scan.COMPILED_WALK, "extract._walk was not built: is a C compiler installed?"


@needs_compiled
def test_compiled_utf8_check_agrees_with_python() -> None:
    """`is_utf8` is Python's strict decoder without the string, on valid and broken text."""
    from nul20scraper.extract.compiled import compiled

    rng = random.Random(20261128)
    alphabet = [chr(c) for c in (0x41, 0xe9, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff)]
    cases = [b"", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\xaf", b"\xc0\xaf", b"ab\xc3",
             b"\xf0\x8f\xbf\xbf", b"\xef\xbb\xbfok", b"caf\xe9"]
    for _ in range(20000):
        data = bytearray("".join(rng.choices(alphabet, k=rng.randint(1, 6))).encode())
        if rng.random() < 0.5:
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(bytes(data))
    valid = 0
    for data in cases:
        try:
            data.decode("utf-8")
            expected = True
        except UnicodeDecodeError:
            expected = False
        valid += expected
        assert compiled.is_utf8(data) is expected, data
    assert 0 < valid < len(cases)


@needs_compiled
def test_compiled_control_byte_count() -> None:
    from nul20scraper.extract.compiled import compiled

    control = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
    data = bytes(range(256)) * 3 + b"\x01\x02 plain text\n"
    assert compiled.count_control_bytes(data, control) == len(data) - len(
        data.translate(None, control)) == 3 * 27 + 2


META_PAGE = """<html><head><title>Kop &amp; staart</title>
<meta property="og:title" content="OG"><meta name="author" content="A">
<meta itemprop="x" content="">
<meta name="no-content"><meta content="no key"><link rel="canonical shortlink" href=" /a ">
<link href="/no-rel"><script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script>var a = 1;</script></head><body><title>second</title><p>t</p></body></html>"""


@needs_compiled
@pytest.mark.parametrize("name", [*sorted(PAGES), "meta"])
def test_compiled_metadata_elements_equal_python(name: str) -> None:
    from nul20scraper.extract import metadata
    from nul20scraper.extract.compiled import compiled

    page = META_PAGE.encode() if name == "meta" else PAGES[name]
    root = load_document(page, None).root
    python = metadata._elements(root)
    assert compiled.metadata_elements(root) == python
    if name == "meta":
        assert python[0] == ("title", "Kop & staart", False)
        assert ("link", " /a ", "canonical shortlink") in python
        assert ("meta", None, None, "x", "") in python
        assert python[-1] == ("title", "second", False)
