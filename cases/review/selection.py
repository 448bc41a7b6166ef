"""Whether a case selected at 终审 will be in the book, and if not, why: the one rule that
终审, the rankings, the build page and the decision e-mail all show.

The book (CompilationPage.sections, cases/compilation/book.py) prints the cases listed in
its 篇目 that are live; a book whose 篇目 are still empty prints the review's selection,
section by 篇 (a case selected after the 篇目 were set is in none of them). A selection
that the book will not print must say so wherever it is shown.
"""

from dataclasses import dataclass

from cases.models import CampaignPage, CasePage, CompilationPage
from cases.rules import withdrawals

NOT_SELECTED = "未入选"
NOT_LIVE = "未发布"
NOT_IN_CONTENTS = "汇编已定篇目，各篇均未收入本案例"


@dataclass(frozen=True)
class BookPlace:
    in_book: bool
    reason: str = ""  # why not, when not

    def __str__(self):
        return "是" if self.in_book else f"否（{self.reason}）"


IN_BOOK = BookPlace(True)


def _books_contents(campaign_ids):
    """{campaign id: case ids in its books' 篇目}, for campaigns whose books list any."""
    listed = {}
    for campaign in CampaignPage.objects.filter(pk__in=campaign_ids):
        for book in CompilationPage.objects.child_of(campaign):
            ids = {pk for _, _, pks in book._raw_sections() for pk in pks}
            if ids:
                listed.setdefault(campaign.pk, set()).update(ids)
    return listed


def book_places(cases, *, approving=False):
    """{case id: BookPlace} for the given cases (selected or not).

    approving: the case is at 终审 and approving it publishes it, so not being live yet
    is no reason.
    """
    cases = list(cases)
    selected = set(
        CasePage.objects.filter(pk__in=[c.pk for c in cases], decision__selected=True).values_list(
            "pk", flat=True
        )
    )
    contents = _books_contents({c.campaign_id for c in cases if c.campaign_id})
    # Withdrawn after 终审 (cases/rules/withdrawals.py): the reason recorded with it.
    withdrawn = withdrawals.withdrawn([c.pk for c in cases])
    places = {}
    for case in cases:
        if not approving and case.pk not in selected:
            places[case.pk] = BookPlace(False, NOT_SELECTED)
        elif case.pk in withdrawn:
            places[case.pk] = BookPlace(False, withdrawn[case.pk])
        elif not approving and not case.live:
            places[case.pk] = BookPlace(False, NOT_LIVE)
        elif (listed := contents.get(case.campaign_id)) is not None and case.pk not in listed:
            places[case.pk] = BookPlace(False, NOT_IN_CONTENTS)
        else:
            places[case.pk] = IN_BOOK
    return places


def book_place(case, *, approving=False):
    return book_places([case], approving=approving)[case.pk]


def left_out(campaign):
    """(case, reason) for the campaign's cases selected at 终审 that the book will not print."""
    cases = CasePage.objects.filter(campaign=campaign, decision__selected=True).order_by(
        "submission_number", "pk"
    )
    places = book_places(cases)
    return [(case, places[case.pk].reason) for case in cases if not places[case.pk].in_book]
