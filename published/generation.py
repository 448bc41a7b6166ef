"""The content generation: read once per request, drawn anew by every public change."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from published.models import ContentGeneration

_generation = ContextVar("published_content_generation", default=None)


def current(request=None):
    """The content generation for this request (read once per request)."""
    if request is not None and hasattr(request, "_content_generation"):
        return request._content_generation
    value = _generation.get()
    if value is None:
        table = ContentGeneration._meta.db_table
        # A plain query: the ORM's compiler costs more than the query itself here.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 - our table
            row = cursor.fetchone()
        value = row[0] if row else 0
    if request is not None:
        request._content_generation = value
    return value


@contextmanager
def reading(request):
    """The generation read once for everything this request does, request or not at hand
    (Wagtail's hooks call page methods without it)."""
    token = _generation.set(current(request))
    try:
        yield
    finally:
        _generation.reset(token)


def new_value():
    """Random rather than counted: a restored backup or a rolled-back change could bring
    an old count back, and with it cached parts of pages that no longer exist."""
    return secrets.randbits(62)


def changed(*args, **kwargs):
    """Something public changed: a new generation, inside the change's transaction (a
    reader sees the new number only with the new content)."""
    value = new_value()
    if not ContentGeneration.objects.filter(pk=1).update(value=value):
        ContentGeneration.objects.update_or_create(pk=1, defaults={"value": value})


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


def _live_page_saved(sender, instance, update_fields=None, **kwargs):
    # A new submission is not public, nor is a draft: only live pages change the site.
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is None or not set(update_fields) <= DRAFT_FIELDS:
        changed()


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        changed()


def watch():
    """The changes Wagtail itself makes to what readers see (PublishedConfig.ready); the
    domain's own models are watched where they are defined (watch_models)."""
    post_save.connect(_live_page_saved, dispatch_uid="published_page_saved")
    post_delete.connect(_page_deleted, dispatch_uid="published_page_deleted")
    for signal, uid in (
        (page_published, "published_publish"),
        (page_unpublished, "published_unpublish"),
        (post_page_move, "published_move"),
    ):
        signal.connect(changed, dispatch_uid=uid)
    watch_models(Site, PageViewRestriction, PageViewRestriction.groups.through)


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
            changed()

    for model in models:
        uid = f"published_{model._meta.label}"
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}_deleted")


def existing(instance, created):
    """A row public pages may show already: not one just created (nothing links to it)."""
    return not created


def on_live_page(instance, created):
    """A part of a page (photo, tag, phase) saved while that page is live."""
    page = getattr(instance, "page", None) or getattr(instance, "content_object", None)
    return page is not None and page.live
