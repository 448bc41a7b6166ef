"""申报编号 stay unique when many submissions arrive at once."""

import threading

import pytest
from django.db import connection, connections, transaction

from cases.models.submission import next_submission_number
from tests.factories import CampaignPageFactory, site_home

THREADS = 8


def allocate_concurrently(campaign, threads=THREADS):
    numbers, errors = [], []
    barrier = threading.Barrier(threads)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(next_submission_number(campaign))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return numbers, errors


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
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
