"""The campaign's admin form checks its dates against each other (cases/dates/timeline.py)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cases.models import CampaignPhase

pytestmark = pytest.mark.django_db


def _data(campaign, deadline, phases):
    return nested_form_data(
        {
            "title": campaign.title,
            "slug": campaign.slug,
            "short_title": campaign.short_title,
            "year": campaign.year,
            "hosts": campaign.hosts,
            "organizer": campaign.organizer,
            "intro": campaign.intro,
            "body": streamfield([]),
            "phases": inline_formset(phases),
            "submission_opens_at": "2016-06-03 00:00:00",
            "submission_deadline": deadline,
            "submission_prefix": campaign.submission_prefix,
            "target_length": 2000,
            "length_tolerance": 25,
            "min_photos": 2,
            "max_photos": 3,
            "min_dpi": 300,
            "photo_print_long_edge_mm": 150,
            "photo_aspect_ratio": "1.50",
            "photo_aspect_tolerance": "0.05",
            "reviews_required": 3,
            "review_reminder_days": 3,
            "review_criteria": inline_formset([]),
            "contacts": inline_formset([]),
            "documents": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


PHASES = [
    {"name": "组织发动阶段", "starts_on": "2016-05-01", "ends_on": "2016-05-31", "note": ""},
    {"name": "征集审稿阶段", "starts_on": "2016-06-01", "ends_on": "2016-06-30", "note": ""},
]


def _post(client, campaign, deadline, phases):
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    return client.post(url, _data(campaign, deadline, phases))


def test_a_deadline_after_every_phase_is_refused_with_the_reason(admin_client, campaign):
    response = _post(admin_client, campaign, "2016-08-20 23:59:59", PHASES)
    assert response.status_code == 200  # the form again, nothing saved
    html = response.content.decode()
    assert "申报截止时间（2016年8月20日）晚于所有活动阶段的结束日期（2016年6月30日）" in html
    assert not CampaignPhase.objects.filter(page=campaign, name="征集审稿阶段").exists()


def test_phases_out_of_order_are_refused(admin_client, campaign):
    response = _post(admin_client, campaign, "2016-06-17 23:59:59", PHASES[::-1])
    assert "阶段顺序不对" in response.content.decode()


def test_agreeing_dates_are_saved(admin_client, campaign):
    response = _post(admin_client, campaign, "2016-06-17 23:59:59", PHASES)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert campaign.get_latest_revision_as_object().phases.count() == 2
