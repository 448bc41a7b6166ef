"""The automatic checks run once per saved revision; the editors' listing of 申报表 and
the summary table read what was stored, however long or hostile the texts are."""

import time

import pytest
from wagtail.rich_text import RichText

from cases.models import Application, CheckResult
from cases.text import content
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db


def _case(campaign, text, title):
    case = CasePageFactory(
        parent=campaign, title=title, body=[("paragraph", RichText(f"<p>{text}</p>"))]
    )
    Application.objects.create(case=case, contact_name="某某")
    return case


def test_a_saved_revision_is_checked_once_after_commit(
    campaign, django_capture_on_commit_callbacks
):
    case = _case(campaign, "联系人手机13912345678。", "带手机号的案例")
    with django_capture_on_commit_callbacks(execute=True):
        revision = case.save_revision()
        assert not CheckResult.objects.filter(case=case).exists()  # not before commit
    result = CheckResult.objects.get(case=case)
    assert result.revision_id == revision.pk
    assert [f["found"] for f in result.findings if f["code"] == "privacy.mobile"] == ["13912345678"]


def test_the_listing_checks_nothing_once_results_are_stored(admin_client, campaign, monkeypatch):
    hostile = "1" * 20_000 + "号楼"  # once quadratic: 8–12 s per check
    for i in range(5):
        case = _case(campaign, hostile, f"恶意长文{i}")
        content.record_findings(case)

    def not_again(*args, **kwargs):
        raise AssertionError("the listing checked a case again")

    monkeypatch.setattr(content, "check_case", not_again)
    started = time.perf_counter()
    listing = admin_client.get("/admin/cases/application/")
    elapsed = time.perf_counter() - started
    assert listing.status_code == 200 and "恶意长文4" in listing.content.decode()
    assert elapsed < 2


def test_a_newer_revision_makes_the_stored_result_stale(campaign):
    case = _case(campaign, "正文。", "会被修改的案例")
    case.save_revision()
    content.record_findings(case)
    case.body = [("paragraph", RichText("<p>改后联系电话62551250。</p>"))]
    case.save_revision()
    _, findings = content.stored_findings(case)
    assert [f.found for f in findings if f.code == "privacy.phone"] == ["62551250"]
    assert CheckResult.objects.get(case=case).revision_id == case.latest_revision_id
