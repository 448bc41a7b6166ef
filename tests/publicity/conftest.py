import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import Decision
from publicity import listing
from publicity.models import Publicity
from tests import roles
from tests.factories import CasePageFactory, OrganizationFactory, section


def member(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="pw", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "editor", roles.EDITORS, last_name="王", first_name="编辑")


@pytest.fixture
def selected(campaign):
    """Three cases selected at 终审 and published, and one that was not selected."""
    cases = [
        CasePageFactory(
            parent=campaign,
            title=title,
            organization=OrganizationFactory(name=org),
            category=section(slug),
            live=True,
        )
        for title, org, slug in [
            ("楼道议事会让老小区焕新", "静安寺街道楼道自治促进会", "life-service"),
            ("邻里食堂温暖独居老人", "江宁路街道睦邻中心", "life-service"),
            ("青年志愿者守护社区花园", "南京西路街道绿色家园服务社", "life-service"),
        ]
    ]
    for case in cases:
        Decision.record(case, True)
    CasePageFactory(parent=campaign, title="未入选的案例", live=True)
    return cases


def open_publicity(campaign, starts_on=None, working_days=5, **fields):
    publicity = Publicity.objects.create(
        campaign=campaign,
        title="2016年社区治理优秀案例拟入选名单公示",
        starts_on=starts_on or timezone.localdate(),
        working_days=working_days,
        contact="静安区社会组织联合会 电话 62000000",
        **fields,
    )
    listing.fill(publicity)
    return publicity


@pytest.fixture
def publicity(campaign, selected):
    return open_publicity(campaign)


def moment(day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
