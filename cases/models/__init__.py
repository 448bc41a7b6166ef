"""The case domain's models, one module per thing they hold."""

from cases.models.application import Application
from cases.models.campaign import CampaignContact, CampaignDocument, CampaignPage, CampaignPhase
from cases.models.case import CasePage, CasePageTag
from cases.models.compilation import CompilationBuild, CompilationPage
from cases.models.drafts import ApplicationDraft
from cases.models.findings import CheckResult
from cases.models.images import CaseImage, CaseRendition
from cases.models.imports import ImportBatch
from cases.models.library import CaseLibraryPage
from cases.models.photos import CasePhoto
from cases.models.review import (
    Assignment,
    Conflict,
    Decision,
    ExpertProfile,
    ExpertReviewTask,
    FinalApprovalTask,
    FormatCheckTask,
    Recommendation,
    Review,
    ReviewCriterion,
    RevisionTask,
)
from cases.models.submission import SubmissionCounter
from cases.models.taxonomy import CaseCategory, Organization

__all__ = [
    "Application",
    "ApplicationDraft",
    "Assignment",
    "CampaignContact",
    "CampaignDocument",
    "CampaignPage",
    "CampaignPhase",
    "CaseCategory",
    "CaseImage",
    "CaseLibraryPage",
    "CasePage",
    "CasePageTag",
    "CasePhoto",
    "CaseRendition",
    "CheckResult",
    "CompilationBuild",
    "CompilationPage",
    "Conflict",
    "Decision",
    "ExpertProfile",
    "ExpertReviewTask",
    "FinalApprovalTask",
    "FormatCheckTask",
    "ImportBatch",
    "Organization",
    "Recommendation",
    "Review",
    "ReviewCriterion",
    "RevisionTask",
    "SubmissionCounter",
]
