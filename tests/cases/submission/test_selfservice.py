"""Applicants help themselves through the private status link: their 申报表 as PDF, the
photos as sent, 撤回 before the format check; and 找回申报链接 for a lost link."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from wagtail.models import PageLogEntry, WorkflowState

from cases.mail.links import case_id_from_token, status_token
from cases.models import CasePage, Decision
from cases.submission import withdrawal
from cases.submission.exports import build_summary_xlsx
from tests import roles
from tests.cases.review.test_workflow import act
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos
from tests.cases.submission.test_apply import submit
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db


def apply(client, campaign, capture, **overrides):
    """Submit through the online form; the case and its status path."""
    with capture(execute=True):
        response = submit(
            client, campaign, with_photos(form_data(case_text=QUIET_TEXT, **overrides))
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    path = response["Location"].split("?")[0]
    return CasePage.objects.get(pk=case_id_from_token(path.split("/")[-2])), path


@pytest.fixture
def submitted(client, open_campaign, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    case, path = apply(client, open_campaign, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return case, path


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def refusal_text(response):
    """The words of a page refused with an error status (visible_text wants a 200)."""
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(page.select_one("main").get_text(" ").split())


def url(name, case, *args):
    return reverse(name, args=[status_token(case), *args])


# --- the submission as sent ---------------------------------------------------------------


def test_status_page_offers_the_pdf_and_the_photos_as_sent(client, submitted):
    case, path = submitted
    page = soup(client.get(path))
    panel = page.select_one("#as-submitted")
    assert (
        panel.select_one(f'a[href="{url("submission_pdf", case)}"]').get_text()
        == "下载申报表（PDF）"
    )
    images = panel.select("img")
    assert [img["src"] for img in images] == [
        url("submission_photo", case, 1),
        url("submission_photo", case, 2),
    ]
    assert [img["alt"] for img in images] == [
        "照片1：与楼组长面对面沟通",
        "照片2：法规政策培训现场",
    ]

    thumb = client.get(images[0]["src"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert thumb["Referrer-Policy"] == "no-referrer" and "no-store" in thumb["Cache-Control"]
    with Image.open(io.BytesIO(thumb.content)) as image:
        assert max(image.size) <= 320  # a small copy: the photo itself stays private
    assert client.get(url("submission_photo", case, 3)).status_code == 404
    assert client.get(f"/apply/status/{status_token(case)[:-2]}xx/photo/1/").status_code == 404


def test_the_pdf_is_the_filled_form_without_internal_notes(client, submitted, editor):
    case, _ = submitted
    # Staff's words about the case never reach the applicant's copy.
    Decision.objects.create(case=case, selected=False, note="内部备注：材料存疑")
    response = client.get(url("submission_pdf", case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="application-JA2016-001.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for expected in [
        "JA2016-001",
        "申报表",
        "依托社会组织化解物业难题",
        "申报联系人甲",
        "同意推荐。",
    ]:
        assert expected in text
    assert "内部备注" not in text and "材料存疑" not in text
    assert client.get("/apply/status/forged:token/pdf/").status_code == 404


# --- 撤回 ---------------------------------------------------------------------------------


def test_withdrawal_asks_first_then_keeps_the_case_as_withdrawn(
    client, admin_client, submitted, open_campaign, django_capture_on_commit_callbacks
):
    case, path = submitted
    assert "当前进度 审稿中：形式审查" in visible_text(client.get(path))
    link = soup(client.get(path)).select_one(f'a[href="{url("submission_withdraw", case)}"]')
    assert link.get_text() == "撤回申报"

    confirm = client.get(link["href"])
    assert confirm.status_code == 200
    assert "确认撤回申报" in visible_text(confirm) and "编号不会再分配" in visible_text(confirm)
    # Its form must reach us with a real Origin ("no-referrer" makes browsers send "null",
    # which the CSRF check refuses), while the token in the address goes to no other site.
    assert confirm["Referrer-Policy"] == "same-origin"
    assert "no-store" in confirm["Cache-Control"]
    assert not withdrawal.is_withdrawn(CasePage.objects.get(pk=case.pk))  # asking changes nothing

    response = client.post(link["href"])
    assert response.status_code == 302 and response["Location"].startswith(path)
    case = CasePage.objects.get(pk=case.pk)
    assert case.application.withdrawn_at is not None
    assert case.current_workflow_state is None  # out of the editors' tasks
    assert case.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
    assert PageLogEntry.objects.filter(page=case, action=withdrawal.ACTION).exists()

    text = visible_text(client.get(path))
    assert "本申报已撤回" in text and "当前进度 已撤回" in text
    assert "撤回申报" not in text  # not offered twice
    # A second POST (back button, double click) changes nothing and says so.
    again = client.post(url("submission_withdraw", case))
    assert again.status_code == 409 and "申报已经撤回" in refusal_text(again)

    # Staff see it as withdrawn; it keeps its number, which the next case does not get.
    assert case.status_string == "已撤回"
    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[open_campaign.pk]))
    assert "已撤回" in explorer.content.decode()
    workbook = load_workbook(io.BytesIO(build_summary_xlsx(open_campaign, False)))
    assert "已撤回" in [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert CasePage.objects.filter(submission_number="JA2016-001").count() == 1
    other, _ = apply(client, open_campaign, django_capture_on_commit_callbacks, title="第二个案例")
    assert other.submission_number == "JA2016-002"

    # Nobody puts it back into the review (an ordinary cancelled case may be resubmitted).
    editor = admin_client.get("/admin/").wsgi_request.user
    assert not case.permissions_for_user(editor).can_submit_for_moderation()
    other.current_workflow_state.cancel(user=editor)
    other = CasePage.objects.get(pk=other.pk)
    assert other.permissions_for_user(editor).can_submit_for_moderation()


@pytest.mark.parametrize("how", ["locked", "saved", "approved"])
def test_no_withdrawal_once_the_format_check_started(client, submitted, editor, how):
    case, path = submitted
    if how == "locked":
        CasePage.objects.filter(pk=case.pk).update(locked=True, locked_by=editor)
    elif how == "saved":
        case.save_revision(user=editor)
    else:
        client.force_login(editor)
        assert act(client, case, "approve").status_code == 302
        client.logout()
    assert "撤回申报" not in visible_text(client.get(path))
    # A forged POST (or a page left open since) is refused in Chinese and changes nothing.
    response = client.post(url("submission_withdraw", case))
    assert response.status_code == 409
    assert "形式审查已经开始，申报不能再在线撤回" in refusal_text(response)
    case = CasePage.objects.get(pk=case.pk)
    assert not withdrawal.is_withdrawn(case)
    assert case.current_workflow_state is not None


def test_a_token_withdraws_only_its_own_case(
    client, submitted, open_campaign, django_capture_on_commit_callbacks
):
    mine, _ = submitted
    other, other_path = apply(
        client, open_campaign, django_capture_on_commit_callbacks, title="别人的案例"
    )
    assert client.post(url("submission_withdraw", mine)).status_code == 302
    assert withdrawal.is_withdrawn(CasePage.objects.get(pk=mine.pk))
    assert not withdrawal.is_withdrawn(CasePage.objects.get(pk=other.pk))
    # An altered token (another case's number under this signature) opens nothing.
    # The signed value is the case's number, base64-encoded before the first colon.
    signature = status_token(mine).split(":", 1)[1]
    forged = status_token(other).split(":", 1)[0] + ":" + signature
    assert forged != status_token(other)
    assert client.post(f"/apply/status/{forged}/withdraw/").status_code == 404
    assert not withdrawal.is_withdrawn(CasePage.objects.get(pk=other.pk))
    assert "撤回申报" in visible_text(client.get(other_path))


# --- 找回申报链接 ---------------------------------------------------------------------------


RECOVER = "/apply/find-link/"


def answer(response):
    """The page as the visitor reads it, without the per-request CSRF token."""
    page = soup(response)
    for token in page.select("input[name=csrfmiddlewaretoken]"):
        token.decompose()
    return str(page.select_one("main") or page)


def test_recovery_mails_the_links_and_the_page_lists_nothing(
    client, open_campaign, django_capture_on_commit_callbacks
):
    first, first_path = apply(client, open_campaign, django_capture_on_commit_callbacks)
    second, second_path = apply(
        client, open_campaign, django_capture_on_commit_callbacks, title="第二个案例"
    )
    stranger, stranger_path = apply(
        client,
        open_campaign,
        django_capture_on_commit_callbacks,
        title="别家的案例",
        contact_email="other@example.org",
    )
    apply_page = soup(client.get(open_campaign.url + "apply/"))
    assert apply_page.select_one(f'a[href="{RECOVER}"]').get_text() == "找回申报链接"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RECOVER, {"email": " Applicant@Example.org "})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(RECOVER, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert answer(known) == answer(unknown)
    text = visible_text(known)
    assert "如果该邮箱在本平台有申报，申报进度链接已发送到该邮箱" in text
    for case in (first, second, stranger):
        assert case.submission_number not in text and case.title not in text
        assert status_token(case) not in known.content.decode()

    [message] = mail.outbox  # none for the unknown address
    assert message.to == ["applicant@example.org"]
    assert message.subject == "【找回申报链接】申报进度链接"
    assert first_path in message.body and second_path in message.body
    assert stranger_path not in message.body and "别家的案例" not in message.body


def test_recovery_refuses_a_malformed_address_beside_its_field(client, home):
    response = client.post(RECOVER, {"email": "不是邮箱"})
    assert response.status_code == 200
    assert soup(response).select_one("#id_email-error").get_text() == "请填写有效的电子邮箱地址。"
    assert not mail.outbox


def test_recovery_is_limited_per_address_and_per_email(
    client, settings, submitted, django_capture_on_commit_callbacks
):
    settings.STATUS_RECOVERY_PER_EMAIL = 2
    settings.STATUS_RECOVERY_PER_ADDRESS = 4
    answers = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post(RECOVER, {"email": "applicant@example.org"}))
    # The third asks for the same address: nothing more is sent, and nothing said about it.
    assert len(mail.outbox) == 2
    assert answer(answers[2]) == answer(answers[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RECOVER, {"email": "nobody@example.org"})
    # The fifth request from the same network this hour is refused, whatever it asks.
    refused = client.post(RECOVER, {"email": "applicant@example.org"})
    assert refused.status_code == 429
    assert "请求过于频繁" in refusal_text(refused)
    assert len(mail.outbox) == 2
    other_network = client.post(
        RECOVER, {"email": "nobody@example.org"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other_network.status_code == 200
