"""Drafts are no way round a submission's limits: a script saving drafts for many
addresses is stopped as a script submitting would be, each draft mails its link once an
hour at most, and a draft holds no more than the application could (nothing else)."""

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from cases.models import ApplicationDraft
from tests.cases.submission.apply_data import form_data

pytestmark = pytest.mark.django_db

LINKS = "免费领取 http://spam.example/win?x=1 访问 www.spam.example 或 spam.example/a "


@pytest.fixture
def url(open_campaign):
    return open_campaign.url + "apply/"


@pytest.fixture
def mailed():
    return mail.outbox


@pytest.fixture
def post(client, url, django_capture_on_commit_callbacks):
    """A POST to the form, its mail handed over as the request's transactions commit."""

    def send(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return send


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def draft(**overrides):
    data = form_data(case_text="", title="楼道里的议事会", save_draft="1")
    data.update(overrides)
    return data


def test_one_address_scripting_drafts_for_many_mailboxes_is_stopped_at_the_submission_limit(
    post, mailed, settings
):
    # Measured: 158 drafts from one address mailed 158 recipients; here 30 are enough.
    limit = settings.SUBMISSION_RATE_LIMIT_PER_HOUR
    answers = [post(draft(contact_email=f"r{i}@example.org")).status_code for i in range(30)]
    assert answers[:limit] == [200] * limit
    assert set(answers[limit:]) == {429}
    assert ApplicationDraft.objects.count() == limit
    assert len(mailed) == limit
    refused = page(post(draft(contact_email="late@example.org")))
    notice = refused.find(id="draft-refused").get_text()
    assert "这次没有保存草稿" in notice and f"已新建或发送了 {limit} 份申报草稿" in notice
    assert refused.find(id="id_title")["value"] == "楼道里的议事会"  # nothing typed is lost


def test_one_mailbox_gets_no_more_draft_mails_than_submissions_allow(post, mailed, settings):
    answers = [
        post(draft(contact_email="Target@Example.org"), REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(1, 13)
    ]
    limit = settings.SUBMISSION_RATE_LIMIT_PER_EMAIL
    assert answers == [200] * limit + [429] * (12 - limit)
    assert len(mailed) == limit
    refused = post(draft(contact_email="target@example.org"), REMOTE_ADDR="10.0.1.1")
    assert "邮箱 target@example.org 在这一小时内已收到" in page(refused).get_text()


def test_a_draft_saved_again_is_updated_without_another_mail_and_says_so(post, mailed):
    token = str(uuid.uuid4())
    first = post(draft(token=token, contact_email="a@example.org"))
    assert "已发送到 a@example.org" in page(first).find(id="draft-notice").get_text()
    again = post(
        draft(token=token, draft_version="1", title="新的标题", contact_email="a@example.org")
    )
    assert again.status_code == 200
    assert ApplicationDraft.objects.get().data["title"] == "新的标题"
    assert "这次没有再发邮件" in page(again).find(id="draft-mail").get_text()
    # Switching the address back and forth mails each address once within the hour.
    for version, address in enumerate(["b@example.org", "a@example.org", "b@example.org"], 2):
        post(draft(token=token, draft_version=str(version), contact_email=address))
    assert [message.to for message in mailed] == [["a@example.org"], ["b@example.org"]]
    assert ApplicationDraft.objects.get().version == 5


def test_a_title_full_of_links_never_reaches_a_mail(post, mailed):
    long_title = (LINKS * 40)[:1566]
    refused = post(draft(title=long_title, contact_email="victim@example.org"))
    assert refused.status_code == 400
    assert "案例名称过长：最多 120 字" in page(refused).find(id="draft-refused").get_text()
    assert not ApplicationDraft.objects.exists() and mailed == []

    saved = post(draft(title="楼道议事会 " + LINKS, contact_email="v@example.org"))
    assert saved.status_code == 200
    [message] = mailed
    assert "楼道议事会" not in message.subject and "spam" not in message.subject
    assert "“楼道议事会 免费领取 访问 或”" in message.body
    assert "spam.example" not in message.body


def test_a_three_megabyte_paste_is_refused_in_chinese_and_nothing_is_saved(post, mailed):
    response = post(draft(case_text="社区议事" * 750_000))
    assert response.status_code == 400
    text = page(response).find(id="draft-refused").get_text()
    assert "这次没有保存草稿" in text and "案例正文过长：最多 20000 字" in text
    assert not ApplicationDraft.objects.exists() and mailed == []


def test_nul_bytes_and_fields_the_form_has_not_are_not_kept(post):
    refused = post(draft(contact_name="张\x00三"))
    assert refused.status_code == 400
    assert "含有空字符" in page(refused).find(id="draft-refused").get_text()
    assert not ApplicationDraft.objects.exists()

    saved = post(draft(anything="x" * 100_000, recommender_opinion="同意推荐。"))
    assert saved.status_code == 200
    data = ApplicationDraft.objects.get().data
    assert "anything" not in data and data["recommender_opinion"] == "同意推荐。"
