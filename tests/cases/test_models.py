"""Model rules: unique submission numbers per campaign, campaign date and photo rules."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import CasePage
from tests.factories import CampaignPageFactory, CasePageFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_submission_number_is_unique_within_a_campaign(campaign):
    CasePageFactory(parent=campaign, submission_number="JA2016-001")
    duplicate = CasePageFactory.build(submission_number="JA2016-001")
    with pytest.raises(ValidationError) as error:
        campaign.add_child(instance=duplicate)
    assert error.value.message_dict["submission_number"] == ["该征集活动中已有相同的申报编号。"]
    assert CasePage.objects.filter(submission_number="JA2016-001").count() == 1


def test_database_enforces_the_number_even_without_clean(campaign):
    first = CasePageFactory(parent=campaign, submission_number="JA2016-002")
    second = CasePageFactory(parent=campaign)
    second.submission_number = first.submission_number
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(clean=False)


def test_same_number_in_another_campaign_and_blank_numbers_are_fine(home, campaign):
    other = CampaignPageFactory(parent=home, year=2017)
    CasePageFactory(parent=campaign, submission_number="JA-001")
    CasePageFactory(parent=other, submission_number="JA-001")
    CasePageFactory(parent=campaign, submission_number="")
    CasePageFactory(parent=campaign, submission_number="")
    assert CasePage.objects.filter(submission_number="JA-001").count() == 2


def test_campaign_deadline_must_follow_opening(home):
    campaign = CampaignPageFactory.build(
        submission_opens_at=datetime.datetime(2016, 6, 18, tzinfo=SH),
        submission_deadline=datetime.datetime(2016, 6, 17, tzinfo=SH),
    )
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=campaign)
    assert error.value.message_dict["submission_deadline"] == ["申报截止时间必须晚于开始时间。"]


def test_campaign_photo_range_must_be_sane(home):
    campaign = CampaignPageFactory.build(min_photos=4, max_photos=3)
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=campaign)
    assert error.value.message_dict["max_photos"] == ["最多照片数不能少于最少照片数。"]


def test_aspect_ratio_label_reads_like_the_notice(campaign):
    assert campaign.aspect_ratio_label == "1.5"
    assert campaign.nav_title == campaign.title
    campaign.short_title = "2016年征集"
    assert campaign.nav_title == "2016年征集"
