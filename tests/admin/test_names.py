"""People and permissions as the admin names them: in Chinese, family name first."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from portal.admin_chinese import name_permissions_in_chinese
from tests.admin.test_chinese import english_in
from tests.admin.walk import seen_text

pytestmark = pytest.mark.django_db


def test_every_permission_is_named_in_chinese():
    english = {p.name for p in Permission.objects.all() if english_in(p.name)}
    assert not english, sorted(english)


def test_permissions_created_later_are_named_at_the_next_migrate():
    page_type = ContentType.objects.get_for_model(Page)
    Permission.objects.filter(codename="add_page").update(name="Can add page")
    custom = Permission.objects.get(content_type=page_type, codename="publish_page")
    custom.name = "Publish any page"  # as Django creates it, from the model's Meta
    custom.save()
    name_permissions_in_chinese(sender=apps.get_app_config("wagtailcore"))
    assert Permission.objects.get(codename="add_page").name == "可添加页面"
    assert not english_in(Permission.objects.get(pk=custom.pk).name)


def test_the_page_age_report_names_who_published_in_full(admin_client, admin_user, campaign):
    admin_user.last_name, admin_user.first_name = "吴", "志刚"
    admin_user.save()
    campaign.save_revision(user=admin_user).publish(user=admin_user)
    texts = seen_text(admin_client.get("/admin/reports/aging-pages/").content.decode())
    assert "吴志刚" in texts and "None" not in texts, texts
