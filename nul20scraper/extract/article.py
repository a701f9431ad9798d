"""parse_article: one NUL20 page -> one article item, or a NotArticle verdict.

Each field is read in layers: machine-readable metadata, then the CMS markup of the page's
layout, then visible labels. A layer that finds nothing hands over to the next, so a changed
class name costs one field at most. What is missing or ambiguous goes into `warnings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar, overload
from urllib.parse import unquote, urlsplit

from lxml import etree

from nul20scraper.extract.blocks import BLOCK_TAGS, HEADING_TAGS, Block
from nul20scraper.extract.dates import (
    AMSTERDAM,
    as_date,
    iso,
    latest_numeric_date,
    parse_any_date,
    parse_fetched_at,
    parse_iso,
    parse_month_year,
    parse_numeric_date,
    with_time_of_day,
)
from nul20scraper.extract.document import Document, load_document
from nul20scraper.extract.header import (
    MAX_TAG_LIST_LINE,
    NOT_TAG_LIST_ENDS,
    TAG_LIST_REST,
    Header,
    is_kicker_above,
    is_link_text,
    links_of,
    read_foot,
    read_header,
    split_glued_section,
    tag_links,
)
from nul20scraper.extract.kind import PAGER_PREFIXES, PageFacts, body_classes, classify, has_pager
from nul20scraper.extract.labels import (
    ARTICLE_TYPE_ONLY,
    AUTHOR_PICTURE_ALT,
    BARE_CREDIT,
    BODY_END,
    BYLINE,
    COPYRIGHT_SIGN,
    CREDIT_INLINE,
    CREDIT_LABEL,
    DATE_ONLY,
    FIELD_LABEL,
    FIELD_LABEL_CHARS,
    LABEL_ONLY,
    NAME_SEPARATORS,
    PERSON_NAME,
    SIGNATURE_ROLE,
    SOURCE_LABEL,
    TAGS_LABEL,
    TAGS_LABEL_INITIALS,
    TYPE_DATE_LINE,
)
from nul20scraper.extract.layers import Found, LayerName, Provenance, first
from nul20scraper.extract.layouts import (
    LAYOUT_PREFIXES,
    SELECTOR_CLASSES,
    Layout,
    detect_layout,
)
from nul20scraper.extract.layouts.base import Selectors
from nul20scraper.extract.metadata import (
    Metadata,
    ld_names,
    read_metadata,
    read_microdata,
    read_rdfa,
)
from nul20scraper.extract.records import blocks_by_element, teaser_blocks
from nul20scraper.extract.result import ITEM_FIELDS, ArticleItem, NotArticle
from nul20scraper.extract.scan import PageScan, hide_signup_box
from nul20scraper.extract.shapes import ArticleBounds, untitled_teaser_blocks
from nul20scraper.extract.subtree import blocks_within, holds, in_comment_thread
from nul20scraper.extract.teasers import (
    article_url,
    extract_teasers,
    is_teaser_line,
    teaser_line_matches,
)
from nul20scraper.extract.text import all_text, clean, text_of
from nul20scraper.extract.updates import split_updates
from nul20scraper.extract.version import parser_version
from nul20scraper.urls import (
    ARCHIVE_TODAY_HOSTS,
    SITE_ORIGIN,
    Capture,
    SavedCopy,
    archived_capture,
    canonical_link,
    canonical_url,
    checked_link,
    is_on_site,
    js_date,
    origin_of,
    reader_view_page,
    snapshot_from_bar,
    unarchived,
    url_problem,
)

CAPTION_TAGS = ("figcaption", "figure")
# The headings a copy's linked title may be (an e-mail's title is often an h2).
LINKED_TITLE_TAGS = frozenset({"h1", "h2", "h3"})
# The item's fields read from the page in layers (the rest describe the fetch and the parse).
LAYERED_FIELDS: tuple[str, ...] = tuple(
    name for name in ITEM_FIELDS
    if name not in {"language", "fetched_at", "parser_version", "warnings"})
# Compiled once: `element.xpath(...)` compiles its expression on every call.
_LINKS_INSIDE = etree.XPath(".//a[@href]")
_LINKS_AROUND = etree.XPath(".//a[@href] | ancestor::a[@href]")

SITE_NAME_SUFFIX = (" | NUL20", " - NUL20", " – NUL20", " | nul20.nl", " | NUL20.nl")
# The site's name and a word or two after it (`| NUL20 mobiel`, `- NUL20 Magazine`).
# (Separators: `|`, `-`, en and em dashes, the middle dot and bullet of utility themes.)
SITE_NAME_TAIL = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+NUL20(?:\.nl)?(?:\s+\w+){0,2}\s*$",
                            re.IGNORECASE)
SITE_NAME_PREFIX = re.compile(r"^\s*NUL20(?:\.nl)?\s*[|:\u2013\u2014\u00b7\u2022-]\s+",
                              re.IGNORECASE)
PRINT_LINK = re.compile(r"^(?:Printervriendelijke versie|Print(?:en)?|Afdrukken|Versturen|"
                        r"Stuur door|PDF)$", re.IGNORECASE)
ACTION_LINK = re.compile(r"^(?:Reactie toevoegen|Reageer|Reageren|Plaats een reactie|\d+ reacties?|"
                         r"Log in|Inloggen|Registreren|beantwoorden|Permalink|Lees meer)\b",
                         re.IGNORECASE)
_ACTION_PATH = re.compile(r"^(?:https?://[^/]+)?/(?:comment|user|node/add|print|printpdf)(?:/|$)")
PRINT_SOURCE = re.compile(r"^(?:Bron-?URL|Source URL|Originele (?:URL|versie)|URL)\s*:\s*\S",
                          re.IGNORECASE)
PRINT_FOOTNOTE = re.compile(r"\s*\[\d{1,3}\]")
# Class tokens a thread of reader comments starts with (see subtree.COMMENT_CLASSES).
COMMENT_PREFIXES = ("comment", "field--name-comment", "field-name-comment", "reacties")
READER_DOMAIN = "reader-domain"  # Firefox's reader view: its link to the page it shows
# The prefixes of class tokens the parser asks the page scan about.
CLASS_PREFIXES = frozenset((*COMMENT_PREFIXES, READER_DOMAIN, *PAGER_PREFIXES, *LAYOUT_PREFIXES))
SITE_NAMES = frozenset({"nul20", "nul20.nl", "www.nul20.nl"})
NOT_AUTHORS = frozenset({"admin", "administrator", "webmaster", "nul20", "nul20.nl", "redactie"})


_Value = TypeVar("_Value")


@dataclass(slots=True)  # (not frozen: see `layers.Found`)
class BodyParts:
    """The article's text blocks split: the body and the fields set among its lines."""

    body: list[str]
    credit: str | None  # a `Foto:` line opening the text
    signature: str | None  # an editorial's closing signature (the author)
    glued_section: str | None  # `Dossier corporatiefusiesIn de ...`: its label, as section
    glued_kicker: str | None  # the same label when the section is known otherwise
    updates: list[dict]
    warnings: tuple[str, ...]


@dataclass(slots=True)  # (not frozen: see `layers.Found`)
class LeadPicture:
    url: str
    caption: str | None
    credit: str | None
    layer: LayerName
    element: etree._Element | None = None  # the <img> shown, where the page shows it


class cached_field(Generic[_Value]):  # lower case, like the decorator it stands in for
    """`functools.cached_property` without its lock. Python 3.11's takes an RLock on each
    first access, which costs more than many a field (some 50 us of a page's parse); a parser
    serves one thread."""

    def __init__(self, compute: Callable[[Any], _Value]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_field[_Value]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _Value: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        # Stored in the instance: later reads find it there and never reach this descriptor.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


def parse_article(
    page: bytes | str, url: str | None = None, fetched_at: datetime | str | None = None
) -> ArticleItem | NotArticle:
    """The article item of one page: a pure function of the page, its URL and fetch time.

    Never raises: an input the parser cannot read is a NotArticle('unreadable', reason) that
    names the error, so one bad page never stops a crawl or a re-parse. A page that is not
    bytes or text is the caller's error, and raises TypeError.
    """
    return parse_article_with_provenance(page, url, fetched_at).result


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """A parse's result and, per field of an item, the layer that answered it ("metadata",
    "cms", "structure", "labels", "derived", or "none" when no layer found a value). The
    layers are not part of the item: the item's schema is a contract."""

    result: ArticleItem | NotArticle
    layers: Mapping[str, LayerName] = field(default_factory=dict)  # empty for a NotArticle


def parse_article_with_provenance(
    page: bytes | str, url: str | None = None, fetched_at: datetime | str | None = None
) -> ParseOutcome:
    """`parse_article`, with the layer that answered each field of the item."""
    if not isinstance(page, bytes | bytearray | memoryview | str):
        raise TypeError(f"a page is bytes or str, not {type(page).__name__}")
    warnings: list[str] = []
    try:
        document = load_document(page, url)
        if isinstance(document, NotArticle):
            return ParseOutcome(document)
        warnings = document.warnings
        parser = ArticleParser(document, url, parse_fetched_at(fetched_at, document.warnings))
        verdict = classify(parser.facts())
        if verdict is not None:
            return ParseOutcome(verdict)
        item = parser.item()
        return ParseOutcome(item, {name: parser.provenance.layers.get(name, "none")
                                   for name in LAYERED_FIELDS})
    except Exception as exc:  # the guard of last resort; the known causes are mended
        reason = f"{type(exc).__name__}: {exc}"[:300]
        return ParseOutcome(
            NotArticle("unreadable", f"page could not be read: {reason}", url, warnings))


class ArticleParser:
    """The fields of one parsed page; each property is one field, read in layers."""

    def __init__(self, document: Document, url: str | None, fetched_at: datetime | None):
        self.document = document
        self.tree = document.root
        self.meta: Metadata = read_metadata(self.tree)
        # A page replayed by the Web Archive: its fields are those of the page it replays,
        # as the site showed it on the day of the capture (not of the fetch from the archive).
        # An archive.today snapshot names the page and the capture in its `bookmark` link.
        self.capture = (archived_capture(url) or archived_capture(self.meta.links.get("canonical"))
                        or archived_capture(self.meta.archived_as)
                        or archived_capture(self.meta.links.get("bookmark")))
        for form in self.meta.forms:  # a newsletter's signup box goes with its form
            hide_signup_box(form)
        self.index = PageScan(self.tree, indexed=SELECTOR_CLASSES, prefixes=CLASS_PREFIXES)
        if self.capture is None and _may_be_snapshot(url, self.index.blocks):
            self.capture = self._snapshot_bar()  # the snapshot's head is gone: its header bar
        if self.capture is not None and self.capture.rewrites_head:
            self.meta.drop_snapshot_head()
            if url and not url.startswith("file://"):
                url = self.capture.url  # fetched by its short link, which names nothing
        # A browser's reader view is named by the page it shows (`about:reader?url=...`).
        url = (reader_view_page(url) or unarchived(url)) if url else url
        self.fetched_url = url
        self.fetched_at = fetched_at
        self.title_inferred = False  # no title element: the headline line was found by text
        self._tags_by_path = False  # the tags are a bare list of links to tag pages
        self.warnings: list[str] = list(document.warnings)
        self.provenance = Provenance()
        # The RDFa of reader comments (their dates, titles) describes the comments.
        # (Most pages have no comment thread: one look at the class tokens spares the walks.)
        self.has_comments = any(self.index.has_prefix(prefix) for prefix in COMMENT_PREFIXES)
        read_rdfa(self.meta, [e for e in self.index.with_property
                              if not (self.has_comments and in_comment_thread(e))])
        read_microdata(self.meta, self.index.with_itemprop, self.in_aside)
        self.layout: type[Layout] = detect_layout(self.index, self.meta.first("generator"))
        # A page saved from the browser names the page it shows: in a comment at its top
        # (SingleFile, a browser's `saved from url=`), in Save Page WE's `savepage-*` meta,
        # or, in a saved reader view, in the reader's link to the page.
        self.saved: SavedCopy | None = document.saved or _savepage_meta(self.meta)
        if self.saved is None and (not url or url.startswith("file:")) and (
            self.index.has_prefix(READER_DOMAIN)
        ):
            self.saved = self._reader_domain_link()
        http_url = url if url and url_problem(url) is None else None
        self.origin = origin_of(http_url) if http_url else SITE_ORIGIN
        canonical = self.meta.links.get("canonical")
        # A canonical link that is no http(s) URL is warned of once, by the `url` field.
        joined = checked_link(http_url or SITE_ORIGIN, canonical, "canonical link", []) if (
            canonical) else None
        self.base_url = joined or http_url or SITE_ORIGIN

    def _snapshot_bar(self) -> Capture | None:
        """archive.today's header bar: the original URL (its `Saved from` field is a form
        input, which the page scan drops, but its `search` and `history` links name the URL
        too: `archive.ph/<url>`) and the time of capture among its first lines."""
        bar = self.index.blocks[:SNAPSHOT_BAR_BLOCKS]
        for block in bar:
            for link in _LINKS_INSIDE(block.element):
                if (match := SNAPSHOT_SEARCH.match(link.get("href", ""))) is not None:
                    return snapshot_from_bar(match["url"], [b.text for b in bar])
        return None

    def _reader_domain_link(self) -> SavedCopy | None:
        """Firefox's reader view links to the page it shows above the title (`reader-domain`)."""
        for link in self.tree.iter("a"):
            if READER_DOMAIN in (link.get("class") or "").split() and (
                (href := (link.get("href") or "").strip()).startswith(("http://", "https://"))
            ):
                return SavedCopy(href)
        return None

    def _answer(self, name: str, found: Found[_Value]) -> Found[_Value]:
        """Records which layer answered a field and keeps its warnings with the item's."""
        self.warnings.extend(found.warnings)
        return self.provenance.record(name, found)

    # -- page structure -------------------------------------------------------------------

    def facts(self) -> PageFacts:
        """What `classify` needs to tell an article from other pages."""
        title_index = self.title_index  # first: it tells whether the title was inferred
        header = self.header
        return PageFacts(
            url=self.url or "",  # None: the page gave no usable URL, nor did the caller
            body_classes=body_classes(self.tree),
            headline=self.headline,
            title_index=title_index,
            title_inferred=self.title_inferred,
            has_body_markup=self.body_container is not None,
            shows_article_header=bool(header.date_text or header.credit or header.bylines
                                      or header.updated_text),
            teaser_lines=self.teaser_lines,
            text_blocks=self._text_blocks,
            has_pager=has_pager(self.index.has_prefix),
            warnings=self.warnings,
        )

    def _first_text(self, selectors: Selectors) -> str | None:
        """The CMS layer for a one-line field: the first non-empty text the selectors name."""
        for element in self.select(selectors):
            if text := text_of(element):
                return text
        return None

    def in_aside(self, element: etree._Element) -> bool:
        return self.index.zone(element) == "aside"

    @property
    def blocks(self) -> list[Block]:
        return self.index.blocks

    @cached_field
    def _title_texts(self) -> list[str]:
        """The texts of the layout's title elements (the headline and the title line both)."""
        return [text_of(element) for element in self.index.select(self.layout.TITLE)]

    @cached_field
    def title_index(self) -> int | None:
        titles = self._title_texts
        if self._headline.layer == "structure" and self._agreed_heading is not None:
            return self._agreed_heading.index
        if self._headline.layer == "structure" and (linked := self._linked_title) is not None and (
            linked.text == self._headline.value
        ):
            return linked.index
        for block in self.blocks:
            if block.zone == "main" and (block.tag == "h1" or (block.text in titles and titles)):
                return block.index
        # No title element: the first line that says the headline (from metadata) is it.
        headline = self.headline
        for block in self.blocks:
            if block.zone == "main" and block.text == headline:
                self.title_inferred = True
                return block.index
        return None

    @cached_field
    def header(self) -> Header:
        if self.title_index is None:
            return Header()
        return read_header(self.blocks, self.title_index, self.headline or "")

    @cached_field
    def body_container(self) -> etree._Element | None:
        for element in self.index.select(self.layout.BODY):
            if not self.in_aside(element):
                return element
        return None

    @cached_field
    def article_root(self) -> etree._Element | None:
        """The article's own node: CMS fields outside it belong to teasers or blocks."""
        container = self.body_container
        if container is None:
            return None
        for ancestor in container.iterancestors():
            tokens = (ancestor.get("class") or "").split()
            if ancestor.tag == "article" or "node" in tokens or "node-full" in tokens:
                return ancestor
        return None

    def select(self, selectors: Selectors) -> list[etree._Element]:
        """The CMS layer: the layout's selector, within the article's own node, outside the
        thread of reader comments that Drupal renders inside the node."""
        root = self.article_root
        found = self.index.select(selectors, within=root)
        if self.has_comments:
            found = [e for e in found if not in_comment_thread(e)]
        if root is not None:
            return found
        return [e for e in found if not self.in_aside(e)]

    @cached_field
    def body_containers(self) -> list[etree._Element]:
        """The body field and the text fields after it in the article's node that continue it
        (Drupal Paragraphs: text items between quote, image and video items), in page order,
        none inside another. Empty without a body container."""
        first = self.body_container
        if first is None:
            return []
        found = [first]
        for element in self.select(self.layout.BODY):
            if element is not first and not holds(found[-1], element) and not (
                self.in_aside(element) or _in_caption(element)
            ):
                found.append(element)
        return found

    @cached_field
    def _body_blocks(self) -> list[Block] | None:
        """The blocks of the body containers' subtrees; None without a body container."""
        containers = self.body_containers
        if not containers:
            return None
        if len(containers) == 1:
            return blocks_within(containers[0], self.blocks)
        return [block for container in containers
                for block in blocks_within(container, self.blocks)]

    @cached_field
    def teaser_lines(self) -> list[Block]:
        return [block for block, _ in self._teaser_line_matches]

    @cached_field
    def _teaser_line_matches(self) -> list[tuple[Block, re.Match[str]]]:
        """The teaser lines outside the header and the body, with what their pattern read."""
        # The header's and the body's blocks are passed over before the pattern is tried.
        passed_over = self.header.consumed.union(block.index for block in self._body_blocks or ())
        return teaser_line_matches(self.blocks, passed_over)

    # -- fields ---------------------------------------------------------------------------

    @cached_field
    def url(self) -> str | None:
        """link rel=canonical; the `Bron-URL:` line of a print version; for a page read from
        a file, the page a saved copy names, else the article its title links to; the fetched
        URL."""
        return self._answer("url", first(None, self._url_canonical, self._url_print_source,
                                         self._url_saved_copy, self._url_title_link,
                                         self._url_fetched)).value

    def _fetched_from_file(self) -> bool:
        """Whether the page came from no web address (a file, or no URL given)."""
        fetched = self.fetched_url
        return not fetched or not fetched.startswith(("http://", "https://"))

    def _url_saved_copy(self) -> Found[str | None] | None:
        """A page saved from the browser, parsed from its file: the page it names."""
        if self.saved is None or not self._fetched_from_file():
            return None
        problems: list[str] = []
        found = canonical_link(self.saved.url, self.saved.url, self.origin, "saved page's URL",
                               problems)
        return Found(found, "metadata", tuple(problems))

    def _url_title_link(self) -> Found[str | None] | None:
        """A copy of an article away from the site (a newsletter e-mail saved to a file): its
        title is a link to the article on the site."""
        if not self._fetched_from_file() or self.title_index is None:
            return None
        found = self._links_to_article(self.blocks[self.title_index])
        return Found(found, "structure") if found is not None else None

    def _url_canonical(self) -> Found[str | None] | None:
        canonical = self.meta.links.get("canonical")
        if not canonical:
            return None
        problems: list[str] = []
        found = canonical_link(self.base_url, canonical, self.origin, "canonical link", problems)
        return Found(found, "metadata", tuple(problems))

    def _url_print_source(self) -> Found[str | None] | None:
        """A print version (Drupal's print module, `/print/node/<nid>`) names the article it
        prints at its foot: `Bron-URL: <link>`."""
        for block in reversed(self.blocks[-12:]):  # at the foot of the page
            if not PRINT_SOURCE.match(block.text):
                continue
            for link in _LINKS_INSIDE(block.element):
                problems: list[str] = []
                found = canonical_link(self.base_url, link.get("href", ""), self.origin,
                                       "print source link", problems)
                if found is not None and is_on_site(found, self.origin):
                    return Found(found, "labels", tuple(problems))
        return None

    def _url_fetched(self) -> Found[str | None]:
        fetched = self.fetched_url
        if fetched and fetched.startswith("file://"):  # a saved page, parsed from its file
            if self.capture is not None:  # a saved Web Archive copy names the page it shows
                return Found(canonical_url(self.capture.url, self.origin), "derived")
            return Found(fetched, "derived")
        problems: list[str] = []
        if fetched and canonical_link(fetched, fetched, self.origin, "page URL", problems):
            return Found(canonical_url(fetched, self.origin), "derived", tuple(problems))
        problems.append("no URL: no usable canonical link and no page URL given")
        return Found(None, "derived", tuple(problems))

    @cached_field
    def _headline(self) -> Found[str | None]:
        """CMS title field; a heading the metadata agrees with; og:title or JSON-LD headline;
        the first h1 of the main content; in a copy away from the site, the first heading that
        links to an article of the site; <title> less the site name."""
        return self._answer("headline", first(
            None, self._headline_cms, self._headline_agreed, self._headline_metadata,
            self._headline_h1, self._headline_linked, self._headline_title))

    @property
    def headline(self) -> str | None:
        return self._headline.value

    def _headline_cms(self) -> Found[str | None] | None:
        text = next((text for text in self._title_texts if text), None)
        return Found(text, "cms") if text else None

    @cached_field
    def _metadata_names(self) -> list[str]:
        """What the metadata calls the page: JSON-LD headline, og:title, <title> less the site."""
        names = [self.meta.ld("headline"), self.meta.first("og:title", "twitter:title"),
                 self.meta.title]
        return [_strip_site_name(clean(name)) for name in names
                if isinstance(name, str) and clean(name)]

    @cached_field
    def _agreed_heading(self) -> Block | None:
        """The first heading of the main content that the metadata names: where the theme
        puts the title (an h1, or an h2 under a logo h1), found by agreement, not by tag."""
        wanted = {_comparable(name) for name in self._metadata_names}
        if not wanted:
            return None
        for block in self.blocks:
            if block.zone == "main" and block.is_heading and _comparable(block.text) in wanted:
                return block
        return None

    def _headline_agreed(self) -> Found[str | None] | None:
        block = self._agreed_heading
        return Found(block.text, "structure") if block is not None else None

    def _headline_metadata(self) -> Found[str | None] | None:
        from_meta = self.meta.ld("headline") or self.meta.first("og:title", "twitter:title")
        if isinstance(from_meta, str) and clean(from_meta):
            return Found(_strip_site_name(clean(from_meta)), "metadata")
        return None

    def _headline_h1(self) -> Found[str | None] | None:
        for block in self.blocks:
            if block.tag == "h1" and block.zone == "main" and not _is_site_name(block.text):
                return Found(block.text, "structure")
        return None

    def _headline_linked(self) -> Found[str | None] | None:
        block = self._linked_title
        return Found(block.text, "structure") if block is not None else None

    @cached_field
    def _linked_title(self) -> Block | None:
        """In a copy of an article away from the site (a newsletter e-mail saved to a file,
        whose <title> is the newsletter's), the first heading of the main content that is a
        link to an article of the site: the article's title."""
        if not self._fetched_from_file():
            return None
        for block in self.blocks:
            if block.zone == "main" and block.tag in LINKED_TITLE_TAGS and (
                self._links_to_article(block) is not None
            ):
                return block
        return None

    def _links_to_article(self, block: Block) -> str | None:
        """The article of the site that a block is all a link to; None if it is none."""
        urls = {article_url(a.get("href"), self.base_url, self.origin)
                for a in _LINKS_AROUND(block.element)}
        if len(urls) != 1 or None in urls or not is_link_text(block):
            return None
        return urls.pop()

    def _headline_title(self) -> Found[str | None] | None:
        if self.meta.title and _strip_site_name(self.meta.title):
            return Found(_strip_site_name(self.meta.title), "metadata")
        return None

    @cached_field
    def published(self) -> date | datetime | str | None:
        """Metadata (JSON-LD, article:published_time, RDFa dc:date); the CMS date field; the
        `<time datetime>` of the date line; the date line under the title; the date line
        below the text (a theme's meta at the foot); a loose date line."""
        found = first(None, self._published_metadata, self._published_cms,
                      self._published_time_element, self._published_labels,
                      self._published_foot, self._published_loose)
        if found.layer == "none":
            found = Found(None, "none", (*found.warnings, "no publication date found"))
        return self._answer("published", found).value

    def _published_metadata(self) -> Found[date | datetime | str | None] | None:
        from_meta, warnings = _meta_date(
            self.meta.ld("datePublished"),
            self.meta.first("article:published_time", "og:published_time", "date",
                            "dcterms.date", "dc.date.issued", "dcterms.created"),
            self.meta.rdfa_first("dc:date", "dc:created", "dcterms:created"),
        )
        if from_meta is None:
            return Found(None, "metadata", warnings)
        visible = first(None, self._published_cms, self._published_time_element,
                        self._published_labels).value
        if visible is not None and not isinstance(visible, str) and (
            as_date(from_meta) != as_date(visible)
        ):
            warnings += (f"metadata date {iso(from_meta)} differs from the date shown, {visible}",)
        return Found(_date_only_if_midnight(from_meta), "metadata", warnings)

    def _published_cms(self) -> Found[date | datetime | str | None] | None:
        for element in self.select(self.layout.DATE):
            stated = element.get("datetime") or element.get("content")
            if stated is None:  # a date field that wraps its <time datetime>
                time = next(element.iter("time"), None)
                stated = time.get("datetime") if time is not None else None
            found = parse_iso(stated) if stated else None
            if found is not None:
                found = _date_only_if_midnight(found)  # a date-only field states midnight
            if found is None:
                text = text_of(element)
                if (day := parse_any_date(text)) is not None:
                    found = with_time_of_day(day, text)  # `di, 12/10/2021 - 09:30`
            if found is not None:
                return Found(found, "cms")
        return None

    def _published_time_element(self) -> Found[date | datetime | str | None] | None:
        stated = self._header_time()
        return Found(stated, "structure") if stated is not None else None

    def _published_labels(self) -> Found[date | datetime | str | None] | None:
        return _date_line(self.header.date_text)

    def _published_foot(self) -> Found[date | datetime | str | None] | None:
        """The date line below the text: its `<time datetime>`, else its text."""
        foot = self._foot
        if foot.date_text is None:
            return None
        for index in sorted(foot.consumed):
            for time in self.blocks[index].element.iter("time"):
                if (stated := time.get("datetime")) and (found := parse_iso(stated)):
                    return Found(_date_only_if_midnight(found), "structure")
        found = _date_line(foot.date_text)
        if found is not None and isinstance(found.value, date) and (
            not isinstance(found.value, datetime)
        ):  # the line's own time of day (`ma, 13/03/2023 - 10:15`)
            line = next(self.blocks[i].text for i in sorted(foot.consumed)
                        if foot.date_text in self.blocks[i].text)
            found = Found(with_time_of_day(found.value, line), "labels")
        return found

    def _published_loose(self) -> Found[date | datetime | str | None] | None:
        return _date_line(self._loose_date_line())

    @cached_field
    def _foot(self) -> Header:
        """The byline and date lines below the article's text, past its tags: where a theme
        puts the node's meta (its byline and its date) after the text. Not read when the
        header shows the date: the meta is there."""
        text = self._text_blocks
        if not text or self.header.date_text is not None:
            return NO_FOOT
        return read_foot(self.blocks, text[-1].index + 1)

    def _header_time(self) -> date | datetime | None:
        """A `<time datetime>` in the lines under the title (an HTML5 theme's date line)."""
        for index in sorted(self.header.consumed):
            element = self.blocks[index].element
            for time in element.iter("time"):
                updated = self.header.updated_text
                if updated and text_of(time) in updated:
                    continue  # the `Geactualiseerd op:` date, not the publication date
                if (stated := time.get("datetime")) and (found := parse_iso(stated)):
                    return found
        return None

    def _loose_date_line(self) -> str | None:
        """A date line away from the title (video pages print `(03-2009)` under the text)."""
        root = self.article_root
        consumed = self.header.consumed
        for block in self.blocks:
            if block.zone == "main" and block.index not in consumed and (
                DATE_ONLY.match(block.text)
            ) and (root is None or holds(root, block.element)):
                return block.text
        return None

    @cached_field
    def updated(self) -> date | datetime | None:
        """Metadata (JSON-LD dateModified, article:modified_time); the CMS field; the
        `Geactualiseerd op` line; the latest update block of the body."""
        return self._answer("updated", first(
            None, self._updated_metadata, self._updated_cms, self._updated_label,
            self._updated_from_updates)).value

    def _updated_metadata(self) -> Found[date | datetime | None]:
        found, warnings = _meta_date(
            self.meta.ld("dateModified"),
            self.meta.first("article:modified_time", "og:updated_time", "dcterms.modified"),
        )
        return Found(found, "metadata", warnings)

    def _updated_cms(self) -> Found[date | datetime | None] | None:
        for element in self.select(self.layout.UPDATED):
            if found := parse_any_date(text_of(element)):
                return Found(found, "cms")
        return None

    def _updated_label(self) -> Found[date | datetime | None] | None:
        if self.header.updated_text:
            if found := parse_any_date(self.header.updated_text):
                return Found(found, "labels")
            return Found(None, "labels",
                         (f"unreadable update date: {self.header.updated_text!r}",))
        if self.header.updated_label_without_date:
            return Found(None, "labels", ("'Geactualiseerd op' is shown without a date",))
        return None

    def _updated_from_updates(self) -> Found[date | datetime | None] | None:
        # The latest update block the page shows dates the last change to the article.
        dates = [u["date"] for u in self.updates if u["date"]]
        return Found(parse_iso(max(dates)), "labels") if dates else None

    @cached_field
    def article_type(self) -> str | None:
        """The CMS type field; the type line under the title; a category link naming a
        type; a /video/ path."""
        return self._answer("article_type", first(
            None, lambda: self._cms_text(self.layout.ARTICLE_TYPE),
            lambda: Found(self.header.article_type, "labels"),
            self._article_type_category,
            self._article_type_from_path)).value

    def _article_type_category(self) -> Found[str | None] | None:
        """A category link (`rel="category tag"`, WordPress's `Geplaatst in X`) that names
        one of the site's article types; another category is no type."""
        for link, rels in self._rel_links:
            if "category" in rels and ARTICLE_TYPE_ONLY.match(text := text_of(link)):
                return Found(text, "structure")
        return None

    def _article_type_from_path(self) -> Found[str | None] | None:
        if urlsplit(self.url or "").path.startswith("/video/"):
            return Found("Video", "derived")
        return None

    def _cms_text(self, selectors: Selectors) -> Found[str | None] | None:
        text = self._first_text(selectors)
        return Found(text, "cms") if text else None

    @cached_field
    def section(self) -> str | None:
        """The CMS section field; the section label above the title; a label glued to the
        first line of text (`Dossier corporatiefusiesIn de ...`)."""
        return self._answer("section", first(
            None, lambda: self._cms_text(self.layout.SECTION),
            lambda: Found(self.header.section, "labels"),
            lambda: Found(self._body_parts.glued_section, "labels"))).value

    @cached_field
    def kicker(self) -> str | None:
        """The CMS kicker field; a heading right after the title; the line between the section
        label and the title; without a section label, a short line right above the title in
        its own group; a glued label when the section is known otherwise."""
        return self._answer("kicker", first(
            None, lambda: self._cms_text(self.layout.KICKER),
            lambda: Found(self.header.kicker, "structure"),
            self._kicker_before_title,
            lambda: Found(self._body_parts.glued_kicker, "labels"))).value

    def _kicker_before_title(self) -> Found[str | None] | None:
        """With a section label: the line between it and the title (labels). Without one: a
        short line right above the title that opens the title's own group (structure)."""
        if self.section is None:
            return self._kicker_above_title()
        for block in reversed(self.header.before):
            if _is_kicker(block.text) and block.text != self.section and not (
                is_link_text(block)
            ):
                return Found(block.text, "labels")
        return None

    def _kicker_above_title(self) -> Found[str | None] | None:
        title_index = self.title_index
        if title_index is None or not self.header.before:
            return None
        block = self.header.before[-1]
        if block.index != title_index - 1:
            return None  # a line the header claimed (a date, a byline) stands in between
        text = block.text
        if text in (self.headline, self.article_type) or _is_site_name(text) or (
            BODY_END.match(text)  # (it names every teaser block title too)
        ):
            return None
        if not is_kicker_above(block, self.blocks[title_index]):
            return None
        return Found(text, "structure")

    @cached_field
    def authors(self) -> list[str]:
        """JSON-LD author; author meta tags; the CMS author field; the byline under the title
        (`Door X`, `Tekst: X`, an author card); an editorial's closing signature; the byline
        below the text."""
        found = first([], self._authors_jsonld, self._authors_meta, self._authors_cms,
                      self._authors_byline, self._authors_rel, self._authors_signature,
                      self._authors_foot)
        if found.layer == "metadata" and self.header.bylines:
            # Metadata that names the first author only (Ghost's JSON-LD names its `primary
            # author`): the byline the page shows names them all.
            shown = self._authors_byline().value
            if len(shown) > len(found.value) and set(found.value) < set(shown):
                found = Found(shown, "labels", found.warnings)
        unique: list[str] = []
        for name in found.value:
            if name.lower() not in NOT_AUTHORS and name not in unique:
                unique.append(name)
        return self._answer("authors", Found(unique, found.layer, found.warnings)).value

    def _authors_jsonld(self) -> Found[list[str]]:
        return Found(ld_names(self.meta.ld("author")), "metadata")

    def _authors_meta(self) -> Found[list[str]] | None:
        meta_author = self.meta.first("author", "article:author", "dcterms.creator")
        if meta_author and not meta_author.startswith("http"):
            return Found(_split_names(meta_author), "metadata")
        return None

    def _authors_cms(self) -> Found[list[str]]:
        names: list[str] = []
        for element in self.select(self.layout.AUTHORS):
            text = text_of(element)
            byline = BYLINE.match(text)  # the field's text may carry its `Door`
            names.extend(_split_names(byline.group(1) if byline else text))
        return Found(names, "cms")

    def _authors_byline(self) -> Found[list[str]]:
        return Found([name for line in self.header.bylines for name in _split_names(line)],
                     "labels")

    def _authors_rel(self) -> Found[list[str]]:
        """`<a rel="author">` links in the main column (HTML5 themes), without a `Door`."""
        names = [text_of(a) for a, rels in self._rel_links if "author" in rels]
        return Found([name for name in names if name], "structure")

    @cached_field
    def _rel_links(self) -> list[tuple[etree._Element, list[str]]]:
        """The links of the main column that say what they are (`rel="author"`, `tag`,
        `category`), with their rel tokens: the page scan notes them in its one pass."""
        return [(a, rel.lower().split()) for a in self.index.with_rel
                if (rel := a.get("rel")) and self.index.zone(a) == "main"]

    def _authors_foot(self) -> Found[list[str]]:
        return Found([name for line in self._foot.bylines for name in _split_names(line)],
                     "labels")

    def _authors_signature(self) -> Found[list[str]]:
        signature = self._body_parts.signature
        return Found([signature] if signature else [], "labels")

    @cached_field
    def image(self) -> dict[str, str | None] | None:
        """The CMS image field; the shown rendition of og:image / JSON-LD image; og:image;
        a figure's picture; the first picture after the title (see `_lead_picture`)."""
        picture = self._lead_picture
        if picture is None:
            return self._answer("image", Found(None, "none")).value
        return self._answer("image", Found(
            {"url": picture.url, "caption": picture.caption}, picture.layer)).value

    @cached_field
    def photo_credit(self) -> str | None:
        """The CMS credit field; the lead picture's caption (`Foto:`, `©`, a bare credit); the
        credit line under the title; a credit line opening the text; a video's `Bron:`."""
        return self._answer("photo_credit", first(
            None, self._credit_cms,
            lambda: Found(self._lead_picture.credit if self._lead_picture else None, "labels"),
            lambda: Found(self.header.credit, "labels"),
            lambda: Found(self._body_parts.credit, "labels"),
            self._credit_video_source)).value

    def _credit_cms(self) -> Found[str | None] | None:
        picture = self._lead_picture
        shown = picture.element if picture is not None else None
        for element in self.select(self.layout.IMAGE_CREDIT):
            if shown is not None and not _belongs_to_picture(element, shown,
                                                                self._picture_holders):
                continue  # the credit of another picture in the text (a Paragraphs item)
            if text := clean(CREDIT_LABEL.sub("", text_of(element), count=1)):
                return Found(text, "cms")
        return None

    def _credit_video_source(self) -> Found[str | None] | None:
        if self.article_type != "Video":
            return None
        return Found(self.header.source or self._source_line(), "labels")

    def _source_line(self) -> str | None:
        """A video's `Bron:` line below its text: the label with its value, or the label with
        the value in the next block."""
        start = (self.title_index or 0) + 1
        blocks = self.blocks
        for block in blocks[start:]:
            if block.zone != "main" or not block.text.lower().startswith("bron"):
                continue
            if LABEL_ONLY.match(block.text) and block.index + 1 < len(blocks):
                value = blocks[block.index + 1].text
                return value if len(value) <= 60 else None
            if SOURCE_LABEL.match(block.text) and len(block.text) < 60:
                return clean(SOURCE_LABEL.sub("", block.text, count=1)) or None
        return None

    @cached_field
    def _lead_picture(self) -> LeadPicture | None:
        """The lead picture, its caption and credit, and the layer that found it."""
        image = None
        layer: LayerName = "cms"
        for element in self.select(self.layout.IMAGE):
            if _image_src(element) and not _is_author_picture(element):
                image = element
                break
        src = _image_src(image) if image is not None else None
        if src is None:
            layer = "metadata"
            src = self.meta.first("og:image", "twitter:image")
            if src and _is_site_default_image(src):
                src = None
            ld_image = self.meta.ld("image")
            if not src and ld_image:
                src = ld_image.get("url") if isinstance(ld_image, dict) else (
                    ld_image[0] if isinstance(ld_image, list) and ld_image else ld_image)
                if isinstance(src, str) and _is_site_default_image(src):
                    src = None
            if isinstance(src, str) and (shown := self._shown_rendition(src)) is not None:
                # The picture the page shows of the metadata's file (a style's rendition).
                image, src = shown, _image_src(shown)
        if src is None:
            layer = "structure"
            image = self._figure_image()
            src = _image_src(image) if image is not None else None
        if src is None and self.body_container is None:
            image = self._scope_image()
            src = _image_src(image) if image is not None else None
        if not isinstance(src, str) or not src.strip():
            return None
        caption_lines: list[str] = []
        for element in self.select(self.layout.IMAGE_CAPTION):
            if image is None or _belongs_to_picture(element, image, self._picture_holders):
                caption_lines.extend(self._lines(element))
        if not caption_lines and image is not None:
            figure = next(image.iterancestors("figure"), None)
            caption = next(figure.iterdescendants("figcaption"), None) if (
                figure is not None) else None
            if caption is not None:
                caption_lines = self._lines(caption)
            elif clean(image.get("title")):
                caption_lines = [clean(image.get("title"))]
        if not caption_lines:
            caption_lines = self.header.caption
        caption, credit = _split_caption(caption_lines)
        if "/_" in src or "/cdn-cgi/" in src:
            src = _proxied_file(src)
        url = checked_link(self.base_url, src, "image", self.warnings)
        if url is not None and is_on_site(url, self.origin):  # the rebuild host's files
            url = canonical_link(url, url, self.origin, "image", self.warnings)  # are the site's
        if url is None:
            return None
        return LeadPicture(url, caption, credit, layer, image)

    def _shown_rendition(self, src: str) -> etree._Element | None:
        """The <img> of the main content that shows the file `src` names (same file name)."""
        name = _file_name(src)
        if not name:
            return None
        for image in self.tree.iter("img"):
            shown = _image_src(image)
            if shown and _file_name(shown) == name and not self.in_aside(image) and not (
                _is_author_picture(image)
            ):
                return image
        return None

    def _lines(self, element: etree._Element) -> list[str]:
        """The lines of the blocks of element and of the block elements inside it."""
        inside = set(element.iter())  # one walk of the subtree, not one walk up per block
        return [line for block in self.blocks if block.element is element or (
            block.tag in BLOCK_TAGS and block.element in inside) for line in block.lines]

    def _figure_image(self) -> etree._Element | None:
        scope = self.body_container if self.body_container is not None else self.tree
        # `.//figure//img`, with lxml's tag filters (`iterfind` parses its path in Python).
        for image in (i for f in scope.iterdescendants("figure") for i in f.iterdescendants("img")):
            if _image_src(image) and not _is_author_picture(image) and not self.in_aside(image):
                return image
        return None

    @cached_field
    def _text_blocks(self) -> list[Block]:
        """The article's own text blocks, updates included, in reading order."""
        container = self.body_container
        if container is not None:
            if _in_caption(container):  # then so is every block in it
                return []
            containers = self.body_containers
            if len(containers) == 1 and next(container.iter(*SET_APART_TAGS), None) is None and (
                not any(_is_set_apart(e) for e in container.iter("blockquote", "div"))
            ):
                return list(self._body_blocks or [])  # nothing set apart from the text
            return [block for top in containers
                    for set_apart in (_SetApartBelow(top),)
                    for block in blocks_within(top, self.blocks)
                    if not set_apart(block.element)]
        if self.title_index is None:
            return []
        start = self.header.first_text_index
        if start is None:
            return []
        found: list[Block] = []
        teaser_indexes = {b.index for b in self.teaser_lines}
        blocks = self.blocks
        scope = self._article_scope
        set_apart_in_scope = _SetApartBelow(scope) if scope is not None else None
        from_file = self._fetched_from_file()
        for block in blocks[start:]:
            if block.index in teaser_indexes:
                break
            if scope is not None and not holds(scope, block.element):
                break  # past the cell or column that holds the title and the text: a footer
            if block.zone != "main":
                if scope is not None and block.zone == "aside":
                    continue  # an <aside> inside the text's column: a pull quote, a box
                break
            if BODY_END.match(block.text):  # a teaser block's title is one too
                break
            if from_file and found and _may_be_self_link(block) and self._links_here(block):
                continue  # `Lees het artikel op nul20.nl »` in a copy of the article
            after = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
            if found and LABEL_ONLY.match(block.text) and after and (
                is_link_text(after) or len(after.text) <= 60
            ):
                break  # a field after the text (`Editie:` + its link, `Bron:` + `AT5`)
            if block.index in self.header.consumed or _in_caption(block.element):
                continue
            if set_apart_in_scope is not None and set_apart_in_scope(block.element):
                continue  # a pull quote or an embedded post in the text
            if DATE_ONLY.match(block.text):
                continue
            if CREDIT_LABEL.match(block.text) and len(block.text) <= 80 and (
                self._follows_picture(block) or (found and self._follows_picture(found[-1]))
            ):
                # A picture in the text, its credit and perhaps its caption line before it.
                if found and found[-1].index == block.index - 1 and (
                    self._follows_picture(found[-1]) and len(found[-1].text) <= 200
                ):
                    found.pop()
                continue
            found.append(block)
        return found

    def _links_here(self, block: Block) -> bool:
        """Whether the block is nothing but a link to the article itself."""
        links = links_of(block.element)
        return bool(links) and self.url is not None and all(
            article_url(a.get("href"), self.base_url, self.origin) == self.url for a in links
        ) and is_link_text(block)

    @cached_field
    def _picture_holders(self) -> set[etree._Element]:
        """Every element of the article's node (else the page) that holds a picture; each walk
        up stops where an earlier one did."""
        holders: set[etree._Element] = set()
        root = self.article_root if self.article_root is not None else self.tree
        for image in root.iter("img"):
            for ancestor in image.iterancestors():
                if ancestor in holders:
                    break
                holders.add(ancestor)
        return holders

    def _follows_picture(self, block: Block) -> bool:
        """Whether a picture stands right before the block (in its previous sibling, or in
        that of a wrapper it opens)."""
        element: etree._Element | None = block.element
        for _ in range(3):
            if element is None:
                return False
            previous = element.getprevious()
            if previous is not None:
                return previous.tag == "img" or next(previous.iter("img"), None) is not None
            if (element.text or "").strip() and element is not block.element:
                return False
            element = element.getparent()
        return False

    @cached_field
    def _article_scope(self) -> etree._Element | None:
        """Without body markup, the nearest element that holds both the title and the first
        line of text: in a layout table, the content cell (its footer row is not the text)."""
        if self.title_index is None or self.header.first_text_index is None:
            return None
        title = self.blocks[self.title_index].element
        text = self.blocks[self.header.first_text_index].element
        around_title = set(title.iterancestors())
        scope = next((a for a in text.iterancestors() if a in around_title), None)
        if scope is not None and scope.tag == "header":
            # The article's <header> holds the title and its meta lines, never the text: a
            # meta line no label reads (`Gepost op …`) was taken for the first line of text
            # (or a lead under the title was, the text itself following the header). The
            # scope is what holds the header, above the wrappers that hold it alone.
            scope = scope.getparent()
            while scope is not None and len(scope) == 1 and scope.getparent() is not None:
                scope = scope.getparent()
        return scope

    def _scope_image(self) -> etree._Element | None:
        """The first picture after the title in the article's scope (old themes put it in a
        plain <p>): not a logo, not an author's picture, not in a side column."""
        scope = self._article_scope
        if scope is None:
            return None
        title = self.blocks[self.title_index or 0].element
        after_title = False
        for element in scope.iter():
            if element is title:
                after_title = True
            elif after_title and element.tag == "img" and _image_src(element) and not (
                _is_author_picture(element) or self.in_aside(element)
                or clean(element.get("alt")) in self.header.bylines
                or _is_site_default_image(_image_src(element) or "")
            ):
                return element
        return None

    @cached_field
    def _body_parts(self) -> BodyParts:
        """The text blocks split into the body and the fields set among them; the warnings of
        the split are kept with the item's when the parts are first read."""
        parts = self._split_text()
        self.warnings.extend(parts.warnings)
        return parts

    def _split_text(self) -> BodyParts:
        published = as_date(self.published)
        warnings: list[str] = []
        tags = {t["name"] for t in self.tags}
        text_blocks = self._text_blocks
        if self._tags_by_path:
            # A bare list of links to tag pages, without a label that ends the text, ends it
            # (what follows it, share links, is no text either): its first line of tag names.
            # (Among the text's last lines, and no subhead that bears a tag's name.)
            longest_first = sorted(tags, key=len, reverse=True)
            start = max(1, len(text_blocks) - TAG_LIST_TEXT_LINES * 2)
            end = next((n for n in range(start, len(text_blocks))
                        if len(text_blocks[n].text) <= 200
                        and text_blocks[n].tag not in HEADING_TAGS
                        and _names_only(text_blocks[n].text, longest_first)), None)
            text_blocks = text_blocks if end is None else text_blocks[:end]
        blocks, updates = split_updates(text_blocks, published, warnings)
        # (Not a field label, nor a short line of signs alone: an emoji, `* * *`.)
        texts = [b.text for b in blocks
                 if (len(b.text) > FIELD_LABEL_CHARS or (not FIELD_LABEL.match(b.text) and (
                     any(c.isalnum() for c in b.text))))]
        headline = self.headline
        texts = [t for t in texts if t != headline and t not in (self.header.date_text,)]
        credit = None
        if texts and CREDIT_LABEL.match(texts[0]):
            credit = clean(CREDIT_LABEL.sub("", texts.pop(0), count=1))
        section = kicker = None
        glued = split_glued_section(texts[0]) if texts else None
        if glued:
            label, texts[0] = glued
            if self.header.section is None and not self.select(self.layout.SECTION):
                section = label
            else:
                kicker = label
        signature = None
        if signed := _signature(blocks):
            signature, count = signed
            texts = texts[:-count] if count else texts
        texts = [t for t in texts if not (t[:1] in TAGS_LABEL_INITIALS and TAGS_LABEL.fullmatch(t))
                 and t not in tags]
        texts = _without_pull_quotes(texts)
        return BodyParts(texts, credit, signature, section, kicker, updates, tuple(warnings))

    @cached_field
    def body(self) -> list[str]:
        """The body container's text blocks (CMS), else the blocks after the header (labels);
        less the fields set among them."""
        layer: LayerName = "cms" if self.body_container is not None else "labels"
        body = self._body_parts.body
        found = Found(body, layer) if body else Found(body, "none", ("no body text found",))
        return self._answer("body", found).value

    @cached_field
    def updates(self) -> list[dict]:
        """Update blocks at the top or the end of the text (`update 8 juli:`, `Zie update`)."""
        updates = self._body_parts.updates
        return self._answer("updates", Found(updates, "labels" if updates else "none")).value

    @cached_field
    def tags(self) -> list[dict[str, str | None]]:
        """The CMS tag links; the links after a `Trefwoorden:` label; `rel="tag"` links (not
        categories); a bare list of links to tag pages at the text's end; article:tag
        metadata; the names after the label, printed without links."""
        return self._answer("tags", first(
            [], lambda: Found(self._tag_items(self.select(self.layout.TAG_LINKS)), "cms"),
            lambda: Found(self._tag_items(self._labelled_tag_links()), "labels"),
            lambda: Found(self._tag_items(
                [a for a, rels in self._rel_links if "tag" in rels and "category" not in rels]),
                "structure"),
            lambda: Found(self._tag_items(self._tag_path_links()), "structure"),
            lambda: Found([{"name": name, "url": None} for name in self.meta.all("article:tag")],
                          "metadata"),
            lambda: Found([{"name": name, "url": None} for name in self._labelled_tag_names()],
                          "labels"))).value

    def _tag_items(self, links: list[etree._Element]) -> list[dict[str, str | None]]:
        tags: list[dict[str, str | None]] = []
        for link in links:
            name = text_of(link)
            if not name or _is_action_link(link):
                continue  # a print or comment link beside the tags is no tag
            tag = {"name": name, "url": canonical_link(self.base_url, link.get("href", ""),
                                                       self.origin, "tag link", self.warnings)}
            if tag not in tags:
                tags.append(tag)
        return tags

    @cached_field
    def _tags_labels(self) -> list[tuple[Block, re.Match[str]]]:
        """The blocks that open with a `Trefwoorden:` label (200 characters at most), with the
        label's match: one pass for both layers that read tags after the label."""
        # Every label starts so: the pattern is tried on few blocks.
        return [(block, match) for block in self.blocks
                if block.text[:1] in TAGS_LABEL_INITIALS and len(block.text) <= 200
                and (match := TAGS_LABEL.match(block.text))]

    def _labelled_tag_names(self) -> list[str]:
        """Tags printed without links: the short lines after a `Trefwoorden:` label."""
        for block, match in self._tags_labels:
            if block.zone != "main":
                continue
            inline = block.text[match.end():]
            if inline:
                return [name for name in (clean(n) for n in inline.split(",")) if name]
            names = []
            for following in self.blocks[block.index + 1: block.index + 11]:
                text = following.text
                if (following.is_heading or len(text) > 40 or text.endswith((".", ":"))
                        or BODY_END.match(text) or is_teaser_line(following)):
                    break
                names.extend(clean(n) for n in text.split(",") if clean(n))
            return names
        return []

    def _tag_path_links(self) -> list[etree._Element]:
        """A theme's tag list without a label or `rel`: the first run of lines at the end of
        the text or after it that are nothing but links to tag pages (`/trefwoorden/x`,
        `/tag/x/`). (Without body markup the text runs on into the list.)"""
        text = self._text_blocks
        start = text[-min(len(text), TAG_LIST_TEXT_LINES)].index if text else (
            (self.title_index or 0) + 1)
        found: list[etree._Element] = []
        for block in self.blocks[start: start + TAG_LIST_REACH]:
            text = block.text
            links = tag_links(block) if (
                block.zone == "main" and len(text) <= MAX_TAG_LIST_LINE
                and text[-1] not in NOT_TAG_LIST_ENDS and block.tag not in HEADING_TAGS
            ) else None
            if links:
                found.extend(links)
            elif found:
                break
        self._tags_by_path = bool(found)
        return found

    def _labelled_tag_links(self) -> list[etree._Element]:
        """Links after a visible `Trefwoorden:` label, up to the next text that is no link."""
        for block, _ in self._tags_labels:
            links = _LINKS_INSIDE(block.element)
            if links:
                return links
            found: list[etree._Element] = []
            for following in self.blocks[block.index + 1: block.index + 30]:
                links = _LINKS_AROUND(following.element)
                link_text = clean(" ".join(text_of(a) for a in links))
                # (A print version marks each link with its footnote: `NUL20 nieuws [1]`.)
                rest = PRINT_FOOTNOTE.sub("", following.text).replace(",", "").strip()
                if not links or len(link_text) < len(rest):
                    break
                if any(_is_action_link(a) for a in links):
                    break  # the node's links after its tags: `Reactie toevoegen`, `Printen`
                found.extend(links)
            return found
        return []

    @cached_field
    def related(self) -> list[dict[str, str | None]]:
        """Every block of teasers beside or below the article: those found by their teaser
        line (`<type> <dd.mm>`), then the titled teaser blocks read as records."""
        return self._answer("related", first(
            [], self._related_lines_and_records)).value

    def _related_lines_and_records(self) -> Found[list[dict[str, str | None]]]:
        by_line = extract_teasers(self.blocks, self._teaser_line_matches, self.base_url,
                                  self.origin, self._reference, self.warnings)
        passed_over = self.header.consumed.union(b.index for b in self._text_blocks)
        taken = {block.element for block in self.teaser_lines}
        titled = teaser_blocks(self.blocks, passed_over, taken, self.base_url, self.origin,
                               self._reference, self._blocks_by_element)
        by_shape = self._untitled_teasers(passed_over, titled.boxes, by_line)
        layer: LayerName = "labels" if by_line else "structure"
        return Found(by_line + titled.teasers + by_shape, layer)

    def _untitled_teasers(self, passed_over: set[int], boxes: list[etree._Element],
                          by_line: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
        """The teaser blocks without a title, found by their shape (`extract.shapes`): beside
        the article or after its last line; not the links other layers read (teaser lines,
        tags, the page itself)."""
        article = passed_over | {b.index for b in self.teaser_lines}
        bounds = ArticleBounds(max(passed_over, default=-1), article, self.index.zone)
        taken_urls = {t["url"] for t in by_line if t["url"]}
        taken_urls.update(t["url"] for t in self.tags if t["url"])
        if self.url:
            taken_urls.add(self.url)
        return untitled_teaser_blocks(self.index.top, self.index.links, self._blocks_by_element,
                                      bounds, boxes, taken_urls, self.base_url, self.origin,
                                      self._reference)

    @cached_field
    def _blocks_by_element(self) -> dict[etree._Element, list[Block]]:
        """Each element's blocks: both teaser-block layers look records' blocks up in it."""
        return blocks_by_element(self.blocks)

    def _reference(self) -> date | None:
        return self.reference_date  # (a teaser layer asks only for a `dd.mm` without year)

    @cached_field
    def reference_date(self) -> date | None:
        """Teaser years: the capture date of a Web Archive copy, the fetch date when known,
        else the newest full date on the page."""
        if self.capture is not None:
            return self.capture.captured.astimezone(AMSTERDAM).date()
        if self.saved is not None and self.saved.saved is not None:
            return self.saved.saved.astimezone(AMSTERDAM).date()
        if self.fetched_at is not None:
            return self.fetched_at.astimezone(AMSTERDAM).date()
        return latest_numeric_date("\n".join(b.text for b in self.blocks))

    # -- the item ---------------------------------------------------------------------------

    def item(self) -> ArticleItem:
        values = {
            "url": self.url,
            "headline": self.headline,
            "published": iso(self.published),
            "updated": iso(self.updated),
            "article_type": self.article_type,
            "section": self.section,
            "kicker": self.kicker,
            "authors": self.authors,
            "photo_credit": self.photo_credit,
            "image": self.image,
            "body": self.body,
            "updates": self.updates,
            "tags": self.tags,
            "related": self.related,
            "language": "nl",
            "fetched_at": iso(self.fetched_at),
            "parser_version": parser_version(self.layout.tag()),
        }
        values["warnings"] = list(dict.fromkeys(self.warnings))
        return {name: values[name] for name in ITEM_FIELDS}


# A page's foot when it has none (read only).
NO_FOOT = Header()
# Where a tag list without a label may start: among the text's last lines, or after them.
TAG_LIST_TEXT_LINES = 6
TAG_LIST_REACH = 14


def _names_only(text: str, names: list[str]) -> bool:
    """Whether a line is nothing but some of the names, longest first (`Verduurzaming
    Corporaties`)."""
    named = False
    for name in names:
        if name in text:
            text = text.replace(name, "")
            named = True
    return named and not TAG_LIST_REST.sub("", text)


def _may_be_self_link(block: Block) -> bool:
    """A short line that reads as a link to read on (`Lees het artikel op nul20.nl »`,
    `Bekijk online`): a test of its text that spares other lines the look at their links."""
    text = block.text
    return len(text) <= 80 and (text[-1:] in "»›→" or text.startswith(("Lees ", "Bekijk ")))


# The blocks of archive.today's header bar above a snapshot.
SNAPSHOT_BAR_BLOCKS = 8
# The bar's link to every snapshot of the page: `https://archive.ph/https://www.nul20.nl/x`.
SNAPSHOT_SEARCH = re.compile(r"^https?://archive\.[a-z]{2,5}/(?P<url>https?://\S+)$")


def _savepage_meta(meta: Metadata) -> SavedCopy | None:
    """Save Page WE's head: `<meta name="savepage-url">` and `savepage-date`."""
    if "savepage-url" not in meta.meta:
        return None
    page = meta.first("savepage-url")
    if not page or not page.startswith(("http://", "https://")):
        return None
    return SavedCopy(page, js_date(meta.first("savepage-date")))


def _may_be_snapshot(url: str | None, blocks: list[Block]) -> bool:
    """Fetched from archive.today, or a saved page that opens with its header bar."""
    if url and "//archive." in url[:16]:  # spares every other URL the split
        try:
            return urlsplit(url).hostname in ARCHIVE_TODAY_HOSTS
        except ValueError:  # `http://[::1`: no host to tell
            return False
    return bool(blocks) and blocks[0].text.startswith("archive.today")


def _date_line(text: str | None) -> Found[date | datetime | str | None] | None:
    """A visible date line, with its time of day where it shows one."""
    if not text:
        return None
    found = parse_numeric_date(text) or parse_month_year(text) or parse_any_date(text)
    if isinstance(found, date) and not isinstance(found, datetime):
        found = with_time_of_day(found, text)  # `dinsdag 3 mei 2022 om 14:05 uur`
    return Found(found, "labels")


def _meta_date(*values: object) -> tuple[date | datetime | None, tuple[str, ...]]:
    """The first readable date of the metadata values, and a warning for each unreadable one
    before it."""
    warnings: list[str] = []
    for value in values:
        if isinstance(value, str) and value.strip():
            found = parse_iso(value) or parse_any_date(value)
            if found is not None:
                return found, tuple(warnings)
            warnings.append(f"unreadable metadata date: {value!r}")
    return None, tuple(warnings)


def _date_only_if_midnight(value: date | datetime) -> date | datetime:
    """Drupal's date-only fields state midnight: that is a day, not a time of day."""
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date()
    return value


def _strip_site_name(title: str) -> str:
    """`<title>` less the site's name, after the title (` | NUL20`, ` | NUL20 mobiel`) or
    before it (`NUL20 - `)."""
    for suffix in SITE_NAME_SUFFIX:
        if title.lower().endswith(suffix.lower()):
            return title[: -len(suffix)].strip()
    if match := SITE_NAME_TAIL.search(title):
        return title[: match.start()].strip()
    if match := SITE_NAME_PREFIX.match(title):
        return title[match.end():].strip()
    return title


def _is_site_name(text: str) -> bool:
    return text.strip().lower() in SITE_NAMES


def _comparable(text: str) -> str:
    """Headline texts compared as a reader would: case, quotes and spacing aside."""
    return " ".join(text.casefold().replace("’", "'").replace("‘", "'").split())


def _in_caption(element: etree._Element) -> bool:
    # lxml's tag filter walks the ancestors in C, with no tag string made for each.
    return element.tag == "figcaption" or next(
        element.iterancestors(*CAPTION_TAGS), None) is not None


def _in_caption_below(element: etree._Element, container: etree._Element) -> bool:
    """`_in_caption` of an element in the subtree of a container that is in no caption:
    the walk up stops at the container."""
    if element.tag == "figcaption":
        return True
    while element is not container and (element := element.getparent()) is not None:
        if element.tag in CAPTION_TAGS:
            return True
    return False


# Set apart from the text it stands in: captions, pull quotes, embedded posts.
SET_APART_TAGS = (*CAPTION_TAGS, "aside")
SET_APART_CLASSES = frozenset({
    "pullquote", "pull-quote", "pull_quote", "quote-pull", "twitter-tweet", "twitter-video",
    "instagram-media", "tiktok-embed", "fb-post", "embed", "embedded-entity", "media-embed",
    "video-embed", "embedded-video", "caption-text", "wp-caption-text", "image-caption",
})


# How an embedded post signs off, classes or not: `— Gemeente Amsterdam (@handle) 1 oktober
# 2021` (the stock embed code of a tweet, which the platform's script turns into a card).
EMBED_SIGNATURE = re.compile(r"[—–-]\s*[^\n]{0,80}\(@\w{1,30}\)\s*[^\n]{0,40}$")


def _is_set_apart(element: etree._Element) -> bool:
    classes = element.get("class")
    if classes and not SET_APART_CLASSES.isdisjoint(classes.lower().split()):
        return True
    return element.tag == "blockquote" and _is_embedded_post(element)


def _is_embedded_post(blockquote: etree._Element) -> bool:
    tail = clean(all_text(blockquote)[-200:])
    return EMBED_SIGNATURE.search(tail) is not None


class _SetApartBelow:
    """Whether an element, in the subtree of a text container, lies in a caption, a pull
    quote or an embedded post (a tweet's text is the tweet's, not the article's): the walk up
    stops at the container. The blocks of a text share their ancestors: each walk stops at an
    element an earlier one judged, so each element is tested once for all the text's blocks."""

    def __init__(self, container: etree._Element):
        self.verdicts: dict[etree._Element, bool] = {container: False}

    def __call__(self, element: etree._Element | None) -> bool:
        verdicts = self.verdicts
        walked = []
        verdict = False  # the top of the page reached: not below the container
        while element is not None:
            known = verdicts.get(element)
            if known is not None:
                verdict = known
                break
            if element.tag in SET_APART_TAGS or _is_set_apart(element):
                verdict = True
                break
            walked.append(element)
            element = element.getparent()
        for below in walked:
            verdicts[below] = verdict
        if element is not None and verdict and element not in verdicts:
            verdicts[element] = True
        return verdict


# A pull quote: a short line in quote marks whose words the text says elsewhere.
_QUOTE_OPENERS = "‘“'\"„‚«"  # the first character of _QUOTED_LINE: a test before the pattern
_QUOTED_LINE = re.compile(r"^[‘“'\"„‚«](?P<words>[^‘’“”\"]{10,200}?)[.,!?]?[’”'\"»]$")
# Lines this many and more in quote marks are a list of quotes, not pull quotes among text.
MAX_PULL_QUOTES = 10
PULL_QUOTE_MIN_WORDS = 6


def _without_pull_quotes(texts: list[str]) -> list[str]:
    """The text blocks less the pull quotes among them: a pull quote repeats, in quote marks
    on a line of its own, words of another block (`‘Voor ons was het een rekensom’`)."""
    quoted = [n for n, text in enumerate(texts) if len(text) <= 204 and (
        text[:1] in _QUOTE_OPENERS and _QUOTED_LINE.match(text))]
    if not quoted or len(quoted) > MAX_PULL_QUOTES:
        return texts
    repeated = set()
    for n in quoted:
        words = _comparable(_QUOTED_LINE.match(texts[n])["words"])  # type: ignore[index]
        # Six words and more: a short answer in an interview (`“Die plannen steunen we
        # volledig.”`) may well come back in the next line, and stays text.
        if len(words.split()) < PULL_QUOTE_MIN_WORDS:
            continue
        if any(m != n and words in _comparable(other) for m, other in enumerate(texts)):
            repeated.add(n)
    return [text for n, text in enumerate(texts) if n not in repeated]


def _split_caption(lines: list[str]) -> tuple[str | None, str | None]:
    """Caption lines -> (caption, credit): `Foto:` lines, `... © credit`, or a bare credit."""
    caption: list[str] = []
    credit = None
    for line in lines:
        if CREDIT_LABEL.match(line):
            credit = credit or clean(CREDIT_LABEL.sub("", line, count=1))
            continue
        parts = CREDIT_INLINE.split(line, maxsplit=1)
        if len(parts) == 1:
            parts = COPYRIGHT_SIGN.split(line, maxsplit=1)
        if len(parts) == 2:
            credit = credit or clean(parts[1]) or None
            line = clean(parts[0])
        if line:
            caption.append(line)
    if credit is None and len(caption) == 1 and BARE_CREDIT.match(caption[0]):
        return None, caption[0]
    return clean(" ".join(caption)) or None, credit


# Where lazy-loading scripts keep the file while `src` holds a placeholder.
LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-srcset")
PLACEHOLDER_NAMES = ("blank", "placeholder", "spacer", "pixel", "transparent", "1x1", "lazy")


def _image_src(image: etree._Element) -> str | None:
    """The file a picture shows: its `src`, unless that is a lazy-loading placeholder (a
    `data:` URI, an empty or a blank/spacer gif) and a `data-src` (or the first `data-srcset`
    candidate) names the file; a placeholder with no file named is no picture (its
    `<noscript>` copy is). The attributes are looked at only when `src` looks so."""
    src = image.get("src")
    if src and not src.startswith("data:") and not (
        src.endswith((".gif", ".svg")) and any(w in src.lower() for w in PLACEHOLDER_NAMES)
    ):
        return src
    for attribute in LAZY_SRC_ATTRIBUTES:
        if lazy := (image.get(attribute) or "").strip():
            return lazy.split(",")[0].split()[0]  # a srcset's first candidate
    if src and src.startswith("data:"):
        # A saved page (SingleFile) keeps its pictures as `data:` URIs: a link around the
        # picture to its file (a lightbox's, to the original) names the file.
        link = image.getparent()
        href = (link.get("href") or "").strip() if link is not None and link.tag == "a" else ""
        return href if _IMAGE_FILE.search(href) else None
    return src or None


# A link to a picture's file.
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)(?:\?[^#]*)?$", re.IGNORECASE)


# Image services of web frameworks and CDNs that serve a file resized: the file is named in the
# query (`/_next/image?url=%2Fmedia%2Fx.jpg&w=3840&q=75`, Vercel's `/_vercel/image?url=`) or
# after the options in the path (Cloudflare's `/cdn-cgi/image/width=800/<file>`, Nuxt's
# `/_ipx/w_1200/<file>`).
_PROXY_QUERY = re.compile(r"/_(?:next|vercel)/image/?\?(?:[^#]*&)?url=(?P<file>[^&#]+)")
_PROXY_PATH = re.compile(r"/(?:cdn-cgi/image|_ipx)/[^/]+/(?P<file>.+)$")


def _proxied_file(src: str) -> str:
    """The file an image service's URL names (a site path or an absolute URL); `src` itself
    when it names none. The service's address changes with the width a screen asks for."""
    if (query := _PROXY_QUERY.search(src)) is not None:
        name = unquote(query["file"])
    elif (path := _PROXY_PATH.search(src)) is not None:
        name = path["file"]
        name = name if name.startswith(("http://", "https://")) else "/" + name.lstrip("/")
    else:
        return src
    return name if name.startswith(("/", "http://", "https://")) else src


def _file_name(url: str) -> str:
    return urlsplit(url.strip()).path.rsplit("/", 1)[-1]


def _is_site_default_image(url: str) -> bool:
    """The theme's logo that Drupal's metatag module falls back to on pages with no picture."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:  # not a URL at all: the image field warns of it
        return False
    return "/themes/" in path or "logo" in path.rsplit("/", 1)[-1]


def _belongs_to_picture(
    field: etree._Element, image: etree._Element, holders: set[etree._Element]
) -> bool:
    """Whether a caption or credit field goes with this picture: the nearest element around
    the field that holds a picture (`holders`: every element that does) holds this one."""
    around_image = set(image.iterancestors())
    for ancestor in field.iterancestors():
        if ancestor in around_image:
            return True
        if ancestor in holders:
            return False  # the nearest picture is another one
    return True


def _is_action_link(link: etree._Element) -> bool:
    """A link that does something to the page (print it, comment on it, log in), not one to
    a page of its own: a tag is never one."""
    href = (link.get("href") or "").strip()
    if href.startswith("#") or "#comment" in href or _ACTION_PATH.match(href):
        return True
    name = text_of(link)
    return bool(PRINT_LINK.match(name) or ACTION_LINK.match(name))


def _is_author_picture(image: etree._Element) -> bool:
    alt = clean(image.get("alt"))
    return bool(AUTHOR_PICTURE_ALT.match(alt)) or any(
        "user-picture" in a.get("class", "") for a in image.iterancestors())


def _is_kicker(text: str) -> bool:
    return 0 < len(text) <= 120 and not text.endswith((".", "!", "?")) and not (
        TYPE_DATE_LINE.match(text))


def _split_names(text: str) -> list[str]:
    return [name for name in (clean(part) for part in NAME_SEPARATORS.split(text)) if name]


def _signature(blocks: list[Block]) -> tuple[str, int] | None:
    """An editorial's closing signature: a name, then `Hoofdredacteur` (one block or two)."""
    if not blocks:
        return None
    last = blocks[-1]
    if len(last.lines) >= 2 and SIGNATURE_ROLE.match(last.lines[-1]):
        name = last.lines[-2]
        return (name, 1) if PERSON_NAME.match(name) and len(last.lines) == 2 else None
    if SIGNATURE_ROLE.match(last.text) and len(blocks) >= 2:
        name = blocks[-2].text
        return (name, 2) if PERSON_NAME.match(name) else None
    if "," in last.text:
        name, _, role = last.text.rpartition(",")
        if SIGNATURE_ROLE.match(clean(role)) and PERSON_NAME.match(clean(name)):
            return clean(name), 1
    return None
