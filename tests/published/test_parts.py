"""Public pages from cached parts: every change readers should see shows at once, in
what they see and not only in the database, and nothing of a draft or a restricted page
leaks through the cache."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cases.dates.timeline import seconds_until_change
from published import parts
from published.generation import current
from tests.factories import CasePageFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def case(campaign, library):
    return CasePageFactory(parent=campaign, title="老娘舅调解物业纠纷")


def test_a_published_title_shows_on_every_page_that_lists_the_case(
    client, home, campaign, library, case
):
    urls = [case.url, library.url, home.url]
    for url in urls:
        page_text(client, url)  # parts cached
    case.title = "楼组议事会化解停车难"
    publish(case)
    for url in urls:
        text = page_text(client, url)
        assert "楼组议事会化解停车难" in text, url
        assert "老娘舅调解物业纠纷" not in text, url


def test_a_renamed_organisation_shows_without_republishing_its_cases(client, campaign, case):
    organization = OrganizationFactory(name="新家园事务所")
    case.organization = organization
    publish(case)
    assert "新家园事务所" in page_text(client, case.url)
    organization.name = "新家园社区服务中心"
    organization.save()
    assert "新家园社区服务中心" in page_text(client, case.url)


def test_an_unpublished_case_is_gone_from_its_page_and_the_lists(client, campaign, library, case):
    assert "老娘舅调解物业纠纷" in page_text(client, library.url)
    case.unpublish()
    assert client.get(case.url).status_code == 404
    assert "老娘舅调解物业纠纷" not in page_text(client, library.url)


def test_a_draft_saved_changes_nothing_readers_see_and_keeps_the_cache(client, case):
    page_text(client, case.url)
    before = current()
    case.title = "草稿标题"
    case.save_revision()
    assert current() == before
    assert "草稿标题" not in page_text(client, case.url)


def test_a_preview_shows_the_draft_though_the_page_is_cached(client, case):
    page_text(client, case.url)
    case.title = "预览中的新标题"
    case.summary = "预览中的新摘要"
    preview = case.make_preview_request()  # as the editor's preview panel asks for it
    assert "预览中的新摘要" in preview.content.decode()
    assert "预览中的新摘要" not in page_text(client, case.url)


def test_a_restriction_added_after_caching_is_enforced(client, campaign, case):
    assert "老娘舅调解物业纠纷" in page_text(client, case.url)
    PageViewRestriction.objects.create(page=campaign, restriction_type="login")
    response = client.get(case.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # Nor do the lists show a case under the restricted campaign.
    assert "老娘舅调解物业纠纷" not in client.get("/").content.decode()


def test_a_cached_page_takes_one_query_and_serves_the_same_bytes(client, home, library, case):
    for url in (case.url, home.url, library.url):
        first = client.get(url).content
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url).content
        assert again == first
        assert len(queries) == 1, [q["sql"] for q in queries]


def shared_reads(monkeypatch):
    """The keys of parts read from the shared cache (Redis in production), in order."""
    from django.core.cache import caches

    shared, reads = caches["default"], []
    real_get = shared.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)
    return reads


def test_a_page_made_after_a_change_asks_the_shared_cache_once(
    client, home, library, case, monkeypatch
):
    from published.generation import draw
    from published.release import release

    reads = shared_reads(monkeypatch)
    for url in (case.url, home.url, library.url):
        first = page_text(client, url)
        draw()  # a change: no part of the new generation is shared yet
        parts.forget()
        reads.clear()
        assert page_text(client, url) == first
        # The generation's mark, not each of the page's six to eight parts.
        assert [key for key in reads if key.startswith("published:")] == [
            parts.mark_of(f"published:{current()}:{release()}:any")
        ], url


def test_parts_made_by_another_process_are_read_not_made_again(client, case, monkeypatch):
    first = page_text(client, case.url)
    parts.forget()  # another worker, same generation: the parts are in the shared cache
    with CaptureQueriesContext(connection) as queries:
        assert page_text(client, case.url) == first
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_a_lost_mark_only_makes_the_parts_again(client, case):
    from django.core.cache import cache

    first = page_text(client, case.url)
    marks = [key for key in cache._cache if key.endswith(":~parts")]
    assert marks
    for key in marks:
        cache.delete(key.split(":", 2)[-1])  # locmem keys carry a prefix and version
    parts.forget()
    with CaptureQueriesContext(connection) as queries:
        assert page_text(client, case.url) == first
    assert len(queries) > 1


def test_an_address_that_leads_nowhere_is_not_kept(client, case):
    from django.core.cache import cache

    for n in range(5):
        assert client.get(f"/no-such-page-{n}/").status_code == 404
    assert not [key for key in cache._cache if "route" in key and "no-such-page" in key]


def test_library_page_numbers_share_the_nearest_pages_part(client, library, case):
    from django.core.cache import cache

    for page in ("1", "999", "x", "-3"):
        # Spellings of page 1 are sent to the library's own address (cases/models/library.py).
        response = client.get(f"{library.url}?page={page}", follow=True)
        assert "老娘舅调解物业纠纷" in response.content.decode()
    parts_kept = [key for key in cache._cache if ":part:" in key]
    assert len(parts_kept) == 1, parts_kept


def test_each_process_keeps_a_bounded_number_of_parts():
    parts.forget()
    for n in range(parts.NEAR_ITEMS + 50):
        parts.near_set(f"published:7:item-{n}", f"part {n}")
    assert len(parts._near) == parts.NEAR_ITEMS
    assert parts.near_get("published:7:item-0") is parts.MISSING
    assert (
        parts.near_get(f"published:7:item-{parts.NEAR_ITEMS + 49}")
        == f"part {parts.NEAR_ITEMS + 49}"
    )
    # Another generation's reader drops them all.
    assert parts.near_get("published:8:item-1") is parts.MISSING
    assert not len(parts._near)


def test_kept_objects_come_back_as_copies():
    parts.forget()
    parts.near_set("published:9:list", [1, 2])
    parts.near_get("published:9:list").append(3)
    assert parts.near_get("published:9:list") == [1, 2]


@pytest.mark.parametrize(
    ("now", "moments", "expected"),
    [
        # Nothing ahead but midnight.
        (datetime.datetime(2016, 6, 17, 23, 0, tzinfo=SHANGHAI), [], 3600),
        # The deadline comes before midnight.
        (
            datetime.datetime(2016, 6, 17, 23, 0, tzinfo=SHANGHAI),
            [datetime.datetime(2016, 6, 17, 23, 59, 59, tzinfo=SHANGHAI)],
            3599,
        ),
        # A deadline passed and one a week ahead: midnight first.
        (
            datetime.datetime(2016, 6, 1, 12, 0, tzinfo=SHANGHAI),
            [
                datetime.datetime(2016, 5, 1, tzinfo=SHANGHAI),
                None,
                datetime.datetime(2016, 6, 8, tzinfo=SHANGHAI),
            ],
            12 * 3600,
        ),
    ],
)
def test_seconds_until_the_page_changes_with_time(now, moments, expected):
    assert seconds_until_change(moments, now) == expected


def test_the_front_cache_keeps_the_notice_no_longer_than_its_deadline(
    client, campaign, monkeypatch
):
    """The tag of a page that changes with time names the moment: asked again after it,
    the portal renders the page anew instead of answering 304."""
    import time

    from django.utils import timezone

    campaign.submission_deadline = timezone.now() + datetime.timedelta(minutes=10)
    publish(campaign)
    for url in (campaign.url, "/"):
        response = client.get(url)
        until = int(response["ETag"].strip('W/"').rsplit("-", 1)[1])
        assert 0 < until - time.time() <= 600, url
        assert response["X-Accel-Expires"].startswith("@")  # nginx asks again each second
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
        monkeypatch.setattr(time, "time", lambda until=until: until + 1)
        later = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert later.status_code == 200, url
        monkeypatch.undo()
    assert "在线申报" in client.get("/").content.decode()


def test_the_deadline_passing_changes_the_page_without_any_publish(client, campaign, monkeypatch):
    from django.utils import timezone

    deadline = timezone.now() + datetime.timedelta(hours=1)
    campaign.submission_deadline = deadline
    publish(campaign)
    assert "在线申报" in page_text(client, campaign.url)
    later = deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    text = page_text(client, campaign.url)
    assert "申报已截止" in text and "在线申报</a>" not in text


def test_a_new_submission_leaves_the_public_pages_and_their_lock_alone(campaign, case):
    """An applicant's draft case, its new organisation and photos are on no public page:
    saving them must not take the generation's row lock (deadline day's submissions would
    queue on it) nor throw the cached parts away."""
    from tests.factories import CasePhotoFactory

    before = current()
    draft = CasePageFactory(parent=campaign, live=False, organization=OrganizationFactory())
    CasePhotoFactory(page=draft)
    draft.tags.add("新标签")
    draft.save()
    assert current() == before
    CasePhotoFactory(page=case)  # a photo added to a live case is public at once
    assert current() != before
