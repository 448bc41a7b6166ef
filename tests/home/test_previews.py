"""Previews show what the editor's form holds, not what is saved: the home page's chosen
cases and a new case's related cases (both read by queries compiled once,
published/prepared.py, which only know saved rows)."""

import pytest
from django.test import RequestFactory

from cases.models import CasePage
from home.models import HomeFeaturedCase
from tests.factories import CasePageFactory, section

pytestmark = pytest.mark.django_db


def _request(preview):
    request = RequestFactory().get("/")
    request.is_preview = preview
    return request


def test_a_home_preview_shows_the_featured_cases_being_edited(home, campaign, library):
    saved, edited = (CasePageFactory(parent=campaign, title=t) for t in ("已保存", "编辑中"))
    HomeFeaturedCase.objects.create(page=home, case=saved, sort_order=0)
    home.featured_cases = [HomeFeaturedCase(case=edited, sort_order=0)]  # the form's rows
    previewed = home.get_context(_request(True))["featured"]
    assert [case.title for case in previewed] == ["编辑中"]
    live = type(home).objects.get(pk=home.pk).get_context(_request(False))["featured"]
    assert [case.title for case in live] == ["已保存"]


def test_a_new_case_preview_lists_its_related_cases(campaign):
    charity = section("charity")
    published = [CasePageFactory(parent=campaign, category=charity) for _ in range(2)]
    CasePageFactory(parent=campaign, category=section("mediation"))
    new = CasePage(title="尚未保存的案例", category=charity)  # no id yet
    assert sorted(case.pk for case in new.related_cases()) == sorted(c.pk for c in published)
