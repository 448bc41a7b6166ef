"""What announces a change readers can see (changes.announce): Wagtail's own changes to
pages, Sites and view restrictions here; the domain's models where they are defined
(cases/models/receivers.py, through watch_models). Every receiver is connected with its
sender named."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from published.changes import announce, label

# What saving a draft or locking a page writes on the page's row: not what readers see.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _page_published(sender, instance, **kwargs):
    announce(pages=[instance.pk])


def _page_withdrawn(sender, instance, **kwargs):
    """Unpublished or deleted: it must leave every public page at once."""
    announce(pages=[instance.pk], withdrawn=True)


def _page_moved(sender, instance, **kwargs):
    announce(pages=[instance.pk], withdrawn=True)  # its old address leads nowhere now


def _live_page_saved(sender, instance, update_fields=None, **kwargs):
    # A new submission is not public, nor is a draft: only live pages change the site.
    if not instance.live:
        return
    if update_fields is None or not set(update_fields) <= DRAFT_FIELDS:
        announce(pages=[instance.pk])


def _restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed, or its groups: what it covers may
    have left public view (or come back): withdrawn, so nothing keeps it."""
    restriction = getattr(instance, "pageviewrestriction", instance)
    page_id = getattr(restriction, "page_id", None)
    announce(pages=[page_id] if page_id else [], withdrawn=True)


def watch():
    """Connected once by PublishedConfig.ready()."""
    for model in get_page_models():
        uid = f"published_{model._meta.label}"
        page_published.connect(_page_published, sender=model, dispatch_uid=f"{uid}_pub")
        page_unpublished.connect(_page_withdrawn, sender=model, dispatch_uid=f"{uid}_unpub")
        post_delete.connect(_page_withdrawn, sender=model, dispatch_uid=f"{uid}_deleted")
        post_page_move.connect(_page_moved, sender=model, dispatch_uid=f"{uid}_moved")
        post_save.connect(_live_page_saved, sender=model, dispatch_uid=f"{uid}_saved")
    for model in (PageViewRestriction, PageViewRestriction.groups.through):
        uid = f"published_{model._meta.label}"
        post_save.connect(_restriction_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_restriction_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    watch_models(Site, Redirect)  # a redirect turns a kept 404 into a 301


def watch_models(*models, fields=None, when=None):
    """Saves and deletions of these models change public pages. With `fields`, a save
    counts only when it may touch one of them (a build's progress reports do not); with
    `when(instance, created)`, only when it says so (a new submission's photos, images
    and organisation are on no public page yet, and each change takes a row lock on the
    generation until its transaction ends: deadline day's submissions must not queue
    on it)."""

    def saved(sender, instance, created=False, update_fields=None, **kwargs):
        unrelated = fields is not None and update_fields is not None
        if unrelated and not set(fields) & set(update_fields):
            return
        if when is None or when(instance, created):
            announce(objects=[label(instance)])

    def deleted(sender, instance, **kwargs):
        announce(objects=[label(instance)], withdrawn=True)

    for model in models:
        uid = f"published_{model._meta.label}"
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}_deleted")


def existing(instance, created):
    """A row public pages may show already: not one just created (nothing links to it)."""
    return not created


def on_live_page(instance, created):
    """A part of a page (photo, tag, phase) saved while that page is live."""
    page = getattr(instance, "page", None) or getattr(instance, "content_object", None)
    return page is not None and page.live
