"""Who sees what in the admin: every admin URL pattern, its ids filled with objects a role
must not see, opened as a 申报代理 officer, an expert and a 终审 approver; no private
title, score or contact may appear. Editors see them all (the walk's positive control)."""

import contextlib
import json
import re
from decimal import Decimal
from itertools import product
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from cases.models import Application, Assignment, Conflict, Review
from cases.models.review import start_review
from tests.admin.walk import one_login
from tests.cases.review.conftest import member
from tests.factories import CasePageFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

AGENTS = "申报代理"
SECRET_TITLE = "社区花园秘密试点"  # a case in review nobody but its people may see
SECRET_QUERY = "花园"  # what a search types: echoed by the page, so not the whole title
SHARED_TITLE = "楼道议事共享案例"  # assigned to two experts
PEER_SCORE = "87.50"  # expert_b's total on the shared case
SECRET_SCORE = "93.25"  # expert_b's total on the secret case
CONTACT = "私密联系人钱多多"
MOBILE = "13800009999"
CONFLICT_REASON = "曾任该单位理事的申报理由"
OWN_TITLE = "代理本人申报的案例"
OTHER_AGENT_TITLE = "另一代理申报的案例"

# What each role must never meet anywhere in the admin.
PRIVATE = {
    "agent": [SECRET_TITLE, SHARED_TITLE, OTHER_AGENT_TITLE, PEER_SCORE, SECRET_SCORE, CONTACT],
    "expert_a": [SECRET_TITLE, OTHER_AGENT_TITLE, PEER_SCORE, SECRET_SCORE, CONTACT, MOBILE],
    "approver": [CONTACT, MOBILE, CONFLICT_REASON],
}
# Patterns that change state on GET or answer no page of their own.
SKIPPED_NAMES = {"logout", "wagtailadmin_logout", "jsi18n", "wagtailadmin_error_test"}
STRING_VALUES = {
    "app_label": ["cases"],
    "content_type_app_name": ["cases"],
    "app_name": ["cases"],
    "model_name": ["casepage", "application", "review", "assignment"],
    "content_type_model_name": ["casepage"],
    "action": ["delete"],
    "action_name": ["approve"],
    "filter_spec": ["original"],
    "revision_id_a": ["earliest"],
    "revision_id_b": ["latest"],
}
NO_VALUE = {"name", "uidb64", "token"}  # file names and password-reset tokens


def _review(case, expert, total):
    assignment = Assignment.objects.create(case=case, expert=expert)
    return Review.objects.create(
        assignment=assignment,
        scores={},
        comment="评审意见",
        recommendation="select",
        weighted_total=Decimal(total),
    )


def _case(campaign, title, **application):
    case = CasePageFactory(parent=campaign, title=title, live=False)
    case.save_revision()
    Application.objects.create(case=case, **application)
    start_review(case)
    return case


@pytest.fixture
def world(people, campaign, django_user_model, django_capture_on_commit_callbacks):
    agent = member(django_user_model, "agent", AGENTS)
    other_agent = member(django_user_model, "agent_other", AGENTS)
    with django_capture_on_commit_callbacks(execute=True):
        secret = _case(
            campaign,
            SECRET_TITLE,
            contact_name=CONTACT,
            contact_mobile=MOBILE,
            submitted_by=other_agent,
        )
        shared = _case(campaign, SHARED_TITLE, contact_name="联系人乙")
        own = _case(campaign, OWN_TITLE, contact_name="联系人丙", submitted_by=agent)
        other = _case(
            campaign, OTHER_AGENT_TITLE, contact_name="联系人丁", submitted_by=other_agent
        )
    peer = _review(shared, people["expert_b"], PEER_SCORE)
    Assignment.objects.create(case=shared, expert=people["expert_a"])
    hidden = _review(secret, people["expert_b"], SECRET_SCORE)
    conflict = Conflict.objects.create(
        expert=people["expert_c"], organization=OrganizationFactory(), reason=CONFLICT_REASON
    )
    by_model = {
        "application": [secret.application.pk, other.application.pk],
        "review": [peer.pk, hidden.pk],
        "assignment": [peer.assignment_id, hidden.assignment_id],
        "conflict": [conflict.pk],
    }
    revisions = [r.pk for c in (secret, other) for r in c.revisions.all()]
    states = [s.pk for c in (secret, other) for s in c.workflow_states.all()]
    task_states = [
        t.pk for c in (secret, other) for s in c.workflow_states.all() for t in s.task_states.all()
    ]
    return {
        **people,
        "agent": agent,
        "secret": secret,
        "shared": shared,
        "own": own,
        "pages": [secret.pk, other.pk],
        "by_model": by_model,
        # Any other id: every private object's, whatever the model.
        "ids": sorted({pk for pks in by_model.values() for pk in pks} | {secret.pk, other.pk}),
        "revision_id": revisions,
        "workflow_state_id": states,
        "task_state_id": task_states,
    }


def _admin_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _admin_patterns(entry, text)
        elif isinstance(entry, URLPattern) and text.startswith("admin/"):
            yield text, entry.name


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


MODELADMIN = re.compile(r"\^cases/(\w+)/")


def _values(name, world, text):
    if name in NO_VALUE:
        return None
    if name in STRING_VALUES:
        return STRING_VALUES[name]
    if "page" in name or name == "case_id":
        return world["pages"]
    if name in ("revision_id", "workflow_state_id", "task_state_id"):
        return world[name]
    model = MODELADMIN.search(text)
    if name == "instance_pk" and model:
        return world["by_model"].get(model.group(1), world["ids"])
    return world["ids"]


def admin_urls(world):
    """Every admin URL pattern with its parameters filled with ids of private objects."""
    urls = []
    for text, name in _admin_patterns():
        if name in SKIPPED_NAMES:
            continue
        names = [m.group(2) or m.group(3) for m in PARAMETER.finditer(text)]
        choices = [_values(n, world, text) for n in names]
        if any(c is None for c in choices):
            continue
        for combination in product(*choices):
            values = iter(combination)
            url = "/" + PARAMETER.sub(lambda m, v=values: quote(str(next(v))), text)
            url = url.replace("^", "").replace("$", "").replace("\\.", ".")
            try:
                resolve(url)
            except Resolver404:
                continue
            urls.append(url if names else f"{url}?q={quote(SECRET_QUERY)}")
    return urls


def seen(response):
    """What a response shows, JSON decoded (choosers answer with escaped HTML in JSON)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def leaks(client, urls, private):
    found = {}
    for url in urls:
        text = seen(client.get(url))
        for word in private:
            if word in text:
                found.setdefault(url, []).append(word)
    return found


@pytest.mark.parametrize("role", ["agent", "expert_a", "approver"])
def test_no_admin_page_shows_a_role_what_it_may_not_see(client, world, role, monkeypatch):
    urls = admin_urls(world)
    assert len(urls) > 150
    one_login(monkeypatch, client, world[role])
    found = leaks(client, urls, PRIVATE[role])
    assert not found, "\n".join(f"{url}: {words}" for url, words in sorted(found.items()))


def test_editors_see_what_the_others_may_not(client, world, monkeypatch):
    # The walk reaches the objects: without this, an empty walk would pass.
    one_login(monkeypatch, client, world["editor"])
    urls = [u for u in admin_urls(world) if re.search(r"history|inspect|choose-page", u)]
    found = leaks(client, urls, [SECRET_TITLE, PEER_SCORE, CONTACT])
    shown = {w for words in found.values() for w in words}
    assert shown == {SECRET_TITLE, PEER_SCORE, CONTACT}, found


def test_the_page_chooser_lists_cases_in_review_only_to_their_people(client, world):
    search = f"/admin/choose-page/search/?q={quote(SECRET_QUERY)}"
    client.force_login(world["editor"])
    assert SECRET_TITLE in seen(client.get(search))
    for role in ("agent", "expert_a"):
        client.force_login(world[role])
        assert SECRET_TITLE not in seen(client.get(search)), role
    # An agent finds their own case, an expert the case assigned to them.
    client.force_login(world["agent"])
    assert OWN_TITLE in seen(client.get(f"/admin/choose-page/search/?q={quote('代理本人')}"))
    client.force_login(world["expert_a"])
    assert SHARED_TITLE in seen(client.get(f"/admin/choose-page/search/?q={quote('楼道')}"))


def test_an_expert_opens_neither_a_peers_review_nor_its_history(client, world):
    peer = Review.objects.get(weighted_total=Decimal(PEER_SCORE))
    client.force_login(world["expert_a"])
    for action in ("history", "inspect"):
        response = client.get(f"/admin/cases/review/{action}/{peer.pk}/")
        assert response.status_code in (302, 403), action
        assert PEER_SCORE not in seen(response)


def test_an_agent_opens_no_other_application_history(client, world):
    secret = world["secret"].application
    client.force_login(world["agent"])
    response = client.get(f"/admin/cases/application/history/{secret.pk}/")
    assert response.status_code in (302, 403)
    assert SECRET_TITLE not in seen(response)
