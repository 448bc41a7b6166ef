"""The demo loader: the 2016 notice, the reference case and the demo cases, idempotently."""

import datetime
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from cases.models import Application, CampaignPage, CaseCategory, CasePage
from home.demo.data import case_data
from home.models import HomePage

pytestmark = pytest.mark.django_db
SNAPSHOT_APPS = ["cases", "home", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit"]


def snapshot():
    """Every row of the apps the loader writes to, serialised."""
    rows = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = serializers.serialize("json", model.objects.order_by("pk"))
    return rows


def test_loading_twice_gives_the_same_database(demo, settings):
    first = snapshot()
    files = sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*"))
    call_command("load_demo", verbosity=0)
    assert snapshot() == first
    again = sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*"))
    assert again == files


def test_the_2016_notice_becomes_the_campaign(demo):
    campaign = CampaignPage.objects.get()
    assert campaign.live
    assert campaign.year == 2016
    deadline = campaign.submission_deadline.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (deadline.date(), deadline.hour, deadline.minute) == (datetime.date(2016, 6, 17), 23, 59)
    assert [p.name for p in campaign.phases.all()] == [
        "组织发动阶段",
        "征集审稿阶段",
        "汇编出版阶段",
    ]
    contacts = {c.unit: (c.people, c.phone) for c in campaign.contacts.all()}
    assert contacts["静安区社联会"] == ("陈宝莲、沈亦灵", "52133533")
    assert contacts["静安区社工委、区社建办"] == ("叶娟", "62551250")
    assert campaign.host_list == ["中共静安区社会工作委员会", "静安区社会建设办公室"]
    assert isinstance(campaign.get_parent().specific, HomePage)


def test_reference_case_is_published_with_three_subsections_and_photos(demo, client):
    case = CasePage.objects.get(slug="xinjiayuan-property-disputes")
    assert case.live
    assert case.title == "依托社会组织  化解物业难题"
    assert case.organization.name == "虹口新家园建设与合作事务所"
    subheadings = [b.value["text"] for b in case.body if b.block_type == "heading"]
    assert subheadings == [
        "“新家园”巧解物业纠纷  当好“小区老娘舅”",
        "多年难题一朝解决",
        "善于指导找到症结",
        "三驾马车形成合力",
    ]
    photos = list(case.photos.select_related("image"))
    assert len(photos) == 3
    # Generated at 1:1.5 with enough pixels for 300 dpi at 150 mm.
    assert all((p.image.width, p.image.height) == (1800, 1200) for p in photos)
    assert case.submission_number == "JA2016-001"
    assert "老娘舅" in client.get(case.url).content.decode()


def test_demo_cases_are_spread_over_sections_and_streets(demo):
    demo_cases = CasePage.objects.filter(is_demo=True).exclude(slug="xinjiayuan-property-disputes")
    assert demo_cases.count() == len(case_data()) - 1 >= 16
    assert all(case.live for case in demo_cases)
    for section in CaseCategory.objects.all():
        assert demo_cases.filter(category=section).count() >= 3, section.name
    assert demo_cases.values("street").distinct().count() >= 5
    # Each has a fictional application, and numbers are unique within the campaign.
    assert Application.objects.filter(case__in=demo_cases).count() == demo_cases.count()
    numbers = list(CasePage.objects.values_list("submission_number", flat=True))
    assert len(numbers) == len(set(numbers))


def _without_ids(value):
    """Stream data without its blocks' ids (new on every load)."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _sha256(image):
    with image.file.open("rb") as photo:
        return hashlib.sha256(photo.read()).hexdigest()


def demo_cases():
    """What the loader writes for each demo case, without ids, times and tokens (new on
    every load)."""
    from django.db import models

    volatile = (models.AutoField, models.DateTimeField, models.UUIDField)
    cases = []
    for case in CasePage.objects.filter(is_demo=True).order_by("submission_number"):
        application = case.application
        cases.append(
            {
                "page": (case.slug, case.title, case.url_path, case.live, case.summary),
                "fields": (case.category.name, case.street, case.participant_type),
                "number": (case.submission_number, case.submitted_on),
                "organization": case.organization.name,
                "body": _without_ids(case.body.get_prep_value()),
                "tags": sorted(case.tags.names()),
                # In no fixed order on PostgreSQL (the loader sets no sort order).
                "photos": sorted(
                    (p.caption, p.image.title, p.image.width, p.image.height, _sha256(p.image))
                    for p in case.photos.select_related("image")
                ),
                "application": {
                    f.name: getattr(application, f.attname)
                    for f in Application._meta.concrete_fields
                    if not isinstance(f, volatile) and f.name != "case"
                },
            }
        )
    return cases


def test_reset_reloads_the_demo_cases(demo):
    before = CasePage.objects.count()
    kept = demo_cases()  # the demo the tests start from: on SQLite kept between runs
    call_command("load_demo", "--reset", verbosity=0)
    assert CasePage.objects.count() == before
    assert Application.objects.count() == before
    # A real load writes what the kept demo holds (tests/demo_snapshot.py): a change the
    # snapshot's digest missed shows here.
    assert demo_cases() == kept
