"""The filled 申报表 as printed: one context for the staff's PDF and the applicant's copy,
so both read the same (the template holds only what the form itself asks for)."""

from wagtail.images import get_image_model

from cases.fields import application_form
from cases.models import Application
from cases.models.photos import page_photos
from cases.text.content import body_parts

# 300 dpi at the photos' printed size in the form (at most 100 mm wide: 1181 px).
PRINT_SPEC = "max-1200x1200"


def _print_parts(case):
    """Body parts for the template, images (from the body) with their print rendition."""
    parts = body_parts(case)
    ids = [value.get("image") for kind, value in parts if kind == "image"]
    images = get_image_model().objects.in_bulk([i for i in ids if i])
    printed = []
    for kind, value in parts:
        if kind != "image":
            printed.append({"kind": kind, "text": value})
        elif image := images.get(value.get("image")):
            rendition = image.get_rendition(PRINT_SPEC)
            printed.append({"kind": kind, "url": rendition.url, "text": value.get("caption")})
    return printed


def _contact_rows(application, part):
    """Rows of (printed label, value) of a part's contacts; the label's spacing (手    机)
    becomes full-width spaces, as wide as the characters it stands for."""
    return [
        [(field.printed.replace("  ", "\u3000"), getattr(application, field.name)) for field in row]
        for row in application_form.contact_rows(part)
    ]


def print_context(case):
    """What templates/print/application.html draws for one case."""
    application = Application.objects.filter(case=case).first() or Application(case=case)
    photos = [
        {"url": photo.image.get_rendition(PRINT_SPEC).url, "caption": photo.caption}
        for photo in page_photos(case, PRINT_SPEC)
    ]
    return {
        "case": case,
        "campaign": case.campaign,
        "application": application,
        "applicant_rows": _contact_rows(application, application_form.APPLICANT),
        "recommender_rows": _contact_rows(application, application_form.RECOMMENDER),
        "parts": _print_parts(case),
        "photos": photos,
    }


def file_names(case):
    """The download's name and its ASCII fallback."""
    number = case.submission_number or str(case.pk)
    return f"申报表-{number}.pdf", f"application-{number}.pdf"
