"""Deadline day on the default set-up: many applicants submit at the same moment, through
a real server, while editors publish. Every one gets a number; nobody sees an error."""

import re
import threading

import pytest
import requests

from cases.models import CasePage
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, jpeg, stamp_pdf
from tests.cases.submission.test_numbering import _open_campaign
from tests.factories import CasePageFactory

CROWD = 20
PHOTO = jpeg()
STAMP = stamp_pdf()


def _submit(url, data):
    """One applicant: open the form (its CSRF token), then send it with two photos."""
    with requests.Session() as browser:
        page = browser.get(url, timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        files = {
            "photo_1": ("1.jpg", PHOTO, "image/jpeg"),
            "photo_2": ("2.jpg", PHOTO, "image/jpeg"),
            "recommender_stamp": ("stamp.pdf", STAMP, "application/pdf"),
        }
        fields = {**data, "csrfmiddlewaretoken": token}
        response = browser.post(
            url, data=fields, files=files, headers={"Referer": url}, timeout=120
        )
        return response.status_code, response.url


def _at_once(work, count):
    results, errors, barrier = [None] * count, [], threading.Barrier(count)

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.processes  # a live server and twenty browsers' threads at once
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_applicants_at_once_while_editors_publish(live_server, settings):
    settings.SUBMISSION_RATE_LIMIT_PER_HOUR = 100  # one address for the whole crowd here
    campaign = _open_campaign()
    published = CasePageFactory(parent=campaign, title="已发布案例", live=False)
    published.save_revision().publish()
    url = live_server.url + campaign.url + "apply/"
    datas = [
        form_data(title=f"截止日案例{i}", case_text=QUIET_TEXT, contact_email=f"a{i}@example.org")
        for i in range(CROWD)
    ]

    def act(i):
        if i >= CROWD:  # two editors publish the same case again and again meanwhile
            for _ in range(3):
                CasePage.objects.get(pk=published.pk).save_revision().publish()
            return None
        return _submit(url, datas[i])

    results, errors = _at_once(act, CROWD + 2)
    assert errors == []
    statuses = results[:CROWD]
    assert all(code == 200 and "/apply/status/" in final for code, final in statuses), statuses
    numbers = sorted(
        CasePage.objects.filter(title__startswith="截止日案例").values_list(
            "submission_number", flat=True
        )
    )
    assert numbers == [f"JA2016-{n:03d}" for n in range(1, CROWD + 1)]
