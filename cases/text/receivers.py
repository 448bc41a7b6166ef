"""A case's new revision is checked once, after it commits; listings read the result.
Connected once by CasesConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Revision

from cases.models import CasePage
from cases.text.content import record_findings


def check_saved_revision(sender, instance, created, **kwargs):
    if not created or not issubclass(instance.content_type.model_class() or object, CasePage):
        return
    revision = instance
    transaction.on_commit(lambda: record_findings(revision.as_object(), revision.pk))


def register():
    post_save.connect(check_saved_revision, sender=Revision, dispatch_uid="cases_check_revision")
