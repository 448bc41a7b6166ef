"""Private data never goes to the logs, at any level: applicants' and recommenders'
contacts pass through submission, review e-mails (a failing mail server included) and
the Word import while every logger records at DEBUG."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import CasePage
from cases.review.workflow import current_task_state
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos
from tests.cases.submission.conftest import open_campaign  # noqa: F401
from tests.cases.submission.docx_files import VALUES, filled_form
from tests.cases.submission.test_apply import apply_url
from tests.factories import section

pytestmark = pytest.mark.django_db
CONTACTS = {
    "contact_name": "日志哨兵联系人",
    "contact_address": "日志哨兵路1号101室",
    "contact_phone": "021-77665544",
    "contact_mobile": "13877665544",
    "contact_email": "log-sentinel@example.org",
    "recommender_contact_name": "日志哨兵推荐人",
    "recommender_phone": "021-77665533",
}


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_no_contact_data_in_any_log_record(
    open_campaign,  # noqa: F811
    admin_client,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.test_logs.RefusingBackend"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        data = with_photos(form_data(case_text=QUIET_TEXT, **CONTACTS))
        assert Client().post(apply_url(open_campaign), data).status_code == 302
    case = CasePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # changes requested: an e-mail
        current_task_state(case).reject(user=None, comment="请补充照片说明。")
    imported = {**VALUES, **CONTACTS, "title": "导入的案例"}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/cases/import/",
            {
                "campaign": open_campaign.pk,
                "section": section().pk,
                "files": [SimpleUploadedFile("申报表.docx", filled_form(values=imported))],
            },
        )
    assert CasePage.objects.count() == 2
    assert caplog.records  # the mail failures were logged, and so on
    logged = "\n".join(
        record.getMessage() + (caplog.handler.format(record) if record.exc_info else "")
        for record in caplog.records
    )
    for value in CONTACTS.values():
        assert value not in logged, value
