"""Public pages take a fixed number of SQL queries, however many photos or cases: when
their parts are made afresh (after a publish) and, fewer, when they come from the cache
(published/)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from home.models import HomeFeaturedCase
from published.generation import draw
from published.parts import forget
from published.prepared import forget_asked
from tests.factories import CasePageFactory, CasePhotoFactory, section

pytestmark = pytest.mark.django_db

# With every cache empty (Wagtail's site root paths too; renditions made), and one for
# the page the current book prints the case on. The Sites come with their root pages and
# the restricted paths, the photos with their images and renditions (one query).
CASE_PAGE_MAX_QUERIES = 10
# A page whose parts are cached reads the content generation and nothing else.
CACHED_PAGE_QUERIES = 1


def count_queries(client, url):
    """Queries of a view with the page's parts made afresh, renditions already made."""
    client.get(url)  # renditions are created on the first view
    cache.clear()
    forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).content == response.content
    if not url.startswith("/api/"):  # the API is not assembled from parts
        assert len(cached) == CACHED_PAGE_QUERIES, [q["sql"] for q in cached]
    return len(queries)


def case_with_photos(campaign, n):
    case = CasePageFactory(
        parent=campaign,
        body=[
            ("paragraph", RichText("<p>正文</p>")),
            ("heading", {"text": "小标题", "level": "h2"}),
        ],
    )
    case.tags.add("物业", "业委会")
    case.save()
    for _ in range(n):
        CasePhotoFactory(page=case)
    return case


def test_case_page_queries_do_not_grow_with_photos(client, campaign, library):
    one = count_queries(client, case_with_photos(campaign, 1).url)
    twenty = count_queries(client, case_with_photos(campaign, 20).url)
    assert one == twenty
    assert twenty <= CASE_PAGE_MAX_QUERIES


def fill_campaign(campaign, n):
    for i in range(n):
        case = CasePageFactory(
            parent=campaign, category=section("charity" if i % 2 else "mediation")
        )
        CasePhotoFactory(page=case)
        CasePhotoFactory(page=case)


def test_library_queries_do_not_grow_with_cases(client, home, campaign, library):
    fill_campaign(campaign, 1)
    one = count_queries(client, library.url)
    fill_campaign(campaign, 19)
    twenty = count_queries(client, library.url)
    assert one == twenty


def test_home_queries_do_not_grow_with_cases(client, home, campaign, library):
    fill_campaign(campaign, 1)
    one = count_queries(client, home.url)
    fill_campaign(campaign, 19)
    twenty = count_queries(client, home.url)
    assert one == twenty


def test_api_listing_queries_do_not_grow_with_cases(client, campaign):
    url = "/api/v2/pages/?type=cases.CasePage&fields=*"
    fill_campaign(campaign, 1)
    one = count_queries(client, url)
    fill_campaign(campaign, 19)
    assert count_queries(client, url) == one


def case_with_links(campaign, n):
    """A case of n paragraphs, each linking to another case (as editors write them)."""
    targets = [CasePageFactory(parent=campaign) for _ in range(n)]
    paragraphs = [
        ("paragraph", RichText(f'<p>参见<a linktype="page" id="{t.pk}">{t.title}</a>。</p>'))
        for t in targets
    ]
    return CasePageFactory(parent=campaign, body=paragraphs), targets


def test_case_page_queries_do_not_grow_with_links_in_its_text(client, campaign, library):
    one, _ = case_with_links(campaign, 1)
    twenty, targets = case_with_links(campaign, 20)
    page = client.get(twenty.url).content.decode()
    assert all(f'href="{t.url}"' in page for t in targets)  # every link still resolves
    assert count_queries(client, one.url) == count_queries(client, twenty.url)


# Made afresh, with the demo-like content below: a change that adds a query per page
# view shows here (bench/render.py times these pages cold).
# Home and campaign each read the 公示 and the 后续通知 (publicity/templatetags): two
# queries more than the pages took before those notices, inside their cached parts.
# The Site comes with its root page and the restricted paths, the library in one query,
# photos with their renditions (were case 13, library 13, home 17, campaign 14). Exactly
# what they take, on SQLite and PostgreSQL alike: no query to spare (this content has no
# book, so the case page makes no query for its page in one).
QUERY_BUDGET = {"case": 9, "library": 8, "home": 13, "campaign": 11}


def test_campaign_page_queries_do_not_grow_with_cases(client, home, campaign, library):
    fill_campaign(campaign, 1)
    one = count_queries(client, campaign.url)
    fill_campaign(campaign, 19)
    assert count_queries(client, campaign.url) == one


def test_home_queries_do_not_grow_with_featured_cases(client, home, campaign, library):
    fill_campaign(campaign, 6)
    cases = list(campaign.get_children().specific())
    HomeFeaturedCase.objects.create(page=home, case=cases[0], sort_order=0)
    one = count_queries(client, home.url)
    for i, case in enumerate(cases[1:], start=1):
        HomeFeaturedCase.objects.create(page=home, case=case, sort_order=i)
    cache.clear()  # rows written here announce no change: the cached page would stay
    forget()
    assert count_queries(client, home.url) == one
    page = client.get(home.url).content.decode()  # as just made afresh
    assert all(case.title in page for case in cases)


def test_public_pages_made_afresh_stay_within_their_query_budget(client, home, campaign, library):
    fill_campaign(campaign, 3)
    case = case_with_photos(campaign, 3)
    pages = {"case": case.url, "library": library.url, "home": home.url, "campaign": campaign.url}
    counts = {name: count_queries(client, url) for name, url in pages.items()}
    assert all(counts[name] <= QUERY_BUDGET[name] for name in pages), counts


def test_case_photos_come_once_each_with_the_rendition_of_their_focal_point(
    client, campaign, library
):
    from cases.models import CaseRendition

    case = case_with_photos(campaign, 3)
    photos = list(case.photos.order_by("sort_order", "pk"))
    client.get(case.url)  # the gallery's renditions made
    image = photos[0].image
    current = image.get_rendition("max-960x960")
    # One of another focal point beside it, as an earlier crop leaves them.
    CaseRendition.objects.create(
        image=image,
        filter_spec="max-960x960",
        focal_point_key="2-2-2-2",
        file=current.file.name.replace(".", "-old.", 1),
        width=current.width,
        height=current.height,
    )
    made = CaseRendition.objects.count()
    cache.clear()
    forget()
    page = client.get(case.url).content.decode()
    # Two renditions joined to the first photo: still one figure per photo, each with its
    # caption in order, and the renditions found with the photos, none made again.
    assert page.count("<figcaption>") == 3
    captions = [page.index(f"<figcaption>{photo.caption}</figcaption>") for photo in photos]
    assert captions == sorted(captions)
    assert CaseRendition.objects.count() == made
    assert current.url in page and "-old." not in page


def test_related_cases_are_read_without_their_bodies(client, campaign, library):
    case = case_with_photos(campaign, 1)
    others = [CasePageFactory(parent=campaign, category=case.category) for _ in range(3)]
    client.get(case.url)
    cache.clear()
    forget()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(case.url).content.decode()
    assert all(f"{other.title}</a>" in page for other in others)
    related = [
        q["sql"] for q in queries if "first_published_at" in q["sql"] and "LIMIT 3" in q["sql"]
    ]
    assert len(related) == 1
    assert '"cases_casepage"."body"' not in related[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_public_pages_queries_are_prepared_on_postgresql(client, home, campaign, library):
    """Run more than DB_PREPARE_THRESHOLD times on a connection, a query is prepared on
    the server (portal/settings/base.py), and later page views run it unplanned."""
    fill_campaign(campaign, 2)
    case = case_with_photos(campaign, 2)
    pages = [case.url, library.url, home.url, campaign.url]
    before = {url: count_queries(client, url) for url in pages}
    for _ in range(3):
        assert {url: count_queries(client, url) for url in pages} == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    for table in ("wagtailcore_site", "cases_casephoto", "cases_casepagetag"):
        assert any(f'FROM "{table}"' in statement for statement in prepared), table


def made_afresh_page(client, url, read_ahead=True):
    client.get(url)  # renditions made
    cache.clear()
    forget()
    if read_ahead:
        return client.get(url).content
    with (
        mock.patch("published.routing.page_made_afresh", return_value=False),
        mock.patch("home.models.page_made_afresh", return_value=False),
        mock.patch("published.prepared.asked_before", return_value=None),
    ):
        return client.get(url).content


def test_pages_made_afresh_are_the_same_with_their_queries_asked_ahead(
    client, home, campaign, library
):
    fill_campaign(campaign, 3)
    case = case_with_photos(campaign, 3)
    HomeFeaturedCase.objects.create(page=home, case=case, sort_order=0)
    for url in (case.url, library.url, library.url + "?sort=title", home.url, campaign.url):
        assert made_afresh_page(client, url) == made_afresh_page(client, url, read_ahead=False)


# Round trips to PostgreSQL of a page made afresh: what a page can ask once it knows its
# own row goes in one (published/prepared.py, ahead()). The first time in a process: the
# content generation, the Sites, a level of the route each, then the page's parts; the
# library's cards and the home page's phases, notices and cards once their ids are
# known. Later (after the next change, whether the page is the first one viewed or not):
# the generation, then everything the address asked last time, in one (ahead_again()).
FIRST_ROUND_TRIPS = {"case": 5, "library": 5, "home": 4, "campaign": 4}
LATER_ROUND_TRIPS = {"case": 2, "library": 2, "home": 2, "campaign": 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_public_pages_made_afresh_ask_in_few_round_trips(client, home, campaign, library):
    from tests.published.test_prepared import round_trips

    fill_campaign(campaign, 3)
    case = case_with_photos(campaign, 3)
    HomeFeaturedCase.objects.create(page=home, case=case, sort_order=0)
    pages = {"case": case.url, "library": library.url, "home": home.url, "campaign": campaign.url}
    for url in pages.values():
        client.get(url)  # renditions made
    # A change (a new content generation): each page made afresh, one after another (the
    # first one viewed after the change, then pages of the same generation), with
    # nothing of their addresses asked before in this process.
    draw()
    forget_asked()
    first = {}
    for name, url in pages.items():
        first[name], trips = round_trips(connection, lambda url=url: client.get(url))
        assert trips == FIRST_ROUND_TRIPS[name], name
    draw()  # the next change
    for name, url in pages.items():
        again, trips = round_trips(connection, lambda url=url: client.get(url))
        assert trips == LATER_ROUND_TRIPS[name], name
        assert again.content == first[name].content


def test_a_changed_page_made_afresh_again_shows_the_change(client, campaign, library):
    case = case_with_photos(campaign, 2)
    first = client.get(case.url).content.decode()
    case.title = "改过的标题"
    case.save_revision().publish()  # a new generation: made afresh, asked again ahead
    page = client.get(case.url).content.decode()
    assert "改过的标题" in page and page != first
    CasePhotoFactory(page=case, caption="新加的照片")
    case.save_revision().publish()
    assert "新加的照片" in client.get(case.url).content.decode()
