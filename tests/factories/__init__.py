"""Factories per model; pages are created under the parent they are given."""

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from django.conf import settings
from wagtail.models import Site

from cases.models import (
    Application,
    CampaignPage,
    CaseCategory,
    CaseLibraryPage,
    CasePage,
    CasePhoto,
    Organization,
)
from home.models import HomePage

__all__ = [
    "ApplicationFactory",
    "CampaignPageFactory",
    "CaseLibraryPageFactory",
    "CasePageFactory",
    "CasePhotoFactory",
    "HomePageFactory",
    "ImageFactory",
    "OrganizationFactory",
    "section",
    "site_home",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def section(slug="life-service"):
    """One of the four sections the data migration creates."""
    return CaseCategory.objects.get(slug=slug)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"照片{n}")
    file = factory.django.ImageField(width=300, height=200, color="gray")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"示例社会组织{n}号")
    kind = "life_service"
    street = "静安寺街道"


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "社区治理优秀案例征集平台"
    slug = "home"


class CaseLibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CaseLibraryPage

    title = "案例库"
    slug = "cases"
    show_in_menus = True


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"第{n}届社区治理优秀案例征集活动")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    show_in_menus = True
    year = 2016
    hosts = "中共静安区社会工作委员会\n静安区社会建设办公室"
    organizer = "静安区社会组织联合会"
    submission_deadline = datetime.datetime(2016, 6, 17, 23, 59, 59, tzinfo=SHANGHAI)
    submission_prefix = "JA2016-"


class CasePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CasePage

    title = factory.Sequence(lambda n: f"示例案例{n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    organization = factory.SubFactory(OrganizationFactory)
    category = factory.LazyFunction(section)
    street = "静安寺街道"
    summary = "一个用于测试的案例摘要。"


class CasePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePhoto

    image = factory.SubFactory(ImageFactory)
    caption = factory.Sequence(lambda n: f"图注{n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    contact_name = "联系人"
    contact_email = "contact@example.org"


def site_home():
    """A HomePage at the root of the default site, replacing Wagtail's welcome page."""
    from wagtail.models import Page

    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name=settings.WAGTAIL_SITE_NAME,
    )
    return home
