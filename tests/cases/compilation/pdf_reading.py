"""Reading a built book back: lines of text with their positions, per page."""

import io
import re
from dataclasses import dataclass

import pdfplumber

PT_PER_MM = 72 / 25.4


@dataclass
class PrintedLine:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    font: str
    text: str


def squeeze(text):
    return re.sub(r"\s+", "", text)


def read_pages(pdf_bytes):
    """(text, lines, images, (width, height)) per page."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        for index, page in enumerate(document.pages):
            rows = {}
            for char in page.chars:
                key = (round(char["top"], 0), round(char["size"], 1))
                rows.setdefault(key, []).append(char)
            lines = []
            for (_, size), chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                lines.append(
                    PrintedLine(
                        page=index,
                        top=min(c["top"] for c in chars),
                        bottom=max(c["bottom"] for c in chars),
                        x0=chars[0]["x0"],
                        x1=chars[-1]["x1"],
                        size=size,
                        font=chars[0]["fontname"],
                        text="".join(c["text"] for c in chars),
                    )
                )
            lines.sort(key=lambda line: line.top)
            pages.append(
                {
                    "text": page.extract_text() or "",
                    "lines": lines,
                    "images": list(page.images),
                    "size": (float(page.width), float(page.height)),
                }
            )
    return pages
