"""Markup variants: rewrites of a page that keep what a reader sees and change the markup.

Each transformation is a function html bytes -> html bytes. The item parsed from the rewritten
page must equal the item of the original page (parser_version aside), except for the fields a
transformation lists as exemptions: fields whose information the rewrite really removes, each
with the reason and, where it can be said exactly, the value the field must then have.

`applies(page)` says whether a transformation finds what it rewrites on a page (a page without
teasers has no views rows to rewrite); where it applies it must change the markup.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml.html import HtmlElement

Html = bytes
Item = dict[str, Any]

# Elements that start a new line in a browser's default rendering.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
# Block containers that may hold any flow content (a <div> inside them parses as written).
FLOW_CONTAINERS = frozenset({
    "article", "aside", "blockquote", "body", "dd", "div", "figcaption", "figure", "footer",
    "header", "li", "main", "nav", "section", "td", "th",
})
# Elements whose text no reader sees.
INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title"})
# Attributes that carry RDFa (Drupal 7 writes them on fields, dates and the node).
RDFA_ATTRIBUTES = ("property", "content", "about", "typeof", "resource", "datatype", "rev",
                   "vocab", "prefix")


LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii",
                           "us-ascii", "iso_8859-1", "cp819", "ibm819", "x-cp1252"})
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _encoding(page: Html) -> str:
    """The page's encoding as a browser finds it: a byte-order mark, the declared charset,
    else UTF-8 when the bytes are valid UTF-8, else windows-1252."""
    if page.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if match := CHARSET.search(page[:4096]):
        declared = match.group(1).decode("ascii").lower()
        # The HTML standard reads the Latin-1 and ASCII labels as windows-1252, as browsers do.
        return "windows-1252" if declared in LATIN1_LABELS else declared
    try:
        page.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _tree(page: Html) -> HtmlElement:
    parser = lxml.html.HTMLParser(encoding=_encoding(page))
    return lxml.html.document_fromstring(page, parser=parser)


def _bytes(tree: HtmlElement) -> Html:
    """The page as UTF-8 bytes; its charset declaration says so."""
    for meta in tree.iter("meta"):
        if meta.get("charset"):
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.set("content", "text/html; charset=utf-8")
    return lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")


def _elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Every element (no comments or processing instructions), in document order."""
    for element in tree.iter():
        if isinstance(element.tag, str):
            yield element


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _only_content(element: HtmlElement) -> bool:
    """True when the element is all its parent holds: no text or other element beside it."""
    parent = element.getparent()
    if parent is None or len([c for c in parent if isinstance(c.tag, str)]) != 1:
        return False
    return not (parent.text or "").strip() and not (element.tail or "").strip()


def _has_block_descendant(element: HtmlElement) -> bool:
    return any(d.tag in BLOCK_TAGS for d in element.iterdescendants() if isinstance(d.tag, str))


def _body(tree: HtmlElement) -> HtmlElement:
    return tree.find("body") if tree.find("body") is not None else tree


# --- what a reader sees --------------------------------------------------------------------

def text_lines(page: Html) -> list[str]:
    """The visible text of the body as lines, as a browser would break them (block elements
    and <br> start a line), whitespace-normalised, empty lines dropped."""
    return _visible_lines(_tree(page))


def _visible_lines(tree: HtmlElement) -> list[str]:
    lines: list[str] = [""]

    def walk(element: HtmlElement) -> None:
        if not isinstance(element.tag, str) or element.tag in INVISIBLE_TAGS:
            return
        block = element.tag in BLOCK_TAGS
        if block:
            lines.append("")
        if element.tag == "br":
            lines.append("")
        lines[-1] += element.text or ""
        for child in element:
            walk(child)
            lines[-1] += child.tail or ""
        if block:
            lines.append("")

    walk(_body(tree))
    return [text for line in lines if (text := " ".join(line.split()))]


# --- the transformations -------------------------------------------------------------------

def block_inline_swap(page: Html) -> Html:
    """A <span> that is all its block parent holds becomes a <div>, a leaf <div> that is all
    its parent holds becomes a <span>, and every <p> becomes a <div>: the same text lines."""
    tree = _tree(page)
    candidates = [e for e in _body(tree).iterdescendants() if isinstance(e.tag, str)]
    for element in candidates:
        parent = element.getparent()
        if parent is None or parent.tag not in FLOW_CONTAINERS or not _only_content(element):
            continue
        if element.tag == "span":
            element.tag = "div"
        elif element.tag == "div" and not _has_block_descendant(element):
            element.tag = "span"
    for element in list(_body(tree).iter("p")):
        element.tag = "div"
    return _bytes(tree)


LABEL_VALUE = re.compile(r"^(\s*)([A-Z][\w ]{0,24}?:)(\s+)(\S.*?)(\s*)$", re.S)


def label_value_split(page: Html) -> Html:
    """`Foto: X` in an element of its own becomes `<span>Foto:</span> <span>X</span>`: every
    element whose whole content is one short text `<Label>: <value>` (credit, byline, date and
    tag labels) gets its label and its value in separate elements."""
    tree = _tree(page)
    for element in list(_elements(_body(tree))):
        if len(element) or element.tag in INVISIBLE_TAGS or element.tag in {"a", "option"}:
            continue
        text = element.text or ""
        match = LABEL_VALUE.match(text)
        if not match or len(text) > 120:
            continue
        lead, label, gap, value, trail = match.groups()
        element.text = lead
        label_span = lxml.html.Element("span")
        label_span.text = label
        label_span.tail = gap
        value_span = lxml.html.Element("span")
        value_span.text = value
        value_span.tail = trail
        element.extend([label_span, value_span])
    return _bytes(tree)


def extra_wrappers(page: Html) -> Html:
    """Every block element of the body whose parent takes flow content is wrapped in two
    <div>s without attributes, as page builders and theme regions do."""
    tree = _tree(page)
    body = _body(tree)
    targets = [e for e in body.iterdescendants() if isinstance(e.tag, str)
               and e.tag in BLOCK_TAGS - {"li", "dd", "dt", "tr", "td", "th", "tbody", "thead",
                                         "tfoot", "caption"}
               and e.getparent() is not None and e.getparent().tag in FLOW_CONTAINERS]
    for element in targets:
        outer = lxml.html.Element("div")
        inner = lxml.html.Element("div")
        outer.append(inner)
        element.addprevious(outer)
        outer.tail, element.tail = element.tail, None
        inner.append(element)
    return _bytes(tree)


def classes_and_ids_removed(page: Html) -> Html:
    """Every class and id attribute is removed: no CMS class names are left to go by."""
    tree = _tree(page)
    for element in _elements(tree):
        element.attrib.pop("class", None)
        element.attrib.pop("id", None)
    return _bytes(tree)


def classes_renamed(page: Html) -> Html:
    """Every class token is renamed to a random token, consistently (one token always gets the
    same new name, as after a theme's build step renames its CSS)."""
    tree = _tree(page)
    names: dict[str, str] = {}
    rng = random.Random(20)
    for element in _elements(tree):
        tokens = _classes(element)
        if not tokens:
            continue
        for token in tokens:
            if token not in names:
                names[token] = "c" + "".join(rng.choice("abcdefghjkmnpqrstuvwxyz0123456789")
                                             for _ in range(7))
        element.set("class", " ".join(names[t] for t in tokens))
    return _bytes(tree)


def _teaser_rows(tree: HtmlElement) -> list[list[HtmlElement]]:
    """Groups of sibling teaser records: Drupal views rows, else sibling records of one tag
    and class inside an <aside>, each holding a link."""
    groups: dict[HtmlElement, list[HtmlElement]] = {}
    for element in _elements(tree):
        if any(t == "views-row" or t.startswith("views-row-") for t in _classes(element)):
            groups.setdefault(element.getparent(), []).append(element)
    if groups:
        return [rows for rows in groups.values() if len(rows) >= 2]
    found = []
    for aside in tree.iter("aside"):
        for container in aside.iter():
            if not isinstance(container.tag, str) or container.tag in {"nav", "p", "a"}:
                continue
            children = [c for c in container if isinstance(c.tag, str)]
            shapes = {(c.tag, c.get("class")) for c in children}
            if (len(children) >= 2 and len(shapes) == 1
                    and children[0].tag in {"li", "div", "article"}
                    and all(c.find(".//a[@href]") is not None for c in children)):
                found.append(children)
    return found


def _retag_rows(page: Html, row_tag: str, container_tag: str) -> Html:
    tree = _tree(page)
    for rows in _teaser_rows(tree):
        container = rows[0].getparent()
        if container_tag == "ul":
            # Rows become list items of a new list in the rows' place.
            new = lxml.html.Element("ul")
            rows[0].addprevious(new)
            for row in rows:
                tail, row.tail = row.tail, None
                row.tag = "li"
                new.append(row)
                row.tail = tail
            if container.tag in {"ol", "ul"}:
                container.tag = "div"
        else:
            if container.tag in {"ol", "ul"}:
                container.tag = container_tag
            for row in rows:
                row.tag = row_tag
                row.set("class", " ".join([*_classes(row), "card"]))
    return _bytes(tree)


def views_rows_as_list(page: Html) -> Html:
    """Teaser records (Drupal views rows) become the <li> items of a <ul>, as views' "HTML
    list" format writes them."""
    return _retag_rows(page, "li", "ul")


def views_rows_as_cards(page: Html) -> Html:
    """Teaser records become <article class="card"> elements, as card grid themes write them."""
    return _retag_rows(page, "article", "div")


def _sidebar(tree: HtmlElement) -> HtmlElement | None:
    for element in _elements(_body(tree)):
        if element.tag == "aside" and _in_article_text(element):
            continue  # a pull quote set as <aside> in the text, not the page's sidebar
        if element.tag == "aside" or any(
                t in {"sidebars", "sidebar", "region--sidebar", "region-sidebar-second"}
                for t in _classes(element)):
            return element
    return None


def _in_article_text(element: HtmlElement) -> bool:
    return any(a.tag == "article" or any(t.startswith(("field", "node")) for t in _classes(a))
               for a in element.iterancestors())


def sidebar_before_main(page: Html) -> Html:
    """The sidebar (teasers, promo, newsletter) is moved before the main content, as themes
    with a left-hand column put it: the same blocks, another order."""
    tree = _tree(page)
    sidebar = _sidebar(tree)
    if sidebar is not None:
        parent = sidebar.getparent()
        previous = sidebar.getprevious()
        if previous is not None:
            tail, sidebar.tail = sidebar.tail, None
            previous.tail = (previous.tail or "") + (tail or "")
            parent.insert(0, sidebar)
            sidebar.tail, parent.text = parent.text, None
    return _bytes(tree)


def _semantic_tag(element: HtmlElement) -> str | None:
    tokens = _classes(element)
    ident = element.get("id") or ""
    if ident == "header" or "header" in tokens or "site-header" in tokens:
        return "header"
    if ident == "footer" or "footer" in tokens or "site-footer" in tokens:
        return "footer"
    if "sidebars" in tokens or "region--sidebar" in tokens or "sidebar" in tokens:
        return "aside"
    if ident in {"content", "main-content"} or "site-main" in tokens:
        return "main"
    if "node" in tokens:
        return "article"
    return None


def html5_semantic(page: Html) -> Html:
    """Theme regions become HTML5 elements: the header <header>, the content column <main>,
    the node <article>, the sidebar <aside>, the footer <footer>; a date with a machine value
    (RDFa `content`) becomes <time datetime>."""
    tree = _tree(page)
    for element in list(_elements(_body(tree))):
        if element.tag in {"div", "section", "span"}:
            new = _semantic_tag(element)
            if new and element.tag != "span":
                element.tag = new
        if "dc:date" in (element.get("property") or "") and element.get("content"):
            element.tag = "time"
            element.set("datetime", element.attrib.pop("content"))
            for name in ("property", "datatype"):
                element.attrib.pop(name, None)
    return _bytes(tree)


def _strip_rdfa(tree: HtmlElement) -> None:
    for element in _elements(tree):
        if element.tag == "meta":
            continue
        for name in RDFA_ATTRIBUTES:
            element.attrib.pop(name, None)
        if element.tag not in {"link", "a"} and element.get("rel"):
            element.attrib.pop("rel")


def metadata_removed(page: Html) -> Html:
    """Machine-readable metadata is removed: every <meta> but the charset, every <link>,
    JSON-LD blocks, RDFa attributes. What is left is what a reader sees (<time datetime> is
    kept: it is how HTML marks up a visible date)."""
    tree = _tree(page)
    for element in list(_elements(tree)):
        charset = element.tag == "meta" and (
            element.get("charset") or (element.get("http-equiv") or "").lower() == "content-type")
        if ((element.tag == "meta" and not charset) or element.tag == "link"
                or (element.tag == "script" and element.get("type") == "application/ld+json")):
            element.drop_tree()
    _strip_rdfa(tree)
    return _bytes(tree)


def _metadata(tree: HtmlElement) -> dict[str, Any]:
    """What the page's own metadata says, as JSON-LD NewsArticle keys."""
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")
            if m.get("content") is not None}
    found: dict[str, Any] = {}
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in data.get("@graph", [data]) if isinstance(data, dict) else data:
            if isinstance(node, dict) and "Article" in str(node.get("@type")):
                found.update({k: node[k] for k in ("headline", "datePublished", "dateModified",
                                                    "author", "image", "keywords") if k in node})
    rdfa = {}
    for element in tree.xpath("//*[@property][@content]"):
        for prop in element.get("property").split():
            rdfa.setdefault(prop, element.get("content"))
    # The article's own author names: a foaf:name in the node (typeof sioc:Item), not the
    # user names of the teasers beside it, which name other articles' authors.
    # Nor the names of reader comments in the node (typeof sioct:Comment).
    names = [e.text_content().strip() for e in tree.xpath(
        "//*[contains(@typeof, 'sioc:Item')]//*[@property='foaf:name']"
        "[not(ancestor::*[contains(@typeof, 'sioct:Comment')])]")]
    # schema.org microdata of the page's article: <meta itemprop> goes with the other <meta>.
    microdata = {e.get("itemprop"): e.get("content") or e.get("datetime") or e.text_content()
                 for e in tree.xpath("//*[contains(@itemtype, 'Article')]//*[@itemprop]"
                                     "[not(@itemscope)]")}
    for key in ("headline", "datePublished", "dateModified"):
        if microdata.get(key) and key not in found:
            found[key] = microdata[key].strip()
    headline = meta.get("og:title") or rdfa.get("dc:title")
    published = meta.get("article:published_time") or rdfa.get("dc:date")
    modified = meta.get("article:modified_time") or meta.get("og:updated_time")
    image = meta.get("og:image")
    keywords = [a.text_content().strip() for a in tree.xpath(
        "//*[contains(@rel, 'dc:subject')]//a | //*[contains(@rel, 'dc:subject')][self::a]")]
    for key, value in (("headline", headline), ("datePublished", published),
                       ("dateModified", modified), ("image", image)):
        if value and key not in found:
            found[key] = value
    if names and "author" not in found:
        found["author"] = [{"@type": "Person", "name": n} for n in names if n]
    if keywords and "keywords" not in found:
        found["keywords"] = ", ".join(keywords)
    return found


def jsonld_only(page: Html) -> Html:
    """The page's metadata is restated as one JSON-LD NewsArticle (headline, datePublished,
    dateModified, author, image, keywords, from the page's og/article meta, RDFa and JSON-LD),
    and every <meta> but the charset, other JSON-LD and the RDFa attributes are removed."""
    tree = _tree(page)
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **_metadata(tree)}
    for element in list(_elements(tree)):
        charset = element.tag == "meta" and (
            element.get("charset") or (element.get("http-equiv") or "").lower() == "content-type")
        if ((element.tag == "meta" and not charset)
                or (element.tag == "script" and element.get("type") == "application/ld+json")):
            element.drop_tree()
    _strip_rdfa(tree)
    script = lxml.html.Element("script", type="application/ld+json")
    script.text = json.dumps(data, ensure_ascii=False)
    head = tree.find("head")
    if head is None:
        head = lxml.html.Element("head")
        tree.insert(0, head)
    head.append(script)
    return _bytes(tree)


def _logo(tree: HtmlElement) -> HtmlElement | None:
    for link in _body(tree).iter("a"):
        pictured = link.get("href") == "/" and link.find(".//img") is not None
        if link.get("rel") == "home" or pictured:
            return link
    return None


def _title_h1s(tree: HtmlElement) -> list[HtmlElement]:
    return [h for h in _body(tree).iter("h1") if h.find(".//img") is None
            and not any(a.get("rel") == "home" for a in h.iter("a"))]


def title_as_h2_under_logo_h1(page: Html) -> Html:
    """The article's <h1> becomes an <h2> and the site's logo link is put in an <h1>, as old
    themes mark up the logo (same text: the logo has no text of its own but its alt)."""
    tree = _tree(page)
    titles = _title_h1s(tree)
    for heading in titles:
        heading.tag = "h2"
    logo = _logo(tree)
    if titles and logo is not None and not any(a.tag == "h1" for a in logo.iterancestors()):
        h1 = lxml.html.Element("h1")
        logo.addprevious(h1)
        h1.tail, logo.tail = logo.tail, None
        h1.append(logo)
    return _bytes(tree)


def layout_table(page: Html) -> Html:
    """The content column and the sidebar are put in the two cells of a layout table, as
    themes of the early 2000s laid out their columns."""
    tree = _tree(page)
    sidebar = _sidebar(tree)
    if sidebar is None:
        return _bytes(tree)
    parent = sidebar.getparent()
    table = lxml.html.fromstring('<table width="100%" border="0" cellpadding="0" cellspacing="0">'
                                 '<tr><td valign="top" width="70%"></td>'
                                 '<td valign="top" width="30%"></td></tr></table>')
    main_cell, side_cell = table.findall(".//td")
    # The columns before the sidebar; what follows it (a footer) stays below the table, so
    # that the text keeps its order.
    siblings = list(sidebar.itersiblings(preceding=True))[::-1]
    index = parent.index(siblings[0]) if siblings else 0
    parent.insert(index, table)
    table.tail, parent.text = parent.text, None
    for child in siblings:
        main_cell.append(child)
    side_cell.append(sidebar)
    return _bytes(tree)


def font_tags(page: Html) -> Html:
    """The content of every paragraph, heading and list item is wrapped in a <font> tag, as
    old WYSIWYG editors wrote it."""
    tree = _tree(page)
    for element in list(_elements(_body(tree))):
        if element.tag not in {"p", "h1", "h2", "h3", "h4", "li", "td"}:
            continue
        font = lxml.html.Element("font", face="Verdana, Arial", size="2")
        font.text, element.text = element.text, None
        for child in list(element):
            font.append(child)
        element.append(font)
    return _bytes(tree)


# --- the harness ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Exemption:
    """A field the transformation really removes, why, and the value it must then have
    (`expect(expected value, expected item, transformed page) -> value`)."""

    field: str
    reason: str
    expect: Callable[[Any, Item, HtmlElement], Any]


@dataclass(frozen=True)
class Variant:
    name: str
    transform: Callable[[Html], Html]
    applies: Callable[[HtmlElement], bool]
    exemptions: tuple[Exemption, ...] = ()
    reorders: bool = False  # the text lines stay, in another order

    def __post_init__(self) -> None:
        object.__setattr__(self, "transform", keeping_truncation(self.transform))

    def expected(self, item: Item, transformed: Html) -> Item:
        """The item the transformed page must give: the original's, exemptions applied."""
        result = {k: v for k, v in item.items() if k != "parser_version"}
        tree = _tree(transformed)
        for exemption in self.exemptions:
            result[exemption.field] = exemption.expect(result[exemption.field], item, tree)
        return result


TRAILING_END_TAGS = re.compile(rb"(\s*</[a-zA-Z0-9]+>)+\s*$")
TRAILING_COMMENTS = re.compile(rb"(?:\s*<!--(?:(?!<!--).)*?-->)+\s*$", re.DOTALL)


def keeping_truncation(transform: Callable[[Html], Html]) -> Callable[[Html], Html]:
    """A page cut off in transfer stays cut off: lxml closes the open elements when it writes
    the tree, which would hide that the page ends early, so those end tags are dropped."""
    @functools.wraps(transform)
    def rewrite(page: Html) -> Html:
        result = transform(page)
        # (Comments after </html> end a whole page too: the Web Archive appends its own.)
        if not TRAILING_COMMENTS.sub(b"", page).rstrip().lower().endswith(b"</html>"):
            result = TRAILING_END_TAGS.sub(b"", result)
        return result
    return rewrite


def _always(tree: HtmlElement) -> bool:
    return True


def _date_only_without_time_element(value: Any, item: Item, tree: HtmlElement) -> Any:
    """Without metadata the time of day is only known from a <time datetime> holding one, or
    from a date line that shows it (`di, 12/10/2021 - 09:30`)."""
    if not isinstance(value, str) or "T" not in value:
        return value
    timed = [t.get("datetime") for t in tree.iter("time") if "T" in (t.get("datetime") or "")]
    shown = re.search(rf"(?<![\d:.])0?{int(value[11:13])}[:.]{value[14:16]}(?![\d:])",
                      "\n".join(_visible_lines(tree)))
    return value if timed or shown else value[:10]


def _visible_updated(value: Any, item: Item, tree: HtmlElement) -> Any:
    """A datetime `updated` is a metadata modified time; without metadata `updated` is what the
    page shows: the latest update block's date, else a visible date (kept as it was)."""
    del tree
    if not isinstance(value, str) or "T" not in value:
        return value
    dates = sorted(u["date"] for u in item.get("updates", []) if u.get("date"))
    return dates[-1] if dates else None


METADATA_EXEMPTIONS = (
    Exemption("published", "only metadata (RDFa content, article:published_time, JSON-LD) gives "
              "the time of day; the visible date line gives the date alone, unless a "
              "<time datetime> with a time is on the page", _date_only_without_time_element),
    Exemption("updated", "a metadata modified time is an editorial save time no reader sees; "
              "what remains is the latest update block's date, or a visible "
              "'Geactualiseerd op' date, or nothing", _visible_updated),
)

VARIANTS: tuple[Variant, ...] = (
    Variant("block_inline_swap", block_inline_swap, _always),
    Variant("label_value_split", label_value_split,
            lambda t: any(LABEL_VALUE.match(e.text or "") and not len(e) and e.tag != "a"
                          for e in _elements(_body(t)) if e.tag not in INVISIBLE_TAGS)),
    Variant("extra_wrappers", extra_wrappers, _always),
    Variant("classes_and_ids_removed", classes_and_ids_removed,
            lambda t: any(e.get("class") or e.get("id") for e in _elements(t))),
    Variant("classes_renamed", classes_renamed,
            lambda t: any(e.get("class") for e in _elements(t))),
    Variant("views_rows_as_list", views_rows_as_list, lambda t: bool(_teaser_rows(t))),
    Variant("views_rows_as_cards", views_rows_as_cards, lambda t: bool(_teaser_rows(t))),
    Variant("sidebar_before_main", sidebar_before_main,
            lambda t: (s := _sidebar(t)) is not None and s.getprevious() is not None,
            reorders=True),
    Variant("html5_semantic", html5_semantic,
            lambda t: any(_semantic_tag(e) and e.tag in {"div", "section"} for e in _elements(t))
            or bool(t.xpath("//*[contains(@property, 'dc:date')][@content]"))),
    Variant("metadata_removed", metadata_removed,
            lambda t: bool(t.xpath("//meta[not(@charset)][not(@http-equiv)] | //link "
                                   "| //script[@type='application/ld+json'] | //*[@property]")),
            METADATA_EXEMPTIONS),
    Variant("jsonld_only", jsonld_only, _always),
    Variant("title_as_h2_under_logo_h1", title_as_h2_under_logo_h1,
            lambda t: bool(_title_h1s(t))),
    Variant("layout_table", layout_table, lambda t: _sidebar(t) is not None),
    Variant("font_tags", font_tags, _always),
)


def variant(name: str) -> Variant:
    return next(v for v in VARIANTS if v.name == name)


def reserialised(page: Html) -> Html:
    """The page parsed and written back unchanged: what a transformation is compared with, so
    that lxml's own serialisation is not taken for a change."""
    return _bytes(_tree(page))


def page_tree(page: Html) -> HtmlElement:
    """The parsed page, for `Variant.applies`."""
    return _tree(page)
