"""The 社联会 officer's own list: every case they submitted for an organisation, with
where it stands and its private status link."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from cases.mail.links import status_path
from cases.models import CasePage
from cases.submission.exports import WORKFLOW_STATES, status_label


def my_submissions(request):
    if not request.user.has_perm("cases.submit_as_agent"):
        raise PermissionDenied
    cases = (
        CasePage.objects.filter(application__submitted_by=request.user)
        .select_related("organization", "campaign")
        .prefetch_related(WORKFLOW_STATES)
        .order_by("-submission_number")
    )
    rows = [
        {"case": case, "status": status_label(case), "status_path": status_path(case)}
        for case in cases
    ]
    return TemplateResponse(request, "cases/admin/my_submissions.html", {"rows": rows})
