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


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_R, W_TXBX, W_SYM = qn("w:r"), qn("w:txbxContent"), qn("w:sym")
# Check boxes typed as Wingdings symbols (Insert → Symbol): ticked, or empty.
TICKED_SYMBOLS = {"F0FE", "F052", "F0FD", "F0FB", "F0FC", "00FE", "0052", "F078", "F06E"}
EMPTY_SYMBOLS = {"F0A8", "F06F", "F0A3", "00A8", "F072", "F071", "F0A1"}


def hidden(element, paragraph) -> bool:
    """Inside a text box, or in the copy Word keeps for old readers (mc:Fallback): read
    elsewhere, or not at all (a text box's text would otherwise be read twice)."""
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (MC_FALLBACK, W_TXBX):
            return True
        parent = parent.getparent()
    return False


def _bold(run) -> bool:
    mark = run.find(f"{W}rPr/{W}b")
    return mark is not None and mark.get(f"{W}val", "1") not in ("0", "false", "off")


def run_text(run) -> str:
    """A run's text; a line break is "\n", a symbol check box ☑ or □."""
    out = ""
    for el in run:
        if el.tag in TEXT_TAGS:
            out += (el.text or "") if TEXT_TAGS[el.tag] is None else TEXT_TAGS[el.tag]
        elif el.tag == W_SYM:
            char = (el.get(f"{W}char") or "").upper()
            out += "☑" if char in TICKED_SYMBOLS else "□" if char in EMPTY_SYMBOLS else ""
    return out


def runs_of(paragraph) -> list[tuple[str, bool]]:
    """(text, bold) of the paragraph's own runs, in order; a line break is "\n"."""
    return [
        (run_text(run), _bold(run)) for run in paragraph.iter(W_R) if not hidden(run, paragraph)
    ]


def lines_with_bold(paragraph) -> list[tuple[str, bool]]:
    """Each line of the paragraph (a soft line break ends one) and whether all its
    letters are bold."""
    lines, text, bold = [], "", True
    for piece, piece_bold in runs_of(paragraph):
        parts = piece.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append((text, bold and bool(text.strip())))
                text, bold = "", True
            text += part
            if part.strip() and not piece_bold:
                bold = False
    lines.append((text, bold and bool(text.strip())))
    return lines


def lines_of(paragraph) -> list[str]:
    return [text for text, _ in lines_with_bold(paragraph)]


def textboxes_of(element) -> list[str]:
    """Text of each text box in the element, read once (the modern copy only)."""
    out = []
    for box in element.iter(W_TXBX):
        if hidden(box, element):
            continue
        lines = [" ".join(lines_of(p)).strip() for p in box.iter(W_P)]
        text = " ".join(line for line in lines if line)
        if text:
            out.append(text)
    return out


def pictures_of(element) -> list:
    """Picture references (a:blip, v:imagedata) in the element, each read once."""
    return [el for el in element.iter(*IMAGE_REFS) if not hidden(el, element)]


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
