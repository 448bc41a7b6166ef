"""Where the current edition of the book prints a case, for the case's web page."""

from django import template
from django.db.models import OuterRef, Subquery

from published.prepared import Prepared

register = template.Library()


@register.simple_tag
def printed_in(case):
    """{"title", "folio"} of the live book whose current edition prints the case, else
    None: the folio is the build's record of the page the case starts on (pdf.py). One
    query: the latest successful build of each live book under the case's campaign."""
    for title, folios in printed_in_call(case).list():
        folio = (folios or {}).get(str(case.pk))
        if folio:
            return {"title": title, "folio": folio}
    return None


def printed_in_call(case):
    """printed_in()'s query (Prepared.call()), to be asked with the page's others."""
    campaign = getattr(case, "campaign", None)
    path = campaign.path if campaign is not None else None
    return _EDITIONS.call(path, shape=path is not None)


def _editions(path):
    from cases.models import CompilationBuild

    succeeded = CompilationBuild.objects.filter(status=CompilationBuild.Status.SUCCEEDED)
    latest = succeeded.filter(page=OuterRef("page")).order_by("-finished_at", "-pk")
    editions = succeeded.filter(page__live=True, pk=Subquery(latest.values("pk")[:1]))
    if path is not None:
        editions = editions.filter(page__path__startswith=path)
    return editions.order_by("-finished_at").values_list("page__title", "folios")


# Compiled once (published/prepared.py): every case page made afresh asks.
_EDITIONS = Prepared(
    _editions,
    lambda path: ["succeeded", "succeeded", *([f"{path}%"] if path is not None else [])],
)
