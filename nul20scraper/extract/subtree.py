"""Questions about an element's subtree that the parser asks of many elements on a page.

Each walks the subtree once with lxml's iterators (in C), or an element's ancestors, so a
question costs the size of the subtree it is about, not of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from nul20scraper.extract.blocks import BLOCK_TAGS, Block

# (href, title) of an `a` element, None where the attribute is missing.
Link = tuple[str | None, str | None]


def holds(top: etree._Element, element: etree._Element) -> bool:
    """Whether `element` is `top` or lies in its subtree."""
    # (`getparent` in a loop: a third less than `top in element.iterancestors()`, whose steps
    # each go through lxml's iterator.)
    while element is not None:
        if element is top:
            return True
        element = element.getparent()
    return False


def blocks_within(top: etree._Element, blocks: list[Block]) -> list[Block]:
    """The blocks whose element lies in the subtree of `top`, in page order."""
    inside = set(top.iter())  # held: lxml hands out the same proxies, so `in` is identity
    return [block for block in blocks if block.element in inside]


def block_run(top: etree._Element, blocks: list[Block], index: int) -> list[Block]:
    """The run of blocks around `blocks[index]` whose element is a block element in the
    subtree of `top` (a subtree's blocks are contiguous in the page)."""
    start = index
    while start > 0 and _block_in(blocks[start - 1], top):
        start -= 1
    end = index + 1
    while end < len(blocks) and _block_in(blocks[end], top):
        end += 1
    return blocks[start:end]


def _block_in(block: Block, top: etree._Element) -> bool:
    # (A walk up from each of the few blocks around a teaser's line: less than a set of all
    # the elements of the teaser's subtree.)
    return block.tag in BLOCK_TAGS and holds(top, block.element)


# Elements that are a record of a list when a teaser's line is their own text.
RECORD_TAGS = frozenset({"li", "article"})


def teaser_containers(
    lines: list[etree._Element],
) -> tuple[list[etree._Element | None], bool]:
    """Each element's largest ancestor that holds none of the others (None where even its
    parent holds another, or is `body`); and whether an `a` element holds any of them.

    An ancestor holds another element when that element's walk up reaches it too, so a walk
    stops at the first ancestor an earlier walk reached: above it, all are shared.
    """
    reached: set[etree._Element] = set()
    shared: set[etree._Element] = set()
    walks = []
    for element in lines:
        walk = []
        ancestor = element.getparent()  # (as in `holds`: less than `iterancestors`)
        while ancestor is not None:
            if ancestor in reached:
                shared.add(ancestor)
                break
            reached.add(ancestor)
            walk.append(ancestor)
            ancestor = ancestor.getparent()
        walks.append(walk)
    containers = []
    for element, walk in zip(lines, walks, strict=True):
        container = None
        for ancestor in walk:
            if ancestor in shared or ancestor.tag in ("body", "html"):
                break
            container = ancestor
        if container is None and element.tag in RECORD_TAGS:
            container = element  # the line is the record itself: a list item, a card
        containers.append(container)
    # Every ancestor of every element was reached by some walk.
    return containers, any(ancestor.tag == "a" for ancestor in reached)


@dataclass(slots=True)  # (not frozen: see `layers.Found`)
class Subtree:
    """What a teaser reads of its element's subtree."""

    links: list[Link]  # of each `a`, in document order, after those of the `a`s around it
    pictures: list[str]  # the `alt` of each `img` ("" without one)


def read_subtree(top: etree._Element, with_ancestors: bool) -> Subtree:
    """The links and pictures of the subtree of `top` (one walk in C for both); with the links
    of the `a` elements around it when `with_ancestors`."""
    around = top.iterancestors("a") if with_ancestors else ()
    links = [(a.get(b"href"), a.get(b"title")) for a in around]
    pictures = []
    for element in top.iter("a", "img"):
        if element.tag == "a":
            links.append((element.get(b"href"), element.get(b"title")))
        else:
            pictures.append(element.get(b"alt", ""))
    return Subtree(links, pictures)


# What marks a thread of reader comments: Drupal 7's `comment-wrapper` and `comment` (with
# RDFa `sioct:Comment`), Drupal 10's `field--name-comment` and `<article class="comment">`,
# and the ids themes give the thread.
COMMENT_CLASSES = frozenset({
    "comment", "comments", "comment-wrapper", "comment-section", "comments-section",
    "field--name-comment", "field--type-comment", "field-name-comment", "reacties",
})
COMMENT_IDS = frozenset({"comments", "comment-section", "reacties", "disqus_thread"})


def in_comment_thread(element: etree._Element) -> bool:
    """Whether the element lies in a thread of reader comments: a commenter's name, a
    comment's date or text is never the article's author, date or text."""
    for ancestor in element.iterancestors():
        classes = ancestor.get("class")
        if classes and not COMMENT_CLASSES.isdisjoint(classes.split()):
            return True
        if ancestor.get("id") in COMMENT_IDS or "Comment" in (ancestor.get("typeof") or ""):
            return True
    return False
