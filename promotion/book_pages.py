"""A case's pages cut from the book's current edition (cases/compilation/, read only).

The build records each case's printed page number (CompilationBuild.folios) and labels
the body's pages 1, 2 … (prepress.py); a case runs to the page before the next entry of
the book's outline (the next case, 篇 or 后记), so its pages come out as printed."""

import io

from cases.models import CompilationPage


def current_edition(campaign):
    """The newest edition of the campaign's books, or None."""
    editions = [
        edition
        for page in CompilationPage.objects.child_of(campaign).live()
        if (edition := page.current_edition()) is not None and edition.file
    ]
    return max(editions, key=lambda e: e.finished_at, default=None)


def _outline_starts(reader):
    starts = set()

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                number = reader.get_destination_page_number(item)
                if number is not None and number >= 0:  # an entry without a page: none
                    starts.add(number)

    walk(reader.outline)
    return starts


class BookPages:
    """The edition's PDF opened once; pdf_of(case) cuts each case's pages."""

    def __init__(self, edition):
        from pypdf import PdfReader  # only where a package is built

        self.edition = edition
        with edition.file.open("rb") as handle:
            self.reader = PdfReader(io.BytesIO(handle.read()))
        labels = self.reader.page_labels
        self.index_of_label = {}
        for index, label in enumerate(labels):
            self.index_of_label.setdefault(label, index)
        self.starts = sorted(_outline_starts(self.reader))

    def pages_of(self, case):
        """(first, last) page indexes of the case, or None when the book lacks it."""
        folio = (self.edition.folios or {}).get(str(case.pk))
        first = self.index_of_label.get(str(folio)) if folio is not None else None
        if first is None:
            return None
        later = [start for start in self.starts if start > first]
        last = (later[0] if later else len(self.reader.pages)) - 1
        # The book's end (padding, 版权页) after its last case has no outline entry: stop
        # at the first page without text.
        for index in range(first + 1, last + 1):
            if not (self.reader.pages[index].extract_text() or "").strip():
                return first, index - 1
        return first, last

    def pdf_of(self, case):
        """The case's pages as PDF bytes, or None."""
        from pypdf import PdfWriter

        span = self.pages_of(case)
        if span is None:
            return None
        writer = PdfWriter()
        for index in range(span[0], span[1] + 1):
            writer.add_page(self.reader.pages[index])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
