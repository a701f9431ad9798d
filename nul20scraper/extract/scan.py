"""One pass over the page: class index, RDFa, zones, links, and the text blocks.

libxml2's `//*[...]` XPath costs about as much as parsing the page, so everything that
would scan the whole tree (CMS selectors, RDFa, chrome and side columns, the block sequence)
is read in a single Python pass over the elements instead.

Text is gathered as it is met: every block element (and every element that changes the zone)
owns the text that follows its start tag, and its parent owns the text after its end tag
again. Each owner collects its pieces in a buffer of its own, with a `<br>` kept as a line
break in the buffer's structure, never as a character in the text, so a page's own
characters (private-use ones included) come through verbatim. Two line breaks in a row
(`<br><br>`, how e-mail and old editors write paragraphs) end a block: the owner's text after
them is a block of its own.

Attribute names go to lxml as bytes in the loops over every element: a `str` name is encoded
for libxml2 on each call, and that is a sixth of the call.
"""

from __future__ import annotations

from lxml import etree

from nul20scraper.extract.blocks import (
    BLOCK_TAGS,
    CHROME_ROLES,
    CHROME_TAGS,
    SKIP_TAGS,
    Block,
    value_zone,
)
from nul20scraper.extract.layouts.base import Selector, Selectors
from nul20scraper.extract.subtree import holds
from nul20scraper.extract.text import all_text, clean

# Zone-setting attributes besides `class`: when an element has none, no test is needed.
# (`rel` sets no zone: its links are noted in the same test, for the layers that read
# `rel="author"`, `tag` and `category` links.)
_ZONE_ATTRIBUTES = frozenset({"id", "role", "property", "itemprop", "hidden", "aria-hidden",
                              "rel"})


class PageScan:
    def __init__(self, root: etree._Element, indexed: frozenset[str] | None = None,
                 prefixes: frozenset[str] = frozenset()):
        """`indexed`: the class tokens `select` may be asked for (None: every token);
        `prefixes`: the prefixes of class tokens `has_prefix` may be asked for."""
        self.indexed = indexed
        self.prefixes = prefixes
        # Class token -> its elements, in document order, each once.
        self.by_class: dict[str, list[etree._Element]] = {}
        # The prefixes of `prefixes` that a class token on the page starts with, chrome's too.
        self.prefixes_found: set[str] = set()
        self.with_property: list[etree._Element] = []  # RDFa
        self.with_itemprop: list[etree._Element] = []  # schema.org microdata
        self.with_rel: list[etree._Element] = []  # links outside chrome that say what they are
        self.links: list[etree._Element] = []  # every `a` outside chrome, in document order
        self.zones: dict[etree._Element, str] = {}  # element -> "main", "aside" or "chrome"
        # The elements of `by_class`, in document order: their positions are made from it
        # only when a selector's tokens have two lists to merge (on few pages).
        self._indexed_elements: list[etree._Element] = []
        self._position: dict[etree._Element, int] | None = None
        # Subtrees that never hold article text go in C, before the pass: invisible
        # elements, and navigation and forms (menus are a third of a page's elements).
        # Comments and processing instructions go too (their tails stay), so that every
        # node the pass meets is an element. The parser drops them already.
        etree.strip_elements(root, *SKIP_TAGS, *CHROME_TAGS, etree.Comment,
                             etree.ProcessingInstruction, etree.Entity, with_tail=False)
        body = next(root.iterchildren("body"), None)  # (`find` parses its path in Python)
        self.top = body if body is not None else root
        self.blocks: list[Block] = []
        self._walk(self.top)

    def zone(self, element: etree._Element) -> str:
        return self.zones.get(element, "chrome")

    def _walk(self, top: etree._Element) -> None:
        # Class values recur from page to page: what each value means (its zone, its tokens
        # to index, the prefixes asked for that its tokens start with) is found once, and only
        # the elements of indexed tokens are listed.
        known = _value_meanings(self.indexed, self.prefixes)
        prefixes_found = self.prefixes_found
        by_class = self.by_class
        indexed_elements = self._indexed_elements
        zones = self.zones
        with_property = self.with_property
        links = self.links
        block_tags = BLOCK_TAGS
        zone_attributes = _ZONE_ATTRIBUTES
        attribute_zone = self._attribute_zone
        emit = self._emit
        # The text of the innermost open owner since its last boundary: an owner's text is
        # made a block at every boundary inside it, so no other open owner holds any, and
        # one buffer serves them all. A `None` is a line break.
        pieces: list[str | None] = []

        def index_chrome(chrome: etree._Element) -> None:
            # All inside chrome is chrome (the zone's default) and its text is dropped, and
            # `select` never gives a chrome element: only the prefixes of class tokens (for
            # `has_prefix`: a pager is chrome) and RDFa are read.
            for element in chrome.iterdescendants():
                classes = element.get(b"class")
                if classes:
                    meaning = known.get(classes) or _value_meaning(classes, known, self.indexed,
                                                                   self.prefixes)
                    if meaning[2]:
                        prefixes_found.update(meaning[2])
                if element.get(b"property") is not None:
                    with_property.append(element)

        def visit(parent: etree._Element, owner: etree._Element, zone: str) -> None:
            # The children of `parent`, which is in `zone` (never chrome) and whose text
            # belongs to `owner`. The recursion is as deep as the page, and libxml2 stops
            # a page at 256 levels (load_document warns of it; a test holds the limit).
            # A call per element with children costs less than lxml's `getparent` for
            # every element that a walk of `iter()` would need to see where each ends.
            # (`parent[:]`: the children in one call to lxml, where its child iterator takes
            # a call for each: a twentieth of the walk.)
            for element in parent[:]:
                tag = element.tag
                new_zone = zone
                names = element.keys()
                if names:
                    classes = element.get(b"class")
                    if classes:
                        meaning = known.get(classes)
                        if meaning is None:
                            meaning = _value_meaning(classes, known, self.indexed,
                                                     self.prefixes)
                        if meaning is not _PLAIN:  # (most values: no zone, nothing indexed)
                            found, tokens, prefixed = meaning
                            if prefixed:
                                prefixes_found.update(prefixed)
                            if tokens:
                                indexed_elements.append(element)
                                for token in tokens:
                                    if token in by_class:
                                        by_class[token].append(element)
                                    else:
                                        by_class[token] = [element]
                            if found is not None:
                                new_zone = _deeper(zone, found)
                    # Most elements have a class and nothing else: no other attribute to
                    # test, and no hashing of the names lxml makes afresh for each call.
                    if (len(names) > 1 or classes is None) and not zone_attributes.isdisjoint(
                            names):
                        new_zone = attribute_zone(element, names, new_zone)
                if tag in block_tags or new_zone != zone:  # a block boundary: its own text
                    if tag == "aside":
                        new_zone = _deeper(new_zone, "aside")
                    elif (tag == "header" or tag == "footer") and new_zone != "chrome" and (
                        not _own_header(element)
                    ):
                        new_zone = "chrome"
                    if pieces:
                        emit(pieces, owner, zone)
                        pieces.clear()
                    if new_zone == "chrome":  # the zone's default: not stored
                        if len(element):
                            index_chrome(element)
                        tail = element.tail
                        if tail and not tail.isspace():
                            pieces.append(tail)
                        continue
                    if tag == "a":  # (a link with a zone of its own: rare)
                        links.append(element)
                    element_owner = element
                else:
                    element_owner = owner
                    if tag == "br" and pieces:
                        if pieces[-1] is not None:
                            pieces.append(None)  # a break at a line's start adds none
                        else:  # a second break in a row (`<br><br>`) ends a paragraph
                            pieces.pop()
                            emit(pieces, owner, zone)
                            pieces.clear()
                    elif tag == "a":
                        links.append(element)
                zones[element] = new_zone
                text = element.text
                if text and (pieces or not text.isspace()):
                    pieces.append(text)
                if len(element):
                    visit(element, element_owner, new_zone)
                if element_owner is not owner and pieces:  # its text ends; the parent's resumes
                    emit(pieces, element_owner, new_zone)
                    pieces.clear()
                tail = element.tail
                if tail and ((pieces and pieces[-1] is not None) or not tail.isspace()):
                    pieces.append(tail)

        zones[top] = "main"
        text = top.text
        if text and not text.isspace():
            pieces.append(text)
        try:
            visit(top, top, "main")
        finally:
            # `visit` calls itself through its closure, a cycle that holds the scan and with it
            # the page: unbroken, the page waits for the cyclic collector to be freed, whose
            # passes took four tenths of a 16 MB page's parse.
            visit = None  # type: ignore[assignment]
        if pieces:
            emit(pieces, top, "main")

    def _emit(self, pieces: list[str | None], element: etree._Element, zone: str) -> None:
        """An owner's text since its last boundary -> a block, unless it is blank."""
        if len(pieces) == 1:  # most blocks: one text, never a break
            line = clean(pieces[0])  # type: ignore[arg-type]
            if line:
                blocks = self.blocks
                blocks.append(Block(element.tag, [line], element, zone, len(blocks), line))
            return
        if None in pieces:
            lines = []
            start = 0
            for end, piece in enumerate(pieces):
                if piece is None:
                    lines.append(clean("".join(pieces[start:end])))  # type: ignore[arg-type]
                    start = end + 1
            lines.append(clean("".join(pieces[start:])))  # type: ignore[arg-type]
            lines = [line for line in lines if line]
        else:
            line = clean("".join(pieces))  # type: ignore[arg-type]
            lines = [line] if line else []
        if lines:
            blocks = self.blocks
            text = lines[0] if len(lines) == 1 else " ".join(lines)
            blocks.append(Block(element.tag, lines, element, zone, len(blocks), text))

    def _attribute_zone(self, element: etree._Element, names: list[str], zone: str) -> str:
        if "property" in names:
            self.with_property.append(element)
        if "itemprop" in names:
            self.with_itemprop.append(element)
        if "rel" in names and element.tag == "a":
            self.with_rel.append(element)
        if "id" in names:
            zone = _deeper(zone, value_zone(element.get("id", "")))
        if "role" in names:
            role = element.get("role")
            if role in CHROME_ROLES:
                zone = "chrome"
            elif role == "complementary":
                zone = _deeper(zone, "aside")
        if "hidden" in names or ("aria-hidden" in names and element.get("aria-hidden") == "true"):
            zone = "chrome"
        return zone

    def has_prefix(self, prefix: str) -> bool:
        """Whether a class token on the page starts with `prefix`, one of `prefixes`: the
        walk notes them as it meets each class value (once per value: see `_value_meaning`)."""
        if prefix not in self.prefixes:
            raise ValueError(f"{prefix!r} is not a prefix the scan looks for")
        return prefix in self.prefixes_found

    def select(self, selectors: Selectors,
               within: etree._Element | None = None) -> list[etree._Element]:
        """The elements a layout's selectors name, in document order, chrome left out; with
        `within`, only those in its subtree."""
        if selectors is None:
            return []
        if isinstance(selectors, Selector):
            selectors = (selectors,)
        indexed = self.indexed
        tokens = self.by_class.keys()
        on_page = []  # most selectors of a layout name fields a page does not have
        for selector in selectors:
            if indexed is not None and (indexed, selector) not in _CHECKED:
                if not indexed.issuperset(selector.classes):
                    raise ValueError(f"{selector} names class tokens the scan does not index")
                if len(_CHECKED) > 10_000:  # (selectors made at run time are new each time)
                    _CHECKED.clear()
                _CHECKED.add((indexed, selector))
            if not tokens.isdisjoint(selector.classes):
                on_page.append(selector)
        if not on_page:
            return []
        if len(on_page) == 1 and not (on_page[0].inner_tag or on_page[0].inner_class):
            found = self._select_one(on_page[0], within)  # one token list: each element once
        else:  # (the inner elements of nested fields come twice)
            found = list(dict.fromkeys(e for s in on_page for e in self._select_one(s, within)))
        zones = self.zones  # (chrome is the zone of every element not in it)
        return [e for e in found if e in zones]

    def _select_one(self, selector: Selector,
                    within: etree._Element | None) -> list[etree._Element]:
        by_class = self.by_class
        lists = [by_class[token] for token in selector.classes if token in by_class]
        if not lists:
            return []
        if selector.tag:  # (before the lists are merged: most of their elements go)
            tag = selector.tag
            lists = [kept for elements in lists if (kept := [e for e in elements if e.tag == tag])]
        # One token on the page (the common case): its list is in order already; so is one
        # element that several tokens name (a title that is both `title` and `page-title`).
        if len(lists) == 1:
            ordered = lists[0]
        elif not lists:
            return []
        else:
            merged = set().union(*lists)
            ordered = list(merged) if len(merged) == 1 else self._in_order(merged)
        inner_tag, token = selector.inner_tag, selector.inner_class
        if within is not None:
            if not (inner_tag or token):
                return [e for e in ordered if holds(within, e)]
            # Before the fields' values are looked for: the teasers beside the article show
            # the same fields (author, type), and their values are never in `within`. A field
            # around `within` may hold values in it: those are told apart below.
            ordered = [e for e in ordered if holds(within, e) or holds(e, within)]
            if not ordered:
                return []
        if inner_tag:
            found = [inner for e in ordered for inner in e.iter(inner_tag)]
        elif token:
            found = []
            for e in ordered:
                for inner in e.iter():
                    classes = inner.get(b"class")
                    # (the substring test in C spares most values the split)
                    if classes and token in classes and token in classes.split():
                        found.append(inner)
        else:
            return ordered
        if within is not None and not all(holds(within, e) for e in ordered):
            found = [e for e in found if holds(within, e)]
        return found

    def _in_order(self, elements: set[etree._Element]) -> list[etree._Element]:
        if self._position is None:
            self._position = {e: n for n, e in enumerate(self._indexed_elements)}
        return sorted(elements, key=self._position.__getitem__)


# The selectors known to name only indexed tokens, per set of tokens indexed.
_CHECKED: set[tuple[frozenset[str], Selector]] = set()


# A signup box holds a heading and a line or two besides its form; the text it is set in, more.
MAX_SIGNUP_BOX_CHARS = 300
MAX_SIGNUP_BOX_CHILDREN = 4


def hide_signup_box(form: etree._Element) -> None:
    """`<div><h3>Blijf op de hoogte</h3><p>Ontvang elke week ...</p><form action=".../subscribe">`
    (injected into the text by a script): the box is marked hidden, so the page scan leaves
    it out as it leaves out the form (read_metadata notes the forms in its walk). A box
    holding more than its heading and a line or two (the article's text) is left as it is."""
    action = form.get("action")  # where it posts: a mail service, the site's signup page
    if action:  # (else Ghost's attribute on its members' signup form)
        action = action.lower()
        # (Tests of substrings, one by one: a regex alternation searched along every action,
        # the page's own path on a Drupal 7 search form, costs five times as much.)
        if not ("nieuwsbrief" in action or "subscribe" in action or "newsletter" in action
                or "list-manage" in action or "signup" in action or "sign-up" in action
                or "aanmeld" in action or "inschrijv" in action or "laposta" in action
                or "mailerlite" in action or "sibforms" in action):
            return
    elif form.get("data-members-form") is None:
        return
    if next(form.iterancestors("aside"), None) is not None:
        return  # a side column's box: never the text (its teasers are read around it)
    inner = form
    box = form.getparent()
    while box is not None and len(box) == 1 and not (box.text or "").strip() and not (
        (inner.tail or "").strip()
    ):
        inner, box = box, box.getparent()  # wrappers that hold the form alone
    if box is None or box.tag in ("body", "html") or len(box) > MAX_SIGNUP_BOX_CHILDREN:
        return
    besides = (box.text or "") + "".join(
        all_text(child) + (child.tail or "") if child is not inner else (child.tail or "")
        for child in box if isinstance(child.tag, str))
    if len(besides) <= MAX_SIGNUP_BOX_CHARS and _says_signup(besides.lower()):
        box.set("hidden", "")  # (its own text, not its button's, says what it is for)


def _says_signup(text: str) -> bool:
    """What a signup box says it is for (the text a form is set in does not say so)."""
    return ("nieuwsbrief" in text or "newsletter" in text or "op de hoogte" in text
            or "mailbox" in text or "inbox" in text or "aanmeld" in text or "inschrijv" in text
            or "abonneer" in text or "schrijf je in" in text or "meld je aan" in text)


# What a class value means: the zone it sets (`value_zone`), its tokens to index (each
# once) and the prefixes looked for that its tokens start with, per set of tokens indexed
# and of prefixes looked for.
_Meaning = tuple[str | None, tuple[str, ...], tuple[str, ...]]
_PLAIN: _Meaning = (None, (), ())
_VALUE_MEANINGS: dict[tuple[frozenset[str] | None, frozenset[str]], dict[str, _Meaning]] = {}


def _value_meanings(indexed: frozenset[str] | None,
                    prefixes: frozenset[str]) -> dict[str, _Meaning]:
    known = _VALUE_MEANINGS.setdefault((indexed, prefixes), {})
    if len(known) > 50_000:  # (a bound on memory over a long crawl of odd pages)
        known.clear()
    return known


def _value_meaning(value: str, known: dict[str, _Meaning], indexed: frozenset[str] | None,
                   prefixes: frozenset[str]) -> _Meaning:
    split = value.split()
    tokens = tuple(dict.fromkeys(split) if indexed is None else (
        token for token in dict.fromkeys(split) if token in indexed))
    prefixed = tuple(prefix for prefix in prefixes
                     if any(token.startswith(prefix) for token in split))
    zone = value_zone(value)
    meaning = known[value] = (zone, tokens, prefixed) if (
        zone is not None or tokens or prefixed) else _PLAIN
    return meaning


def _own_header(element: etree._Element) -> bool:
    """The site's header and footer are chrome; an article's own hold its title and tags:
    one with an h1 in it, or inside an article or main element. (lxml's tag filters walk
    in C; an XPath costs a context made for each call.)"""
    return next(element.iter("h1"), None) is not None or next(
        element.iterancestors("article", "main"), None) is not None


def _deeper(zone: str, inner: str | None) -> str:
    """Chrome wins over a side column, a side column over the main column."""
    if inner is None or zone == "chrome":
        return zone
    return inner if inner == "chrome" or zone == "main" else zone
