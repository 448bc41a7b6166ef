"""merge.py on parts made here: the book's pages, blanks, bookmarks and links in place, and
the join's memory not growing with the parts' photos."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from types import SimpleNamespace

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from cases.compilation import merge, one_of_each

pytestmark = pytest.mark.pdf  # the joins run as processes, as the builds run them

A4 = (595.28, 841.89)
PHOTO = 1_000_000  # bytes of a part's photo stream: what pikepdf's page copy held in memory


def part_file(path, pages, anchor, title, photo=0):
    """A part as WeasyPrint writes one: its pages, a named destination and a bookmark on
    its first page, and a photo (incompressible bytes, like a JPEG) on each page."""
    with pikepdf.new() as pdf:
        for _ in range(pages):
            page = pdf.add_blank_page(page_size=A4)
            page.Contents = pdf.make_stream(f"% {title}".encode())  # read back below
            if photo:
                image = pikepdf.Stream(pdf, os.urandom(photo))
                image.Type, image.Subtype = Name.XObject, Name.Image
                image.Width, image.Height, image.BitsPerComponent = 1000, photo // 1000, 8
                image.ColorSpace = Name.DeviceGray
                page.Resources.XObject = Dictionary(Im0=image)
        first = pdf.pages[0].obj
        destination = Array([first, Name.XYZ, 56, 785, 0])
        pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array([String(anchor), destination])))
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(title, 0, "XYZ", left=56, top=785))
        pdf.save(path)
    return SimpleNamespace(
        kind=title.split("-")[0], key=title, path=path, pages=pages, anchors={anchor: 0}
    )


def plan(tmp_path, cases, photo=0):
    """The front matter (one page: a blank follows), a divider, `cases` cases, the 后记
    (after a blank when it would start on a left page)."""
    front = part_file(tmp_path / "front.pdf", 1, "toc", "front-目录")
    body = [(0, part_file(tmp_path / "divider.pdf", 1, "section-1", "divider-第一篇"))]
    index = 3  # the book's pages so far
    for number in range(cases):
        case = part_file(
            tmp_path / f"case{number}.pdf", 2, f"case-{number}", f"case-{number}", photo
        )
        body.append((0, case))
        index += 2
    body.append((index % 2, part_file(tmp_path / "back.pdf", 1, "postscript", "back-后记")))
    return {
        "front": merge._described(front),
        "body": [[blanks, merge._described(part)] for blanks, part in body],
        "target": str(tmp_path / "book.pdf"),
        "fonts": str(tmp_path),
    }


def join_peak_mb(described):
    """The join in a process of its own, as merge.merge runs it: its peak resident size."""
    done = subprocess.run(
        [sys.executable, "-m", "cases.compilation.merge"],
        input=json.dumps(described).encode(),
        cwd=merge.ROOT,
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout.decode().splitlines()[-1])["peak_mb"]  # its VmHWM


def test_the_book_has_every_part_s_pages_blanks_bookmarks_and_links_in_place(tmp_path):
    described = plan(tmp_path, cases=3)
    join_peak_mb(described)
    reader = PdfReader(described["target"])
    # 目录, a blank, 第一篇, three cases of two pages, a blank, 后记.
    marks = [page.get_contents().get_data().decode() for page in reader.pages]
    assert marks == [
        "% front-目录",
        "",
        "% divider-第一篇",
        *[f"% case-{number}" for number in (0, 0, 1, 1, 2, 2)],
        "",
        "% back-后记",
    ]

    def flat(items, depth=1):
        found = []
        for item in items:
            if isinstance(item, list):
                found += flat(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))
        return found

    assert flat(reader.outline) == [
        (1, "front-目录", 0),
        (1, "divider-第一篇", 2),
        (2, "case-0", 3),
        (2, "case-1", 5),
        (2, "case-2", 7),
        (1, "back-后记", 10),
    ]
    named = reader.named_destinations
    pages = {name: reader.get_destination_page_number(dest) for name, dest in named.items()}
    assert pages == {
        "toc": 0,
        "section-1": 2,
        "case-0": 3,
        "case-1": 5,
        "case-2": 7,
        "postscript": 10,
    }


def test_the_join_does_not_hold_the_parts_photos(tmp_path):
    """pikepdf's pages.extend had qpdf copy each part's streams into memory (1.7 MB a
    part of the benchmark's book, over 600 MB at 500 cases): 20 more parts of 2 MB of
    photos each must not add their 40 MB."""
    (tmp_path / "few").mkdir()
    (tmp_path / "many").mkdir()
    few = join_peak_mb(plan(tmp_path / "few", cases=2, photo=PHOTO))
    many = join_peak_mb(plan(tmp_path / "many", cases=22, photo=PHOTO))
    assert many - few < 15, (few, many)


def test_a_font_s_widths_are_read_and_written_back_as_weasyprint_writes_them():
    """The book's W array of a font is the union of the parts' (one_of_each.one_font_each)."""
    half = pikepdf.Object.parse(b"500.5")
    parts = [
        Array([6, Array([923]), 15, Array([327, half, 1000])]),
        Array([16, Array([half, 1000, 557]), 40, Array([1000])]),
    ]
    union = {}
    for array in parts:
        union |= one_of_each.font_widths(array)
    assert union == {6: 923, 15: 327, 16: Decimal("500.5"), 17: 1000, 18: 557, 40: 1000}
    expected = Array([6, Array([923]), 15, Array([327, half, 1000, 557]), 40, Array([1000])])
    assert one_of_each.width_array(union).unparse() == expected.unparse()


def _fingerprint(path):
    """What a reader takes from the book: each page's content and fonts (program, widths,
    text map), the bookmarks and the named destinations, each with its page; and how many
    font objects the pages name."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        printed, objects = [], set()
        for page in pdf.pages:
            fonts = []
            for font in (page.Resources.get("/Font") or {}).values():
                objects.add(font.objgen)
                cid = font.DescendantFonts[0]
                program = cid.FontDescriptor.FontFile3.read_bytes()
                text = font.ToUnicode.read_bytes()
                fonts.append((str(font.BaseFont), cid.W.unparse(), text, program))
            printed.append((page.obj.Contents.read_bytes(), sorted(fonts)))

        def marks(items, depth=1):
            for item in items:
                yield depth, item.title, pages[item.destination[0].objgen]
                yield from marks(item.children, depth + 1)

        with pdf.open_outline() as outline:
            bookmarks = list(marks(outline.root))
        names = list(pdf.Root.Names.Dests.Names)
        pairs = zip(names[::2], names[1::2], strict=True)
        named = [(str(name), pages[dest[0].objgen]) for name, dest in pairs]
    return printed, bookmarks, named, len(objects)


def _laid_out(book, tmp_path, monkeypatch, settings):
    """The book's parts laid out as a build lays them out, with what the build passed to
    the join: (laid, fonts)."""
    from cases.compilation.book import assemble
    from cases.compilation.pdf import render_pdf
    from cases.compilation.renditions import make_renditions

    # Parts of its own: test_parts.py counts the parts a first build lays out.
    settings.COMPILATION_PARTS_ROOT = str(tmp_path / "parts")
    joins, join = [], merge.merge
    monkeypatch.setattr(merge, "merge", lambda *args: joins.append(args) or join(*args))
    assembled = assemble(book)
    make_renditions(assembled)
    render_pdf(assembled)
    laid, _, fonts, *_ = joins[-1]
    return laid, fonts


@pytest.mark.django_db
def test_a_book_joined_in_batches_is_the_book_joined_at_once(book, tmp_path, monkeypatch, settings):
    laid, fonts = _laid_out(book, tmp_path, monkeypatch, settings)
    assert len(laid.body) > 2
    merge.join(laid, tmp_path / "whole.pdf", fonts)
    monkeypatch.setattr(merge, "BATCH", 2)  # the body's parts two by two
    merge.join(laid, tmp_path / "batched.pdf", fonts)
    whole = _fingerprint(tmp_path / "whole.pdf")
    assert _fingerprint(tmp_path / "batched.pdf") == whole
    assert whole[1][0] == (1, "编委会", 2) and whole[3] == 3  # each font once


@pytest.mark.django_db
def test_a_rebuild_joins_again_only_the_batch_of_the_changed_case(
    book, tmp_path, monkeypatch, settings
):
    """Batches are kept between builds under what they hold: after one case changed, its
    batch is joined again, the others are found, only its part's file is opened for its
    bookmarks and destinations, and the book is the one a join from scratch makes."""
    from wagtail.rich_text import RichText

    from cases.compilation.book import assemble
    from cases.compilation.pdf import render_pdf
    from cases.compilation.renditions import make_renditions

    settings.COMPILATION_PARTS_ROOT = str(tmp_path / "parts")
    joins, join = [], merge.merge
    monkeypatch.setattr(merge, "merge", lambda *args: joins.append(args) or join(*args))

    def laid_out():
        assembled = assemble(book)
        make_renditions(assembled)
        render_pdf(assembled)
        return joins[-1][0], joins[-1][2]

    kept = tmp_path / "batches"
    monkeypatch.setattr(merge, "BATCH", 2)  # 2 dividers, 3 cases, the 后记: three batches
    laid, fonts = laid_out()
    merge.join(laid, tmp_path / "first.pdf", fonts, None, kept)
    first = {path.name: path.stat().st_mtime_ns for path in kept.glob("batch-*.pdf")}
    assert len(first) == 3
    case = book.cases[1]  # the second batch's first part
    heading, paragraph = case.body
    source = paragraph.value.source.replace("居委会联", "修订文字", 1)
    case.body = [(heading.block_type, heading.value), ("paragraph", RichText(source))]
    case.save_revision().publish()
    laid, fonts = laid_out()
    opened, marks = [], merge._marks  # the parts whose marks are read from their files
    monkeypatch.setattr(merge, "_marks", lambda part: opened.append(part.key) or marks(part))
    merge.join(laid, tmp_path / "again.pdf", fonts, None, kept)
    changed = [part.key for _, part in laid.body if part.kind == "case"][1]
    assert opened == [changed]  # the others' from the record beside the batches
    again = {path.name: path.stat().st_mtime_ns for path in kept.glob("batch-*.pdf")}
    assert len(again) == 3 and len(set(again) - set(first)) == 1  # the old one gone
    assert all(again[name] == first[name] for name in set(again) & set(first))  # found
    monkeypatch.setattr(merge, "BATCH", 1000)  # the same parts joined at once
    merge.join(laid, tmp_path / "fresh.pdf", fonts)
    assert _fingerprint(tmp_path / "again.pdf") == _fingerprint(tmp_path / "fresh.pdf")


@pytest.mark.django_db
def test_a_damaged_or_cut_kept_batch_is_joined_again(book, tmp_path, monkeypatch, settings):
    """A kept batch emptied or cut short (a crash, a full disk) is joined again from its
    parts, not taken as it is (qpdf would repair a cut one and lose its last pages or fail
    every later build); a temporary batch a killed join left behind is removed."""
    laid, fonts = _laid_out(book, tmp_path, monkeypatch, settings)
    kept = tmp_path / "batches"
    monkeypatch.setattr(merge, "BATCH", 2)
    merge.join(laid, tmp_path / "first.pdf", fonts, None, kept)
    emptied, cut, whole = sorted(kept.glob("batch-*.pdf"), key=lambda path: path.name)
    emptied.write_bytes(b"")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size * 2 // 3])
    left = kept / ".batch-left-by-a-killed-join"
    left.write_bytes(b"%PDF-1.7\n")
    untouched = whole.stat().st_mtime_ns
    merge.join(laid, tmp_path / "again.pdf", fonts, None, kept)
    assert _fingerprint(tmp_path / "again.pdf") == _fingerprint(tmp_path / "first.pdf")
    assert emptied.stat().st_size > 0 and merge._sound(cut)
    assert whole.stat().st_mtime_ns == untouched  # a sound batch is still found
    assert not left.exists()
