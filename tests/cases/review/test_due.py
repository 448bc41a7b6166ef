"""Review due dates: the default from the 审稿 phase, reminders once each, overdue marks
in the admin listing and the staff panel, reassignment in two clicks (issue 26)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cases.dates.due_dates import new_due_on_problem, reassigned_due_on, reminder_kind
from cases.models import Assignment, CampaignPhase, Review
from cases.review import due
from tests.pages import soup, visible_text

pytestmark = pytest.mark.django_db
D = datetime.date


def test_reminder_days_are_plain_rules():
    due_on = D(2016, 6, 30)
    assert reminder_kind(due_on, D(2016, 6, 26), 3) is None
    assert reminder_kind(due_on, D(2016, 6, 27), 3) == "before"
    assert reminder_kind(due_on, D(2016, 6, 29), 3) == "before"  # assigned late: still told
    assert reminder_kind(due_on, D(2016, 6, 30), 3) == "due"
    assert reminder_kind(due_on, D(2016, 7, 1), 3) is None  # overdue: staff see it
    assert reminder_kind(due_on, D(2016, 6, 29), 0) is None
    assert reminder_kind(None, D(2016, 6, 29), 3) is None
    assert reassigned_due_on(D(2016, 6, 30), D(2016, 7, 2)) == D(2016, 7, 9)
    assert reassigned_due_on(D(2016, 8, 30), D(2016, 7, 2)) == D(2016, 8, 30)


def test_a_new_due_date_is_a_plain_rule():
    today = D(2016, 7, 2)
    assert new_due_on_problem(D(2016, 7, 9), D(2016, 6, 30), today) == ""
    assert new_due_on_problem(today, D(2016, 6, 30), today) == ""  # today itself is allowed
    assert (
        new_due_on_problem(D(2016, 7, 1), D(2016, 6, 30), today) == "新的评审截止日期不能早于今天。"
    )
    assert "一年" in new_due_on_problem(D(2017, 7, 3), D(2016, 6, 30), today)
    assert "相同" in new_due_on_problem(D(2016, 7, 9), D(2016, 7, 9), today)
    assert new_due_on_problem(None, D(2016, 6, 30), today) == "请选择新的评审截止日期。"


@pytest.fixture
def phased(people, campaign):
    CampaignPhase.objects.create(
        page=campaign, name="组织发动阶段", starts_on=D(2016, 5, 1), ends_on=D(2016, 5, 31)
    )
    CampaignPhase.objects.create(
        page=campaign, name="征集审稿阶段", starts_on=D(2016, 6, 1), ends_on=D(2016, 6, 30)
    )
    return people


def test_due_date_defaults_to_the_end_of_the_review_phase(phased):
    item = Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    assert item.due_on == D(2016, 6, 30)
    chosen = Assignment.objects.create(
        case=phased["case"], expert=phased["expert_b"], due_on=D(2016, 6, 20)
    )
    assert chosen.due_on == D(2016, 6, 20)


def test_reminders_go_before_and_on_the_day_once_each(
    phased, campaign, django_capture_on_commit_callbacks
):
    campaign.review_reminder_days = 2
    campaign.save()
    item = Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    done = Assignment.objects.create(case=phased["case"], expert=phased["expert_b"])
    Review.objects.create(assignment=done, comment="好", recommendation="yes", weighted_total=80)
    mail.outbox.clear()
    days = [(D(2016, 6, 27), 0), (D(2016, 6, 28), 1), (D(2016, 6, 28), 0), (D(2016, 6, 29), 0)]
    days += [(D(2016, 6, 30), 1), (D(2016, 6, 30), 0), (D(2016, 7, 1), 0)]
    for today, expected in days:
        with django_capture_on_commit_callbacks(execute=True):
            assert due.send_reminders(today) == expected, today
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert subjects[0].startswith("【评审即将到期】")
    assert subjects[1].startswith("【评审今日到期】")
    assert mail.outbox[0].to == ["expert_a@example.org"]
    assert "还有 2 天到期" in mail.outbox[0].body
    assert "2016年6月30日" in mail.outbox[0].body
    item.refresh_from_db()
    assert item.reminded_before_at and item.reminded_due_at


def test_the_command_runs_on_todays_date(phased, capsys):
    Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    call_command("review_reminders")
    assert "已发送 0 封评审提醒；逾期未评 1 项。" in capsys.readouterr().out


def test_overdue_rows_are_marked_in_the_listing(phased, client):
    Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    late = Assignment.objects.get()
    client.force_login(phased["editor"])
    page = client.get(reverse("cases_assignment_modeladmin_index"))
    text = visible_text(page)
    assert "已逾期" in text
    row = soup(page).select_one("[data-overdue]").find_parent("tr")
    link = row.find("a", string="改派")
    assert link["href"] == reverse("cases_admin:reassign", args=[late.pk])
    # The 已逾期 filter lists only the late ones.
    filtered = client.get(reverse("cases_assignment_modeladmin_index"), {"due": "overdue"})
    assert "expert_a" in visible_text(filtered)


def test_reassignment_in_two_clicks_mails_the_new_expert(
    phased, client, django_capture_on_commit_callbacks
):
    late = Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    Assignment.objects.create(case=phased["case"], expert=phased["expert_b"])
    client.force_login(phased["editor"])
    url = reverse("cases_admin:reassign", args=[late.pk])
    page = soup(client.get(url))
    offered = [b.get_text() for b in page.select("button[name=expert]")]
    # Not the late expert, not one already on the case, not the applicant's own expert.
    assert offered == ["改派给 expert_c"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"expert": str(phased["expert_c"].pk)})
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=late.pk).exists()
    new = Assignment.objects.get(case=phased["case"], expert=phased["expert_c"])
    assert new.due_on > D(2016, 6, 30)
    assert [m.to for m in mail.outbox] == [["expert_c@example.org"]]
    assert "评审截止日期" in mail.outbox[0].body
    # An expert not allowed for the case is refused.
    other = Assignment.objects.get(case=phased["case"], expert=phased["expert_b"])
    client.post(
        reverse("cases_admin:reassign", args=[other.pk]), {"expert": phased["expert_own"].pk}
    )
    assert Assignment.objects.filter(pk=other.pk).exists()


def test_staff_move_a_due_date_and_the_expert_hears_of_it(
    phased, client, django_capture_on_commit_callbacks
):
    late = Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    Assignment.objects.filter(pk=late.pk).update(
        reminded_before_at="2016-06-28T09:00Z", reminded_due_at="2016-06-30T09:00Z"
    )
    client.force_login(phased["editor"])
    url = reverse("cases_admin:reassign", args=[late.pk])
    page = soup(client.get(url))
    assert page.select_one("#move-due").get_text() == "改期：给原专家更多时间"
    assert page.select_one("input[name=due_on]")["value"] == "2016-06-30"
    # A day in the past is refused with its reason, and nothing changes or is sent.
    mail.outbox.clear()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    refused = client.post(url, {"due_on": yesterday.isoformat()})
    assert "新的评审截止日期不能早于今天。" in visible_text(refused)
    assert client.post(url, {"due_on": "2016-13-40"}).status_code == 200
    late.refresh_from_db()
    assert late.due_on == D(2016, 6, 30) and mail.outbox == []
    new_day = datetime.date.today() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"due_on": new_day.isoformat()})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.due_on == new_day
    assert late.reminded_before_at is None and late.reminded_due_at is None  # reminded again
    [message] = mail.outbox
    assert message.to == ["expert_a@example.org"] and "【评审期限调整】" in message.subject
    assert "由2016年6月30日改为" in message.body
    assert f"{new_day.year}年{new_day.month}月{new_day.day}日" in message.body
    listing = visible_text(client.get(response["Location"]))
    assert f"{new_day.year}年{new_day.month}月{new_day.day}日 待评审 改派 改期" in listing


def test_only_staff_who_assign_may_reassign(phased, client):
    late = Assignment.objects.create(case=phased["case"], expert=phased["expert_a"])
    client.force_login(phased["expert_b"])
    response = client.post(
        reverse("cases_admin:reassign", args=[late.pk]), {"expert": phased["expert_c"].pk}
    )
    assert response.status_code in (302, 403)
    assert Assignment.objects.filter(pk=late.pk).exists()
    moved = client.post(reverse("cases_admin:reassign", args=[late.pk]), {"due_on": "2099-01-01"})
    assert moved.status_code in (302, 403)
    late.refresh_from_db()
    assert late.due_on == D(2016, 6, 30)
