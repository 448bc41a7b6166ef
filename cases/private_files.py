"""Serves private uploads to staff who may view applications, and to nobody else."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import FileResponse, Http404

from cases.models import Application
from cases.storage import private_storage


def private_file(request, name):
    if not request.user.has_perm("cases.view_application"):
        raise PermissionDenied
    if not Application.objects.filter(recommender_stamp=name).exists():
        raise Http404
    try:
        handle = private_storage().open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=name.rsplit("/", 1)[-1])
