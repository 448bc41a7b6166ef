"""Staff downloads, mounted under the admin as path("cases/", include(...))."""

from django.urls import path

from cases.submission.admin_views import application_pdf, summary_xlsx

urlpatterns = [
    path("application-pdf/<int:page_id>/", application_pdf, name="cases_application_pdf"),
    path("summary-xlsx/<int:page_id>/", summary_xlsx, name="cases_summary_xlsx"),
]
