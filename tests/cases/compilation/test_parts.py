"""The book laid out part by part (parts.py, merge.py): the same book as one WeasyPrint
document makes, and a rebuild lays out only what changed."""

import io
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from wagtail.rich_text import RichText

from cases.compilation import book as book_module
from cases.compilation import fontsubset, merge, parts
from cases.compilation.book import assemble
from cases.compilation.pdf import render_pdf, render_whole
from cases.compilation.renditions import make_renditions
from tests.cases.compilation.pdf_reading import read_pages, squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


@pytest.fixture(autouse=True)
def _no_parts_kept(settings, tmp_path):
    """Each test starts with no part kept: a build of another file's test in the same
    process, of a book with the same id and cases (SQLite gives ids again after a
    rollback), would otherwise be found here and not laid out."""
    settings.COMPILATION_PARTS_ROOT = str(tmp_path / "parts")


def built(page):
    """(rendered, the parts laid out in this build, not found)."""
    book = assemble(page)
    make_renditions(book)
    laid = []
    rendered = render_pdf(book, lambda done, part: laid.append(part) if part.laid_out else None)
    return rendered, laid


def whole(page):
    book = assemble(page)
    make_renditions(book)
    return render_whole(book)


def _outline(reader, items=None, depth=1):
    flat = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            flat += _outline(reader, item, depth + 1)
        else:
            flat.append((depth, item.title, reader.get_destination_page_number(item)))
    return flat


def _text(pdf):
    return [squeeze(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_same_book(rendered, reference):
    """Page for page the same text (folios, running heads and contents included), the same
    bookmarks, page labels, links of the contents and folios."""
    assert rendered.pages == reference.pages
    assert rendered.folios == reference.folios
    assert _text(rendered.pdf) == _text(reference.pdf)
    ours, theirs = (PdfReader(io.BytesIO(r.pdf)) for r in (rendered, reference))
    assert _outline(ours) == _outline(theirs)
    assert ours.page_labels == theirs.page_labels
    assert _links(ours) == _links(theirs)


def _links(reader):
    """(page of the link, page it leads to) of every link of the contents."""
    named = reader.named_destinations
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            dest = annotation.get_object().get("/Dest")
            if dest is not None:
                found.append((index, reader.get_destination_page_number(named[str(dest)])))
    return found


def test_the_parts_make_the_book_one_document_makes(book):
    rendered, laid = built(book)
    # Two dividers, three cases, the 后记 (in two processes at once), the front matter.
    kinds = [part.kind for part in laid]
    assert sorted(kinds[:-1]) == ["back", "case", "case", "case", "divider", "divider"]
    assert kinds[-1] == "front"
    assert_same_book(rendered, whole(book))
    # A case in the contents leads to its page, whose folio the contents print.
    pages, reader = read_pages(rendered.pdf), PdfReader(io.BytesIO(rendered.pdf))
    start = reader.page_labels.index("1")
    # Every section, case, the 前言 and the 后记 linked from the contents.
    assert len({target for _, target in _links(reader)}) == 2 + 3 + 2
    for folio in rendered.folios.values():
        # The last 9 pt line: the QR code's address is set lower, in 6 pt.
        folios = [line for line in pages[start + folio - 1]["lines"] if line.size == 9]
        assert folios[-1].text == str(folio)


def test_a_rebuild_lays_out_only_the_case_that_changed(book):
    first, _ = built(book)
    again, laid = built(book)
    assert laid == []  # nothing changed: every part found
    assert _text(again.pdf) == _text(first.pdf)
    # Four characters of the middle case corrected, as an editor would: its pages stay.
    case = book.cases[1]
    heading, paragraph = case.body
    source = paragraph.value.source.replace("居委会联", "修订文字", 1)
    case.body = [(heading.block_type, heading.value), ("paragraph", RichText(source))]
    case.save_revision().publish()
    changed, laid = built(book)
    assert [(part.kind, part.case and part.case.page.pk) for part in laid] == [("case", case.pk)]
    assert "修订文字" in "".join(_text(changed.pdf))
    assert_same_book(changed, whole(book))


def test_a_rebuild_with_nothing_changed_neither_typesets_nor_renders_a_case(book, monkeypatch):
    first, _ = built(book)
    rendered, typeset = [], []
    source, layout = parts.Parts.source, book_module.layout_case

    def recording_source(self, part):
        rendered.append(part.kind)
        return source(self, part)

    def recording_layout(case, *args, **kwargs):
        typeset.append(case.pk)
        return layout(case, *args, **kwargs)

    monkeypatch.setattr(parts.Parts, "source", recording_source)
    monkeypatch.setattr(book_module, "layout_case", recording_layout)
    again, laid = built(book)
    assert laid == [] and typeset == []
    assert "case" not in rendered  # found by what they are made from (Parts.recipe)
    assert _text(again.pdf) == _text(first.pdf)


def test_a_change_the_case_revision_does_not_carry_lays_the_case_out_again(book):
    built(book)
    case = book.cases[0]
    case.organization.name = "甲社会组织（更名）"
    case.organization.save()
    changed, laid = built(book)
    # The case, for its byline, and the front matter, whose contents print the name.
    assert [part.case.page.pk for part in laid if part.kind == "case"] == [case.pk]
    assert sorted({part.kind for part in laid}) == ["case", "front"]
    assert "".join(_text(changed.pdf)).count("甲社会组织（更名）") == 2


def test_each_font_is_embedded_once(book):
    rendered, _ = built(book)
    out = subprocess.run(
        ["pdffonts", "-"], input=rendered.pdf, capture_output=True, check=True
    ).stdout.decode()
    counts = Counter(line.split()[0].split("+")[-1] for line in out.splitlines()[2:])
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= set(counts), out
    # Each font of the parts' pages once (seven parts wrote seven copies); the serif once
    # more: the 版权页 is set apart and laid over its page with its own subset
    # (prepress.py), as it is in the book made as one document.
    assert counts.pop("Noto-Serif-CJK-SC") <= 2, out
    assert set(counts.values()) == {1}, out


def test_a_new_build_keeps_only_the_parts_it_used(book):
    built(book)
    folder = parts.cache_folder(book)
    first = set(folder.iterdir())
    book.page_size = "b5"
    book.save_revision().publish()
    built(book)
    assert set(folder.iterdir()).isdisjoint(first)


def test_the_join_runs_apart_and_says_why_it_failed(tmp_path):
    front = parts.Part("front", key="front", path=tmp_path / "missing.pdf", pages=1)
    with pytest.raises(RuntimeError, match=r"missing\.pdf"):
        merge.merge(parts.Laid(front, [], 2), tmp_path / "book.pdf", tmp_path)
    assert not (tmp_path / "book.pdf").exists()


def test_the_book_s_font_subset_is_kept_for_the_next_build(tmp_path, monkeypatch):
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", "Noto Sans CJK SC"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    file, index = found.splitlines()
    (tmp_path / "ABCDEF+Noto.font").write_bytes(Path(file).read_bytes())
    (tmp_path / "ABCDEF+Noto.font.index").write_text(index)
    made = fontsubset.book_subset(tmp_path, "/ABCDEF+Noto", {3, 500, 20000})
    assert made[:4] == b"OTTO"

    def subset(*args):
        raise AssertionError("subset again")

    monkeypatch.setattr(fontsubset, "subset", subset)
    assert fontsubset.book_subset(tmp_path, "/ABCDEF+Noto", {20000, 500, 3}) == made
    monkeypatch.undo()
    # Other glyphs, another subset; past KEPT_SUBSETS, the least recently used go.
    for glyph in range(fontsubset.KEPT_SUBSETS + 1):
        fontsubset.book_subset(tmp_path, "/ABCDEF+Noto", {3, 600 + glyph})
    assert len(list(tmp_path.glob("*.subset"))) == fontsubset.KEPT_SUBSETS
