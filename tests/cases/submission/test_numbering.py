"""申报编号 stay unique when many submissions arrive at once."""

import threading

import pytest
from django.db import connections, transaction

from cases.models.submission import next_submission_number
from tests.factories import CampaignPageFactory, site_home

THREADS = 8


def run_at_once(count, work):
    """work(i) in count threads released together; (results, errors)."""
    results, errors = [], []
    barrier = threading.Barrier(count)

    def worker(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def allocate_concurrently(campaign, threads=THREADS):
    def allocate(_):
        with transaction.atomic():
            return next_submission_number(campaign)

    return run_at_once(threads, allocate)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_distinct_consecutive_numbers():
    campaign = CampaignPageFactory(parent=site_home())
    numbers, errors = allocate_concurrently(campaign)
    assert errors == []
    assert sorted(numbers) == [f"JA2016-{n:03d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db
def test_numbers_are_sequential_with_the_campaign_prefix(campaign):
    with transaction.atomic():
        first = next_submission_number(campaign)
        second = next_submission_number(campaign)
    assert (first, second) == ("JA2016-001", "JA2016-002")


def _open_campaign():
    import datetime
    from zoneinfo import ZoneInfo

    now = datetime.datetime.now(tz=ZoneInfo("Asia/Shanghai"))
    return CampaignPageFactory(
        parent=site_home(),
        submission_opens_at=now - datetime.timedelta(days=1),
        submission_deadline=now + datetime.timedelta(days=5),
    )


def _post_concurrently(url, datas):
    from django.test import Client

    def post(i):
        response = Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(url, datas[i])
        return response.status_code, response.get("Location")

    return run_at_once(len(datas), post)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_and_double_clicks():
    from cases.models import CasePage
    from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos

    campaign = _open_campaign()
    url = campaign.url + "apply/"
    datas = [with_photos(form_data(title=f"案例{i}", case_text=QUIET_TEXT)) for i in range(6)]
    results, errors = _post_concurrently(url, datas)
    assert errors == [] and [code for code, _ in results] == [302] * 6
    numbers = sorted(CasePage.objects.values_list("submission_number", flat=True))
    assert numbers == [f"JA2016-{n:03d}" for n in range(1, 7)]

    # Four clicks of the same form at once: one case, every click sent to its receipt.
    token_data = form_data(title="连点四次", case_text=QUIET_TEXT)
    results, errors = _post_concurrently(url, [with_photos(dict(token_data)) for _ in range(4)])
    assert errors == []
    assert CasePage.objects.filter(title="连点四次").count() == 1
    assert len({location for _, location in results}) == 1
