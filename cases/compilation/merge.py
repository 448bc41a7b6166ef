"""The parts' PDFs (parts.py) joined into the book as one WeasyPrint document would write it.

qpdf's own page job (pikepdf.Job, as `qpdf --pages`) copies each part's pages, reading
their photos from the part's file only as the book is written. What WeasyPrint writes
once per document is made here once for the book:
- one subset of each font holding every part's glyphs (fontsubset.py), its widths and its
  text map the union of the parts' (every page then names the same font objects);
- one copy of each colour profile the pages name;
- the named destinations (the contents' links) pointing at the pages where the book has
  them, and the bookmarks in order, each case under its 篇;
- a blank page before each right-hand start that follows a right-hand page.
The document's own catalogue (metadata, output intent) is the front matter's.

Not pikepdf's pages.extend: every Pdf pikepdf opens has qpdf copy its streams into memory
when they are copied elsewhere (setImmediateCopyFrom), 1.7 MB a part of the benchmark's
book, more than the build's 600 MB at 500 cases. The job holds the parts' objects only,
but that is still 0.8 MB a case part (its fonts' width arrays, parsed in the part and in
the copy): past BATCH parts, each batch is joined and written apart with one copy of each
font, and the book joins the batches (the 250-case book's join 263 → 136 MB, the same
file; tests/cases/compilation/test_merge.py).
The join runs in a process of its own (python -m cases.compilation.merge, the plan on its
standard input, its peak on its standard output): what a process has held it keeps, the
child's goes back when it exits, and it starts without Django, the fonts or the layout.

A batch is kept in the parts' folder under a digest of its parts (their keys, the blank
pages between them) and this code: a rebuild after one case changed joins that case's
batch again and finds the others (at 500 cases, 1 of 8). The book's prepress steps but
the photos' (prepress.finish_pages: padding, the 版权页, boxes, marks, page labels) are
done here on the joined book, which is then written once, hashed as it is written.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from cases.compilation import one_of_each
from cases.compilation.one_of_each import one_font_each, one_profile_each

ROOT = Path(__file__).resolve().parents[2]  # where `cases` is imported from
# Parts joined at a time: the job holds each part's objects, 0.8 MB a case of the
# benchmark's book (its fonts' width arrays, parsed in the part and again in the copy).
BATCH = 64
BATCH_PREFIX = "batch-"  # a kept batch's file name: batch-<digest>.pdf
# Kept batches: in COMPILATION_PARTS_ROOT/BATCHES/<book page id>, beside the parts' folders
# (whose files parts.py prunes by its own rule).
BATCHES = "batches"
MARKS = "marks.json"  # there: each part's named destinations and bookmarks, by its file


@dataclass
class Joined:
    peak_mb: float  # the join's own peak
    sha256: str = ""  # the written book's, when the join finished it


def merge(laid, target, fonts_folder, finishing=None, batches=None):
    """Write the book of `laid` (parts.Laid) to the path `target`, in a child process;
    with `finishing` (finish_pages's keywords, the 版权页's PDF as `imprint_path`), the
    book finished as prepress.finish would, but its photos. `batches`: the folder where
    batches are kept between builds (else they go with the join)."""
    plan = {
        "front": _described(laid.front),
        "body": [[blanks, _described(part)] for blanks, part in laid.body],
        "target": str(target),
        "fonts": str(fonts_folder),
        "finishing": finishing,
        "batches": str(batches) if batches else None,
    }
    done = subprocess.run(
        [sys.executable, "-m", "cases.compilation.merge"],
        input=json.dumps(plan).encode(),
        cwd=ROOT,
        capture_output=True,
    )
    if done.returncode:
        error = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"merge failed (exit {done.returncode}): {' / '.join(error)}")
    written = json.loads(done.stdout.decode().splitlines()[-1])
    return Joined(written["peak_mb"], written["sha256"])


def peak_mb():
    """This process's peak resident size. Not ru_maxrss: a spawned process's keeps the
    peak of the process it was spawned from."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def _described(part):
    """What the join reads of a part, as JSON."""
    keys = ("kind", "key", "pages", "anchors")
    return {"path": str(part.path), **{key: getattr(part, key) for key in keys}}


def _part(described):
    return SimpleNamespace(**{**described, "path": Path(described["path"])})


def main():
    plan = json.load(sys.stdin)
    body = [(blanks, _part(part)) for blanks, part in plan["body"]]
    laid = SimpleNamespace(front=_part(plan["front"]), body=body)
    batches = Path(plan["batches"]) if plan.get("batches") else None
    digest = join(laid, Path(plan["target"]), Path(plan["fonts"]), plan.get("finishing"), batches)
    print(json.dumps({"peak_mb": round(peak_mb(), 1), "sha256": digest or ""}))


def _code_digest():
    """What a kept batch was joined by: this code (with the fonts' and profiles' sharing)
    and qpdf's."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(one_of_each.__file__).read_bytes())
    digest.update(f"{pikepdf.__version__} {pikepdf.__libqpdf_version__}".encode())
    return digest.hexdigest()


def _sound(path):
    """Whether a kept batch can be joined as it is: it opens, and qpdf had nothing to
    repair (a damaged file qpdf rebuilds could lose pages unseen). A batch that is not
    sound is joined again from its parts."""
    try:
        with _open(path) as pdf:
            return not pdf.get_warnings() and len(pdf.pages) > 0
    except (FileNotFoundError, pikepdf.PdfError):
        return False


def _batch_path(folder, batch, trim):
    """Where the batch ([(blank pages, part path)]) is kept: named by its parts' files
    (each named by its content), the blank page's size and this code."""
    sources = [[blanks, path.name] for blanks, path in batch]
    text = json.dumps([_code_digest(), [round(side, 3) for side in trim], sources])
    return folder / f"{BATCH_PREFIX}{hashlib.sha256(text.encode()).hexdigest()[:32]}.pdf"


def _batched(sources, blank, folder, kept, trim):
    """`sources` past BATCH: each batch of parts joined apart, its fonts made one, written
    to a file of its own, or found kept (`kept`: a folder to keep them in, or None); the
    join holds one batch's parts' objects at a time, then one of each batch's fonts."""
    joined = []
    if kept:
        kept.mkdir(parents=True, exist_ok=True)
        # One build of a book at a time (start_build): a temporary batch found now was
        # left by a join killed while writing it (a worker stopped, out of memory).
        for left in kept.glob(f".{BATCH_PREFIX}*"):
            left.unlink(missing_ok=True)
    for number, at in enumerate(range(0, len(sources), BATCH)):
        batch = sources[at : at + BATCH]
        path = _batch_path(kept, batch, trim) if kept else Path(folder, f"batch{number}.pdf")
        if not _sound(path):
            written = Path(tempfile.mkstemp(dir=path.parent, prefix=f".{BATCH_PREFIX}")[1])
            try:
                with _joined(batch[0][1], batch, blank) as pdf:
                    one_font_each(pdf, None)
                    one_profile_each(pdf)
                    pdf.save(written)
                # On disk before it bears its name: after a crash a kept batch is
                # whole or absent, never an empty file taken for a batch.
                with open(written, "rb") as file:
                    os.fsync(file.fileno())
                os.replace(written, path)
            finally:
                written.unlink(missing_ok=True)
        joined.append((0, path))
    if kept:  # the batches of earlier books go: a changed case leaves its old one
        used = {path.name for _, path in joined}
        for old in kept.glob(f"{BATCH_PREFIX}*.pdf"):
            if old.name not in used:
                old.unlink(missing_ok=True)
    return joined


def join(laid, target, fonts_folder, finishing=None, batches=None):
    """The join itself, in this process (the child's); with `finishing`, the book
    finished (prepress.finish_pages) and the SHA-256 of the file written."""
    with _open(laid.front.path) as front:
        trim = _trim_size(front.pages[0])
    parts = [(0, laid.front)] + [(blanks, part) for blanks, part in laid.body]
    if laid.front.pages % 2:
        parts[1:1] = [(1, None)]  # the front matter's last page a left one: a blank
    starts, count = {}, 0
    for blanks, part in parts:
        count += blanks
        if part is not None:
            starts[part.key] = count
            count += part.pages
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        blank = Path(folder, "blank.pdf")
        with pikepdf.new() as pdf:
            pdf.add_blank_page(page_size=trim)
            pdf.save(blank)
        head = [(0, ".")] + [(1, None)] * (laid.front.pages % 2)  # None: blanks only
        sources = [(blanks, part.path) for blanks, part in laid.body]
        if len(sources) > BATCH:
            sources = _batched(sources, blank, folder, batches, trim)
        with _joined(laid.front.path, head + sources, blank) as book:
            if len(book.pages) != count:
                raise RuntimeError(f"the parts give {len(book.pages)} pages, not {count}")
            placed = [part for _, part in parts if part is not None]
            marks = [(starts[part.key], mark) for part, mark in _all_marks(placed, batches)]
            one_font_each(book, fonts_folder)
            one_profile_each(book)
            _destinations(book, laid, marks)
            _bookmarks(book, laid, marks)
            if finishing is None:
                book.save(target)
                return None
            return _finish(book, target, finishing)


def _finish(book, target, finishing):
    """The joined book finished as prepress.finish does (its photos were separated in
    the parts) and written to `target`; the file's SHA-256."""
    from cases.compilation import prepress

    finishing = dict(finishing)
    imprint = finishing.pop("imprint_path", None)
    finishing["imprint_pdf"] = Path(imprint).read_bytes() if imprint else None
    prepress.finish_pages(book, **finishing)
    return prepress.save_digested(book, target)


def _joined(first, sources, blank):
    """The pages of `sources` ([(blank pages before it, its file)]) as one Pdf, the file
    `first` its input ("." in `sources`: its catalogue is the Pdf's).

    qpdf's own job copies the pages, not pikepdf's pages.extend: pikepdf has qpdf copy every
    stream of a part into memory as its pages are added (1.7 MB a part); a job leaves them
    in the parts' files, read from there as the Pdf is written."""
    ranges = []
    for blanks, path in sources:
        ranges += [{"file": str(blank), "range": "1"}] * blanks
        if path is not None:
            source = "." if path in (".", first) else str(path)
            ranges.append({"file": source, "range": "1-z"})
    job = {
        "inputFile": str(first),
        "outputFile": str(blank) + ".unused",  # qpdf asks for one; the caller saves
        "removeUnreferencedResources": "no",  # as WeasyPrint wrote them, shared
        "pages": ranges,
    }
    return pikepdf.Job(job).create_pdf()


def _open(path):
    """Read as qpdf needs it, not mapped whole: a mapped file's pages count in the
    process's resident memory once read."""
    return pikepdf.open(path, access_mode=pikepdf.AccessMode.stream)


def _all_marks(parts, kept):
    """[(part, _marks(part))], each read from `kept`'s record (MARKS) when its file is the
    one recorded there, else from its file (opening 500 parts' files took 0.9 s of the
    500-case join); the record then holds this book's parts."""
    record = kept / MARKS if kept else None
    known = {}
    if record is not None and record.exists():
        with suppress(ValueError):
            known = json.loads(record.read_text())
    found, marks = {}, []
    for part in parts:
        stat = part.path.stat()
        name = f"{part.path.name} {stat.st_size} {stat.st_mtime_ns}"
        if name in known:
            named, outline = known[name]
            mark = SimpleNamespace(part=part, named=[_dest_in(*n) for n in named], outline=outline)
        else:
            mark = _marks(part)
        found[name] = [[_dest_out(*n) for n in mark.named], mark.outline]
        marks.append((part, mark))
    if record is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        written = Path(tempfile.mkstemp(dir=record.parent, prefix=".marks-")[1])
        written.write_text(json.dumps(found))
        os.replace(written, record)
    return marks


def _dest_out(name, page, rest):
    """A named destination as JSON: its values' types kept (/XYZ a Name, reals exact)."""
    return [name, page, [_value_out(value) for value in rest]]


def _value_out(value):
    if isinstance(value, Name):
        return ["n", str(value)]
    if isinstance(value, Decimal):
        return ["d", str(value)]
    if value is None or isinstance(value, int | float):
        return value
    raise TypeError(f"a destination's value not kept: {value!r}")


def _dest_in(name, page, values):
    made = {"n": Name, "d": Decimal}
    return name, page, [made[v[0]](v[1]) if isinstance(v, list) else v for v in values]


def _marks(part):
    """What the book takes of a part besides its pages, read from its file: its named
    destinations and its bookmarks, each with its page's index in the part."""
    with _open(part.path) as source:
        pages = _pages_of(source)
        named = [
            (str(name), pages[dest[0].objgen], [_plain(value) for value in list(dest)[1:]])
            for name, dest in _named(source)
        ]
        return SimpleNamespace(part=part, named=named, outline=_outline_items(source))


def _plain(value):
    """A destination's value kept past its file's closing."""
    return Name(str(value)) if isinstance(value, Name) else value


def _trim_size(page):
    box = page.obj.get("/TrimBox") or page.mediabox
    return (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))


def _pages_of(source):
    return {page.obj.objgen: index for index, page in enumerate(source.pages)}


def _named(pdf):
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return []
    items = list(dests.get("/Names", []))
    return list(zip(items[::2], items[1::2], strict=True))


def _destinations(book, laid, marks):
    """The named destinations of every part, on the book's pages; a part's own anchor
    wins over the front matter's stand-in for it (parts.py)."""
    found = {}
    pages = list(book.pages)
    for start, mark in marks:
        for name, page, rest in mark.named:
            if mark.part is laid.front and name not in laid.front.anchors:
                continue  # a stand-in: the body part's own follows
            found.setdefault(name, Array([pages[start + page].obj, *rest]))
    # Made whole at once: extending a pikepdf Array pair by pair took 0.55 s for the
    # 500-case book's destinations (each extend copies what the array holds).
    pairs = [item for name in sorted(found) for item in (String(name), found[name])]
    book.Root.Names.Dests = Dictionary(Names=Array(pairs))


def _outline_items(source):
    """(depth, title, page index in the part, /XYZ left, top) of each bookmark, in order."""
    items, pages = [], _pages_of(source)

    def walk(item, depth):
        while item is not None:
            dest = item.get("/Dest")
            if dest is not None and dest[0].objgen in pages:
                left, top = float(dest[2]), float(dest[3])
                items.append((depth, str(item.Title), pages[dest[0].objgen], left, top))
            walk(item.get("/First"), depth + 1)
            item = item.get("/Next")

    outlines = source.Root.get("/Outlines")
    walk(outlines.get("/First") if outlines is not None else None, 1)
    return items


def _bookmarks(book, laid, marks):
    """The book's bookmarks: the front matter's, each divider's with its cases' under it,
    the 后记's."""
    flat = []
    for start, mark in marks:
        nested = int(mark.part.kind == "case")  # a case's title goes under its 篇
        for depth, title, page, left, top in mark.outline:
            flat.append((depth + nested, title, start + page, left, top))
    with book.open_outline() as outline:
        outline.root.clear()
        stack = []  # (depth, item) of the open parents
        for depth, title, page, left, top in flat:
            item = pikepdf.OutlineItem(title, page, "XYZ", left=left, top=top)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((depth, item))


if __name__ == "__main__":
    main()
