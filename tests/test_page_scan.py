"""The page scan (`extract.scan`): the class index, the zones and the text blocks.

Read on pages written to reach the walk's corners: zones set by class, id, role and
`hidden`, a site header against an article's own, `<br>` line breaks, text around nested
blocks, deep nesting, and page text holding the characters a walk might use as marks.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType

import pytest

from nul20scraper.extract import parse_article, subtree
from nul20scraper.extract.document import load_document
from nul20scraper.extract.layouts import SELECTOR_CLASSES, Selector
from nul20scraper.extract.metadata import read_metadata
from nul20scraper.extract.scan import PageScan
from nul20scraper.extract.text import clean
from tests.fixture_pages import load_fixtures
from tests.test_other_markup import PAGE as OTHER_MARKUP_PAGE

ROOT = Path(__file__).resolve().parent.parent

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


def _scan(page: bytes | str, indexed: frozenset[str] | None = None,
          prefixes: frozenset[str] = frozenset()) -> PageScan:
    document = load_document(page if isinstance(page, bytes) else page.encode(), None)
    assert not isinstance(document, Exception) and hasattr(document, "root"), document
    return PageScan(document.root, indexed=indexed, prefixes=prefixes)


def test_class_index_is_in_document_order_without_repeats() -> None:
    page = (b'<html><body><p class="b a">1</p><div class="a"><span class="a b a">2</span>'
            b'</div><p class="title">3</p><h1 class="page-title">4</h1></body></html>')
    index = _scan(page)
    assert [e.text for e in index.by_class["a"]] == ["1", None, "2"]
    assert [e.text for e in index.by_class["b"]] == ["1", "2"]
    selected = index.select(Selector(("page-title", "title")))  # two lists, merged
    assert [e.text for e in selected] == ["3", "4"]
    only_selectors = _scan(page, indexed=SELECTOR_CLASSES, prefixes=frozenset({"page-", "x"}))
    assert "a" not in only_selectors.by_class and "title" in only_selectors.by_class
    assert only_selectors.has_prefix("page-") and not only_selectors.has_prefix("x")
    with pytest.raises(ValueError, match="not a prefix the scan looks for"):
        only_selectors.has_prefix("pa")
    with pytest.raises(ValueError, match="does not index"):
        only_selectors.select(Selector(("a",)))


def test_class_prefixes_are_found_in_any_token_and_inside_chrome() -> None:
    """A prefix is a token's start, not the value's; a pager inside chrome counts."""
    prefixes = frozenset({"pager", "field-name-", "comment", "reacties"})
    page = (b'<html><body><div class="clearfix field-name-body">text</div>'
            b'<div class="region-header"><ul><li class="item pager__item">2</li></ul></div>'
            b'<p class="no-comments">x</p></body></html>')
    index = _scan(page, indexed=SELECTOR_CLASSES, prefixes=prefixes)
    assert index.has_prefix("field-name-") and index.has_prefix("pager")
    assert not index.has_prefix("comment") and not index.has_prefix("reacties")
    # The same values, met again on the next page, are read from what is known of them.
    again = _scan(page.replace(b"pager__item", b"menu-item"), indexed=SELECTOR_CLASSES,
                  prefixes=prefixes)
    assert again.has_prefix("field-name-") and not again.has_prefix("pager")


def test_corner_page_blocks() -> None:
    """What the walk is for, read by a person: zones and line breaks on the corner page."""
    index = _scan(CORNERS)
    blocks = {b.text: (b.zone, b.lines) for b in index.blocks}
    assert blocks["lead text bold tail"][0] == "main"
    assert blocks["teaser"][0] == "aside"
    assert blocks["aside by role"][0] == "aside"
    assert blocks["aside tag"][0] == "aside"
    assert blocks["Kop"][0] == "main"
    assert blocks["Deep title"][0] == "main"  # a header holding an h1 is the page's own
    # A break starts a line; two in a row (`<br/> <br>`: a blank line) end the paragraph.
    assert blocks["een twee"][1] == ["een", "twee"] and blocks["drie"][1] == ["drie"]
    assert blocks["a b c"][0] == "main"
    for dropped in ("site header", "menu", "nav by role", "hidden", "aria hidden",
                    "invisible", "site footer"):
        assert dropped not in blocks
    assert [e.get("property") for e in index.with_property] == ["dc:title"]


def test_text_around_nested_blocks_is_its_own_block_in_reading_order() -> None:
    index = _scan(CORNERS)
    texts = [b.text for b in index.blocks]
    start = texts.index("before")
    assert texts[start:start + 5] == ["before", "inner", "between", "inner 2", "after"]
    # The text after a dropped (chrome) element goes on in its parent's block.
    assert texts[texts.index("een twee") + 1:texts.index("een twee") + 3] == ["drie", "resumes"]
    assert [b.index for b in index.blocks] == list(range(len(index.blocks)))
    owners = {b.text: b.element.tag for b in index.blocks}
    assert owners["between"] == "div" and owners["inner"] == "p" and owners["resumes"] == "article"


def test_private_use_characters_are_page_text() -> None:
    """U+E000..U+E002 are ordinary characters of the page: kept verbatim, never a boundary
    between blocks or lines."""
    marks = "\ue000\ue001\ue002"
    page = (f"<html><body><p>een {marks} twee</p><p>\ue0000\ue001drie\ue002vier</p>"
            f"<div>voor <p>binnen</p> na\ue002</div></body></html>")
    blocks = _scan(page).blocks
    assert [(b.tag, b.lines) for b in blocks] == [
        ("p", [f"een {marks} twee"]),
        ("p", ["\ue0000\ue001drie\ue002vier"]),
        ("div", ["voor"]),
        ("p", ["binnen"]),
        ("div", ["na\ue002"]),
    ]


def test_a_page_nested_5000_deep_is_read_to_libxml2s_limit_and_walked() -> None:
    # The walk recurses once per level of the page. It relies on libxml2's HTML parser
    # stopping a page at 256 levels (load_document warns of it): well inside Python's
    # recursion limit, under any caller. A libxml2 that read deeper would fail here first.
    page = (b"<html><body>" + b"<div><span>x</span>" * 5000 + b"deepest" + b"</div>" * 5000
            + b"</body></html>")
    document = load_document(page, None)
    assert not isinstance(document, Exception) and hasattr(document, "root"), document
    depth = max(sum(1 for _ in element.iterancestors()) for element in document.root.iter())
    assert 250 <= depth <= 256
    assert any("the rest of the page is not read" in w for w in document.warnings)
    blocks = PageScan(document.root).blocks
    assert len(blocks) == depth - 2  # a block `x` for each <div> (below html and body)
    assert {b.text for b in blocks} == {"x"}


def test_page_without_body_gives_its_paragraphs() -> None:
    assert [b.text for b in _scan(PAGES["no-body"]).blocks] == [
        "only a paragraph", "and another"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_blocks_are_clean_non_empty_text_outside_chrome(name: str) -> None:
    index = _scan(PAGES[name])
    assert index.blocks, "the page gives no blocks"
    for number, block in enumerate(index.blocks):
        assert block.index == number
        assert block.zone in ("main", "aside")
        assert block.lines and all(line and clean(line) == line for line in block.lines)
        assert block.text == " ".join(block.lines)
        assert index.zone(block.element) == block.zone


def _lines_run_by_parse(page: bytes) -> int:
    """The lines of the parser's own code that one parse of `page` runs: a count of its work
    that no other load on the machine changes (no clock)."""
    package = str(Path(parse_article.__code__.co_filename).parent.parent)
    count = 0

    def line(frame: FrameType, event: str, arg: object) -> Callable | None:
        nonlocal count
        if event == "line":
            count += 1
        return line

    def call(frame: FrameType, event: str, arg: object) -> Callable | None:
        return line if frame.f_code.co_filename.startswith(package) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        parse_article(page, "https://www.nul20.nl/split-teasers-2022-d7")
    finally:
        sys.settrace(previous)
    return count


def test_parse_work_grows_linearly_with_page_size() -> None:
    """Four and sixteen times the body cost at most about four and sixteen times the work
    (lines of parser code run), for the whole parse: scan, blocks, header, teasers, records.
    A step that goes over all earlier blocks for each block fails it: the 4x page then costs
    5.5 times the work of the 1x page."""
    bench = _parse_bench()
    page = (ROOT / "fixtures" / "pages" / "split-teasers-2022-d7.html").read_bytes()
    work = {times: _lines_run_by_parse(bench.longer_page(page, times)) for times in (1, 4, 16)}
    assert work[4] <= 1.2 * 4 * work[1], work
    assert work[16] <= 1.2 * 4 * work[4], work


def _parse_bench() -> ModuleType:
    """benchmarks/parse_bench.py, for the function that grows a page (it is no package)."""
    spec = importlib.util.spec_from_file_location(
        "parse_bench", ROOT / "benchmarks" / "parse_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LINKED = b"""<html><body><div class="row"><a href="/a" title="T"><div><p>Type 01.02</p>
<img src="x.jpg"><img alt="afbeelding van X" src="y.jpg"></div></a><!-- c --><a>no href</a>
<p>summary <a href="/b">b</a></p></div><div class="row"><p>Type 03.04</p></div>
<span><p>loose</p></span></body></html>"""


def test_subtree_answers_on_a_page_read_by_a_person() -> None:
    """What the subtree questions (`extract.subtree`) mean, on a page of two teaser rows."""
    root = load_document(LINKED, None).root
    blocks = PageScan(root).blocks
    rows = [e for e in root.iter() if e.get("class") == "row"]
    lines = [b.element for b in blocks if b.text.startswith("Type")]
    containers, in_link = subtree.teaser_containers(lines)
    assert containers == rows  # each row holds one line
    assert in_link  # the first line sits in a link
    read = subtree.read_subtree(lines[0].getparent(), True)
    assert read.links == [("/a", "T")]  # the link around it
    assert read.pictures == ["", "afbeelding van X"]
    assert subtree.read_subtree(rows[0], False).links == [("/a", "T"), (None, None), ("/b", None)]
    assert subtree.holds(rows[0], lines[0]) and not subtree.holds(rows[1], lines[0])
    # The row's own text after the link ("no href") is a block of the row.
    assert [b.text for b in subtree.blocks_within(rows[0], blocks)] == [
        "Type 01.02", "no href", "summary b"]
    first = next(b for b in blocks if b.text == "summary b")
    assert [b.text for b in subtree.block_run(rows[0], blocks, first.index)] == [
        "Type 01.02", "no href", "summary b"]
    assert [b.text for b in subtree.block_run(rows[1], blocks,
                                              first.index + 1)] == ["Type 03.04"]


META_PAGE = """<html><head><title>Kop &amp; staart</title>
<meta property="og:title" content="OG"><meta name="author" content="A">
<meta itemprop="x" content="">
<meta name="no-content"><meta content="no key"><link rel="canonical shortlink" href=" /a ">
<link href="/no-rel"><script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script>var a = 1;</script></head><body><title>second</title><p>t</p></body></html>"""


def test_metadata_of_head_elements() -> None:
    """The first <title> only; meta keys by property, name or itemprop; each rel of a link."""
    found = read_metadata(load_document(META_PAGE.encode(), None).root)
    assert found.title == "Kop & staart"
    assert found.meta == {"og:title": ["OG"], "author": ["A"], "x": [""]}
    assert found.links == {"canonical": "/a", "shortlink": "/a"}
    assert found.jsonld == [{"@type": "NewsArticle"}]


def test_a_scan_is_freed_when_its_last_reference_goes() -> None:
    """No reference cycle holds a scan (and with it the page) for the cyclic collector."""
    document = load_document(PAGES["other-markup"], None)
    assert not isinstance(document, Exception) and hasattr(document, "root")
    scan = PageScan(document.root, indexed=SELECTOR_CLASSES)
    assert scan.blocks  # the page was walked
    gone = weakref.ref(scan)
    collecting = gc.isenabled()
    gc.disable()
    try:
        del scan
        assert gone() is None
    finally:
        if collecting:
            gc.enable()


def test_select_within_an_element_keeps_only_what_lies_in_it() -> None:
    """The article's own fields, not the same fields of the teasers beside it; a field around
    the article gives only its values inside the article."""
    page = (b'<html><body><div class="wrap"><span class="item">around</span>'
            b'<article id="node"><div class="author"><span class="item">Ann</span></div>'
            b'<span class="item">inside</span></article></div>'
            b'<aside><div class="author"><span class="item">Teaser author</span></div></aside>'
            b'</body></html>')
    index = _scan(page)
    node = next(e for e in index.by_class["author"][0].iterancestors() if e.tag == "article")
    values = Selector(("author",), inner_class="item")
    assert [e.text for e in index.select(values)] == ["Ann", "Teaser author"]
    assert [e.text for e in index.select(values, within=node)] == ["Ann"]
    fields = Selector(("author",))
    assert len(index.select(fields)) == 2 and index.select(fields, within=node) == [
        index.by_class["author"][0]]
    around = Selector(("wrap",), inner_class="item")
    assert [e.text for e in index.select(around)] == ["around", "Ann", "inside"]
    assert [e.text for e in index.select(around, within=node)] == ["Ann", "inside"]
    spans = Selector(("wrap",), inner_tag="span")  # a field around it, values by their tag
    assert [e.text for e in index.select(spans, within=node)] == ["Ann", "inside"]
    both = (Selector(("author",), inner_tag="span"), Selector(("wrap",), inner_class="item"))
    assert [e.text for e in index.select(both)] == ["Ann", "Teaser author", "around", "inside"]
    assert [e.text for e in index.select(both, within=node)] == ["Ann", "inside"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_scans_links_are_every_link_outside_chrome(name: str) -> None:
    """The links the walk lists are those a walk of the tree finds outside chrome, in order."""
    index = _scan(PAGES[name], indexed=SELECTOR_CLASSES)
    expected = [a for a in index.top.iter("a") if index.zone(a) != "chrome"]
    assert index.links == expected
    if name == "corners":
        assert index.links, "the corner page has links outside chrome"


def test_a_link_with_a_zone_of_its_own_is_listed_unless_it_is_chrome() -> None:
    page = (b'<html><body><p>Tekst <a href="/a">een</a></p><a class="sidebar" href="/b">twee</a>'
            b'<a class="share" href="/c">drie</a></body></html>')
    index = _scan(page)
    assert [a.get("href") for a in index.links] == ["/a", "/b"]
    assert index.zone(index.links[1]) == "aside"
