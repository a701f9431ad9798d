"""Bytes or text -> an lxml tree, with the guards that keep bad input from raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import lxml.html
from lxml import etree
from w3lib.encoding import read_bom

from nul20scraper.extract.decode import decode_html, is_wide_encoding
from nul20scraper.extract.result import NotArticle
from nul20scraper.urls import SavedCopy, saved_copy

# Beyond this, a "page" is not one the site serves; parsing it would only burn memory.
MAX_PAGE_BYTES = 50 * 1024 * 1024
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


@dataclass
class Document:
    root: etree._Element
    encoding: str
    truncated: bool
    warnings: list[str] = field(default_factory=list)
    saved: SavedCopy | None = None  # a saved page's comment: the page it shows, when saved


@cache
def _parser(encoding: str) -> etree.HTMLParser:
    # No id hash table (collect_ids): nothing looks elements up by id, and it costs 5% of a parse.
    return etree.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True,
                            default_doctype=False, collect_ids=False)


def load_document(page: bytes | str, url: str | None) -> Document | NotArticle:
    # A lone surrogate in text has no UTF-8 form: it becomes "?".
    data = page.encode("utf-8", errors="replace") if isinstance(page, str) else bytes(page)
    if not data or data.isspace():  # isspace() stops at the first visible byte
        return NotArticle("empty", "empty document", url)
    if len(data) > MAX_PAGE_BYTES:
        return NotArticle("unreadable", f"page of {len(data)} bytes is over the "
                          f"{MAX_PAGE_BYTES} byte limit", url)
    warnings: list[str] = []
    bom_encoding, _ = read_bom(data)
    wide = bom_encoding is not None and is_wide_encoding(bom_encoding)
    # UTF-16 and UTF-32 are half NUL bytes: a page in them is tested once it is UTF-8.
    if not wide and _looks_binary(data[:8192]):
        return NotArticle("binary", "binary content, not an HTML page", url)
    if isinstance(page, str):
        encoding = "utf-8"
    else:
        decoded = decode_html(data)
        warnings.extend(decoded.warnings)
        encoding = decoded.encoding
        data = decoded.raw
        # libxml2 gets UTF-8 only: it knows fewer charsets than Python (mac-roman, cp500),
        # and repaired or replaced bytes exist only in the decoded text.
        if decoded.warnings or encoding != "utf-8":
            data = decoded.text.encode("utf-8")
        if wide and _looks_binary(data[:8192]):
            return NotArticle("binary", "binary content, not an HTML page", url, warnings)
    parser = _parser("utf-8")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        return NotArticle("unreadable", f"not parseable as HTML: {exc}", url, warnings)
    stopped = parser.error_log.last_error  # a resource limit stops libxml2: the last error
    if stopped is not None and stopped.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
        # Elements nested over 256 deep, or one text over 10 MB. huge_tree would lift both
        # limits, and with them libxml2's own guards on memory: left as they are.
        warnings.append(f"libxml2 stopped reading the page at line {stopped.line}: "
                        f"{stopped.message.strip()}; the rest of the page is not read")
    if root is None or (len(root) == 0 and not (root.text or "").strip()):
        return NotArticle("empty", "document has no content", url, warnings)
    # An AMP page's pictures: an <img> to every layer that looks for pictures. (lxml's tag
    # filter walks the tree in C, in a twentieth of the time a search of the bytes takes.)
    # In the same walk, a lazy-loading theme's <noscript> copy of a picture, which the page
    # scan drops with every <noscript>: the file it names goes to the placeholder before it.
    for picture in root.iter("amp-img", "amp-anim", "noscript"):
        if picture.tag == "noscript":
            _name_placeholder(picture)
        else:
            picture.tag = "img"
    tail = data[-4096:].lower()
    truncated = b"</html" not in tail and b"</body" not in tail
    if truncated:
        warnings.append("page appears truncated: it ends before </body></html>")
    # The parser drops comments; a saved page's own, at its top, names the page it shows
    # (looked for in a page read from no web address: a file, an archive's own).
    saved = None if url and url.startswith(("http://", "https://")) else saved_copy(data)
    return Document(root, encoding, truncated, warnings, saved)


def _name_placeholder(noscript: etree._Element) -> None:
    """`<img src="data:..." data-src=""><noscript><img src="file.jpg"></noscript>`: the
    placeholder right before the copy gets the copy's file as its `data-src`, where it names
    none (lazy-loading scripts read their own attribute; the copy is what a reader without
    scripts sees)."""
    copy = next(noscript.iter("img"), None)
    placeholder = noscript.getprevious()
    if copy is None or placeholder is None or placeholder.tag != "img" or not copy.get("src"):
        return
    if not any(placeholder.get(name) for name in ("data-src", "data-lazy-src", "data-original",
                                                   "data-srcset")):
        placeholder.set("data-src", copy.get("src", ""))


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > max(8, len(head) // 50)
