"""The proposed list a 公示 opens with: the cases selected at 终审 that the book will
hold (cases/review/selection.py), in section and number order."""

from cases.models import CasePage
from cases.review.selection import book_places
from publicity.models import PublicityEntry


def proposed_cases(campaign):
    cases = (
        CasePage.objects.live()
        .filter(campaign=campaign, decision__selected=True)
        .select_related("category")
        .order_by("category__sort_order", "category__pk", "submission_number", "pk")
    )
    cases = list(cases)
    places = book_places(cases)
    return [case for case in cases if places[case.pk].in_book]


def fill(publicity):
    """The list, taken once when the 公示 opens (later changes to the selection do not
    alter what was published)."""
    PublicityEntry.objects.bulk_create(
        PublicityEntry(publicity=publicity, case=case, sort_order=position)
        for position, case in enumerate(proposed_cases(publicity.campaign))
    )
