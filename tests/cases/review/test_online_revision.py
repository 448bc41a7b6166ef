"""When an editor asks for changes, the applicant revises the case from the status link;
the case returns to the step that asked, with the changes in the page history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import PageLogEntry

from cases.mail.links import status_token
from cases.models import CasePage, CasePhoto
from cases.review.workflow import current_task_state
from cases.submission.intake import PRIVATE_COLLECTION
from cases.text.content import body_parts
from tests.cases.review.test_workflow import act
from tests.cases.submission.docx_files import photo
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def revise_url(case):
    return reverse("submission_revise", args=[status_token(case)])


def with_photos(case, *captions):
    draft = case.get_latest_revision_as_object()
    draft.photos = [CasePhoto(image=ImageFactory(), caption=c) for c in captions]
    draft.save_revision()


def changes_requested(client, people, comment, django_capture_on_commit_callbacks):
    """The case with two photos, sent back to its applicant by the editor."""
    case = people["case"]
    with_photos(case, "居民议事会现场", "修缮后的楼道")
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        act(client, case, "reject", comment=comment)
    client.logout()
    return case


def kept(*captions):
    """The form fields keeping the case's photos 1…n under these captions."""
    data = {}
    for i, caption in enumerate(captions, start=1):
        data[f"keep_{i}"], data[f"caption_{i}"] = "on", caption
    return data


def test_the_applicant_revises_online_and_the_case_returns_to_the_step(
    client, people, django_capture_on_commit_callbacks
):
    case = people["case"]
    with_photos(case, "居民议事会现场", "修缮后的楼道")
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
    data.update(kept("居民议事会现场", "修缮后的楼道"))
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


def test_the_applicant_replaces_a_photo_and_nothing_is_lost_on_an_error(
    client, people, django_capture_on_commit_callbacks
):
    case = changes_requested(
        client, people, "第二张照片太暗，请更换。", django_capture_on_commit_callbacks
    )
    form = client.get(revise_url(case)).content.decode()
    thumbnail = reverse("submission_revise_photo", args=[status_token(case), 2])
    assert thumbnail in form and 'value="修缮后的楼道"' in form
    response = client.get(thumbnail)
    assert response["Content-Type"] == "image/jpeg" and response.content[:2] == b"\xff\xd8"
    assert client.get(thumbnail.replace("/2/", "/7/")).status_code == 404

    # Photo 2 dropped, photo 1 re-captioned, a new one added; a bad e-mail first.
    data = {"title": case.title, "case_text": "新的正文。", "contact_email": "不是邮箱"}
    data.update({"keep_1": "on", "caption_1": "居民议事会现场（2016年5月）", "caption_2": "x"})
    new = {"new_photo_1": SimpleUploadedFile("亮.jpg", photo(90), "image/jpeg")}
    data["new_caption_1"] = "更换后的楼道照片"
    page = client.post(revise_url(case), {**data, **new}).content.decode()
    assert "已上传：新照片1（1800×1200 像素）" in page and "更换后的楼道照片" in page
    staged = page.split('name="staged_new_1" value="')[1].split('"')[0]

    # Only one photo would remain without the new one: the count is checked.
    fixed = {**data, "contact_email": "applicant@example.org", "new_caption_1": ""}
    refused = client.post(revise_url(case), fixed).content.decode()
    assert "目前只有 1 张" in refused

    fixed.update(new_caption_1="更换后的楼道照片", staged_new_1=staged)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(revise_url(case), fixed)
    assert response.status_code == 302
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    photos = list(latest.photos.all())
    assert [p.caption for p in photos] == ["居民议事会现场（2016年5月）", "更换后的楼道照片"]
    assert photos[1].image.width == 1800 and photos[1].image.collection.name == PRIVATE_COLLECTION
    changes = PageLogEntry.objects.get(page=case, action="cases.applicant_revision").data["changes"]
    assert any(line.startswith("-") and "修缮后的楼道" in line for line in changes)
    assert any(line.startswith("+") and "更换后的楼道照片" in line for line in changes)
    # The link shows no photo once the case is back in review.
    assert client.get(thumbnail).status_code == 404


def test_a_hostile_file_in_a_revision_gets_the_checks_of_a_new_submission(
    client, people, django_capture_on_commit_callbacks
):
    case = changes_requested(client, people, "请更换照片。", django_capture_on_commit_callbacks)
    data = {"title": case.title, "case_text": "正文。", **kept("议事会", "楼道")}
    data["new_caption_1"] = "新照片"
    for name, content in (
        ("photo.jpg", b"<?php system($_GET['c']); ?>"),  # a script named as a photo
        ("bomb.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a broken image
    ):
        upload = SimpleUploadedFile(name, content, "image/jpeg")
        page = client.post(revise_url(case), {**data, "new_photo_1": upload})
        text = page.content.decode()
        assert page.status_code == 200 and "form-errors" in text
        assert "已上传：新照片1" not in text  # refused, not staged
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert [p.caption for p in latest.photos.all()] == ["居民议事会现场", "修缮后的楼道"]
    state = CasePage.objects.get(pk=case.pk).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES  # nothing was resubmitted
