"""The online application: window, fields, checks, receipt, status link, abuse."""

import datetime
import io
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from PIL import Image
from wagtail.utils.file import hash_filelike

from cases.models import Application, CasePage
from tests.cases.submission.apply_data import form_data, jpeg, upload, with_photos
from tests.factories import CampaignPageFactory, CasePageFactory
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def apply_url(campaign):
    return campaign.url + "apply/"


def submit(client, campaign, data):
    """Post, confirm the warnings if asked to, and return the final response."""
    response = client.post(apply_url(campaign), data)
    if response.status_code == 200 and "确认提交" in response.content.decode():
        page = soup(response)
        confirmed = {
            k: v for k, v in data.items() if not k.startswith(("photo_", "recommender_stamp"))
        }
        for hidden in page.select("input[type=hidden]"):
            confirmed[hidden["name"]] = hidden.get("value", "")
        response = client.post(apply_url(campaign), confirmed)
    return response


def test_form_offers_every_field_of_the_form(client, open_campaign):
    text = visible_text(client.get(apply_url(open_campaign)))
    for label in (
        "案例名称",
        "申报单位",
        "申报单位联系人",
        "联系地址",
        "联系电话",
        "手机",
        "传真",
        "电子邮箱",
        "案例正文",
        "篇",
        "参与主体",
        "街道/镇",
        "照片1",
        "照片1说明",
        "照片2",
        "照片3",
        "推荐单位",
        "推荐单位意见",
        "推荐单位意见盖章扫描件",
        "推荐日期",
        "推荐单位联系人",
        "推荐单位电子邮箱",
        "隐私声明",
    ):
        assert label in text, label


def test_window_before_and_after(client, home):
    now = datetime.datetime.now(tz=SH)
    early = CampaignPageFactory(
        parent=home,
        submission_opens_at=now + datetime.timedelta(days=2),
        submission_deadline=now + datetime.timedelta(days=20),
    )
    text = visible_text(client.get(apply_url(early)))
    assert "在线申报尚未开始" in text
    assert early.submission_opens_at.astimezone(SH).strftime("%Y年%-m月%-d日") in text
    late = CampaignPageFactory(parent=home)  # deadline 2016-06-17
    from cases.models import CampaignContact

    late.contacts = [CampaignContact(unit="静安区社联会", phone="52133533")]
    late.save_revision().publish()
    text = visible_text(client.get(apply_url(late)))
    assert "申报已截止" in text and "2016年6月17日 23:59" in text
    assert "52133533" in text
    client.post(apply_url(late), with_photos(form_data()))
    assert CasePage.objects.count() == 0


def test_submission_creates_a_private_draft_with_receipt_and_status(
    client, settings, open_campaign, library, django_capture_on_commit_callbacks
):
    # The receipt is queued once the transaction commits; run it as the worker would.
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, open_campaign, with_photos(form_data()))
    assert response.status_code == 302
    case = CasePage.objects.get()
    assert not case.live
    assert case.get_parent().pk == open_campaign.pk
    assert case.submission_number == "JA2016-001"
    assert case.title == "依托社会组织 化解物业难题"
    assert case.organization.name == "新家园建设与合作事务所"
    assert [p.caption for p in case.photos.all()] == ["与楼组长面对面沟通", "法规政策培训现场"]
    application = case.application
    assert application.contact_email == "applicant@example.org"
    assert application.consented_at is not None
    assert Path(application.recommender_stamp.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    for photo in case.photos.select_related("image"):
        assert photo.image.is_private
        assert Path(photo.image.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert client.get(photo.image.file.url).status_code == 302  # to the admin login
        # Size, length and hash are those of the stored file (read from its header).
        with Image.open(photo.image.file.path) as stored:
            assert (photo.image.width, photo.image.height) == stored.size == (1800, 1200)
        data = Path(photo.image.file.path).read_bytes()
        assert photo.image.file_size == len(data)
        assert photo.image.file_hash == hash_filelike(io.BytesIO(data))

    status = client.get(response["Location"])
    text = visible_text(status)
    assert "申报成功" in text
    assert "JA2016-001" in text
    assert "当前进度 审稿中：形式审查" in text  # the review workflow started at once
    assert status["Referrer-Policy"] == "same-origin"
    assert "applicant@example.org" not in status.content.decode()

    [email] = mail.outbox
    assert email.to == ["applicant@example.org"]
    assert "JA2016-001" in email.subject
    status_path = response["Location"].split("?")[0]
    assert status_path in email.body
    # A wrong or altered token sees nothing.
    assert client.get(status_path[:-3] + "xx/").status_code == 404
    # The draft is nowhere public.
    assert "依托社会组织" not in client.get(library.url).content.decode()


def test_errors_keep_everything_including_uploads(client, open_campaign):
    data = with_photos(form_data(contact_email="不是邮箱", title=""))
    response = client.post(apply_url(open_campaign), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "请修改以下 2 处问题后再提交" in body
    assert "这个字段是必填项。" in body or "必填" in body
    assert 'value="申报联系人甲"' in body
    assert "已上传：照片1（1800×1200 像素）" in visible_text(response)
    page = soup(response)
    hidden = {i["name"]: i.get("value", "") for i in page.select("input[type=hidden]")}
    assert hidden["staged_photo_1"] and hidden["staged_photo_2"] and hidden["staged_stamp"]
    # Second attempt: fixed fields, no files sent again.
    retry = form_data(title="重新提交的案例", token=hidden["token"], contact_email="ok@example.org")
    retry.update({k: v for k, v in hidden.items() if k.startswith("staged_")})
    assert submit(client, open_campaign, retry).status_code == 302
    case = CasePage.objects.get()
    assert case.title == "重新提交的案例"
    assert case.photos.count() == 2
    assert case.application.recommender_stamp


def test_every_hint_and_error_is_linked_to_its_field(client, open_campaign):
    response = client.post(apply_url(open_campaign), form_data(contact_email="不是邮箱", title=""))
    page = soup(response)
    described = page.select("[aria-describedby]")
    assert len(described) >= 5
    for field in described:
        for ref in field["aria-describedby"].split():
            assert page.find(id=ref) is not None, (field.get("name"), ref)
    email = page.find(id="id_contact_email")
    assert email["aria-invalid"] == "true"
    error = page.find(id="id_contact_email_error").get_text(" ", strip=True)
    assert "邮件地址" in error
    # After a failed submit the summary takes the focus (a screen reader reads it first).
    assert page.find(id="form-errors").has_attr("autofocus")


def test_staged_reference_of_another_submission_is_refused(client, open_campaign):
    first = client.post(apply_url(open_campaign), with_photos(form_data(title="")))
    hidden = {i["name"]: i.get("value", "") for i in soup(first).select("input[type=hidden]")}
    stolen = form_data(
        staged_photo_1=hidden["staged_photo_1"], staged_photo_2=hidden["staged_photo_2"]
    )
    response = client.post(apply_url(open_campaign), stolen)
    assert "请至少" in response.content.decode() or "照片" in visible_text(response)
    assert CasePage.objects.count() == 0


def test_double_submit_creates_one_case(client, open_campaign, django_capture_on_commit_callbacks):
    data = with_photos(form_data())
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(client, open_campaign, data)
    # The retry repeats the confirmation step after success: it must land on the same
    # receipt, not ask for the (already used) photos again.
    again = form_data(token=data["token"])
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(apply_url(open_campaign), again)
    assert CasePage.objects.count() == 1
    assert second["Location"] == first["Location"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", b"just some text", "文件格式不受支持"),
        ("drawing.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "文件格式不受支持"),
        ("broken.jpg", jpeg()[: len(jpeg()) // 2], "照片文件已损坏或不完整"),
    ],
)
def test_bad_photo_gets_a_clear_error(client, open_campaign, name, data, message):
    files = with_photos(form_data())
    files["photo_1"] = upload(name, data)
    response = client.post(apply_url(open_campaign), files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CasePage.objects.count() == 0


def test_warnings_are_shown_before_submitting(client, open_campaign):
    data = with_photos(
        form_data(case_text="居委会刘书记请新家园所长周励力主持调解，双方达成一致。")
    )
    response = client.post(apply_url(open_campaign), data)
    text = visible_text(response)
    assert "提交前请确认以下提示" in text
    assert "周励力" in text and "周某" in text
    assert "2000" in text
    assert CasePage.objects.count() == 0


def test_honeypot_and_the_attempt_ceiling(client, settings, open_campaign):
    bot = client.post(apply_url(open_campaign), with_photos(form_data(website="http://spam")))
    assert bot.status_code == 400
    assert CasePage.objects.count() == 0
    settings.SUBMISSION_ATTEMPTS_PER_HOUR = 3  # the bot's post counted as the first
    assert client.post(apply_url(open_campaign), form_data(title="")).status_code == 200
    assert client.post(apply_url(open_campaign), form_data(title="")).status_code == 200
    refused = client.post(apply_url(open_campaign), form_data(title=""))
    assert refused.status_code == 429
    assert "提交尝试过多" in refused.content.decode()


def test_submissions_are_limited_per_address_and_e_mail_not_failed_attempts(
    client, settings, open_campaign, django_user_model
):
    settings.SUBMISSION_RATE_LIMIT_PER_HOUR = 2
    settings.SUBMISSION_RATE_LIMIT_PER_EMAIL = 1
    url = apply_url(open_campaign)
    for _ in range(5):  # corrections asked for: none of these counts
        assert client.post(url, form_data(title="")).status_code == 200
    assert submit(client, open_campaign, with_photos(form_data(contact_email="a@example.org")))
    assert CasePage.objects.count() == 1
    # The same e-mail again: refused with everything kept and the time to send it.
    again = client.post(
        url, with_photos(form_data(title="第二个案例", contact_email="a@example.org"))
    )
    if "确认提交" in again.content.decode() and again.status_code == 200:
        again = submit(
            client,
            open_campaign,
            with_photos(form_data(title="第二个案例", contact_email="a@example.org")),
        )
    assert again.status_code == 429
    page = BeautifulSoup(again.content, "html.parser")
    assert (
        "请于" in page.find(id="form-limited").get_text()
        and "以后" in page.find(id="form-limited").get_text()
    )
    assert page.find(id="id_title")["value"] == "第二个案例"
    staged = {i["name"]: i.get("value") for i in page.select("input[type=hidden]")}
    assert staged["staged_photo_1"] and staged["staged_photo_2"]
    assert CasePage.objects.count() == 1
    # Another applicant's e-mail from the same address: the address allows two.
    assert (
        submit(
            client, open_campaign, with_photos(form_data(contact_email="b@example.org"))
        ).status_code
        == 302
    )
    third = submit(client, open_campaign, with_photos(form_data(contact_email="c@example.org")))
    assert third.status_code == 429 and "同一网络" in third.content.decode()
    # A logged-in 社联会 officer behind the same address goes on.
    client.force_login(django_user_model.objects.create_user("shelianhui", password="pw"))
    assert (
        submit(
            client, open_campaign, with_photos(form_data(contact_email="d@example.org"))
        ).status_code
        == 302
    )
    assert CasePage.objects.count() == 3


def test_numbers_continue_after_existing_cases(client, open_campaign):
    CasePageFactory(parent=open_campaign, submission_number="JA2016-007")
    submit(client, open_campaign, with_photos(form_data()))
    assert CasePage.objects.filter(submission_number="JA2016-008").exists()


def test_no_contact_data_on_public_pages_after_submission(client, open_campaign, library, home):
    submit(client, open_campaign, with_photos(form_data()))
    case = CasePage.objects.get()
    case.save_revision().publish()
    for photo in case.photos.select_related("image"):
        photo.image.make_public()
    application = Application.objects.get()
    private = [
        application.contact_name,
        application.contact_phone,
        application.contact_mobile,
        application.contact_email,
        application.contact_address,
        application.recommender_contact_name,
        application.recommender_phone,
    ]
    for url in (
        home.url,
        open_campaign.url,
        library.url,
        case.url,
        "/sitemap.xml",
        f"/api/v2/pages/{case.pk}/",
    ):
        body = client.get(url).content.decode()
        for value in private:
            assert value not in body, (url, value)


def test_warnings_are_shown_again_when_the_text_changes(client, open_campaign):
    first = client.post(apply_url(open_campaign), with_photos(form_data(case_text="短文。")))
    hidden = {i["name"]: i.get("value", "") for i in soup(first).select("input[type=hidden]")}
    assert hidden["confirmed"]
    # Confirmed for the short text, then a name and a mobile number are added.
    changed = form_data(
        case_text="短文。所长周励力，手机13912345678。",
        **{k: v for k, v in hidden.items() if k.startswith(("staged_", "token", "confirmed"))},
    )
    second = client.post(apply_url(open_campaign), changed)
    text = visible_text(second)
    assert "提交前请确认以下提示" in text and "周励力" in text and "13912345678" in text
    assert CasePage.objects.count() == 0


def test_phone_fields_and_file_inputs_suit_a_phone(client, open_campaign):
    page = soup(client.get(apply_url(open_campaign)))
    for name in ("contact_phone", "contact_mobile", "recommender_mobile"):
        field = page.select_one(f"input[name={name}]")
        assert (field["type"], field["inputmode"]) == ("tel", "tel")
    assert page.select_one("input[name=photo_1]")["accept"] == "image/jpeg,image/png"
    assert page.select_one("input[name=organization_name]")["list"] == "organizations"
    assert 'name="viewport"' in str(page.head)


def test_photo_inputs_follow_the_campaign_rules(client, open_campaign):
    open_campaign.min_photos, open_campaign.max_photos = 4, 5
    open_campaign.save_revision().publish()
    page = soup(client.get(apply_url(open_campaign)))
    assert len(page.select("input[type=file][name^=photo_]")) == 5


def test_a_number_typed_by_an_editor_is_skipped(client, open_campaign):
    CasePageFactory(parent=open_campaign, submission_number="JA2016-001")
    submit(client, open_campaign, with_photos(form_data()))  # counter starts past 001
    CasePageFactory(parent=open_campaign, submission_number="JA2016-003")
    submit(client, open_campaign, with_photos(form_data()))
    numbers = sorted(CasePage.objects.values_list("submission_number", flat=True))
    assert numbers == ["JA2016-001", "JA2016-002", "JA2016-003", "JA2016-004"]


def test_rate_limit_uses_the_trusted_proxy_header(client, settings, open_campaign):
    settings.SUBMISSION_ATTEMPTS_PER_HOUR = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    url = apply_url(open_campaign)
    assert client.post(url, form_data(title=""), HTTP_X_REAL_IP="203.0.113.1").status_code == 200
    assert client.post(url, form_data(title=""), HTTP_X_REAL_IP="203.0.113.2").status_code == 200
    assert client.post(url, form_data(title=""), HTTP_X_REAL_IP="203.0.113.1").status_code == 429


def test_abandoned_staged_files_are_purged(client, settings, open_campaign):
    import os
    import time

    from django.core.management import call_command

    data = form_data(title="")
    client.post(apply_url(open_campaign), with_photos(data))
    staging = Path(settings.PRIVATE_MEDIA_ROOT) / "staging" / data["token"]
    files = [p for p in staging.rglob("*") if p.is_file()]
    assert len(files) == 3  # two photos and the stamp
    call_command("purge_staging", hours=24)
    assert all(p.exists() for p in files)  # recent: kept
    old = time.time() - 25 * 3600
    for path in files:
        os.utime(path, (old, old))
    call_command("purge_staging", hours=24)
    assert not any(p.exists() for p in files)


def test_a_published_case_shows_its_photos_to_everyone(client, open_campaign, library):
    submit(client, open_campaign, with_photos(form_data()))
    case = CasePage.objects.get()
    case.save_revision().publish()
    page = soup(client.get(case.url))
    sources = [img["src"] for img in page.select(".gallery img")]
    assert len(sources) == 2 and all(src.startswith("/media/images/") for src in sources)
    assert all(client.get(src).status_code == 200 for src in sources)


def test_a_submitted_case_is_ordered_by_its_titles_pinyin_once_published(
    client, open_campaign, library, monkeypatch
):
    CasePageFactory(parent=open_campaign, title="老娘舅坐班")

    def no_pypinyin(title):
        raise AssertionError(f"pypinyin asked for {title}")

    # A submission is a draft, in no library: its title is not read (pypinyin stays
    # out of the web process, 13 MB) until it is published.
    with monkeypatch.context() as patched:
        patched.setattr("cases.models.case.title_pinyin", no_pypinyin)
        submit(client, open_campaign, with_photos(form_data(title="调解员上门")))
    case = CasePage.objects.get(title="调解员上门")
    assert case.title_pinyin == ""
    case.save_revision().publish()
    case.refresh_from_db()
    # Read as pypinyin reads it with its phrases (调解: tiao, not diao), without
    # pypinyin's phrase dictionary in this process.
    assert case.title_pinyin == "tiao jie yuan shang men"
    import pypinyin.constants

    assert "pypinyin.phrases_dict" not in sys.modules
    assert not pypinyin.constants.PHRASES_DICT
    page = soup(client.get(library.url, {"sort": "title"}))
    shown = [a.get_text() for a in page.select(".case-card__title a")]
    assert shown == ["老娘舅坐班", "调解员上门"]  # lao before tiao


def test_private_image_view_serves_images_only(admin_client, open_campaign, client):
    submit(client, open_campaign, with_photos(form_data()))
    stamp = CasePage.objects.get().application.recommender_stamp.name
    assert admin_client.get(f"/admin/cases/private-images/{stamp}").status_code == 404


def test_the_form_suggests_only_organisations_with_published_cases(client, open_campaign):
    from tests.factories import CasePageFactory, OrganizationFactory

    shown = OrganizationFactory(name="已发布案例的单位")
    CasePageFactory(parent=open_campaign, organization=shown, live=False).save_revision().publish()
    hidden = OrganizationFactory(name="只递交了申报的单位")
    CasePageFactory(parent=open_campaign, organization=hidden, live=False).save_revision()
    options = [
        o["value"]
        for o in soup(client.get(apply_url(open_campaign))).select("#organizations option")
    ]
    assert options == ["已发布案例的单位"]


def test_subheadings_typed_in_the_form_become_headings_and_the_summary_a_sentence(
    client, open_campaign
):
    from cases.text.content import body_parts

    first = "老式小区设施陈旧、安全管理隐患多，居民怪物业公司不作为，物业公司怪居民不交费。"
    text = "\n".join(["一、项目背景", first * 4, "（一）建立议事会", "议事会每月召开一次。" * 80])
    data = with_photos(form_data(case_text=text))
    assert submit(client, open_campaign, data).status_code == 302
    case = CasePage.objects.get()
    parts = body_parts(case)
    assert [p for p in parts if p[0] == "heading"] == [
        ("heading", "一、项目背景"),
        ("heading", "（一）建立议事会"),
    ]
    assert case.summary == first * 3  # four would pass 120 characters: whole sentences


def test_the_stated_organisation_type_is_kept_with_the_application(client, open_campaign):
    from cases.models import Organization
    from cases.submission.exports import summary_rows

    Organization.objects.create(name="新家园建设与合作事务所", kind="culture_sports")
    data = with_photos(form_data(organization_kind="life_service"))
    assert submit(client, open_campaign, data).status_code == 302
    case = CasePage.objects.get()
    assert case.application.organization_kind == "life_service"
    # The shared record changes only when an editor changes it.
    assert Organization.objects.get(name="新家园建设与合作事务所").kind == "culture_sports"
    [row] = summary_rows(open_campaign, include_contacts=False)
    assert row[3] == "社区生活服务类社会组织"


def test_the_limit_counts_before_creating_and_gives_back_what_was_not_created(rf, settings):
    from django.contrib.auth.models import AnonymousUser

    from cases.submission import ratelimit

    settings.SUBMISSION_RATE_LIMIT_PER_EMAIL = 10
    request = rf.post("/apply/", REMOTE_ADDR="198.51.100.7")
    request.user = AnonymousUser()
    answers = [ratelimit.reserve_submission(request, "Crowd@Example.org") for _ in range(12)]
    assert answers[:10] == [""] * 10 and all("请于" in a for a in answers[10:])
    ratelimit.release_submission(request, "crowd@example.org")  # a retry created nothing
    assert ratelimit.reserve_submission(request, "crowd@example.org") == ""
