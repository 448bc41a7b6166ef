"""Every admin view of the case domain, mounted once under /admin/cases/ by the hooks.

Wagtail wraps these in its admin-access check; each view checks its own permission too.
"""

from django.urls import path

from cases.admin import files
from cases.compilation import views as compilation
from cases.review import corrections, rankings, reassign
from cases.review import views as review
from cases.statistics import views as statistics
from cases.submission import admin_views as submission
from cases.submission import agent_views, import_views

app_name = "cases_admin"

urlpatterns = [
    # Private files: stamped scans, and unpublished submissions' photos.
    path("private/<path:name>", files.private_file, name="private_file"),
    path("private-images/<path:name>", files.private_image, name="private_image"),
    # Submissions: Word import, the filled 申报表 as PDF, the 申报汇总表.
    path("import/", import_views.upload, name="import_upload"),
    path("my-submissions/", agent_views.my_submissions, name="my_submissions"),
    path("import/<int:batch_id>/", import_views.progress, name="import_progress"),
    path("application-pdf/<int:page_id>/", submission.application_pdf, name="application_pdf"),
    path("summary-xlsx/<int:page_id>/", submission.summary_xlsx, name="summary_xlsx"),
    # Review: experts' tasks, assignments, rankings.
    path("reviews/", review.my_reviews, name="my_reviews"),
    path("reviews/<int:assignment_id>/", review.review_case, name="review_case"),
    path("assign/<int:case_id>/", review.assign, name="assign"),
    path("auto-assign/<int:campaign_id>/", review.auto_assign, name="auto_assign"),
    path("reassign/<int:assignment_id>/", reassign.reassign, name="reassign"),
    path("correction/<int:page_id>/", corrections.correction, name="correction"),
    path("rankings/", rankings.latest_rankings, name="rankings_latest"),
    path("rankings/<int:campaign_id>/", rankings.rankings, name="rankings"),
    path("rankings/<int:campaign_id>/xlsx/", rankings.rankings_xlsx, name="rankings_xlsx"),
    # The call's figures, live, and their workbook.
    path("statistics/", statistics.staff_statistics, name="statistics_latest"),
    path("statistics/<int:campaign_id>/", statistics.staff_statistics, name="statistics"),
    path("statistics/<int:campaign_id>/xlsx/", statistics.staff_xlsx, name="statistics_xlsx"),
    # The compilation: builds, editions, proofs.
    path("compilation/<int:page_id>/", compilation.builds, name="compilation_builds"),
    path(
        "compilation/edition/<int:build_id>/",
        compilation.edition_download,
        name="compilation_edition",
    ),
    path(
        "compilation/edition/<int:build_id>/cover/",
        compilation.cover_download,
        name="compilation_cover",
    ),
    path(
        "compilation/<int:page_id>/proof/<int:case_id>/",
        compilation.case_proof,
        name="compilation_proof",
    ),
]
