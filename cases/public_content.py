"""The domain's rows public pages show besides the pages themselves: each save or
deletion of one is announced as a public change (published/changes.py: a new content
generation, the front cache's ETags with it, the search index for names), each model
connected by name. Pages, Sites and view restrictions are watched in published/watch.py."""

from taggit.models import Tag
from wagtail.documents import get_document_model

from cases.models import (
    CampaignContact,
    CampaignDocument,
    CampaignPhase,
    CaseCategory,
    CaseImage,
    CasePageTag,
    CasePhoto,
    CompilationBuild,
    Organization,
)
from published.watch import existing, on_live_page, watch_models


def watch():
    """Called once by CasesConfig.ready() (signal_handlers.register). An organisation,
    image, tag or document counts once it exists (a new submission's are on no public
    page yet, and announcing takes the generation's row lock); a photo, a tag on a case,
    a phase, a contact or a document of a campaign when their page is live; a book build
    when it finishes or goes, not on each progress report."""
    watch_models(CaseCategory)
    watch_models(Organization, CaseImage, Tag, get_document_model(), when=existing)
    watch_models(
        CasePhoto, CasePageTag, CampaignPhase, CampaignContact, CampaignDocument, when=on_live_page
    )
    watch_models(
        CompilationBuild, fields=("status", "file", "finished_at", "folios", "pages", "size")
    )
