"""The facets cases are filtered by, in the public library and in the search: what each is
called, how a case's value is written in an address, and how options are counted. One
source for both (search/query.py and search/backends/database.py read it from here).

Values are what the address carries: the 篇's slug, the year, the street as written, and
the labels of the organisation kind and the participant type (两代表一委员 reads the same
in the address bar as on the page)."""

from dataclasses import dataclass

from cases.fields.enums import OrganizationKind, ParticipantType

FACETS = {  # URL parameter → label shown on the page
    "section": "篇",
    "year": "年度",
    "street": "街道/镇",
    "kind": "单位类型",
    "participant": "参与主体",
}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: tuple[FacetOption, ...]


def kind_value(kind):
    """An organisation's kind (its stored choice) as a facet value: its label, or ""."""
    return _KIND_LABELS.get(kind, "")


def participant_value(participant_type):
    return _PARTICIPANT_LABELS.get(participant_type, "")


# Once: the enums' .values and .choices make their lists anew on every use, and the
# library's index asks for each case (a tenth of its CPU when made afresh).
_KIND_LABELS = {member.value: member.label for member in OrganizationKind}
_PARTICIPANT_LABELS = {member.value: member.label for member in ParticipantType}


def option_label(name, value, section_names):
    if name == "section":
        return section_names.get(value, value)
    return f"{value}年" if name == "year" else value


def selected_ids(holding, candidates, filters, leave_out=None):
    """The candidates holding every filter's value (but the one left out).

    holding: {facet name: {value: set of ids}}; filters: {facet name: value}."""
    selected = candidates
    for name, value in filters.items():
        if name != leave_out:
            selected = selected & holding[name].get(value, set())
    return selected


def count_facets(holding, candidates, filters, section_names):
    """Each facet's options with their counts, each facet counted with the other facets'
    filters on (so an option's count is what choosing it would show); options with no
    case left out, the most frequent first."""
    facets = []
    for name, label in FACETS.items():
        base = selected_ids(holding, candidates, filters, leave_out=name)
        counts = {value: len(ids & base) for value, ids in holding[name].items()}
        options = tuple(
            FacetOption(
                value=value,
                label=option_label(name, value, section_names),
                count=count,
                selected=filters.get(name) == value,
            )
            for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if count
        )
        facets.append(Facet(name=name, label=label, options=options))
    return tuple(facets)
