"""Links to pages inside a case's text, resolved in one query for the whole page.

Wagtail resolves the page links of each rich-text block on its own, with two queries
(the pages, then their specific rows): a case of twenty paragraphs with a link each took
51 queries instead of 13 (tests/cases/test_queries.py). While a case page renders, the
pages its text links to are read once, as plain pages (a link needs only the URL), and
the "page" link handler takes them from there.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"')
_linked = ContextVar("cases_linked_pages", default=None)


def linked_ids(sources):
    return {int(pk) for source in sources for pk in PAGE_LINK.findall(source or "")}


@contextmanager
def pages_linked_from(sources):
    """While the block runs, page links to these sources' pages resolve without queries
    but one, made when the first link is rendered (none when the text comes rendered
    from the cache, published/)."""
    token = _linked.set(_LinkedPages(sources))
    try:
        yield
    finally:
        _linked.reset(token)


class _LinkedPages:
    def __init__(self, sources):
        self.sources = sources
        self.found = None

    def get(self):
        if self.found is None:
            from wagtail.models import Page  # imported by models.case: not ready then

            ids = linked_ids(self.sources)
            found = Page.objects.in_bulk(ids) if ids else {}
            # A page deleted since is None, as Wagtail's own handler gives it (no href).
            self.found = {str(pk): found.get(pk) for pk in ids}
        return self.found


def known_pages(ids):
    """[page or None] for these ids when all were read by pages_linked_from, else None."""
    linked = _linked.get()
    if linked is None:
        return None
    known = linked.get()
    if not all(pk in known for pk in ids):
        return None
    return [known[pk] for pk in ids]
