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
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memcpy, strcmp, strlen

from lxml.includes cimport tree
from lxml.includes.etreepublic cimport (
    _Element,
    attributeValue,
    elementFactory,
    import_lxml__etree,
)

import_lxml__etree()

# Must equal `extract.scan.WALK_VERSION`: a module built from older source is not used.
WALK_VERSION = 1

DEF MAIN = 0
DEF ASIDE = 1
DEF CHROME = 2
ZONE_NAMES = ("main", "aside", "chrome")
cdef str LINE_BREAK = "\ue002"


cdef struct Frame:
    tree.xmlNode* node
    Py_ssize_t owner_before  # the owner whose text resumes after this element
    int zone                 # this element's zone, its children's parent zone
    bint is_owner
    bint is_br


cdef class _Text:
    """A growable UTF-8 buffer: the text of the current block, flushed at each boundary."""
    cdef char* data
    cdef Py_ssize_t size, capacity

    def __cinit__(self):
        self.capacity = 4096
        self.size = 0
        self.data = <char*> PyMem_Malloc(self.capacity)
        if self.data is NULL:
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.data)

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
        text = PyUnicode_DecodeUTF8(self.data, self.size, "replace")
        self.size = 0
        return text


cdef inline bint _named(tree.xmlNode* node, const char* name) noexcept:
    return strcmp(<const char*> node.name, name) == 0


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
        while at is not NULL and at.next is NULL:
            at = at.parent
            if at is node:
                return False
        if at is not NULL:
            at = at.next
    return False


cdef inline int _deeper(int zone, object inner) except -2:
    """Chrome wins over a side column, a side column over the main column."""
    if inner is None:
        return zone
    cdef int code = ZONE_NAMES.index(inner)
    return code if code > zone else zone


def walk(_Element top, frozenset block_tags, frozenset chrome_tags, frozenset chrome_roles,
         dict value_zones, object value_zone, dict by_value, dict position, dict state,
         list with_property):
    """Fill the scan's indexes from the subtree of `top`; return (owners, chunks).

    owners: [(element, zone name)], the elements that own text (block elements and elements
    that change zone), `top` first. chunks: [(owner number, text)] in document order, the
    text between two block boundaries, `<br>` written as LINE_BREAK.
    """
    cdef list owners = [(top, "main")]
    cdef list chunks = []
    cdef _Text text = _Text()
    cdef Py_ssize_t depth = 0, capacity = 64, owner = 0, number = 0, index
    cdef Frame* frames = <Frame*> PyMem_Malloc(capacity * sizeof(Frame))
    cdef Frame* grown
    cdef tree.xmlNode* node
    cdef tree.xmlAttr* attribute
    cdef int zone, parent_zone
    cdef bint has_class, is_block, is_owner, listed
    cdef const char* name
    cdef const char* aname
    cdef str tag
    cdef _Element element
    if frames is NULL:
        raise MemoryError()
    state[top] = (0, "main")
    try:
        frames[0].node = top._c_node
        frames[0].owner_before = 0
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
                        chunks.append((owner, text.take()))
                    owner = frames[depth].owner_before
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
            number += 1
            element = elementFactory(top._doc, node)
            parent_zone = frames[depth].zone
            zone = parent_zone
            name = <const char*> node.name
            tag = name.decode("utf-8", "replace")
            attribute = node.properties
            listed = False
            while attribute is not NULL:
                # Attributes in a namespace (`xml:lang`) are not the HTML ones read here.
                if attribute.ns is NULL:
                    aname = <const char*> attribute.name
                    if strcmp(aname, "class") == 0:
                        classes = attributeValue(node, attribute)
                        if classes:
                            position[element] = number
                            found = by_value.get(classes)
                            if found is None:
                                by_value[classes] = [element]
                            else:
                                (<list> found).append(element)
                            if parent_zone != CHROME:
                                zone_name = value_zones.get(classes, "?")
                                if zone_name == "?":
                                    zone_name = value_zone(classes)
                                zone = _deeper(zone, zone_name)
                    elif strcmp(aname, "property") == 0:
                        if not listed:
                            with_property.append(element)
                            listed = True
                    elif strcmp(aname, "id") == 0:
                        zone = _deeper(zone, value_zone(attributeValue(node, attribute)))
                    elif strcmp(aname, "role") == 0:
                        role = attributeValue(node, attribute)
                        if role in chrome_roles:
                            zone = CHROME
                        elif role == "complementary":
                            zone = _deeper(zone, "aside")
                    elif strcmp(aname, "hidden") == 0:
                        zone = CHROME
                    elif strcmp(aname, "aria-hidden") == 0:
                        if attributeValue(node, attribute) == "true":
                            zone = CHROME
                attribute = attribute.next
            is_block = tag in block_tags
            if is_block:
                if tag in chrome_tags:
                    zone = CHROME
                elif tag == "aside":
                    zone = ASIDE if zone == MAIN else zone
                elif (tag == "header" or tag == "footer") and zone != CHROME and (
                        not _own_header(node)):
                    zone = CHROME
            is_owner = is_block or zone != parent_zone
            if is_owner:
                if text.size:
                    chunks.append((owner, text.take()))
                index = len(owners)
                owners.append((element, ZONE_NAMES[zone]))
                state[element] = (index, ZONE_NAMES[zone])
            else:
                state[element] = (owner, ZONE_NAMES[zone])
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
            frames[depth].zone = zone
            frames[depth].is_owner = is_owner
            frames[depth].is_br = tag == "br"
            if is_owner:
                owner = index
            node = node.children
        if text.size:
            chunks.append((owner, text.take()))
    finally:
        PyMem_Free(frames)
    return owners, chunks
