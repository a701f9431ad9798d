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

_META = etree.XPath("//meta[@content]")
_LINKS = etree.XPath("//link[@rel][@href]")
_JSONLD = etree.XPath("//script[@type='application/ld+json']/text()")
_RDFA = etree.XPath("//*[@property][@content]")

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
    found = Metadata()
    for element in _META(tree):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "")
        if key:
            found.meta.setdefault(key.strip().lower(), []).append(element.get("content", ""))
    for element in _LINKS(tree):
        for rel in element.get("rel", "").lower().split():
            found.links.setdefault(rel, element.get("href", "").strip())
    for script in _JSONLD(tree):
        found.jsonld.extend(_article_objects(script))
    for element in _RDFA(tree):
        if element.tag == "meta":
            continue
        for prop in element.get("property", "").split():
            found.rdfa.setdefault(prop, []).append(element.get("content", ""))
    return found


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
