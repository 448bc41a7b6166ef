"""Published cases as search documents: public fields only, never an application."""

from django.db.models import Prefetch

from cases.fields.enums import JINGAN_STREETS, OrganizationKind, ParticipantType
from cases.models import CaseCategory, CasePage, CasePageTag
from cases.text.content import case_text
from search.query import CaseDoc


def case_document(case):
    return CaseDoc(
        id=case.pk,
        url=case.url or "",
        title=case.title,
        organization=case.organization.name,
        organization_kind=OrganizationKind(case.organization.kind).label
        if case.organization.kind
        else "",
        section=case.category.name,
        section_slug=case.category.slug,
        year=case.campaign.year if case.campaign_id else None,
        street=case.street,
        participant_type=ParticipantType(case.participant_type).label,
        summary=case.summary,
        body=case_text(case),
        captions=tuple(
            photo.caption
            for photo in sorted(case.photos.all(), key=lambda p: (p.sort_order or 0, p.pk))
        ),
        # In the order given (their rows' ids, cases/fields/tags.py): the first is the
        # case's main topic (search/plan.py), the same on every backend.
        tags=tuple(item.tag.name for item in case.tagged.all()),
        published_at=case.first_published_at,
    )


def published_cases():
    return (
        CasePage.objects.published()
        .select_related("organization", "category", "campaign")
        .prefetch_related(
            Prefetch("tagged", CasePageTag.objects.select_related("tag").order_by("pk")),
            "photos",
        )
        .order_by("pk")
    )


def published_documents(cases=None):
    for case in cases if cases is not None else published_cases().iterator(chunk_size=500):
        yield case_document(case)


def facet_values():
    """(facet, URL value, label) of every value a facet can take: what a query word may
    name (两代表一委员 is a 参与主体)."""
    values = [("participant", label, label) for label in ParticipantType.labels]
    values += [("kind", label, label) for label in OrganizationKind.labels]
    values += [
        ("section", slug, name) for slug, name in CaseCategory.objects.values_list("slug", "name")
    ]
    values += [("street", street, street) for street in JINGAN_STREETS]
    return values
