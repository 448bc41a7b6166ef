"""The submission's write transaction (cases/submission/intake.py): what it reads before
taking SQLite's one write lock, how long it held it (logged per submission, read by
bench/crowd.py sqlite-crowd), and that this process's next applicant gets its turn as
soon as the transaction commits, not after the mail and checks that follow."""

import logging
import re

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save

from cases.models import Application, CasePage, Organization
from cases.submission import intake
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos


def _post(client, campaign):
    response = client.post(campaign.url + "apply/", with_photos(form_data(case_text=QUIET_TEXT)))
    assert response.status_code == 302, response.content.decode()[:500]
    return CasePage.objects.get()


@pytest.mark.django_db
def test_the_intake_logs_how_long_it_held_the_write_lock_and_where_the_time_went(
    client, open_campaign, caplog
):
    with caplog.at_level(logging.INFO, logger="cases.submission.intake"):
        case = _post(client, open_campaign)
    lines = [r.getMessage() for r in caplog.records if "write lock held" in r.getMessage()]
    assert len(lines) == 1, lines
    found = re.fullmatch(
        rf"submission {case.submission_number}: write lock held ([\d.]+) ms \((.*); "
        r"(\d+) queries, ([\d.]+) ms in SQL\)",
        lines[0],
    )
    assert found, lines[0]
    steps = dict(step.rsplit(" ", 1) for step in found[2].split(", "))
    assert set(steps) == {
        "number", "organisation", "photos", "page", "revision", "application", "review",
        "commit",
    }  # fmt: skip
    held = float(found[1])
    assert sum(float(ms) for ms in steps.values()) <= held + 1
    assert int(found[3]) > 10 and float(found[4]) <= held


@pytest.mark.django_db
def test_what_exists_already_is_read_before_the_write_transaction(
    client, open_campaign, monkeypatch
):
    Organization.objects.create(name=form_data()["organization_name"])
    intake.private_collection()  # as after the first submission ever
    outer = len(connection.atomic_blocks)  # the test's own transaction
    inside = []

    def spy(execute, sql, params, many, context):
        if len(connection.atomic_blocks) > outer:
            inside.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        case = _post(client, open_campaign)
    assert case.organization.name == form_data()["organization_name"]
    assert Organization.objects.count() == 1
    assert inside, "nothing seen inside the transaction"
    # Looked up by name (a page's validation still checks the chosen ids exist).
    by_name = r'"(cases_organization|wagtailcore_collection)"\."name" ='
    read_inside = [sql for sql in inside if re.search(by_name, sql)]
    assert read_inside == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the turn is SQLite's one writer")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_next_applicant_gets_the_turn_when_the_transaction_commits(client, open_campaign):
    seen = []

    def after_commit(sender, instance, created, **kwargs):
        # Registered after the intake's own first hook: runs once the lock is released.
        transaction.on_commit(lambda: seen.append(intake._ONE_WRITER.locked()))

    post_save.connect(after_commit, sender=Application, dispatch_uid="test_turn")
    try:
        _post(client, open_campaign)
    finally:
        post_save.disconnect(sender=Application, dispatch_uid="test_turn")
    assert seen == [False]
    assert not intake._ONE_WRITER.locked()
