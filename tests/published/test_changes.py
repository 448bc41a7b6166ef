"""The one announcement of a public change (published/changes.py): a new generation in
the change's transaction, one `content_changed` after it commits, saying what changed;
and what follows it: the search index for renamed organisations, 篇 and tags."""

import pytest
from django.db import transaction

from cases.models import CasePage
from published.changes import announce, content_changed
from published.generation import current
from search.backend import get_backend
from search.query import SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    messages = []

    def receiver(sender, **kwargs):
        messages.append(kwargs)

    content_changed.connect(receiver, dispatch_uid="test_heard")
    yield messages
    content_changed.disconnect(dispatch_uid="test_heard")


def test_one_announcement_per_transaction_after_it_commits(
    demo, heard, django_capture_on_commit_callbacks
):
    case = CasePage.objects.live().first()
    before = current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        case.save_revision().publish()
        organization = case.organization
        organization.name += "（更名）"
        organization.save()
        assert heard == []  # nothing said before the commit
        assert current() != before  # the new generation, inside the transaction
    assert len(heard) == 1
    said = heard[0]
    assert case.pk in said["pages"]
    assert ("cases.Organization", organization.pk) in said["objects"]
    assert not said["everything"]


def test_a_withdrawal_says_so_and_a_rolled_back_change_says_nothing(
    demo, heard, django_capture_on_commit_callbacks
):
    case = CasePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        case.unpublish()
    assert heard and heard[-1]["withdrawn"] and case.pk in heard[-1]["pages"]
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                announce(pages=[case.pk])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        announce(everything=True)
    assert len(heard) == 1 and heard[0]["everything"] and heard[0]["pages"] == frozenset()


def _found(words):
    return [hit.id for hit in get_backend().search(SearchQuery(text=words)).hits]


@pytest.mark.parametrize("what", ["organization", "category", "tag"])
def test_search_follows_renames(demo, what, django_capture_on_commit_callbacks):
    case = CasePage.objects.live().filter(tags__isnull=False).first()
    row = case.tags.first() if what == "tag" else getattr(case, what)
    new_name = "琥珀湾共治" + {"organization": "社", "category": "篇", "tag": "签"}[what]
    assert case.pk not in _found(new_name)
    with django_capture_on_commit_callbacks(execute=True):
        row.name = new_name
        row.save()
    assert case.pk in _found(new_name)
