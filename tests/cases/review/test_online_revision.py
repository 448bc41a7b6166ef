"""When an editor asks for changes, the applicant revises the case from the status link;
the case returns to the step that asked, with the changes in the page history."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from cases.content import body_parts
from cases.links import status_token
from cases.models import CasePage
from cases.review.workflow import current_task_state
from tests.cases.review.test_workflow import act

pytestmark = pytest.mark.django_db


def revise_url(case):
    return reverse("submission_revise", args=[status_token(case)])


def test_the_applicant_revises_online_and_the_case_returns_to_the_step(
    client, people, django_capture_on_commit_callbacks
):
    case = people["case"]
    step = current_task_state(CasePage.objects.get(pk=case.pk)).task.name
    anonymous = client.__class__()
    # Before any request for changes there is nothing to revise.
    assert anonymous.get(revise_url(case)).status_code == 409
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        act(client, case, "reject", comment="请补充项目成效的数据。")

    status = anonymous.get(reverse("submission_status", args=[status_token(case)]))
    assert revise_url(case) in status.content.decode()
    form = anonymous.get(revise_url(case)).content.decode()
    assert "请补充项目成效的数据。" in form and case.title in form

    text = "一、项目背景\n老式小区设施陈旧。\n二、项目成效\n两年来共调解纠纷120起。"
    data = {"title": case.title, "case_text": text, "contact_name": "私密联系人"}
    data["contact_email"] = "applicant@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(revise_url(case), data)
    assert response.status_code == 302 and "revised=1" in response["Location"]

    case = CasePage.objects.get(pk=case.pk)
    state = case.current_workflow_state
    assert state.status == state.STATUS_IN_PROGRESS
    assert current_task_state(case).task.name == step  # back where changes were asked
    latest = case.get_latest_revision_as_object()
    assert "两年来共调解纠纷120起。" in str(latest.body)
    assert ("heading", "二、项目成效") in body_parts(latest)
    entry = PageLogEntry.objects.get(page=case, action="cases.applicant_revision")
    assert any("120起" in line for line in entry.data["changes"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[case.pk])).content.decode()
    assert "申报人在线修改并重新提交" in history
    # Once resubmitted, the link no longer opens the case for editing.
    assert anonymous.get(revise_url(case)).status_code == 409


def test_a_revision_with_a_bad_e_mail_keeps_what_was_typed(
    client, people, django_capture_on_commit_callbacks
):
    case = people["case"]
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        act(client, case, "reject", comment="请修改。")
    client.logout()
    data = {"title": "新的标题", "case_text": "新的正文。", "contact_email": "不是邮箱"}
    response = client.post(revise_url(case), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "新的正文。" in page and 'value="新的标题"' in page and "form-errors" in page
