"""The compiled subtree questions (`extract._walk`) answer as their lxml versions do.

Each is asked about every element of every fixture page and of the walk's corner pages, so
links around and inside links, pictures without `alt`, comments and deep nesting are met.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from lxml import etree

from nul20scraper.extract import compiled as compiled_module
from nul20scraper.extract import subtree
from nul20scraper.extract.blocks import Block
from nul20scraper.extract.document import load_document
from nul20scraper.extract.scan import PageScan
from tests.test_scan_walk import PAGES

LINKED = b"""<html><body><div class="row"><a href="/a" title="T"><div><p>Type 01.02</p>
<img src="x.jpg"><img alt="afbeelding van X" src="y.jpg"></div></a><!-- c --><a>no href</a>
<p>summary <a href="/b">b</a></p></div><div class="row"><p>Type 03.04</p></div>
<span><p>loose</p></span></body></html>"""
ALL_PAGES = PAGES | {"linked": LINKED}

needs_compiled = pytest.mark.skipif(compiled_module.compiled is None,
                                    reason="compiled module not built")


def _page(name: str) -> tuple[etree._Element, list[etree._Element], list[Block]]:
    document = load_document(ALL_PAGES[name], None)
    scan = PageScan(document.root)
    return document.root, list(document.root.iter()), scan.blocks


def _both(monkeypatch: pytest.MonkeyPatch, question: str, *args: object) -> Iterator[object]:
    """The compiled answer, then the lxml one."""
    yield getattr(subtree, question)(*args)
    with monkeypatch.context() as patched:
        patched.setattr(subtree, "compiled", None)
        yield getattr(subtree, question)(*args)


@needs_compiled
@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_subtree_questions_compiled_equal_lxml(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _, elements, blocks = _page(name)
    assert blocks, "no blocks: the block questions would prove nothing"
    rng = random.Random(name)
    tops = elements if len(elements) < 400 else rng.sample(elements, 400)
    held = 0
    for top in tops:
        within = list(_both(monkeypatch, "blocks_within", top, blocks))
        assert within[0] == within[1]
        held += bool(within[0])
        for with_ancestors in (False, True):
            pair = list(_both(monkeypatch, "links_and_pictures", top, with_ancestors))
            assert pair[0] == pair[1]
        for element in rng.sample(elements, min(20, len(elements))):
            pair = list(_both(monkeypatch, "holds", top, element))
            assert pair[0] == pair[1]
        for block in rng.sample(blocks, min(5, len(blocks))):
            pair = list(_both(monkeypatch, "block_run", top, blocks, block.index))
            assert pair[0] == pair[1]
    assert held, "no element held a block"
    for size in (1, 2, 3, 8):
        lines = [b.element for b in rng.sample(blocks, min(size, len(blocks)))]
        pair = list(_both(monkeypatch, "teaser_containers", lines))
        assert pair[0] == pair[1]


def test_subtree_answers_on_a_page_read_by_a_person() -> None:
    """What the questions mean, on the linked page (both versions where built)."""
    _, elements, blocks = _page("linked")
    rows = [e for e in elements if e.get("class") == "row"]
    lines = [b.element for b in blocks if b.text.startswith("Type")]
    containers, in_link = subtree.teaser_containers(lines)
    assert containers == rows  # each row holds one line
    assert in_link  # the first line sits in a link
    links, pictures = subtree.links_and_pictures(lines[0].getparent(), True)
    assert links == [("/a", "T")]  # the link around it
    assert pictures == ["", "afbeelding van X"]
    links, _ = subtree.links_and_pictures(rows[0], False)
    assert links == [("/a", "T"), (None, None), ("/b", None)]
    assert subtree.holds(rows[0], lines[0]) and not subtree.holds(rows[1], lines[0])
    # The row's own text after the link ("no href") is a block of the row.
    assert [b.text for b in subtree.blocks_within(rows[0], blocks)] == [
        "Type 01.02", "no href", "summary b"]
    first = next(b for b in blocks if b.text == "summary b")
    assert [b.text for b in subtree.block_run(rows[0], blocks, first.index)] == [
        "Type 01.02", "no href", "summary b"]
    assert [b.text for b in subtree.block_run(rows[1], blocks, first.index + 1)] == [
        "Type 03.04"]
