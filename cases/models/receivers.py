"""What follows the models' own changes: a moved case's campaign column, and the rows
public pages show besides the pages themselves, each save or deletion of which is
announced as a public change (published/changes.py: a new content generation, the front
cache's ETags with it, the search index for names), each model connected by name.
Pages, Sites and view restrictions are watched in published/watch.py. Connected once by
CasesConfig.ready()."""

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import get_page_models
from wagtail.signals import post_page_move

from cases.models import (
    CampaignContact,
    CampaignDocument,
    CampaignPage,
    CampaignPhase,
    CaseCategory,
    CaseImage,
    CasePage,
    CasePageTag,
    CasePhoto,
    CompilationBuild,
    Organization,
)
from published.watch import existing, on_live_page, watch_models


def sync_case_campaign(sender, instance, parent_page_after, **kwargs):
    if not issubclass(sender, CasePage):
        return
    campaign = CampaignPage.objects.filter(pk=parent_page_after.pk).first()
    CasePage.objects.filter(pk=instance.pk).update(campaign=campaign)


def watch():
    """An organisation, image, tag or document counts once it exists (a new submission's
    are on no public page yet, and announcing takes the generation's row lock); a photo,
    a tag on a case, a phase, a contact or a document of a campaign when their page is
    live; a book build when it finishes or goes, not on each progress report."""
    watch_models(CaseCategory)
    watch_models(Organization, CaseImage, Tag, get_document_model(), when=existing)
    watch_models(
        CasePhoto, CasePageTag, CampaignPhase, CampaignContact, CampaignDocument, when=on_live_page
    )
    watch_models(
        CompilationBuild, fields=("status", "file", "finished_at", "folios", "pages", "size")
    )


def register():
    watch()
    # Wagtail sends post_page_move with the page's specific class: a case's, or a subclass'.
    for model in get_page_models():
        if issubclass(model, CasePage):
            uid = f"cases_sync_case_campaign_{model._meta.label}"
            post_page_move.connect(sync_case_campaign, sender=model, dispatch_uid=uid)
