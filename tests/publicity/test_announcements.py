"""后续通知: a page under a campaign with a StreamField body and attachments, listed on the
campaign and home pages and in RSS and Atom; mailed once to the applicants who agreed
(on a submission or a draft), each mail with an unsubscribe link that needs no login."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cases.models import ApplicationDraft, CasePage
from publicity import recipients
from publicity.models import AnnouncementPage, NoticeConsent, NoticeOptOut
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos
from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def open_campaign(home):
    now = datetime.datetime.now(tz=SH)
    return CampaignPageFactory(
        parent=home,
        submission_opens_at=now - datetime.timedelta(days=3),
        submission_deadline=now + datetime.timedelta(days=10),
    )


def _announce(campaign, title="关于调整专家评审时间的通知", send_email=False):
    document = Document.objects.create(title="评审日程安排")
    document.file.save("schedule.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    page = AnnouncementPage(
        title=title,
        slug="notice-1",
        date=datetime.date(2026, 12, 7),
        summary="专家评审顺延至12月下旬。",
        send_email=send_email,
        body=[
            ("heading", "评审时间"),
            ("paragraph", "<p>原定的专家评审<b>顺延</b>一周。</p>"),
        ],
    )
    page.attachments.create(document=document, title="评审日程（PDF）")
    campaign.add_child(instance=page)
    return page


def test_an_announcement_is_a_page_listed_on_the_campaign_and_home_and_in_feeds(
    client, open_campaign, home
):
    page = _announce(open_campaign)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "关于调整专家评审时间的通知" in html and "2026年12月7日" in html
    assert "<b>顺延</b>" in html and "<h2>评审时间</h2>" in html
    assert "评审日程（PDF）" in html
    for url in (open_campaign.url, home.url):
        listed = client.get(url).content.decode()
        assert page.url in listed and "后续通知" in listed, url
    rss = client.get(f"/{open_campaign.slug}/notices/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    text = rss.content.decode()
    assert "<title>关于调整专家评审时间的通知</title>" in text
    assert "专家评审顺延至12月下旬。" in text and page.url in text
    atom = client.get(f"/{open_campaign.slug}/notices/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "关于调整专家评审时间的通知" in atom.content.decode()


def test_a_draft_announcement_is_nowhere(client, open_campaign):
    page = _announce(open_campaign)
    page.unpublish()
    assert "关于调整专家评审时间的通知" not in client.get(open_campaign.url).content.decode()
    feed = client.get(f"/{open_campaign.slug}/notices/rss/").content.decode()
    assert "关于调整专家评审时间的通知" not in feed
    assert client.get("/no-such-campaign/notices/rss/").status_code == 404


def _submit(client, campaign, **changes):
    response = client.post(
        campaign.url + "apply/", with_photos(form_data(case_text=QUIET_TEXT, **changes))
    )
    assert response.status_code == 302
    return response


def test_consent_is_recorded_on_a_submission_and_a_draft(client, open_campaign):
    _submit(client, open_campaign, notices="on", contact_email="Yes@Example.org")
    assert [(c.email, c.case_id) for c in NoticeConsent.objects.all()] == [
        ("yes@example.org", CasePage.objects.get().pk)
    ]
    _submit(client, open_campaign, contact_email="no@example.org", title="另一个案例")
    assert NoticeConsent.objects.count() == 1  # not ticked: nothing recorded
    saved = client.post(
        open_campaign.url + "apply/",
        {**form_data(contact_email="draft@example.org"), "notices": "on", "save_draft": "1"},
    )
    assert saved.status_code == 200
    assert ApplicationDraft.objects.get().data.get("notices") == "on"
    assert recipients.for_campaign(open_campaign) == ["draft@example.org", "yes@example.org"]


def test_published_with_mail_it_goes_once_to_who_agreed_with_an_unsubscribe_link(
    client, open_campaign, django_capture_on_commit_callbacks
):
    NoticeConsent.objects.create(campaign=open_campaign, email="agreed@example.org")
    NoticeConsent.objects.create(campaign=open_campaign, email="left@example.org")
    NoticeOptOut.objects.create(campaign=open_campaign, email="left@example.org")
    ApplicationDraft.objects.create(
        campaign=open_campaign, email="drafting@example.org", data={"notices": "on"}
    )
    ApplicationDraft.objects.create(campaign=open_campaign, email="quiet@example.org", data={})
    other = CampaignPageFactory(parent=open_campaign.get_parent())
    NoticeConsent.objects.create(campaign=other, email="other@example.org")
    page = _announce(open_campaign, send_email=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["agreed@example.org", "drafting@example.org"]
    message = next(m for m in mail.outbox if m.to == ["agreed@example.org"])
    assert message.subject == "【后续通知】关于调整专家评审时间的通知"
    assert "专家评审顺延至12月下旬。" in message.body and page.url in message.body
    unsubscribe = re.search(r"http://\S+/notices/unsubscribe/\S+/", message.body).group(0)
    with django_capture_on_commit_callbacks(execute=True):  # published again: no more mail
        page.save_revision().publish()
    assert len(mail.outbox) == 2

    path = unsubscribe.split("127.0.0.1:8000", 1)[-1]
    confirm = client.get(path)  # a mail scanner's GET unsubscribes nobody
    assert "确认退订" in confirm.content.decode()
    assert not NoticeOptOut.objects.filter(email="agreed@example.org").exists()
    done = client.post(path)
    assert "已退订" in done.content.decode()
    assert recipients.for_campaign(open_campaign) == ["drafting@example.org"]
    assert client.get(path[:-4] + "abc/").status_code == 404  # forged


def test_the_apply_form_offers_the_consent(client, open_campaign):
    html = client.get(open_campaign.url + "apply/").content.decode()
    assert 'name="notices"' in html and "接收后续通知" in html and "均可退订" in html
