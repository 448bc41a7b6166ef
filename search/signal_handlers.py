"""Keep the index in step: a case is indexed on publish and removed on unpublish or delete,
and re-checked when a view restriction or a move changes what is public; the cases whose
organisation, 篇, tag or campaign changed follow the one announcement of public changes
(published/changes.py), and a restore rebuilds Elasticsearch's (the embedded one comes
back with the database). Imported by SearchConfig.ready(), once the models are loaded."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cases.models import CasePage
from published.changes import content_changed
from search import indexing
from search.documents import published_cases, published_documents

# What a case's document shows of other rows: their changes re-index the cases.
SHOWN_IN_DOCUMENTS = {
    "cases.Organization": "organization_id__in",
    "cases.CaseCategory": "category_id__in",
    "taggit.Tag": "tags__id__in",
}


def _index(sender, instance, **kwargs):
    def run():
        docs = list(published_documents(published_cases().filter(pk=instance.pk)))
        if docs:
            indexing.index(docs[0])
        else:  # published under a private parent: not public, not indexed
            indexing.remove(instance.pk)

    transaction.on_commit(run)


def _remove(sender, instance, **kwargs):
    case_id = instance.pk
    transaction.on_commit(lambda: indexing.remove(case_id))


def _reindex_below(sender, instance, **kwargs):
    """A view restriction added or removed, or a case moved: re-check what is public."""
    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    cases = CasePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    for case_id in cases:
        _index(CasePage, CasePage(pk=case_id))


def _follow_changes(sender, pages, objects, everything, **kwargs):
    """After commit (the announcement is sent then): the cases showing what changed."""
    if everything:  # a restore: the embedded index came back with the database
        if getattr(settings, "ELASTICSEARCH_URL", ""):
            indexing.rebuild()  # Elasticsearch's did not
        return
    affected = set()
    for label, lookup in SHOWN_IN_DOCUMENTS.items():
        ids = [pk for model, pk in objects if model == label]
        if ids:
            affected |= set(CasePage.objects.filter(**{lookup: ids}).values_list("pk", flat=True))
    if pages:  # a campaign's year is in its cases' documents
        affected |= set(CasePage.objects.filter(campaign_id__in=pages).values_list("pk", flat=True))
    if not affected:
        return
    found = {doc.id: doc for doc in published_documents(published_cases().filter(pk__in=affected))}
    for case_id in sorted(affected):
        if case_id in found:
            indexing.index(found[case_id])
        else:
            indexing.remove(case_id)


def register():
    content_changed.connect(_follow_changes, dispatch_uid="search_follow_changes")
    page_published.connect(_index, sender=CasePage, dispatch_uid="search_index_case")
    page_unpublished.connect(_remove, sender=CasePage, dispatch_uid="search_unindex_case")
    post_delete.connect(_remove, sender=CasePage, dispatch_uid="search_delete_case")
    post_save.connect(_reindex_below, sender=PageViewRestriction, dispatch_uid="search_restrict")
    post_delete.connect(
        _reindex_below, sender=PageViewRestriction, dispatch_uid="search_unrestrict"
    )
    post_page_move.connect(_reindex_below, dispatch_uid="search_moved")
