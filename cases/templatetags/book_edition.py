"""Where the current edition of the book prints a case, for the case's web page."""

from django import template

register = template.Library()


@register.simple_tag
def printed_in(case):
    """{"title", "folio"} of the live book whose current edition prints the case, else
    None: the folio is the build's record of the page the case starts on (pdf.py)."""
    from cases.models import CompilationPage

    books = CompilationPage.objects.live()
    if getattr(case, "campaign", None) is not None:
        books = books.descendant_of(case.campaign)
    for book in books.order_by("-first_published_at"):
        edition = book.current_edition()
        folio = edition.folios.get(str(case.pk)) if edition else None
        if folio:
            return {"title": book.title, "folio": folio}
    return None
