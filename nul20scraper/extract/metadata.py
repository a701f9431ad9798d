"""Machine-readable metadata: canonical link, Open Graph and article:* meta, JSON-LD, RDFa.

The first layer of extraction: where a page states a value for machines, it wins over what
is read from markup or labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from nul20scraper.extract.text import clean

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle",
    "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
    "VideoObject", "Review",
})


@dataclass
class Metadata:
    meta: dict[str, list[str]] = field(default_factory=dict)  # name/property -> contents
    links: dict[str, str] = field(default_factory=dict)  # rel -> first href
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # article-like objects
    rdfa: dict[str, list[str]] = field(default_factory=dict)  # property token -> contents
    title: str | None = None  # the <title> element's text

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
        if tag == "title":
            if not title_seen and not element[2]:
                title_seen = True
                found.title = clean(element[1]) or None
        elif tag == "meta":
            key = element[1] or element[2] or element[3]
            content = element[4]
            if key and content is not None:
                found.meta.setdefault(key.strip().lower(), []).append(content)
        elif tag == "link":
            href = element[1]
            for rel in (element[2] or "").lower().split() if href else ():
                found.links.setdefault(rel, href.strip())
        elif element[1] == "application/ld+json" and element[2]:
            found.jsonld.extend(_article_objects(element[2]))
    return found


def _elements(tree: etree._Element) -> list[tuple[Any, ...]]:
    """What read_metadata reads of each element, in document order."""
    found: list[tuple[Any, ...]] = []
    for element in tree.iter("meta", "link", "script", "title"):
        tag = element.tag
        if tag == "meta":
            # One call for all its attributes: each `get` converts its name for libxml2.
            attributes = dict(element.items())
            get = attributes.get
            found.append(("meta", get("property"), get("name"), get("itemprop"), get("content")))
        elif tag == "link":
            attributes = dict(element.items())
            found.append(("link", attributes.get("href"), attributes.get("rel")))
        elif tag == "script":
            found.append(("script", element.get("type"), element.text))
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
