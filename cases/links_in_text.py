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
    """While the block runs, page links to these sources' pages resolve without queries."""
    from wagtail.models import Page  # imported by models.case: Page is not ready then

    ids = linked_ids(sources)
    found = Page.objects.in_bulk(ids) if ids else {}
    # A page deleted since is None, as Wagtail's own handler gives it (an <a> without href).
    token = _linked.set({str(pk): found.get(pk) for pk in ids})
    try:
        yield
    finally:
        _linked.reset(token)


def known_pages(ids):
    """[page or None] for these ids when all were read by pages_linked_from, else None."""
    known = _linked.get()
    if known is None or not all(pk in known for pk in ids):
        return None
    return [known[pk] for pk in ids]
