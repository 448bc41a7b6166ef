"""Drafts: save at any point (uploads kept), continue from a private link, submit once;
never a case before that; two tabs, tampered and expired links, reminders, expiry."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from cases.models import ApplicationDraft, CasePage
from cases.submission import drafts
from cases.submission.staging import private_storage
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, jpeg, upload, with_photos

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def campaign(open_campaign):
    return open_campaign


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def link_in(response):
    return page(response).find(id="draft-notice").find("a")["href"]


def half_filled():
    """A title, one photo and an e-mail: far from a complete application."""
    data = form_data(case_text="", title="楼道里的议事会")
    data["contact_name"] = ""
    data.update(save_draft="1", photo_1=upload("照片1.jpg", jpeg()))
    return data


def test_a_half_filled_form_is_saved_with_its_photo_and_continued_later(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(campaign.url + "apply/", half_filled())
    assert saved.status_code == 200
    notice = page(saved).find(id="draft-notice").get_text()
    assert "草稿已保存" in notice and "applicant@example.org" in notice
    assert not page(saved).find(id="form-errors")  # unfinished is not wrong
    assert CasePage.objects.count() == 0  # editors see nothing; no number is used
    link = link_in(saved)
    [message] = mail.outbox
    assert link in message.body and "草稿" in message.subject

    resumed = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert resumed.status_code == 200
    form = page(resumed)
    assert form.find(id="id_title")["value"] == "楼道里的议事会"
    assert "已上传：照片1" in form.get_text()
    assert "继续填写草稿" in form.find(id="draft-notice").get_text()

    # Finished from the draft: the case is created once and the draft is gone.
    data = {i["name"]: i.get("value", "") for i in form.select("form input[type=hidden]")}
    data.update(form_data(title="楼道里的议事会", case_text=QUIET_TEXT, token=data["token"]))
    data.update(photo_2=upload("照片2.jpg", jpeg()))
    data["recommender_stamp"] = with_photos({})["recommender_stamp"]
    done = client.post(campaign.url + "apply/", data)
    assert done.status_code == 302, page(done).get_text()[:500]
    case = CasePage.objects.get()
    assert case.photos.count() == 2
    assert not ApplicationDraft.objects.exists()
    gone = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert (
        "这份草稿已经提交" in page(gone).get_text()
        and case.submission_number in gone.content.decode()
    )


def test_a_save_from_an_older_tab_warns_instead_of_overwriting(client, campaign):
    first = client.post(campaign.url + "apply/", half_filled())
    token = page(first).find("input", attrs={"name": "token"})["value"]
    newer = {**half_filled(), "token": token, "draft_version": "1", "title": "新标题"}
    assert client.post(campaign.url + "apply/", newer).status_code == 200
    older = {**half_filled(), "token": token, "draft_version": "1", "title": "旧窗口的标题"}
    refused = client.post(campaign.url + "apply/", older)
    assert refused.status_code == 409
    assert "这次没有保存草稿" in page(refused).get_text()
    assert ApplicationDraft.objects.get().data["title"] == "新标题"


def test_tampered_and_expired_links_get_a_chinese_page(client, campaign):
    client.post(campaign.url + "apply/", half_filled())
    draft = ApplicationDraft.objects.get()
    good = drafts.link(draft, campaign).replace("http://127.0.0.1:8000", "")
    tampered = client.get(good[:-3] + "xyz/")
    assert tampered.status_code == 404 and "草稿链接无效或已失效" in tampered.content.decode()
    campaign.submission_deadline = datetime.datetime.now(tz=SH) - datetime.timedelta(minutes=1)
    campaign.save_revision().publish()
    closed = client.get(good)
    assert closed.status_code == 410 and "截止" in closed.content.decode()


def test_a_hostile_file_in_a_draft_gets_the_usual_checks(client, campaign):
    data = {**half_filled(), "photo_1": upload("照片1.jpg", b"<?php system($_GET['c']); ?>")}
    response = client.post(campaign.url + "apply/", data)
    errors = page(response).find(id="id_photo_1_error")
    assert errors is not None and errors.get_text().strip()
    token = page(response).find("input", attrs={"name": "token"})["value"]
    try:
        kept = private_storage().listdir(f"staging/{token}")[1]
    except FileNotFoundError:
        kept = []
    assert kept == []  # nothing of it was kept


def test_reminder_three_days_before_the_deadline_once_then_expiry(
    client, campaign, django_capture_on_commit_callbacks
):
    client.post(campaign.url + "apply/", half_filled())
    draft = ApplicationDraft.objects.get()
    mail.outbox.clear()
    deadline = campaign.submission_deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts.send_reminders(now=deadline - datetime.timedelta(days=4)) == 0
        assert drafts.send_reminders(now=deadline - datetime.timedelta(days=2)) == 1
        assert drafts.send_reminders(now=deadline - datetime.timedelta(days=1)) == 0
    [reminder] = mail.outbox
    assert drafts.link(draft, campaign) in reminder.body and "截止" in reminder.subject
    folder = f"staging/{draft.pk}"
    assert private_storage().listdir(folder)[1]  # the draft's photo is kept meanwhile
    assert drafts.purge_expired(now=deadline + datetime.timedelta(minutes=1)) == 1
    assert not ApplicationDraft.objects.exists()
    assert not private_storage().listdir(folder)[1]


def form_fields(response):
    """What the browser would post back from the page's form: every input's value."""
    form = page(response).find("form", class_="apply-form")
    data = {}
    for field in form.select("input, textarea, select"):
        name, kind = field.get("name"), field.get("type")
        if not name or kind in ("file", "submit") or field.name == "button":
            continue
        if kind == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.get_text().lstrip("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        else:
            data[name] = field.get("value", "")
    return form["action"], data


def test_the_draft_page_posts_to_itself_and_submits_or_saves_there(
    client, campaign, django_capture_on_commit_callbacks
):
    saved = client.post(campaign.url + "apply/", half_filled())
    path = link_in(saved).replace("http://127.0.0.1:8000", "")
    resumed = client.get(path)
    assert resumed["Referrer-Policy"] == "same-origin"  # the browser sends a real Origin
    action, data = form_fields(resumed)
    assert action == path

    # Saved again from its own page: the change is kept, the version goes up.
    data.update(title="楼道里的议事会（二稿）", save_draft="1")
    again = client.post(action, data)
    assert again.status_code == 200 and again["Referrer-Policy"] == "same-origin"
    assert "草稿已保存" in page(again).find(id="draft-notice").get_text()
    draft = ApplicationDraft.objects.get()
    assert draft.data["title"] == "楼道里的议事会（二稿）" and draft.version == 2

    # Submitted from it with a mistake: every field, the staged photo and the draft's
    # version come back; then completed and submitted from the same page.
    action, data = form_fields(again)
    data.update(form_data(case_text=QUIET_TEXT, token=data["token"], title=data["title"]))
    data.update(contact_email="不是邮箱", photo_2=upload("照片2.jpg", jpeg()))
    failed = client.post(action, data)
    assert failed.status_code == 200
    assert "请修改以下 1 处问题后再提交" in page(failed).find(id="form-errors").get_text()
    action, kept = form_fields(failed)
    assert action == path
    assert kept["title"] == "楼道里的议事会（二稿）" and kept["case_text"] == QUIET_TEXT
    assert kept["consent"] == "on" and kept["draft_version"] == "2"
    assert kept["staged_photo_1"] and kept["staged_photo_2"]
    assert "已上传：照片2" in page(failed).get_text()
    kept.update(contact_email="applicant@example.org")
    kept["recommender_stamp"] = with_photos({})["recommender_stamp"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(action, kept)
    assert done.status_code == 302, page(done).get_text()[:300]
    case = CasePage.objects.get()
    assert case.title == "楼道里的议事会（二稿）" and case.photos.count() == 2
    assert not ApplicationDraft.objects.exists()
    # A second click after it went through lands on its status page.
    assert client.post(action, kept)["Location"] == done["Location"]


def test_a_failed_submission_on_the_apply_page_keeps_the_draft_version(client, campaign):
    saved = client.post(campaign.url + "apply/", half_filled())
    action, data = form_fields(saved)
    assert action == campaign.url + "apply/" and data["draft_version"] == "1"
    data.update(title="改过的标题")
    failed = client.post(action, data)  # submitted, not finished: errors
    assert page(failed).find(id="form-errors")
    action, data = form_fields(failed)
    assert data["draft_version"] == "1"
    data["save_draft"] = "1"
    assert client.post(action, data).status_code == 200  # not taken for an older tab
    assert ApplicationDraft.objects.get().data["title"] == "改过的标题"
