"""A case selected at 终审 that the book will not print is shown as such, with the reason,
at 终审, on the rankings and their workbook, on the build page; the decision e-mail
promises the book only when the book will print the case."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import CasePage, CompilationPage, Decision
from cases.review.selection import NOT_IN_CONTENTS, NOT_LIVE, NOT_SELECTED, book_place, left_out
from cases.review.workflow import current_task_state
from tests.cases.review.test_workflow import act, step
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def _book(campaign, cases):
    """A book whose 篇目 editors have already set, holding the given cases."""
    page = CompilationPage(title="优秀案例汇编", slug="book")
    page.contents = [("section", {"title": "生活服务篇", "intro": "", "cases": cases})]
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page


def _at_final_approval(case, editor):
    from cases.models import FinalApprovalTask

    for _ in range(3):
        current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=editor)
    assert step(case) is FinalApprovalTask


def _approve(client, people, case, django_capture_on_commit_callbacks):
    client.force_login(people["approver"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, case, "approve")
    case = CasePage.objects.get(pk=case.pk)
    assert case.live and case.selected_for_compilation
    return case, [m for m in mail.outbox if "评审结果" in m.subject][-1]


def test_the_rule(people, campaign):
    case = people["case"]
    assert book_place(case) == book_place(case).__class__(False, NOT_SELECTED)
    # 终审 about to approve: no book yet, so the review's selection makes the book.
    assert book_place(case, approving=True).in_book
    other = CasePageFactory(parent=campaign, live=True)
    Decision.record(other, True)
    assert book_place(other).in_book
    _book(campaign, [])  # a book with empty 篇目 prints the selection
    assert book_place(other).in_book
    CompilationPage.objects.get().delete()
    book = _book(campaign, [other])
    assert book_place(CasePage.objects.get(pk=other.pk)).in_book
    assert book_place(case, approving=True).reason == NOT_IN_CONTENTS
    other.unpublish()
    assert book_place(CasePage.objects.get(pk=other.pk)).reason == NOT_LIVE
    assert [(c.pk, r) for c, r in left_out(campaign)] == [(other.pk, NOT_LIVE)]
    assert book.sections() == []  # what the rule says is what the book does


def test_selected_but_left_out_of_the_book_is_said_everywhere(
    client, people, campaign, django_capture_on_commit_callbacks
):
    case = people["case"]
    printed = CasePageFactory(parent=campaign, live=True, title="已在篇目中的案例")
    book = _book(campaign, [printed])
    _at_final_approval(case, people["editor"])

    # At 终审, in the editor the approver decides in.
    client.force_login(people["approver"])
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[case.pk])).content.decode()
    assert f"终审通过后，本案例不会收入汇编：{NOT_IN_CONTENTS}" in editor_page

    case, decision_mail = _approve(client, people, case, django_capture_on_commit_callbacks)
    assert "入选优秀案例" in decision_mail.body
    assert "汇编" not in decision_mail.body

    # The rankings page and its workbook.
    client.force_login(people["editor"])
    rankings = client.get(reverse("cases_admin:rankings", args=[campaign.pk])).content.decode()
    assert f"否：{NOT_IN_CONTENTS}" in rankings
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("cases_admin:rankings_xlsx", args=[campaign.pk])).content)
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    column = rows[1].index("收入汇编")
    by_title = {row[2]: row[column] for row in rows[2:]}
    assert by_title[case.title] == f"否（{NOT_IN_CONTENTS}）"

    # The build page names it with the reason.
    builds = client.get(reverse("cases_admin:compilation_builds", args=[book.pk])).content.decode()
    assert "本汇编不会收入" in builds
    assert f"{case.title}：{NOT_IN_CONTENTS}" in builds


def test_a_case_the_book_will_print_is_promised_the_book(
    client, people, django_capture_on_commit_callbacks
):
    case = people["case"]
    _at_final_approval(case, people["editor"])
    client.force_login(people["approver"])
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[case.pk])).content.decode()
    assert "终审通过后，本案例将收入汇编。" in editor_page
    case, decision_mail = _approve(client, people, case, django_capture_on_commit_callbacks)
    assert "将收入案例库和优秀案例汇编" in decision_mail.body
    client.force_login(people["editor"])
    rankings = client.get(reverse("cases_admin:rankings", args=[case.campaign_id]))
    assert "否：" not in rankings.content.decode()
