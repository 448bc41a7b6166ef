"""published/prepared.py: a query compiled once gives what its queryset gives, for any
arguments, and later runs compile nothing; published/routing.py's site_for() picks the
Site Wagtail would."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cases.models import CasePage
from published.prepared import Prepared, ahead, padded, reading_ahead, together
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


def round_trips(connection, run):
    """(result of run(), round trips it took): each query asked alone is one; the
    queries of one psycopg pipeline (PostgreSQL) are one together."""
    import psycopg
    from psycopg import pq

    opened = []  # one entry per pipeline entered
    pipeline = psycopg.Connection.pipeline

    def counted(self):
        opened.append(None)
        return pipeline(self)

    alone, piped = [], set()

    def record(execute, sql, params, many, context):
        if connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF:
            piped.add(len(opened))
        else:
            alone.append(sql)
        return execute(sql, params, many, context)

    with (
        connection.execute_wrapper(record),
        mock.patch.object(psycopg.Connection, "pipeline", counted),
    ):
        result = run()
    return result, len(alone) + len(piped)


def test_queries_asked_together_give_what_each_gives_alone(campaign, django_assert_num_queries):
    mediation, charity = section("mediation"), section("charity")
    made = [CasePageFactory(parent=campaign, category=mediation) for _ in range(2)]
    titles = Prepared(
        lambda pk: Page.objects.filter(pk=pk).values_list("title", flat=True), lambda pk: [pk]
    )
    calls = [
        CASES_OF.call(campaign, mediation),
        CASES_OF.call(campaign, charity),
        titles.call(campaign.pk),
    ]
    with django_assert_num_queries(3):
        together_rows = together(*calls)
    assert together_rows == [call.list() for call in calls]
    assert [c.pk for c in together_rows[0]] == [c.pk for c in made]
    assert together_rows[1] == [] and together_rows[2] == [campaign.title]
    # select_related came along, as with list().
    with django_assert_num_queries(0):
        assert [c.organization.name for c in together_rows[0]] == [
            c.organization.name for c in made
        ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_on_postgresql_queries_asked_together_take_one_round_trip(campaign):
    mediation, charity = section("mediation"), section("charity")
    CasePageFactory(parent=campaign, category=charity)
    calls = [CASES_OF.call(campaign, mediation), CASES_OF.call(campaign, charity)]
    alone, trips_alone = round_trips(connection, lambda: [call.list() for call in calls])
    together_rows, trips = round_trips(connection, lambda: together(*calls))
    assert together_rows == alone and [len(rows) for rows in alone] == [0, 1]
    assert (trips_alone, trips) == (2, 1)


def test_rows_read_ahead_answer_later_asks_within_the_request(campaign, django_assert_num_queries):
    charity, mediation = section("charity"), section("mediation")
    case = CasePageFactory(parent=campaign, category=charity)
    call = CASES_OF.call(campaign, charity)
    with reading_ahead():
        with django_assert_num_queries(1):
            ahead(call, CASES_OF.call(campaign, charity))  # the same query asked once
        with django_assert_num_queries(0):
            assert call.list() == [case]
            assert CASES_OF.first(campaign, charity) == case  # asked twice, read once
        with django_assert_num_queries(1):  # other arguments: asked as usual
            assert CASES_OF.list(campaign, mediation) == []
    with django_assert_num_queries(1):  # the request is over: nothing kept
        assert call.list() == [case]


def test_outside_a_request_nothing_is_read_ahead(campaign, django_assert_num_queries):
    call = CASES_OF.call(campaign, section("charity"))
    with django_assert_num_queries(0):
        ahead(call)
    with django_assert_num_queries(1):
        assert call.list() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_a_query_failing_as_the_pipeline_closes_is_a_django_database_error(campaign):
    # Failing last, its error came from psycopg as the pipeline's Sync was read, not
    # wrapped as Django's: `except DatabaseError` (the task worker's) missed it.
    from django.db import DataError
    from django.db.models import F, IntegerField, Value

    failing = Prepared(
        lambda pk: Page.objects.filter(pk=pk).annotate(
            n=Value(1, output_field=IntegerField()) / (F("depth") - F("depth"))
        ),
        lambda pk: [1, pk],
    )
    calls = [CASES_OF.call(campaign, section("charity")), failing.call(campaign.pk)]
    with pytest.raises(DataError):
        together(*calls)


def test_parameters_kept_for_the_next_view_are_sent_as_compiled():
    # What a view asked is kept with its parameters made hashable (a list as a tuple);
    # asked again by ahead_again(), a tuple would go to psycopg as a composite value, not
    # the array Django compiled.
    from published.prepared import _as_compiled, _hashable

    compiled = [[3, 5, 8], "live", 2]
    assert _as_compiled(_hashable(compiled)) == compiled
