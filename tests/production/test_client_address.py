"""Behind the shipped nginx, each visitor is counted by their own address: two machines
are two for the submission form's per-address limit and for the login lock (every visitor
was nginx's 127.0.0.1 before: 20 submissions an hour for the whole public, and ten wrong
logins from anyone locked every member of staff out)."""

import datetime
import re
import sys
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from tests.factories import CampaignPageFactory, site_home
from tests.production.stack import Stack, needs_nginx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
pytestmark = [
    pytest.mark.production,
    needs_nginx,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ONE, OTHER = "127.0.0.1", "127.0.0.2"  # two machines: the loopback network is 127/8


@pytest.fixture
def stack(tmp_path):
    stack = Stack(tmp_path, env={"SUBMISSION_ATTEMPTS_PER_HOUR": "2", "LOGIN_FAILURE_LIMIT": "3"})
    yield stack.start()
    stack.stop()


def _form(stack, path, source):
    """The CSRF cookie and token of a form page, fetched from `source`."""
    status, headers, text = stack.request(path, source=source)
    assert status == 200, (path, status)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    return cookie, token


def _post(stack, path, source, fields, extra=None):
    cookie, token = _form(stack, path, source)
    body = urlencode({"csrfmiddlewaretoken": token, **fields})
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"{stack.canonical}{path}",
        **(extra or {}),
    }
    return stack.request(path, method="POST", source=source, headers=headers, body=body)


def test_two_machines_are_two_addresses_for_the_submission_limit(stack):
    now = datetime.datetime.now(tz=ZoneInfo("Asia/Shanghai"))
    campaign = CampaignPageFactory(
        parent=site_home(),
        submission_opens_at=now - datetime.timedelta(days=3),
        submission_deadline=now + datetime.timedelta(days=10),
    )
    path = campaign.url + "apply/"
    for _ in range(2):  # the address's two attempts this hour (an empty form: sent back)
        assert _post(stack, path, ONE, {"title": ""})[0] == 200
    assert _post(stack, path, ONE, {"title": ""})[0] == 429
    # Another machine is not the first one.
    assert _post(stack, path, OTHER, {"title": ""})[0] == 200
    # Nor can a visitor claim another address: nginx sets X-Real-IP itself.
    forged = _post(stack, path, ONE, {"title": ""}, {"X-Real-IP": "203.0.113.5"})
    assert forged[0] == 429


def test_wrong_logins_from_one_machine_lock_that_machine_only(stack, django_user_model):
    site_home()
    django_user_model.objects.create_superuser("admin", password="correct horse battery")
    for n in range(3):  # made-up names: only the address can be locked (the third does)
        status, _, _ = _post(stack, "/admin/login/", ONE, {"username": f"x{n}", "password": "no"})
        assert status == (200 if n < 2 else 429)
    locked = _post(
        stack, "/admin/login/", ONE, {"username": "admin", "password": "correct horse battery"}
    )
    assert locked[0] == 429 and "登录失败次数过多" in locked[2]
    # The administrator, at another machine, logs in.
    status, headers, _ = _post(
        stack, "/admin/login/", OTHER, {"username": "admin", "password": "correct horse battery"}
    )
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    assert status == 302 and "sessionid=" in cookies
