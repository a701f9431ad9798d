# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The page scan's walk over libxml2's nodes, compiled: `extract.scan` in C.

The pure-Python walk in `extract.scan` touches every element through lxml's Python API, which
costs more than parsing the page. This module walks the same tree through lxml's public C API
(`etreepublic.pxd`): node names, attributes and text are read from libxml2's structs, and
Python objects are made only for what the scan returns. It must give exactly what the Python
walk gives; `tests/test_scan_walk.py` compares the two on every fixture page.

Nothing here calls libxml2 itself: struct fields are read, and attribute values come through
lxml's exported `attributeValue`, so the module links against no library.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyTypeObject
from cpython.ref cimport PyObject, Py_DECREF, Py_INCREF
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uint64_t
from libc.string cimport memcpy, strcmp, strlen

from lxml.includes cimport tree
from lxml.includes.tree cimport const_xmlChar
from lxml.includes.etreepublic cimport (
    _Element,
    attributeValue,
    elementFactory,
    import_lxml__etree,
)

import_lxml__etree()

from types import MemberDescriptorType

# Must equal `extract.compiled.WALK_VERSION`: a module built from older source is not used.
WALK_VERSION = 12

DEF MAIN = 0
DEF ASIDE = 1
DEF CHROME = 2
ZONE_NAMES = ("main", "aside", "chrome")
cdef str LINE_BREAK = "\ue002"


cdef struct Frame:
    tree.xmlNode* node
    Py_ssize_t owner_before  # the owner whose text resumes after this element
    int owner_zone_before
    PyObject* state_before   # that owner's state entry, (owner number, zone name)
    int zone                 # this element's zone, its children's parent zone
    bint is_owner
    bint is_br


# Tag names: libxml2 keeps one copy of each name per document, so a name is known by its
# address; the Python string and the tag's kind are made once per name and page.
DEF TAG_CACHE = 64
DEF TAG_BLOCK = 1
DEF TAG_CHROME = 2
DEF TAG_ASIDE = 4
DEF TAG_HEADER = 8   # header or footer
DEF TAG_BR = 16


cdef struct TagCache:
    int size
    const_xmlChar* names[TAG_CACHE]
    PyObject* tags[TAG_CACHE]
    int kinds[TAG_CACHE]


cdef class _Text:
    """A growable UTF-8 buffer: the text of the current block, flushed at each boundary."""
    cdef char* data
    cdef char* out  # the normalised text
    cdef Py_ssize_t size, capacity, out_capacity

    def __cinit__(self):
        self.capacity = 4096
        self.size = 0
        self.data = <char*> PyMem_Malloc(self.capacity)
        self.out_capacity = self.capacity
        self.out = <char*> PyMem_Malloc(self.out_capacity)
        if self.data is NULL or self.out is NULL:
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.data)
        PyMem_Free(self.out)

    cdef int add(self, const char* text, Py_ssize_t length) except -1:
        cdef Py_ssize_t needed = self.size + length
        cdef char* grown
        if needed > self.capacity:
            while self.capacity < needed:
                self.capacity *= 2
            grown = <char*> PyMem_Realloc(self.data, self.capacity)
            if grown is NULL:
                raise MemoryError()
            self.data = grown
        memcpy(self.data + self.size, text, length)
        self.size = needed
        return 0

    cdef object take(self):
        """The buffered text as (text, normalised) and empty the buffer; None if blank.

        Normalised is `" ".join(text.split())`, done here on the UTF-8 bytes. Text holding a
        line break or a zero-width character is returned as it is, for `extract.scan` to
        cut into lines and clean.
        """
        cdef Py_ssize_t length = self.size, read = 0, written = 0, width
        cdef unsigned char* data = <unsigned char*> self.data
        cdef unsigned char* out
        cdef unsigned char byte
        cdef bint pending = False
        self.size = 0
        if length > self.out_capacity:
            out = <unsigned char*> PyMem_Realloc(self.out, length)
            if out is NULL:
                raise MemoryError()
            self.out = <char*> out
            self.out_capacity = length
        out = <unsigned char*> self.out
        while read < length:
            byte = data[read]
            if byte >= 0xe2 and _is_special(data, read, length):
                return (PyUnicode_DecodeUTF8(self.data, length, "replace"), False)
            width = _space_width(data, read, length)
            if width:
                pending = written > 0
                read += width
                continue
            if pending:
                out[written] = 0x20
                written += 1
                pending = False
            out[written] = byte
            written += 1
            read += 1
        if written == 0:
            return None
        return (PyUnicode_DecodeUTF8(self.out, written, "replace"), True)


cdef inline Py_ssize_t _space_width(unsigned char* data, Py_ssize_t at,
                                    Py_ssize_t length) noexcept:
    """The byte length of the whitespace character at `at` (as str.split() sees it), or 0."""
    cdef unsigned char first = data[at], second, third
    if first < 0x80:
        return 1 if (0x09 <= first <= 0x0d or 0x1c <= first <= 0x20) else 0
    if first == 0xc2 and at + 1 < length:
        second = data[at + 1]
        return 2 if second == 0x85 or second == 0xa0 else 0
    if at + 2 >= length:
        return 0
    second = data[at + 1]
    third = data[at + 2]
    if first == 0xe1:
        return 3 if second == 0x9a and third == 0x80 else 0
    if first == 0xe2:
        if second == 0x80:
            return 3 if (0x80 <= third <= 0x8a or third == 0xa8 or third == 0xa9
                         or third == 0xaf) else 0
        return 3 if second == 0x81 and third == 0x9f else 0
    if first == 0xe3:
        return 3 if second == 0x80 and third == 0x80 else 0
    return 0


cdef inline bint _is_special(unsigned char* data, Py_ssize_t at, Py_ssize_t length) noexcept:
    """LINE_BREAK (U+E002), a zero-width space (U+200B) or a BOM (U+FEFF) at `at`."""
    cdef unsigned char first = data[at]
    if first < 0xe2 or at + 2 >= length:
        return False
    if first == 0xee:
        return data[at + 1] == 0x80 and data[at + 2] == 0x82
    if first == 0xe2:
        return data[at + 1] == 0x80 and data[at + 2] == 0x8b
    return first == 0xef and data[at + 1] == 0xbb and data[at + 2] == 0xbf


cdef inline object _attribute_text(tree.xmlNode* node, tree.xmlAttr* attribute):
    """An attribute's value. The HTML parser stores it as one text node, read here as it is;
    anything else goes through lxml (which copies the value before decoding it)."""
    cdef tree.xmlNode* value = attribute.children
    if value is not NULL and value.next is NULL and value.type == tree.XML_TEXT_NODE and (
            value.content is not NULL):
        return PyUnicode_DecodeUTF8(<const char*> value.content,
                                    strlen(<const char*> value.content), "replace")
    return attributeValue(node, attribute)


cdef inline bint _named(tree.xmlNode* node, const char* name) noexcept:
    return strcmp(<const char*> node.name, name) == 0


cdef inline tree.xmlNode* _following(tree.xmlNode* node, tree.xmlNode* top) noexcept:
    """The node after `node` and its subtree in document order, within `top`'s subtree: a
    sibling, else the sibling of the nearest ancestor; NULL past the end."""
    while node is not top and node.next is NULL:
        node = node.parent
    return NULL if node is top else node.next


cdef bint _own_header(tree.xmlNode* node) noexcept:
    """`boolean(.//h1 | ancestor::article | ancestor::main)`: a header that is the article's."""
    cdef tree.xmlNode* up = node.parent
    while up is not NULL and up.type == tree.XML_ELEMENT_NODE:
        if _named(up, "article") or _named(up, "main"):
            return True
        up = up.parent
    # Pre-order walk of the descendants, iterative: pages may nest thousands deep.
    cdef tree.xmlNode* at = node.children
    while at is not NULL:
        if at.type == tree.XML_ELEMENT_NODE:
            if _named(at, "h1"):
                return True
            if at.children is not NULL:
                at = at.children
                continue
        at = _following(at, node)
    return False


# Class attribute values recur from page to page: each one's indexed tokens and zone code are
# worked out once. Bounded, like `blocks.VALUE_ZONES`; made again for other rules or tokens.
cdef dict _CLASS_VALUES = {}
cdef tuple _class_rules = (None, None)
cdef object _MISSING = object()
# The text buffer of the last walk, for the next one (a walk in progress takes it).
cdef _Text _spare_text = None
DEF KEEP_TEXT_BUFFER = 1 << 20


cdef tuple _class_value(str classes, object indexed, dict value_zones, object value_zone):
    """(its tokens to index, once each; its zone code or -1) of a class attribute value."""
    global _class_rules
    if value_zone is not _class_rules[0] or indexed is not _class_rules[1]:
        _CLASS_VALUES.clear()
        _class_rules = (value_zone, indexed)
    entry = _CLASS_VALUES.get(classes)
    if entry is None:
        if len(_CLASS_VALUES) > 50_000:
            _CLASS_VALUES.clear()
        tokens = list(dict.fromkeys(classes.split()))
        if indexed is not None:
            tokens = [token for token in tokens if token in indexed]
        entry = _CLASS_VALUES[classes] = (
            tokens, _zone_code(_value_zone(classes, value_zones, value_zone)))
    return <tuple> entry


cdef inline object _value_zone(str value, dict value_zones, object value_zone):
    """`value_zone(value)`, its cache read here first: a call to Python costs more."""
    found = value_zones.get(value, _MISSING)
    return value_zone(value) if found is _MISSING else found


cdef inline int _zone_code(object name) except -2:
    return -1 if name is None else ZONE_NAMES.index(name)


cdef inline int _deeper(int zone, object inner) except -2:
    """Chrome wins over a side column, a side column over the main column."""
    if inner is None:
        return zone
    cdef int code = ZONE_NAMES.index(inner)
    return code if code > zone else zone


def walk(_Element top, frozenset block_tags, frozenset chrome_tags, frozenset chrome_roles,
         dict value_zones, object value_zone, object indexed, dict by_class, set class_values,
         dict state, list with_property, object block, object lines_of):
    """Fill the scan's indexes from the subtree of `top`; return its text blocks.

    `by_class` gets each class token in `indexed` (every token when None) with its elements in
    document order, each once; `class_values` every class attribute value.

    A block is the text between two block boundaries, `block(tag, lines, element, zone,
    number)`, owned by a block element or an element that changes zone. Blank text and text
    in chrome make no block. Text is normalised here (`" ".join(text.split())`) unless it
    holds a line break (`<br>`, written as LINE_BREAK) or a zero-width character: then
    `lines_of(text)` cuts and cleans it.
    """
    cdef list owners = [(top, "main", top.tag)]
    cdef _BlockMaker block_maker = _maker_of(block)
    cdef list blocks = []
    cdef list tag_names = []  # owns the strings the cache points to
    cdef _Text text
    cdef tuple class_value
    global _spare_text
    cdef TagCache cache
    cdef Py_ssize_t depth = 0, capacity = 64, owner = 0, index = 0
    cdef Frame* frames = <Frame*> PyMem_Malloc(capacity * sizeof(Frame))
    cdef Frame* grown
    cdef tree.xmlNode* node
    cdef tree.xmlAttr* attribute
    cdef int zone, parent_zone, owner_zone = MAIN, kind, slot
    cdef bint is_owner, listed
    cdef const char* aname
    cdef object tag, taken, owner_state
    cdef _Element element
    if frames is NULL:
        raise MemoryError()
    if _spare_text is not None:
        text, _spare_text = _spare_text, None
    else:
        text = _Text()
    cache.size = 0
    owner_state = (0, "main")
    state[top] = owner_state
    try:
        frames[0].node = top._c_node
        frames[0].owner_before = 0
        frames[0].owner_zone_before = MAIN
        frames[0].state_before = <PyObject*> owner_state
        frames[0].zone = MAIN
        frames[0].is_owner = True
        frames[0].is_br = False
        node = top._c_node.children
        while True:
            if node is NULL:
                # Leave the element whose children are done; stop at `top`.
                if depth == 0:
                    break
                node = frames[depth].node
                if frames[depth].is_owner:
                    if text.size:
                        _flush(text, blocks, owners[owner], owner_zone, block_maker, lines_of)
                    owner = frames[depth].owner_before
                    owner_zone = frames[depth].owner_zone_before
                    owner_state = <object> frames[depth].state_before
                if frames[depth].is_br:
                    text.add("\xee\x80\x82", 3)  # LINE_BREAK in UTF-8
                depth -= 1
                node = node.next
                continue
            if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
                if node.content is not NULL:
                    text.add(<const char*> node.content, strlen(<const char*> node.content))
                node = node.next
                continue
            if node.type != tree.XML_ELEMENT_NODE:
                node = node.next
                continue
            element = elementFactory(top._doc, node)
            parent_zone = frames[depth].zone
            zone = parent_zone
            slot = 0
            while slot < cache.size and cache.names[slot] != node.name:
                slot += 1
            if slot < cache.size:
                tag = <object> cache.tags[slot]
                kind = cache.kinds[slot]
            else:
                tag = (<const char*> node.name).decode("utf-8", "replace")
                kind = _tag_kind(tag, block_tags, chrome_tags)
                if cache.size < TAG_CACHE:
                    tag_names.append(tag)
                    cache.names[cache.size] = node.name
                    cache.tags[cache.size] = <PyObject*> tag
                    cache.kinds[cache.size] = kind
                    cache.size += 1
            attribute = node.properties
            listed = False
            while attribute is not NULL:
                # Attributes in a namespace (`xml:lang`) are not the HTML ones read here.
                if attribute.ns is NULL:
                    aname = <const char*> attribute.name
                    if strcmp(aname, "class") == 0:
                        classes = _attribute_text(node, attribute)
                        if classes:
                            class_values.add(classes)
                            class_value = _class_value(classes, indexed, value_zones, value_zone)
                            for token in <list> class_value[0]:
                                found = by_class.get(token)
                                if found is None:
                                    by_class[token] = [element]
                                else:
                                    (<list> found).append(element)
                            if parent_zone != CHROME and <int> class_value[1] > zone:
                                zone = <int> class_value[1]
                    elif strcmp(aname, "property") == 0:
                        if not listed:
                            with_property.append(element)
                            listed = True
                    elif strcmp(aname, "id") == 0:
                        zone = _deeper(zone, _value_zone(_attribute_text(node, attribute),
                                                         value_zones, value_zone))
                    elif strcmp(aname, "role") == 0:
                        role = _attribute_text(node, attribute)
                        if role in chrome_roles:
                            zone = CHROME
                        elif role == "complementary":
                            zone = _deeper(zone, "aside")
                    elif strcmp(aname, "hidden") == 0:
                        zone = CHROME
                    elif strcmp(aname, "aria-hidden") == 0:
                        if _attribute_text(node, attribute) == "true":
                            zone = CHROME
                attribute = attribute.next
            if kind & TAG_CHROME:
                zone = CHROME
            elif kind & TAG_ASIDE:
                zone = ASIDE if zone == MAIN else zone
            elif kind & TAG_HEADER and zone != CHROME and not _own_header(node):
                zone = CHROME
            is_owner = (kind & TAG_BLOCK) or zone != parent_zone
            if is_owner:
                if text.size:
                    _flush(text, blocks, owners[owner], owner_zone, block_maker, lines_of)
                index = len(owners)
                owners.append((element, ZONE_NAMES[zone], tag))
                state[element] = (index, ZONE_NAMES[zone])
            else:
                # A non-owner shares its owner's zone: the same entry will do.
                state[element] = owner_state
            # Enter the element: its frame says how to leave it.
            depth += 1
            if depth == capacity:
                capacity *= 2
                grown = <Frame*> PyMem_Realloc(frames, capacity * sizeof(Frame))
                if grown is NULL:
                    raise MemoryError()
                frames = grown
            frames[depth].node = node
            frames[depth].owner_before = owner
            frames[depth].owner_zone_before = owner_zone
            frames[depth].state_before = <PyObject*> owner_state
            frames[depth].zone = zone
            frames[depth].is_owner = is_owner
            frames[depth].is_br = (kind & TAG_BR) != 0
            if is_owner:
                owner = index
                owner_zone = zone
                owner_state = state[element]
            node = node.children
        if text.size:
            _flush(text, blocks, owners[owner], owner_zone, block_maker, lines_of)
    finally:
        PyMem_Free(frames)
        if text.capacity <= KEEP_TEXT_BUFFER:
            text.size = 0
            _spare_text = text
    return blocks


cdef int _tag_kind(str tag, frozenset block_tags, frozenset chrome_tags) except -1:
    """What the walk needs to know of a tag, as TAG_ flags."""
    if tag == "br":
        return TAG_BR
    if tag not in block_tags:
        return 0
    if tag in chrome_tags:
        return TAG_BLOCK | TAG_CHROME
    if tag == "aside":
        return TAG_BLOCK | TAG_ASIDE
    if tag == "header" or tag == "footer":
        return TAG_BLOCK | TAG_HEADER
    return TAG_BLOCK


cdef int _flush(_Text text, list blocks, tuple owner, int owner_zone, _BlockMaker block,
                object lines_of) except -1:
    """End the current text: it makes a block of `owner` unless blank or in chrome."""
    if owner_zone == CHROME:
        text.size = 0
        return 0
    taken = text.take()
    if taken is None:
        return 0
    element, zone, tag = owner
    lines = [taken[0]] if taken[1] else lines_of(taken[0])
    if not lines:
        return 0
    # `text` is what Block.__post_init__ makes of the lines.
    blocks.append(block.make(tag, lines, element, zone, len(blocks),
                             lines[0] if len(lines) == 1 else " ".join(lines)))
    return 0


cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset
        int flags
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    PyObject* PyType_GenericAlloc(PyTypeObject* kind, Py_ssize_t items) except NULL

DEF T_OBJECT_EX = 16
BLOCK_FIELDS = ("tag", "lines", "element", "zone", "index", "text")


cdef class _BlockMaker:
    """Makes `blocks.Block`s (a dataclass with slots) without running Python code: its
    `__init__`, or even `__new__` and six assignments, cost more than the rest of a block's
    making. The object is allocated as `object.__new__` does and each field is written to its
    slot, the offset read from the slot's member descriptor. A class whose fields are not
    such plain slots gets `__new__` and assignments instead."""
    cdef object kind
    cdef Py_ssize_t offsets[6]
    cdef bint direct

    def __cinit__(self, object kind):
        self.kind = kind
        self.direct = (type(kind).__new__ is type.__new__ and kind.__new__ is object.__new__
                       and type(kind).__call__ is type.__call__)
        for number, name in enumerate(BLOCK_FIELDS):
            member = getattr(kind, name, None)
            if type(member) is not MemberDescriptorType:
                self.direct = False
                break
            definition = (<PyMemberDescrObject*> <PyObject*> member).d_member
            if definition.type != T_OBJECT_EX or definition.flags != 0:
                self.direct = False
                break
            self.offsets[number] = definition.offset

    cdef object make(self, object tag, object lines, object element, object zone,
                     object index, object text):
        cdef PyObject* made
        cdef object values = (tag, lines, element, zone, index, text)
        cdef Py_ssize_t number
        if not self.direct:
            block = self.kind.__new__(self.kind)
            for number in range(6):
                setattr(block, BLOCK_FIELDS[number], values[number])
            return block
        made = PyType_GenericAlloc(<PyTypeObject*> self.kind, 0)
        for number in range(6):
            value = (<tuple> values)[number]
            Py_INCREF(value)
            (<PyObject**> (<char*> made + self.offsets[number]))[0] = <PyObject*> value
        block = <object> made  # a second reference: the allocation's own is dropped
        Py_DECREF(block)
        return block


cdef _BlockMaker _block_maker = None


cdef _BlockMaker _maker_of(object kind):
    global _block_maker
    if _block_maker is None or _block_maker.kind is not kind:
        _block_maker = _BlockMaker(kind)
    return _block_maker


# -- byte checks for `extract.document` and `extract.decode`: both scan the whole page -------

def is_utf8(bytes data) -> bool:
    """Whether `data.decode("utf-8")` would succeed, without making the string.

    Same rules as Python's strict decoder: no overlong forms, no surrogates, nothing above
    U+10FFFF.
    """
    cdef const unsigned char* at = <const unsigned char*> data
    cdef Py_ssize_t length = len(data), i = 0, j, need
    cdef unsigned char byte, second
    cdef uint64_t word
    while i < length:
        byte = at[i]
        if byte < 0x80:
            i += 1
            # ASCII eight bytes at a time: most of a page is markup.
            while i + 8 <= length:
                memcpy(&word, at + i, 8)
                if word & 0x8080808080808080ULL:
                    break
                i += 8
            continue
        if 0xc2 <= byte <= 0xdf:
            need = 1
        elif 0xe0 <= byte <= 0xef:
            need = 2
        elif 0xf0 <= byte <= 0xf4:
            need = 3
        else:
            return False
        if i + need >= length:  # the page ends inside the character
            return False
        second = at[i + 1]
        if (byte == 0xe0 and second < 0xa0) or (byte == 0xed and second > 0x9f) or (
                byte == 0xf0 and second < 0x90) or (byte == 0xf4 and second > 0x8f):
            return False
        for j in range(1, need + 1):
            if at[i + j] & 0xc0 != 0x80:
                return False
        i += need + 1
    return True


def count_control_bytes(bytes data, bytes control) -> int:
    """How many bytes of `data` are in `control`."""
    cdef const unsigned char* at = <const unsigned char*> data
    cdef const unsigned char* wanted = <const unsigned char*> control
    cdef bint table[256]
    cdef Py_ssize_t i, count = 0
    for i in range(256):
        table[i] = False
    for i in range(len(control)):
        table[wanted[i]] = True
    cdef Py_ssize_t length = len(data)
    cdef uint64_t word
    i = 0
    while i < length:
        # Eight bytes at a time while none is below 0x20 (every control byte is).
        if i + 8 <= length:
            memcpy(&word, at + i, 8)
            if not ((word - 0x2020202020202020ULL) & ~word & 0x8080808080808080ULL):
                i += 8
                continue
        if table[at[i]]:
            count += 1
        i += 1
    return count


# -- the page's metadata elements, for `extract.metadata` ----------------------------------

cdef object _attribute(tree.xmlNode* node, const char* name):
    """The value of the attribute `name` (no namespace), or None: lxml's `element.get`."""
    cdef tree.xmlAttr* attribute = node.properties
    while attribute is not NULL:
        if attribute.ns is NULL and strcmp(<const char*> attribute.name, name) == 0:
            return _attribute_text(node, attribute)
        attribute = attribute.next
    return None


cdef object _own_text(tree.xmlNode* node):
    """lxml's `element.text`: the text nodes before the first child element, joined."""
    cdef tree.xmlNode* child = node.children
    cdef list parts = []
    while child is not NULL and (child.type == tree.XML_TEXT_NODE
                                 or child.type == tree.XML_CDATA_SECTION_NODE):
        if child.content is not NULL:
            parts.append(PyUnicode_DecodeUTF8(<const char*> child.content,
                                              strlen(<const char*> child.content), "replace"))
        child = child.next
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "".join(parts)


def metadata_elements(_Element root):
    """The `meta`, `link`, `script` and `title` elements of the tree, in document order, as
    what `extract.metadata.read_metadata` reads of each: `root.iter("meta", "link", "script",
    "title")` with the attributes read in C.

    ("meta", property, name, itemprop, content), ("link", href, rel), ("script", type, text),
    ("title", text, is_root).
    """
    cdef list found = []
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* node = top
    cdef const char* name
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            name = <const char*> node.name
            if strcmp(name, "meta") == 0:
                found.append(("meta", _attribute(node, "property"), _attribute(node, "name"),
                              _attribute(node, "itemprop"), _attribute(node, "content")))
            elif strcmp(name, "link") == 0:
                found.append(("link", _attribute(node, "href"), _attribute(node, "rel")))
            elif strcmp(name, "script") == 0:
                found.append(("script", _attribute(node, "type"), _own_text(node)))
            elif strcmp(name, "title") == 0:
                found.append(("title", _own_text(node), node is top))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return found


# -- subtree questions, for `extract.subtree` -------------------------------------------------
# Asked of many elements per page; here they follow libxml2's parent pointers and make no
# element proxies but those they return.

cdef inline bint _holds(tree.xmlNode* top, tree.xmlNode* node) noexcept:
    while node is not NULL:
        if node is top:
            return True
        node = node.parent
    return False


def holds(_Element top, _Element element) -> bool:
    """Whether `element` is `top` or lies in its subtree."""
    return _holds(top._c_node, element._c_node)


def blocks_within(_Element top, list blocks) -> list:
    """The blocks whose element lies in the subtree of `top`, in order."""
    cdef tree.xmlNode* node = top._c_node
    return [block for block in blocks if _holds(node, (<_Element> block.element)._c_node)]


def block_run(_Element top, list blocks, Py_ssize_t index, frozenset block_tags) -> tuple:
    """(start, end) of the run of blocks around `blocks[index]` whose element is a block
    element in the subtree of `top`."""
    cdef tree.xmlNode* node = top._c_node
    cdef Py_ssize_t start = index, end = index + 1, count = len(blocks)
    while start > 0 and _block_in(node, blocks[start - 1], block_tags):
        start -= 1
    while end < count and _block_in(node, blocks[end], block_tags):
        end += 1
    return start, end


cdef inline bint _block_in(tree.xmlNode* top, object block, frozenset block_tags) except -1:
    return _holds(top, (<_Element> block.element)._c_node) and block.tag in block_tags


def teaser_containers(list lines) -> tuple:
    """Each element's largest ancestor holding none of the others (None where its parent
    holds another already, or is `body`), and whether any of them lies in an `a` element:
    `extract.subtree.teaser_containers`, with ancestors known by their node's address."""
    cdef set reached = set(), shared = set()
    cdef list walks = [], containers = [], walk
    cdef tree.xmlNode* node
    cdef tree.xmlNode* container
    cdef bint in_link = False
    cdef _Element element
    for item in lines:
        element = <_Element> item
        walk = []
        node = element._c_node.parent
        while node is not NULL and _is_element(node):
            key = <size_t> node
            if key in reached:
                shared.add(key)
                break
            reached.add(key)
            walk.append(key)
            if _named(node, "a"):
                in_link = True
            node = node.parent
        walks.append(walk)
    for walk in walks:
        container = NULL
        for key in walk:
            node = <tree.xmlNode*> <size_t> key
            if key in shared or _named(node, "body") or _named(node, "html"):
                break
            container = node
        containers.append(None if container is NULL else elementFactory(element._doc, container))
    return containers, in_link


cdef inline bint _is_element(tree.xmlNode* node) noexcept:
    """What lxml's `iterancestors` yields: elements, comments, PIs and entity references."""
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_PI_NODE or node.type == tree.XML_ENTITY_REF_NODE)


def in_document_order(_Element top, list elements) -> list:
    """`elements` (of the subtree of `top`, each once) in document order: one walk that stops
    when all are found. Elements not found there come last, in their order."""
    cdef Py_ssize_t count = len(elements), left = count, i
    cdef tree.xmlNode* node = top._c_node
    cdef tree.xmlNode** nodes
    cdef list ordered = []
    if count < 2:
        return list(elements)
    nodes = <tree.xmlNode**> PyMem_Malloc(count * sizeof(tree.xmlNode*))
    if nodes is NULL:
        raise MemoryError()
    try:
        for i in range(count):
            nodes[i] = (<_Element> elements[i])._c_node
        while node is not NULL and left:
            if node.type == tree.XML_ELEMENT_NODE:
                for i in range(count):
                    if nodes[i] is node:
                        ordered.append(elements[i])
                        nodes[i] = NULL
                        left -= 1
                if node.children is not NULL:
                    node = node.children
                    continue
            node = _following(node, top._c_node)
        for i in range(count):
            if nodes[i] is not NULL:
                ordered.append(elements[i])
    finally:
        PyMem_Free(nodes)
    return ordered


def links_and_pictures(_Element top, bint with_ancestors) -> tuple:
    """The (href, title) of each `a` element in the subtree of `top` (after those of its `a`
    ancestors when `with_ancestors`), and the `alt` of each `img` ("" without one)."""
    cdef list links = [], pictures = []
    cdef tree.xmlNode* start = top._c_node
    cdef tree.xmlNode* node
    if with_ancestors:
        node = start.parent
        while node is not NULL and _is_element(node):
            if node.type == tree.XML_ELEMENT_NODE and _named(node, "a"):
                links.append((_attribute(node, "href"), _attribute(node, "title")))
            node = node.parent
    node = start
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if _named(node, "a"):
                links.append((_attribute(node, "href"), _attribute(node, "title")))
            elif _named(node, "img"):
                alt = _attribute(node, "alt")
                pictures.append("" if alt is None else alt)
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, start)
    return links, pictures
