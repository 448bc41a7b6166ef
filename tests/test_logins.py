"""Guessing a password at the admin login: after a few failures the account, and
separately the address, is locked with a message in Chinese, even for the right
password; an administrator unlocks it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def _attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="correct horse battery", is_staff=True, is_superuser=True
    )


def test_an_account_is_locked_after_failures_and_unlocked_by_an_administrator(
    settings, editor, django_user_model
):
    settings.AXES_FAILURE_LIMIT = 5
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(4):
        assert _attempt(guesser, "editor", "wrong").status_code == 200
    assert _attempt(guesser, "editor", "wrong").status_code == 429  # the fifth locks
    # From another address, with the right password: the account stays locked.
    owner = Client(REMOTE_ADDR="203.0.113.9")
    locked = _attempt(owner, "editor", "correct horse battery")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "登录失败次数过多" in body and "30 分钟后自动解锁" in body
    assert "_auth_user_id" not in owner.session

    # An administrator sees the lock under 设置 → 登录锁定 and removes it.
    admin = django_user_model.objects.create_superuser("root", password="pw")
    staff = Client()
    staff.force_login(admin)
    listing = staff.get("/admin/home/loginlock/").content.decode()
    assert "登录锁定" in listing and "editor" in listing
    for attempt in AccessAttempt.objects.filter(username="editor"):
        staff.post(f"/admin/home/loginlock/delete/{attempt.pk}/")
    response = _attempt(owner, "editor", "correct horse battery")
    assert response.status_code == 302 and "_auth_user_id" in owner.session


def test_an_address_guessing_many_accounts_is_locked(settings, editor):
    settings.AXES_FAILURE_LIMIT = 5
    guesser = Client(REMOTE_ADDR="198.51.100.8")
    for i in range(5):
        _attempt(guesser, f"user{i}", "wrong")
    assert _attempt(guesser, "editor", "correct horse battery").status_code == 429


def test_only_administrators_see_the_locks(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("ed", password="pw")
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    assert client.get("/admin/home/loginlock/").status_code in (302, 403)
