"""Serves private files to staff allowed to see them, and to nobody else."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import FileResponse, Http404

from cases.models import Application, CasePhoto
from cases.storage.images import PRIVATE_PREFIX, image_storage
from cases.storage.private import private_storage


def _respond(storage, name, attachment):
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=attachment, filename=name.rsplit("/", 1)[-1])


def private_file(request, name):
    """A stamped scan: only for users who may view applications."""
    if not request.user.has_perm("cases.view_application"):
        raise PermissionDenied
    if not Application.objects.filter(recommender_stamp=name).exists():
        raise Http404
    return _respond(private_storage(), name, attachment=True)


def _expert_may_see(user, name):
    """An expert sees the photos (and renditions) of the cases assigned to them."""
    full = PRIVATE_PREFIX + name
    photos = CasePhoto.objects.filter(page__assignments__expert=user)
    return (
        photos.filter(image__file=full).exists()
        or photos.filter(image__renditions__file=full).exists()
    )


def private_image(request, name):
    """An unpublished submission's photo or rendition: staff who may view applications,
    and experts for the cases assigned to them."""
    # Only image files: stamps, staged uploads and imports share the private root.
    if not name.startswith(("original_images/", "images/")):
        raise Http404
    user = request.user
    if not (user.has_perm("cases.view_application") or _expert_may_see(user, name)):
        raise PermissionDenied
    return _respond(image_storage(), PRIVATE_PREFIX + name, attachment=False)
