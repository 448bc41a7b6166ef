"""勘误: an editor publishes a small correction to a live case with a note, recorded in
the page history; reviews stay; larger changes and cases under review are refused."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText

from cases.models import Assignment, CasePage, CasePageTag, Review
from tests import roles
from tests.cases.review.conftest import member
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db
TEXT = "新家园成立于2011年10月，是经虹口区社团管理局批准的社会组织。"


@pytest.fixture
def live_case(campaign):
    return CasePageFactory(
        parent=campaign,
        title="依托社会组织 化解物业难题",
        body=[("paragraph", RichText(f"<p>{TEXT}</p>"))],
    )


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "editor", roles.EDITORS)


def draft(case, text, title=None):
    revision_of = case.get_latest_revision_as_object()
    revision_of.body = [("paragraph", RichText(f"<p>{text}</p>"))]
    if title:
        revision_of.title = title
    return revision_of.save_revision()


def url(case):
    return reverse("cases_admin:correction", args=[case.pk])


def test_an_editor_publishes_a_typo_fix_with_a_note_and_reviews_stay(
    client, live_case, editor, django_user_model
):
    expert = member(django_user_model, "expert", roles.EXPERTS)
    assignment = Assignment.objects.create(case=live_case, expert=expert)
    Review.objects.create(
        assignment=assignment, scores={}, comment="好", recommendation="select", weighted_total=80
    )
    draft(live_case, TEXT.replace("2011年10月", "2011年11月"))
    client.force_login(editor)
    page = client.get(url(live_case)).content.decode()
    assert "2011年11月" in page and "改为" in page  # the diff the editor confirms
    assert client.post(url(live_case), {"note": ""}).status_code == 200  # a note is required
    assert "2011年10月" in str(CasePage.objects.get(pk=live_case.pk).body)
    response = client.post(url(live_case), {"note": "更正成立时间"})
    assert response.status_code == 302
    case = CasePage.objects.get(pk=live_case.pk)
    assert "2011年11月" in str(case.body) and not case.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=case, action="cases.correction")
    assert entry.data["note"] == "更正成立时间" and entry.user == editor
    history = client.get(reverse("wagtailadmin_pages:history", args=[case.pk])).content.decode()
    assert "发布勘误：更正成立时间" in history
    assert Review.objects.filter(assignment__case=case).count() == 1


def test_a_correction_that_only_reorders_the_tags_shows_them(client, live_case, editor):
    # The first tag is the case's main topic for the search: reordering is a change.
    live_case.tags.set(["物业", "业委会", "老娘舅"])
    live_case.save_revision().publish()
    revision_of = live_case.get_latest_revision_as_object()
    revision_of.tags.set(["老娘舅", "物业", "业委会"])
    revision_of.save_revision()
    client.force_login(editor)
    page = client.get(url(live_case)).content.decode()
    assert "与已发布的版本相同" not in page
    assert "删去：标签：物业、业委会、老娘舅" in page and "改为：标签：老娘舅、物业、业委会" in page
    assert client.post(url(live_case), {"note": "主题标签放在最前"}).status_code == 302
    rows = CasePageTag.objects.filter(content_object_id=live_case.pk).order_by("pk")
    shown = [row.tag.name for row in rows]
    assert shown == ["老娘舅", "物业", "业委会"]


def test_a_large_change_goes_to_the_review(client, live_case, editor):
    draft(live_case, "全新的案例正文。" * 60)
    client.force_login(editor)
    response = client.post(url(live_case), {"note": "重写"})
    assert response.status_code == 200
    assert "超过勘误上限" in response.content.decode()
    assert "全新的案例正文" not in str(CasePage.objects.get(pk=live_case.pk).body)


def test_nothing_to_publish_and_no_edit_rights_are_refused(
    client, live_case, editor, django_user_model
):
    client.force_login(editor)
    assert "没有未发布的修改" in client.get(url(live_case)).content.decode()
    outsider = member(django_user_model, "expert", roles.EXPERTS)
    client.force_login(outsider)
    assert client.get(url(live_case)).status_code in (302, 403)


def test_the_button_appears_on_a_live_case_with_a_draft(client, live_case, editor):
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[live_case.pk])
    assert url(live_case) not in client.get(edit).content.decode()
    draft(live_case, TEXT.replace("虹口区", "静安区"))
    assert url(live_case) in client.get(edit).content.decode()
