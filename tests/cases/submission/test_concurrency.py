"""Deadline day on `make run` (SQLite, runserver, the worker sending receipts) on a busy
machine: fifty complete applications with photos at once, double clicks among them.
Every applicant gets an answer and a number, nothing accepted is lost, a double click
makes one case. SQLite has one write lock for everybody: the intake keeps file work
out of its transaction so that it holds the lock for milliseconds."""

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django_tasks_db.models import DBTaskResult

from cases.models import Application, CasePage
from cases.storage.private import private_storage
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, jpeg, with_photos
from tests.cases.submission.test_numbering import _open_campaign

ROOT = Path(__file__).resolve().parents[3]
CROWD = 50
DOUBLE_CLICK_EVERY = 5  # applicants 0, 5, 10, … press “提交申报” twice
BUSY = 2  # CPU-bound processes beside the server and the worker
# The campaign asks for photos printed 150 mm wide at 150 dpi (886 pixels), so that fifty
# applications cost the server seconds, not minutes; the stamped opinion is scanned as an
# image (a PDF scan costs a poppler process each: the upload tests cover those).
PHOTO = jpeg(900, 600)
STAMP = jpeg(425, 550)
RESETS = []  # connections reset before the server read them (see _submit)


@pytest.mark.django_db
def test_the_intake_writes_and_reads_no_file_while_it_holds_the_write_lock(
    client, open_campaign, monkeypatch
):
    outer = len(connection.atomic_blocks)  # the test's own transaction
    inside = []
    for name in ("_save", "_open"):
        original = getattr(FileSystemStorage, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            if len(connection.atomic_blocks) > outer:
                inside.append((_name, args[0]))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(FileSystemStorage, name, spy)
    data = with_photos(form_data(case_text=QUIET_TEXT))
    response = client.post(open_campaign.url + "apply/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    case = CasePage.objects.get()
    assert case.photos.count() == 2 and case.application.recommender_stamp
    assert inside == []


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make_run(port, log):
    """runserver and the worker as `make run` starts them, on the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Fifty applicants from one test machine: one address for all of them.
        "SUBMISSION_RATE_LIMIT_PER_HOUR": "1000",
    }
    manage = [sys.executable, "manage.py"]
    commands = [
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        [*manage, "worker", "--queue-name", "*"],
    ]
    return [
        subprocess.Popen(c, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for c in commands
    ]


def _burners(seconds):
    """CPU-bound processes: the machine is busy with other work."""
    burn = f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"
    return [subprocess.Popen([sys.executable, "-c", burn]) for _ in range(BUSY)]


def _wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.3)
    return False


def _open_form(url):
    """The form as an applicant's browser opens it: (cookies, CSRF token)."""
    for attempt in range(3):  # runserver accepts 10 connections at a time; a browser retries
        try:
            page = requests.get(url, timeout=120)
            break
        except requests.ConnectionError:
            if attempt == 2:
                raise
            time.sleep(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return page.cookies, csrf


def _submit(url, data, form, clicks):
    """The form sent `clicks` times at once; each answer as (status, final address) or
    (None, the error)."""
    cookies, csrf = form
    answers = [None] * clicks

    def click(i):
        files = {
            "photo_1": ("1.jpg", PHOTO, "image/jpeg"),
            "photo_2": ("2.jpg", PHOTO, "image/jpeg"),
            "recommender_stamp": ("stamp.jpg", STAMP, "image/jpeg"),
        }
        for attempt in range(3):
            try:
                response = requests.post(
                    url,
                    data={**data, "csrfmiddlewaretoken": csrf},
                    files=files,
                    cookies=cookies,
                    headers={"Referer": url},
                    timeout=180,
                )
                answers[i] = (response.status_code, response.url)
                return
            except requests.ConnectionError as error:
                # runserver listens with a queue of 10 connections: of a burst of
                # sixty, a few are reset; the applicant presses again, which the form's
                # token makes safe (the case is made once whichever press got through).
                answers[i] = (None, repr(error))
                RESETS.append(attempt)
                time.sleep(1)
            except requests.RequestException as error:
                answers[i] = (None, repr(error))
                return

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.processes
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_complete_applications_at_once_on_make_run_while_the_machine_is_busy(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite's single write lock (make run's database)")
    campaign = _open_campaign()
    campaign.min_dpi = 150
    campaign.save_revision().publish()
    port = _free_port()
    log_path = tmp_path / "make-run.log"
    datas = [
        form_data(title=f"截止日申报{i}", case_text=QUIET_TEXT, contact_email=f"c{i}@example.org")
        for i in range(CROWD)
    ]
    answers = [[(None, "no answer")]] * CROWD
    with log_path.open("w") as log:
        servers = _make_run(port, log)
        burners = []
        try:
            url = f"http://127.0.0.1:{port}{campaign.url}apply/"
            assert _wait_for(url, 60), log_path.read_text()[-3000:]
            burners = _burners(120)
            barrier = threading.Barrier(CROWD)

            def applicant(i):
                form = _open_form(url)
                barrier.wait()  # everybody presses “提交申报” at the same moment
                clicks = 2 if i % DOUBLE_CLICK_EVERY == 0 else 1
                answers[i] = _submit(url, datas[i], form, clicks)

            threads = [threading.Thread(target=applicant, args=(i,)) for i in range(CROWD)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            for process in burners + servers:
                process.terminate()
            for process in burners + servers:
                process.wait(timeout=30)

    server_log = log_path.read_text()
    answered = [a for per_applicant in answers for a in per_applicant]
    failed = [a for a in answered if a[0] is None or a[0] >= 500]
    assert failed == [], (Counter(str(a) for a in failed), server_log[-3000:])
    assert len(answered) == CROWD + CROWD // DOUBLE_CLICK_EVERY
    # Every click of every applicant ends on its status page (a double click's second
    # press finds the case the first one made).
    assert all(code == 200 and "/apply/status/" in final for code, final in answered), answered

    applications = Application.objects.select_related("case")
    tokens = sorted(str(a.submission_token) for a in applications)
    assert tokens == sorted(data["token"] for data in datas)  # one case per applicant
    numbers = sorted(a.case.submission_number for a in applications)
    assert numbers == [f"JA2016-{n:03d}" for n in range(1, CROWD + 1)]
    for application in applications:
        photos = application.case.photos.select_related("image")
        assert photos.count() == 2
        assert all(Path(photo.image.file.path).exists() for photo in photos)
        assert private_storage().exists(application.recommender_stamp.name)
    # The worker sent receipts beside them, and none failed for a lock.
    assert not DBTaskResult.objects.failed().exists()
    assert "database is locked" not in server_log
