"""What goes into the book: its sections (篇) and their cases, in print order."""

from dataclasses import dataclass, field

from cases.models import CasePage


@dataclass
class ContentsSection:
    """A 篇 of the book's contents with its published cases, in print order."""

    title: str
    intro: str = ""
    cases: list = field(default_factory=list)


def _raw_sections(page):
    """(title, intro, [case ids]) per section, read from raw data: no page queries."""
    sections = []
    for block in page.contents.raw_data:
        if block["type"] != "section":
            continue
        value = block["value"] or {}
        items = [
            item.get("value") if isinstance(item, dict) else item
            for item in value.get("cases") or []
        ]
        sections.append((value.get("title", ""), value.get("intro") or "", [i for i in items if i]))
    return sections


def book_sections(page):
    """The sections with their published cases, in order; the review's selection when
    the editors have set no contents."""
    raw = _raw_sections(page)
    if not raw:
        selection = page.selection_by_section(page.campaign)
        raw = [(title, "", [c.pk for c in cases]) for title, cases in selection.items()]
    ids = [pk for _, _, pks in raw for pk in pks]
    cases = (
        CasePage.objects.live()
        .filter(pk__in=ids)
        .select_related("organization", "category")
        .in_bulk()
    )
    sections = []
    for title, intro, pks in raw:
        section = ContentsSection(title, intro, [cases[pk] for pk in pks if pk in cases])
        if section.cases:
            sections.append(section)
    return sections


def unpublished_titles(page):
    """Cases chosen for the book that are not published: the build leaves them out."""
    ids = [pk for _, _, pks in _raw_sections(page) for pk in pks]
    return list(CasePage.objects.filter(pk__in=ids).not_live().values_list("title", flat=True))
