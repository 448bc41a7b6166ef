"""What an online revision leaves behind: the status page under the new title, a
receipt for the resubmission, and a page-history entry an editor can act on (every
changed field, contacts too; photos by caption; the applicant as the one who did it)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import PageLogEntry

from cases.mail.links import status_token
from cases.review.workflow import current_task_state
from tests.browser.people import case_sent_back, member
from tests.cases.submission.apply_data import jpeg
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db
User = get_user_model()

NEW_TEXT = "\n".join(f"第{i}段：两年来共调解纠纷{i}起，居民满意。" for i in range(1, 9))


@pytest.fixture
def case(open_campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_sent_back(open_campaign, "请补充成效数据，并写明联系地址的门牌号。")
    mail.outbox.clear()
    return case


def revise(client, case, django_capture_on_commit_callbacks, **changes):
    """Posts the revision form as the applicant leaves it, with `changes`."""
    url = reverse("submission_revise", args=[status_token(case)])
    data = {}
    for field in soup(client.get(url)).select("form.apply-form input, form.apply-form textarea"):
        name, kind = field.get("name"), field.get("type")
        if kind == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        elif field.name == "textarea":
            data[name] = field.get_text().lstrip("\n")
        elif name and kind != "file":
            data[name] = field.get("value", "")
    data.update(changes)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, visible_text(response)[:400]
    return response


def test_the_status_page_shows_the_new_title_and_a_receipt_is_sent(
    client, case, django_capture_on_commit_callbacks
):
    done = revise(
        client,
        case,
        django_capture_on_commit_callbacks,
        title="楼道议事会：从吵架到商量",
        contact_email="new-contact@example.org",
    )
    status = client.get(done["Location"])
    assert status["Referrer-Policy"] == "same-origin"
    page = soup(status)
    assert page.select_one(".receipt__title").get_text() == "楼道议事会：从吵架到商量"
    assert "修改稿已重新提交" in visible_text(status)

    [receipt] = [m for m in mail.outbox if "修改稿回执" in m.subject]
    assert receipt.subject == "【修改稿回执】JA2016-007 楼道议事会：从吵架到商量"
    # The new address and the one it replaces both hear of it.
    assert sorted(receipt.to) == ["applicant@example.org", "new-contact@example.org"]
    assert "案例名称：楼道议事会：从吵架到商量" in receipt.body
    assert "修改内容：案例名称、电子邮箱" in receipt.body
    assert "形式审查" in receipt.body
    assert reverse("submission_status", args=[status_token(case)]) in receipt.body

    # Sent back once more: the request names the case by the title it now has.
    with django_capture_on_commit_callbacks(execute=True):
        current_task_state(case).reject(user=User.objects.get(username="editor"), comment="再改")
    [again] = [m for m in mail.outbox if "需要修改" in m.subject]
    assert again.subject == "【需要修改】JA2016-007 楼道议事会：从吵架到商量"
    assert "您申报的案例“楼道议事会：从吵架到商量”" in again.body


def test_the_history_lists_every_change_by_caption_with_the_applicant_as_actor(
    client, case, django_capture_on_commit_callbacks
):
    new_photo = SimpleUploadedFile("楼道.jpg", jpeg(), "image/jpeg")
    revise(
        client,
        case,
        django_capture_on_commit_callbacks,
        title="楼道议事会：从吵架到商量",
        case_text=NEW_TEXT,
        contact_address="静安区示例路1号3单元201室",
        contact_mobile="13900000101",
        caption_1="居民议事会现场（2016年5月）",
        keep_2="",
        new_photo_1=new_photo,
        new_caption_1="修缮后的楼道（白天）",
    )
    entry = PageLogEntry.objects.get(page=case, action="cases.applicant_revision")
    assert entry.data["fields"] == ["案例名称", "摘要", "案例正文", "照片", "联系地址", "手机"]

    editor = member("chief", "编辑", "李", "主编")
    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:history", args=[case.pk]))
    row = next(tr for tr in soup(history).select("tbody tr") if "申报人在线修改" in tr.get_text())
    text = " ".join(row.get_text(" ").split())
    assert "改动了案例名称、摘要、案例正文、照片、联系地址、手机" in text
    # Every one of the text's eight new lines, not the first five and "……".
    assert all(f"两年来共调解纠纷{i}起" in text for i in range(1, 9))
    assert "……" not in text
    assert "联系地址：“静安区示例路1号”" in text
    assert "联系地址：“静安区示例路1号3单元201室”" in text
    assert "手机：“13911112222”" in text and "手机：“13900000101”" in text
    assert "照片：“修缮后的楼道”" in text  # removed, by its caption
    assert "照片（新上传）：“修缮后的楼道（白天）”" in text
    assert "照片说明：“居民议事会现场（2016年5月）”" in text
    assert "图片" not in text
    assert "申报人（新家园建设与合作事务所）" in text
    assert "系统" not in text
    # The workflow it resumed is the applicant's doing too, not the system's.
    rows = [" ".join(tr.get_text(" ").split()) for tr in soup(history).select("tbody tr")]
    [resumed] = [row for row in rows if "工作流已恢复" in row]
    assert "申报人（新家园建设与合作事务所）" in resumed and "系统" not in resumed
