"""The review's e-mails: Chinese, to exactly their readers, and sent only after the
change that causes them has committed, so a broken mail server changes nothing."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from cases.models import CasePage
from cases.review.workflow import current_task_state
from tests.cases.review.test_workflow import act

pytestmark = pytest.mark.django_db
ATTEMPTS = []


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every connection, and counts the attempts."""

    def send_messages(self, messages):
        ATTEMPTS.extend(message.subject for message in messages)
        raise ConnectionRefusedError("mail server down")


def _to_final(case, editor):
    for _ in range(3):
        current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=editor)


def test_a_refusing_mail_server_does_not_undo_the_final_approval(
    client, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.cases.review.test_notifications.FailingBackend"
    ATTEMPTS.clear()
    case = people["case"]
    _to_final(case, people["editor"])
    client.force_login(people["approver"])
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, case, "approve")
        assert ATTEMPTS == []  # nothing is sent while the approval's transaction is open
    # Tried once it had committed; it failed, and the approval stands.
    assert any("评审结果" in subject for subject in ATTEMPTS)
    assert response.status_code == 302
    case = CasePage.objects.get(pk=case.pk)
    assert case.live and case.selected_for_compilation


def test_a_rolled_back_step_sends_nothing(people):
    case = people["case"]
    mail.outbox.clear()
    # No commit: the on_commit hand-over never happens, as when a request fails.
    current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=people["editor"])
    assert mail.outbox == []


def test_step_notices_are_chinese_and_name_people_family_name_first(
    people, django_capture_on_commit_callbacks
):
    editor = people["editor"]
    editor.first_name, editor.last_name = "晓明", "李"
    editor.save()
    approver = people["approver"]
    approver.first_name, approver.last_name = "建国", "王"
    approver.save()
    case = people["case"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            current_task_state(CasePage.objects.get(pk=case.pk)).approve(user=people["editor"])
    waiting = [m for m in mail.outbox if "待" in m.subject]
    # The editor who moved the case on is not told of the step after (复核修改).
    assert [m.to for m in waiting] == [["approver@example.org"]]
    final = next(m for m in waiting if m.to == ["approver@example.org"])
    assert final.subject.startswith("【待终审】")
    assert final.body.startswith("王建国：")
    for message in mail.outbox:
        assert "has been" not in message.subject and "workflow" not in message.body.lower()


def test_mail_server_time_out_is_set(settings):
    assert 0 < settings.EMAIL_TIMEOUT <= 60
