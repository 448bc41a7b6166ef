"""Keep the index in step: a case is indexed on publish and removed on unpublish or delete."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished


def _index(sender, instance, **kwargs):
    from cases.models import CasePage
    from search.backend import get_backend
    from search.documents import published_documents

    def run():
        case = (
            CasePage.objects.live()
            .public()
            .filter(pk=instance.pk)
            .select_related("organization", "category", "campaign")
            .prefetch_related("tags", "photos")
        )
        docs = list(published_documents(case))
        if docs:
            get_backend().index(docs[0])
        else:  # published under a private parent: not public, not indexed
            get_backend().remove(instance.pk)

    transaction.on_commit(run)


def _remove(sender, instance, **kwargs):
    from search.backend import get_backend

    case_id = instance.pk
    transaction.on_commit(lambda: get_backend().remove(case_id))


def register():
    from cases.models import CasePage

    page_published.connect(_index, sender=CasePage, dispatch_uid="search_index_case")
    page_unpublished.connect(_remove, sender=CasePage, dispatch_uid="search_unindex_case")
    post_delete.connect(_remove, sender=CasePage, dispatch_uid="search_delete_case")
    register_restrictions()


def _reindex_below(sender, instance, **kwargs):
    """A view restriction added or removed, or a case moved: re-check what is public."""
    from wagtail.models import PageViewRestriction

    from cases.models import CasePage

    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    cases = CasePage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    for case_id in cases:
        _index(CasePage, CasePage(pk=case_id))


def register_restrictions():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import post_page_move

    post_save.connect(_reindex_below, sender=PageViewRestriction, dispatch_uid="search_restrict")
    post_delete.connect(
        _reindex_below, sender=PageViewRestriction, dispatch_uid="search_unrestrict"
    )
    post_page_move.connect(_reindex_below, dispatch_uid="search_moved")
