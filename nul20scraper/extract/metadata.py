"""Machine-readable metadata: canonical link, Open Graph and article:* meta, JSON-LD, RDFa.

The first layer of extraction: where a page states a value for machines, it wins over what
is read from markup or labels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from nul20scraper.extract.text import clean

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle",
    "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
    "VideoObject", "Review",
})


SNAPSHOT_LINKS = ("canonical", "shortlink", "bookmark")
SNAPSHOT_META = ("og:url", "og:site_name", "article:modified_time", "article:published_time",
                 "og:updated_time")
SNAPSHOT_ITEMPROPS = frozenset({"dateModified", "datePublished"})


@dataclass(frozen=True, slots=True)
class _ItemProperty:
    names: str  # the itemprop attribute: one or more names
    value: str
    scope: etree._Element | None  # the item it belongs to


def _scope(element: etree._Element) -> etree._Element | None:
    """The microdata item a property belongs to: the nearest `itemscope` around it."""
    return next((a for a in element.iterancestors() if a.get("itemscope") is not None), None)


@dataclass
class Metadata:
    meta: dict[str, list[str]] = field(default_factory=dict)  # name/property -> contents
    links: dict[str, str] = field(default_factory=dict)  # rel -> first href
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # article-like objects
    rdfa: dict[str, list[str]] = field(default_factory=dict)  # property token -> contents
    title: str | None = None  # the <title> element's text
    # A page the Web Archive replays names the page and the capture's timestamp to its
    # playback script, `__wm.wombat("<url>", "<timestamp>", ...)`: as a replay URL.
    archived_as: str | None = None
    # Microdata `<meta>` and `<link>` properties, read with their item before the page scan
    # drops those elements.
    item_properties: list[_ItemProperty] = field(default_factory=list)
    # The page's forms, met in the same walk (a newsletter's signup box is left out by them).
    forms: list[etree._Element] = field(default_factory=list)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if clean(value):
                    return clean(value)
        return None

    def all(self, name: str) -> list[str]:
        return [clean(v) for v in self.meta.get(name, ()) if clean(v)]

    def ld(self, key: str) -> Any:
        for obj in self.jsonld:
            if obj.get(key):
                return obj[key]
        return None

    def drop_snapshot_head(self) -> None:
        """Forgets what archive.today writes into a snapshot's head about the snapshot: its
        own links (canonical and og:url are the archive's short link) and its capture time as
        `article:modified_time` (itemprop `dateModified`). The page's own head is gone."""
        for rel in SNAPSHOT_LINKS:
            self.links.pop(rel, None)
        for name in SNAPSHOT_META:
            self.meta.pop(name, None)
        self.item_properties = [p for p in self.item_properties
                                if SNAPSHOT_ITEMPROPS.isdisjoint(p.names.split())]
        self.jsonld = []  # the service drops the page's scripts: JSON-LD too is its own

    def rdfa_first(self, *names: str) -> str | None:
        for name in names:
            for value in self.rdfa.get(name, ()):
                if clean(value):
                    return clean(value)
        return None


def read_metadata(tree: etree._Element) -> Metadata:
    """The page's meta and link tags and JSON-LD; RDFa is added by `read_rdfa`."""
    found = Metadata()
    title_seen = False  # the first <title> below the root (`.//title`)
    elements = _elements(tree)
    for element in elements:
        tag = element[0]
        if tag == "form":
            found.forms.append(element[1])
        elif tag == "title":
            if not title_seen and not element[2]:
                title_seen = True
                found.title = clean(element[1]) or None
        elif tag == "meta":
            key = element[1] or element[2] or element[3]
            content = element[4]
            if key and content is not None:
                found.meta.setdefault(key.strip().lower(), []).append(content)
            if element[3] and content is not None:
                found.item_properties.append(_ItemProperty(element[3], content, element[5]))
        elif tag == "link":
            href = element[1]
            for rel in (element[2] or "").lower().split() if href else ():
                found.links.setdefault(rel, href.strip())
            if element[3] and href:
                found.item_properties.append(_ItemProperty(element[3], href, element[4]))
        elif element[1] == "application/ld+json" and element[2]:
            found.jsonld.extend(_article_objects(element[2]))
        elif element[2] and found.archived_as is None and "__wm.wombat(" in element[2] and (
            wombat := _WOMBAT.search(element[2])
        ):
            found.archived_as = f"/web/{wombat['timestamp']}/{wombat['url']}"
    return found


_WOMBAT = re.compile(r"""__wm\.wombat\(\s*["'](?P<url>https?://[^"']+)["']\s*,\s*["']"""
                     r"""(?P<timestamp>\d{4,14})["']""")


def _elements(tree: etree._Element) -> list[tuple[Any, ...]]:
    """What read_metadata reads of each element, in document order."""
    found: list[tuple[Any, ...]] = []
    for element in tree.iter("meta", "link", "script", "title", "form"):
        tag = element.tag
        if tag == "form":
            found.append(("form", element))
        elif tag == "meta":
            # (Attribute names as bytes: lxml need not encode them for libxml2.)
            get = element.get
            itemprop = get(b"itemprop")
            found.append(("meta", get(b"property"), get(b"name"), itemprop,
                          get(b"content"), _scope(element) if itemprop else None))
        elif tag == "link":
            get = element.get
            itemprop = get(b"itemprop")
            found.append(("link", get(b"href"), get(b"rel"), itemprop,
                          _scope(element) if itemprop else None))
        elif tag == "script":
            found.append(("script", element.get(b"type"), element.text))
        else:
            found.append(("title", element.text, element is tree))
    return found


def read_rdfa(metadata: Metadata, with_property: list[etree._Element]) -> None:
    """RDFa `property`/`content` pairs of the page body (Drupal 7's dates)."""
    for element in with_property:
        content = element.get("content")
        if element.tag == "meta" or content is None:
            continue
        for prop in element.get("property", "").split():
            metadata.rdfa.setdefault(prop, []).append(content)


def _article_objects(script: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(script)
    except (ValueError, RecursionError):
        return []
    stack = [data]
    objects: list[dict[str, Any]] = []
    while stack and len(objects) < 20:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(kind in ARTICLE_TYPES for kind in kinds):
                objects.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return objects


def ld_names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (str, object or list of either)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and clean(name):
            names.append(clean(name))
    return names


# The microdata properties read of the page's article item, as JSON-LD names them.
_MICRODATA_VALUES = frozenset({"headline", "datePublished", "dateModified", "image"})
_MICRODATA_PEOPLE = frozenset({"author", "creator"})


def read_microdata(
    metadata: Metadata, with_itemprop: list[etree._Element],
    in_aside: Callable[[etree._Element], bool],
) -> None:
    """schema.org microdata of the page's article (the first `itemscope` of an article type
    outside a side column), added after the JSON-LD objects as one more such object: the
    same layers read it, and a page's JSON-LD stays first."""
    article: etree._Element | None = None
    found: dict[str, Any] = {}
    authors: list[dict[str, str]] = []
    for element in with_itemprop:
        scope = _scope(element)
        if scope is None:
            continue
        if article is None:
            kind = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
            if kind not in ARTICLE_TYPES or in_aside(scope):
                continue
            article = scope
            found["@type"] = kind
        if scope is not article:
            continue
        for name in (element.get("itemprop") or "").split():
            if name in _MICRODATA_PEOPLE:
                person = _person_name(element)
                if person:
                    authors.append({"name": person})
            elif name in _MICRODATA_VALUES and name not in found and (
                value := _microdata_value(element)
            ):
                found[name] = value
    if article is None:  # an item of `<meta>` properties only: the first of an article type
        article = next((p.scope for p in metadata.item_properties if p.scope is not None and (
            (p.scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] in ARTICLE_TYPES)),
            None)
        if article is not None:
            found["@type"] = (article.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
    for prop in metadata.item_properties:
        if prop.scope is article and article is not None:
            for name in prop.names.split():
                if name in _MICRODATA_PEOPLE and clean(prop.value):
                    authors.append({"name": clean(prop.value)})
                elif name in _MICRODATA_VALUES and name not in found and clean(prop.value):
                    found[name] = clean(prop.value)
    if authors:
        found["author"] = authors
    if article is not None and len(found) > 1:
        metadata.jsonld.append(found)


def _person_name(element: etree._Element) -> str:
    """An author property: its `name` when it is an item of its own, else its text."""
    if element.get("itemscope") is not None:
        for inner in element.iter():
            if inner is not element and "name" in (inner.get("itemprop") or "").split():
                return _microdata_value(inner)
    return _microdata_value(element)


def _microdata_value(element: etree._Element) -> str:
    """A property's value as microdata defines it for the element that carries it."""
    tag = element.tag
    if tag == "meta":
        return clean(element.get("content"))
    if tag in ("a", "link", "area"):
        return clean(element.get("href"))
    if tag in ("img", "source", "video", "audio", "embed", "iframe"):
        return clean(element.get("src"))
    if tag == "time" and element.get("datetime"):
        return clean(element.get("datetime"))
    if element.get("content") is not None:
        return clean(element.get("content"))
    return clean(etree.tostring(element, method="text", encoding="unicode", with_tail=False))
