"""The 公示: the proposed list in public, objections during the period (and refused one
minute after it), editors' handling, a withdrawn selection leaving the list and the book,
and the result announcement."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.models import Application, CasePage, CompilationPage
from cases.review.selection import book_place, left_out
from promotion.builds import selectable_cases
from publicity import listing
from publicity.models import Objection, Publicity, PublicityEntry, State
from publicity.signal_handlers import WITHDRAWN_REASON
from tests.publicity.conftest import moment, open_publicity

pytestmark = pytest.mark.django_db


def _page(publicity):
    return reverse("publicity_page", args=[publicity.campaign.slug, publicity.pk])


def _form_url(publicity):
    return reverse("publicity_objection", args=[publicity.campaign.slug, publicity.pk])


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    out.seek(0)
    out.name = "证明.png"
    return out


def _objection(publicity, case_index=0, **changes):
    entry = publicity.entries.order_by("sort_order")[case_index]
    data = {
        "entry": entry.pk,
        "reason": "该案例的活动照片与另一个单位的材料相同，请核实。",
        "name": "李异议",
        "phone": "13900001111",
        "email": "objector@example.org",
    }
    data.update(changes)
    return data


def _now(monkeypatch, when):
    monkeypatch.setattr(timezone, "now", lambda: when)


def test_the_list_is_the_selection_the_book_will_hold(campaign, selected):
    publicity = open_publicity(campaign)
    titles = [entry.case.title for entry in publicity.entries.all()]
    assert titles == [case.title for case in selected]
    assert "未入选的案例" not in titles
    # A book whose 篇目 leave a case out: that case is not proposed.
    book = CompilationPage(title="优秀案例汇编", slug="book")
    book.contents = [("section", {"title": "生活服务篇", "intro": "", "cases": selected[:2]})]
    campaign.add_child(instance=book)
    assert [c.title for c in listing.proposed_cases(campaign)] == [c.title for c in selected[:2]]


def test_the_period_counts_working_days(campaign, selected):
    publicity = open_publicity(campaign, starts_on=datetime.date(2026, 9, 28))
    assert publicity.ends_on == datetime.date(2026, 10, 9)
    assert publicity.period_label == "2026年9月28日至2026年10月9日（5个工作日）"
    assert publicity.state(moment(datetime.date(2026, 9, 27), 23, 59)) == State.SCHEDULED
    assert publicity.state(moment(datetime.date(2026, 9, 28))) == State.RUNNING
    assert publicity.state(moment(datetime.date(2026, 10, 9), 23, 59)) == State.RUNNING
    assert publicity.state(moment(datetime.date(2026, 10, 10))) == State.ENDED


def test_the_public_page_shows_the_list_and_nothing_private(client, publicity, selected):
    Application.objects.create(
        case=selected[0], contact_name="私密联系人", contact_email="secret@example.org"
    )
    Objection.objects.create(
        entry=publicity.entries.first(), reason="理由", name="李异议", phone="139", email="o@x.org"
    )
    response = client.get(_page(publicity))
    html = response.content.decode()
    assert response.status_code == 200
    for case in selected:
        assert case.title in html and case.organization.name in html
    assert "生活服务篇" in html
    assert "2016年社区治理优秀案例拟入选名单公示" in html
    assert "个工作日" in html and "提出异议" in html
    for private in ("私密联系人", "secret@example.org", "李异议", "o@x.org", "未入选的案例"):
        assert private not in html


def test_a_scheduled_publicity_is_not_public(client, campaign, selected):
    publicity = open_publicity(campaign, starts_on=timezone.localdate() + datetime.timedelta(30))
    assert client.get(_page(publicity)).status_code == 404
    assert "拟入选名单公示" not in client.get(campaign.url).content.decode()


def test_linked_from_the_campaign_and_home_page_while_it_runs(client, publicity, home):
    for url in (publicity.campaign.url, home.url):
        html = client.get(url).content.decode()
        assert _page(publicity) in html, url
        assert "公示中" in html


def test_an_objection_gets_a_receipt_and_a_private_status_link(
    client, publicity, editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _form_url(publicity), {**_objection(publicity), "attachment": _png()}
        )
    assert response.status_code == 302
    item = Objection.objects.get()
    assert item.status == Objection.Status.PENDING and item.email == "objector@example.org"
    assert item.attachment.name.startswith("objections/") and item.attachment.name.endswith(".png")
    assert "证明" not in item.attachment.name  # the uploaded name is never used
    [notice] = [m for m in mail.outbox if m.to == [editor.email]]
    assert notice.subject == "【待处理异议】楼道议事会让老小区焕新"
    assert f"/admin/snippets/publicity/objection/edit/{item.pk}/" in notice.body
    assert "李异议" not in notice.body and "13900001111" not in notice.body
    [message] = [m for m in mail.outbox if m.to == ["objector@example.org"]]
    assert message.subject == "【异议回执】2016年社区治理优秀案例拟入选名单公示"
    assert message.to == ["objector@example.org"]
    link = response["Location"].split("?")[0]
    assert link in message.body and "楼道议事会让老小区焕新" in message.body
    page = client.get(response["Location"])
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "异议已提交" in text and "已收到，待处理" in text
    assert client.get(link[:-3] + "xx/").status_code == 404  # a forged token


def test_an_objection_one_minute_after_the_end_is_refused(client, publicity, monkeypatch):
    _now(monkeypatch, publicity.ends_at - datetime.timedelta(minutes=1))
    assert client.post(_form_url(publicity), _objection(publicity)).status_code == 302
    _now(monkeypatch, publicity.ends_at + datetime.timedelta(minutes=1))
    response = client.post(_form_url(publicity), _objection(publicity))
    assert response.status_code == 410
    html = response.content.decode()
    assert "公示期已结束" in html and "不再受理异议" in html
    assert Objection.objects.count() == 1
    # The page now says the period is over and offers no form.
    page = client.get(_page(publicity)).content.decode()
    assert "公示期已结束" in page and _form_url(publicity) not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "很" * 200_000}, "异议理由过长"),
        ({"name": "李\x00异议"}, "无法识别的控制字符"),
        ({"reason": "\x00"}, "无法识别的控制字符"),
        ({"email": "😀@example"}, "请填写有效的电子邮箱"),
        ({"entry": "999999"}, "请从名单中选择案例"),
        ({"entry": "😀"}, "请从名单中选择案例"),
        ({"reason": ""}, "请填写异议理由"),
    ],
)
def test_hostile_input_gets_a_chinese_message(client, publicity, changes, message):
    response = client.post(_form_url(publicity), _objection(publicity, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize("wanted", ["²", "9" * 5000, "😀", "-1", "999999"])
def test_a_hostile_case_in_the_address_opens_an_empty_choice(client, publicity, wanted):
    response = client.get(_form_url(publicity), {"case": wanted})
    assert response.status_code == 200
    assert "提交异议" in response.content.decode()


def test_the_campaign_page_follows_the_states_through_its_cache(
    client, publicity, selected, home, monkeypatch
):
    campaign_url = publicity.campaign.url
    assert "公示中" in client.get(campaign_url).content.decode()
    assert "公示中" in client.get(campaign_url).content.decode()  # from the parts cache
    _now(monkeypatch, publicity.ends_at + datetime.timedelta(minutes=1))
    assert "公示期已结束" in client.get(campaign_url).content.decode()
    assert _page(publicity) not in client.get(home.url).content.decode()  # home: not now
    Publicity.objects.filter(pk=publicity.pk).update(result_published_at=timezone.now())
    publicity.refresh_from_db()
    publicity.save()  # as the admin saves it: announced to the caches
    html = client.get(campaign_url).content.decode()
    assert "结果公告" in html and _page(publicity) in html
    assert _page(publicity) in client.get(home.url).content.decode()


def test_emoji_in_the_reason_is_kept(client, publicity):
    response = client.post(_form_url(publicity), _objection(publicity, reason="照片不符 😀🏠"))
    assert response.status_code == 302
    assert Objection.objects.get().reason == "照片不符 😀🏠"


def test_an_attachment_is_checked_like_the_portals_uploads(client, publicity):
    fake = io.BytesIO(b"MZ\x90\x00 not a document")
    fake.name = "证明.pdf"
    response = client.post(_form_url(publicity), {**_objection(publicity), "attachment": fake})
    assert response.status_code == 400
    assert "证明材料请上传 PDF、JPEG 或 PNG 文件" in response.content.decode()


def test_objections_are_rate_limited(client, publicity, settings):
    settings.PUBLICITY_OBJECTIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(_form_url(publicity), _objection(publicity)).status_code == 302
    response = client.post(_form_url(publicity), _objection(publicity))
    assert response.status_code == 429
    assert "同一网络在这一小时内已提出 2 件异议" in response.content.decode()
    assert Objection.objects.count() == 2


def _handle(client, item, status, note):
    url = reverse("wagtailsnippets_publicity_objection:edit", args=[item.pk])
    return client.post(url, {"status": status, "handling_note": note})


def test_editors_handle_objections_and_a_withdrawal_leaves_the_list_and_the_book(
    client, publicity, selected, editor, django_capture_on_commit_callbacks
):
    campaign = publicity.campaign
    first = Objection.objects.create(
        entry=publicity.entries.get(case=selected[0]),
        reason="照片来自其他单位",
        name="李异议",
        phone="139",
        email="one@example.org",
    )
    second = Objection.objects.create(
        entry=publicity.entries.get(case=selected[1]),
        reason="不喜欢",
        name="赵某",
        phone="138",
        email="two@example.org",
    )
    client.force_login(editor)
    listing_page = client.get(reverse("wagtailsnippets_publicity_objection:list"))
    assert "楼道议事会让老小区焕新" in listing_page.content.decode()
    edit = client.get(reverse("wagtailsnippets_publicity_objection:edit", args=[first.pk]))
    assert "李异议" in edit.content.decode() and "one@example.org" in edit.content.decode()
    # A withdrawal needs its reason.
    response = _handle(client, first, "withdrawn", "")
    assert response.status_code == 200 and "撤销入选须写明处理说明" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _handle(client, first, "withdrawn", "经核实，照片系他人作品").status_code == 302
        assert _handle(client, second, "not_accepted", "未提出具体事实").status_code == 302
    first.refresh_from_db()
    assert first.handled_by == editor and first.handled_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    assert any("核实后撤销入选" in m.body for m in mail.outbox)

    reason = WITHDRAWN_REASON.format(note="经核实，照片系他人作品")
    case = CasePage.objects.get(pk=selected[0].pk)
    assert book_place(case).reason == reason
    assert [(c.pk, r) for c, r in left_out(campaign)] == [(case.pk, reason)]
    assert [e.case.title for e in publicity.entries.listed()] == [c.title for c in selected[1:]]
    book = CompilationPage(title="优秀案例汇编", slug="book")
    campaign.add_child(instance=book)
    printed = [c.title for s in book.sections() for c in s.cases]
    assert printed == [c.title for c in selected[1:]]
    book.contents = [("section", {"title": "生活服务篇", "intro": "", "cases": selected})]
    assert [c.title for s in book.sections() for c in s.cases] == printed
    assert selected[0].title not in client.get(_page(publicity)).content.decode()
    assert book_place(CasePage.objects.get(pk=selected[1].pk)).in_book  # rejected: kept
    # Nor is it offered to the city (package and exhibition sheets share this list).
    assert [c.title for c in selectable_cases(campaign)] == sorted(
        (c.title for c in selected[1:]), key=[c.title for c in selected].index
    )


def test_the_result_is_published_after_the_end_once_every_objection_is_settled(
    client, publicity, selected, editor, monkeypatch
):
    item = Objection.objects.create(
        entry=publicity.entries.get(case=selected[2]),
        reason="理由",
        name="李",
        phone="1",
        email="o@example.org",
    )
    client.force_login(editor)
    url = reverse("wagtailsnippets_publicity_publicity:edit", args=[publicity.pk])
    fields = {
        "campaign": publicity.campaign.pk,
        "title": publicity.title,
        "intro": "",
        "starts_on": publicity.starts_on.isoformat(),
        "working_days": "5",
        "contact": "",
        "result_note": "经公示无异议的案例确定入选。",
        "publish_result": "on",
    }
    response = client.post(url, fields)
    assert "公示期尚未结束，不能发布结果公告" in response.content.decode()
    _now(monkeypatch, publicity.ends_at + datetime.timedelta(minutes=1))
    response = client.post(url, fields)
    assert "尚有 1 件异议未办结" in response.content.decode()
    Objection.objects.filter(pk=item.pk).update(status="withdrawn", handling_note="材料不实")
    assert client.post(url, fields).status_code == 302
    publicity.refresh_from_db()
    assert publicity.state() == State.ANNOUNCED
    client.logout()
    html = client.get(_page(publicity)).content.decode()
    assert "结果公告" in html and "经公示无异议的案例确定入选。" in html
    assert "公示期间共收到异议 1 件" in html and "撤销 1 个案例的入选资格" in html
    assert selected[2].title not in html
    assert selected[0].title in html and selected[1].title in html
    assert "结果公告" in client.get(publicity.campaign.url).content.decode()


def test_opening_a_publicity_in_the_admin_takes_the_list(client, campaign, selected, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_publicity_publicity:add"),
        {
            "campaign": campaign.pk,
            "title": "拟入选名单公示",
            "intro": "",
            "starts_on": "2026-09-28",
            "working_days": "5",
            "contact": "",
            "result_note": "",
        },
    )
    assert response.status_code == 302
    publicity = Publicity.objects.get()
    assert publicity.opened_by == editor and publicity.ends_on == datetime.date(2026, 10, 9)
    assert PublicityEntry.objects.filter(publicity=publicity).count() == 3


def test_only_editors_see_objections_and_their_files(client, publicity, django_user_model, editor):
    from tests import roles
    from tests.publicity.conftest import member

    client.post(_form_url(publicity), {**_objection(publicity), "attachment": _png()})
    item = Objection.objects.get()
    file_url = item.attachment.url
    list_url = reverse("wagtailsnippets_publicity_objection:list")
    assert client.get(file_url).status_code in (302, 403)  # anonymous: to the login
    for group in (roles.EXPERTS, roles.APPROVERS):
        client.force_login(member(django_user_model, f"u-{group}", group))
        assert client.get(list_url).status_code in (302, 403)
        assert client.get(file_url).status_code in (302, 403)
    client.force_login(editor)
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
