"""Page bytes without HTTP headers -> text, the way a browser would decode them.

Order: byte-order mark (UTF-8, UTF-16 or UTF-32), then the page's own `<meta charset>`, then
UTF-8 when the bytes are valid UTF-8, else windows-1252 (the HTML standard's fallback for a
Dutch locale). UTF-8 pages with stray windows-1252 bytes (copy-paste damage) are mended with
UnicodeDammit.detwingle.

A `<meta charset>` is found by reading the bytes as ASCII, so it can only name a charset that
writes ASCII as ASCII: one that says UTF-16 or UTF-32 means UTF-8 (the HTML standard's rule),
and one that does not keep ASCII (EBCDIC's cp500) cannot be the page's and is passed over.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache

from bs4.dammit import UnicodeDammit
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

FALLBACK_ENCODING = "cp1252"
# U+0080-U+009F in UTF-8: two bytes, the first 0xC2.
_C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_C1_AS_CP1252 = {code: bytes([code]).decode("cp1252", errors="ignore") or chr(code)
                 for code in range(0x80, 0xA0)}
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


@dataclass
class Decoded:
    raw: bytes  # the page without its byte-order mark
    encoding: str
    warnings: list[str] = field(default_factory=list)
    mended: str | None = None  # the text, where it is not the bytes decoded as they are

    @property
    def text(self) -> str:
        """Made when asked: a parse from bytes needs only the encoding."""
        if self.mended is not None:
            return self.mended
        return self.raw.decode(self.encoding, errors="replace")


def decode_html(data: bytes, header_encoding: str | None = None) -> Decoded:
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        encoding = resolve_encoding(bom_encoding) or "utf-8"
        return _decode(data[len(bom):], encoding, "byte-order mark")
    declared = header_encoding or html_body_declared_encoding(data)
    encoding = resolve_encoding(declared) if declared else None
    warnings: list[str] = []
    if encoding and is_wide_encoding(encoding):
        encoding = "utf-8"
    elif encoding and not _keeps_ascii(encoding):
        warnings.append(f"declared charset {encoding} does not write ASCII as ASCII, so it "
                        "cannot be the page's: ignored")
        encoding = None
    if encoding and encoding != "utf-8":
        return _decode(data, encoding, "declared charset")
    decoded = _decode_undeclared(data, encoding)
    decoded.warnings[:0] = warnings
    return decoded


@cache  # (a few charsets, met on every page)
def is_wide_encoding(encoding: str) -> bool:
    """UTF-16 or UTF-32, of either byte order."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


@cache
def _keeps_ascii(encoding: str) -> bool:
    try:
        return _PRINTABLE_ASCII.decode(encoding) == _PRINTABLE_ASCII.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _decode_undeclared(data: bytes, encoding: str | None) -> Decoded:
    """Bytes that declare UTF-8 or nothing: UTF-8, mended UTF-8, else windows-1252."""
    if _is_utf8(data):
        # (A test for the lead byte runs in C at memory speed; the pattern does not.)
        if b"\xc2" in data and _C1_IN_UTF8.search(data):
            # windows-1252 read as ISO-8859-1 and saved as UTF-8 on the way: `€` and curly
            # quotes became C1 control characters, which no page means to show.
            text = data.decode("utf-8").translate(_C1_AS_CP1252)
            return Decoded(data, "utf-8", ["C1 control characters in the page read as the "
                                           "windows-1252 characters they stand for"], text)
        return Decoded(data, "utf-8")
    if encoding == "utf-8" or _mostly_utf8(data):
        mended = UnicodeDammit.detwingle(data)
        return Decoded(
            data, "utf-8",
            ["invalid UTF-8 bytes in page; windows-1252 bytes mended, others replaced"],
            mended.decode("utf-8", errors="replace"),
        )
    return _decode(data, FALLBACK_ENCODING, "fallback")


def _decode(data: bytes, encoding: str, source: str) -> Decoded:
    try:
        data.decode(encoding)
    except LookupError:
        return decode_html(data, header_encoding="utf-8") if encoding != "utf-8" else Decoded(
            data, "utf-8", ["unknown charset; read as UTF-8"])
    except UnicodeDecodeError:
        return Decoded(data, encoding, [f"bytes invalid in {encoding} ({source}) were replaced"])
    return Decoded(data, encoding)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 sequences than stray high bytes."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid_multibyte = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return valid_multibyte >= invalid
