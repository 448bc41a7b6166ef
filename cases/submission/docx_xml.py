"""The parts of a Word document (OOXML) the import reads, by their XML names (no Django).

python-docx's own qn() would import python-docx with these modules, into every web worker
(14 MB); it is imported where a file is opened (docx_import._open)."""

import re

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def qn(name: str) -> str:
    """ "w:p" → "{…wordprocessingml…}p", as lxml names elements."""
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # qn("w:")
WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): "\n", qn("w:cr"): "\n"}
VML_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"  # pictures of Word 2003 files
IMAGE_REFS = {qn("a:blip"): qn("r:embed"), VML_IMAGEDATA: qn("r:id")}


def children(element, tags):
    """Children with these tags, looking through content controls and similar wrappers."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag in WRAPPERS:
            yield from children(child, tags)


def lines_of(paragraph) -> list[str]:
    text = "".join(
        (el.text or "") if TEXT_TAGS[el.tag] is None else TEXT_TAGS[el.tag]
        for el in paragraph.iter(*TEXT_TAGS)
    )
    return text.split("\n")  # a soft line break (Shift+Enter) ends a line too


def styles_named(document, pattern: str) -> frozenset[str]:
    """Ids of the document's styles whose name (lower case, no spaces) matches: the ids
    differ between an English and a Chinese Word (Heading1, 1, a1 …)."""
    ids = set()
    for style in document.styles.element.iter(f"{W}style"):
        name = style.find(f"{W}name")
        label = (name.get(f"{W}val") if name is not None else "").lower().replace(" ", "")
        if re.fullmatch(pattern, label):
            ids.add(style.get(f"{W}styleId"))
    return frozenset(ids)
