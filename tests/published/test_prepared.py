"""published/prepared.py: a query compiled once gives what its queryset gives, for any
arguments, and later runs compile nothing; published/routing.py's site_for() picks the
Site Wagtail would."""

from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cases.models import CasePage
from published.prepared import Prepared, padded
from published.routing import site_for
from tests.factories import CasePageFactory, section

pytestmark = pytest.mark.django_db


def cases_of(campaign, category):
    return (
        CasePage.objects.filter(campaign_id=campaign.pk, category_id=category.pk)
        .select_related("organization", "category")
        .order_by("pk")
    )


CASES_OF = Prepared(cases_of, lambda campaign, category: [campaign.pk, category.pk])


def test_rows_are_the_querysets_for_any_arguments(campaign, django_assert_num_queries):
    mediation, charity = section("mediation"), section("charity")
    made = {
        mediation: [CasePageFactory(parent=campaign, category=mediation) for _ in range(2)],
        charity: [CasePageFactory(parent=campaign, category=charity)],
    }
    for category in (mediation, charity, mediation):
        with django_assert_num_queries(1):
            found = CASES_OF.list(campaign, category)
            # select_related came along: the organisation needs no query of its own.
            names = [case.organization.name for case in found]
        assert [c.pk for c in found] == [c.pk for c in made[category]]
        assert names == [c.organization.name for c in cases_of(campaign, category)]
    values = Prepared(
        lambda pk: Page.objects.filter(pk=pk).values_list("title", flat=True), lambda pk: [pk]
    )
    assert values.list(campaign.pk) == [campaign.title]
    assert values.first(campaign.pk + 1000) is None


@override_settings(PREPARED_CHECK=False)
def test_a_later_run_compiles_nothing(campaign):
    prepared = Prepared(cases_of, lambda campaign, category: [campaign.pk, category.pk])
    mediation, charity = section("mediation"), section("charity")
    case = CasePageFactory(parent=campaign, category=charity)
    prepared.list(campaign, mediation)  # compiled here
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        assert prepared.list(campaign, charity) == [case]
    as_sql.assert_not_called()


def test_parameters_that_do_not_match_the_query_are_refused(campaign):
    swapped = Prepared(cases_of, lambda campaign, category: [category.pk, campaign.pk])
    with pytest.raises(ValueError, match="Prepared parameters"):
        swapped.list(campaign, section("charity"))


@override_settings(PREPARED_CHECK=False)
def test_in_production_a_mismatch_is_logged_and_the_query_runs_unprepared(campaign, caplog):
    swapped = Prepared(cases_of, lambda campaign, category: [category.pk, campaign.pk])
    charity = section("charity")
    case = CasePageFactory(parent=campaign, category=charity)
    assert swapped.list(campaign, charity) == [case]
    assert "Prepared parameters" in caplog.text
    # Logged once: later views run it unprepared without flooding the log.
    caplog.clear()
    assert swapped.list(campaign, charity) == [case]
    assert swapped.list(campaign, section("mediation")) == []
    assert "Prepared parameters" not in caplog.text


def test_each_shape_is_compiled_apart(campaign):
    def titles(*slugs):
        return CasePage.objects.filter(category__slug__in=slugs).values_list("title", flat=True)

    prepared = Prepared(titles, lambda *slugs: list(slugs))
    one = CasePageFactory(parent=campaign, category=section("charity"))
    two = CasePageFactory(parent=campaign, category=section("mediation"))
    assert prepared.list("charity", shape=1) == [one.title]
    assert sorted(prepared.list("charity", "mediation", shape=2)) == sorted([one.title, two.title])


def test_id_lists_are_padded_to_a_few_lengths_with_ids_no_row_has(campaign):
    assert padded([]) == []
    assert padded([7]) == [7]
    assert padded([7, 8, 9]) == [7, 8, 9, -1]
    assert len(padded(range(1, 14))) == 16
    cases = [CasePageFactory(parent=campaign) for _ in range(3)]
    prepared = Prepared(
        lambda ids: CasePage.objects.filter(pk__in=ids).order_by("pk"), lambda ids: list(ids)
    )
    asked = padded(case.pk for case in cases)
    assert prepared.list(asked, shape=len(asked)) == cases


SITES = [
    # hostname, port, default
    [("portal.localhost", 80, True)],
    [("portal.localhost", 80, True), ("other.localhost", 80, False)],
    [("portal.localhost", 80, True), ("other.localhost", 8080, False)],
    [("portal.localhost", 80, False), ("other.localhost", 80, False)],
    [("portal.localhost", 80, False), ("portal.localhost", 8080, False)],
    [
        ("portal.localhost", 80, True),
        ("other.localhost", 80, False),
        ("other.localhost", 81, False),
    ],
    [("portal.localhost", 8080, True), ("portal.localhost", 80, False)],
]


@pytest.mark.parametrize("sites", SITES)
def test_the_site_is_the_one_wagtail_finds(home, sites):
    Site.objects.all().delete()
    for hostname, port, default in sites:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=home)
    for hostname in ("portal.localhost", "other.localhost", "unknown.localhost"):
        for port in ("80", "81", "8080", "9000"):
            try:
                expected = get_site_for_hostname(hostname, port)
            except Site.DoesNotExist:
                expected = None
            assert site_for(hostname, port) == expected, (hostname, port)
