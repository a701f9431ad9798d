"""Related-article teasers (`Laatste nummer` and the like).

A teaser is found by its visible line `<type> <dd.mm> [Geactualiseerd op: dd.mm.yy]`, not by
class names. Its extent is the largest element around that line holding no other teaser
line; in flat markup (all teasers siblings) it is the run of blocks up to the next teaser.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

from lxml import etree

from nul20scraper.extract.blocks import BLOCK_TAGS, Block
from nul20scraper.extract.dates import infer_year, parse_day_month, parse_numeric_date
from nul20scraper.extract.labels import AUTHOR_PICTURE_ALT, PERSON_NAME, TYPE_DATE_LINE
from nul20scraper.extract.text import clean
from nul20scraper.urls import canonical_url, is_on_site

# Links in a teaser that do not lead to the article.
NON_ARTICLE_PATHS = ("/user/", "/users/", "/auteur/", "/auteurs/", "/taxonomy/", "/trefwoorden/",
                     "/tags/", "/sites/default/files/", "/edities/")


def is_teaser_line(block: Block) -> bool:
    return len(block.lines) <= 2 and TYPE_DATE_LINE.match(block.text) is not None


def extract_teasers(
    blocks: list[Block], teaser_lines: list[Block], base_url: str, origin: str,
    reference: date | None,
) -> list[dict[str, str | None]]:
    line_elements = {block.element for block in teaser_lines}
    # Keyed by the elements themselves: keeping them referenced keeps lxml's proxies stable.
    counts: dict[etree._Element, int] = {}
    for block in teaser_lines:
        for ancestor in block.element.iterancestors():
            counts[ancestor] = counts.get(ancestor, 0) + 1
    teasers = []
    for position, line in enumerate(teaser_lines):
        container = _container(line.element, counts)
        if container is not None:
            own_blocks = _blocks_inside(blocks, line, container)
            links = [*container.iterancestors("a"), *container.iter("a")]
            pictures = [img.get("alt", "") for img in container.iter("img")]
        else:
            end = teaser_lines[position + 1].index if position + 1 < len(teaser_lines) else None
            own_blocks = _flat_run(blocks, line, end)
            links = [a for b in own_blocks
                     for a in (*b.element.iterancestors("a"), *b.element.iter("a"))]
            pictures = []
        teasers.append(_teaser(line, own_blocks, line_elements, links, pictures, base_url,
                               origin, reference))
    return teasers


def _container(
    element: etree._Element, counts: dict[etree._Element, int]
) -> etree._Element | None:
    """The largest ancestor holding only this teaser line; None in flat markup."""
    best = None
    for ancestor in element.iterancestors():
        if counts.get(ancestor, 0) != 1 or ancestor.tag in {"body", "html"}:
            break
        best = ancestor
    return best


def _blocks_inside(blocks: list[Block], line: Block, container: etree._Element) -> list[Block]:
    """The run of page blocks inside the container (a subtree is contiguous in the page)."""
    inside = set(container.iter(*BLOCK_TAGS))
    start = line.index
    while start > 0 and blocks[start - 1].element in inside:
        start -= 1
    end = line.index + 1
    while end < len(blocks) and blocks[end].element in inside:
        end += 1
    return blocks[start:end]


def _flat_run(blocks: list[Block], line: Block, end: int | None) -> list[Block]:
    """The type line, the summary, and the author's name that closes a teaser."""
    run = [line]
    for block in blocks[line.index + 1: end]:
        if block.is_heading or block.zone != line.zone:
            break
        run.append(block)
        if len(run) > 2 and _is_name(block.text):
            break
    return run


def _teaser(
    line: Block, own_blocks: list[Block], line_elements: set[etree._Element],
    links: list[etree._Element],
    pictures: list[str], base_url: str, origin: str, reference: date | None,
) -> dict[str, str | None]:
    match = TYPE_DATE_LINE.match(line.text)
    assert match is not None
    updated = parse_numeric_date(match.group("updated") or "")
    published = parse_numeric_date(match.group("date"))
    if published is None:
        day_month = parse_day_month(match.group("date"))
        if day_month:
            limit = min(d for d in (reference, updated) if d) if (reference or updated) else None
            published = infer_year(*day_month, on_or_before=limit) if limit else None
    title = None
    texts: list[str] = []
    for block in own_blocks:
        if block.element in line_elements or block.text == line.text:
            continue
        if block.is_heading and title is None and not texts:
            title = block.text
        else:
            texts.append(block.text)
    author = None
    if len(texts) >= 2 and _is_name(texts[-1]):
        author = texts.pop()
    if author is None:
        for alt in pictures:
            named = AUTHOR_PICTURE_ALT.match(clean(alt))
            if named:
                author = named.group(1)
                break
    url = _article_link(links, base_url, origin)
    if title is None:
        title = next((clean(a.get("title")) for a in links if clean(a.get("title"))), None)
    return {
        "url": url,
        "title": title,
        "article_type": match.group("type"),
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "summary": clean(" ".join(texts)) or None,
        "author": author,
    }


def _is_name(text: str) -> bool:
    return len(text) <= 60 and PERSON_NAME.match(text) is not None


def _article_link(links: list[etree._Element], base_url: str, origin: str) -> str | None:
    for link in links:
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if href.startswith("/") and not href.startswith("//"):
            # A site-relative link, the common case: no need for the URL parser.
            if any(part in href for part in NON_ARTICLE_PATHS):
                continue
            return canonical_url(origin + href, origin)
        href = urljoin(base_url, href)
        if not href.startswith(("http://", "https://")) or not is_on_site(href, origin):
            continue
        if any(part in href for part in NON_ARTICLE_PATHS):
            continue
        return canonical_url(href, origin)
    return None
