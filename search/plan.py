"""What every backend indexes and asks, written once so that the embedded and the
Elasticsearch backends find the same things. A case: the terms of each field (the
portal's segmentation) and its folded text. A query: per word, the index terms that
stand for it (any of them, the best one counts) and the words to find as written in the
folded text, however the segmenter cut it; the words to exclude."""

from dataclasses import dataclass

from search import text as chinese
from search import vocabulary
from search.text import Group, ParsedQuery

FIELD_WEIGHTS = {
    "title": 5.0,
    "tags": 3.0,
    "organization": 3.0,
    "summary": 2.0,
    "section": 1.5,
    "street": 1.5,
    "organization_kind": 1.5,
    "participant_type": 1.5,
    "captions": 1.0,
    "body": 1.0,
}
# A word found only written in the text (no term of the index): weaker than any term.
LITERAL_WEIGHT = 0.5


def field_terms(doc, field):
    """The index terms of one field of a case (a CaseDoc), in order, repeats kept."""
    value = getattr(doc, field)
    texts = value if isinstance(value, tuple) else (value,)
    return [term[:40] for text in texts for term in chinese.tokens(text or "")]


def folded_text(doc):
    """Every public field as queries are folded, to find words as written."""
    fields = [doc.title, doc.organization, *doc.tags, doc.section, doc.street]
    fields += [doc.organization_kind, doc.participant_type, doc.summary, doc.body]
    fields += list(doc.captions)
    return " | ".join(chinese.normalize(value) for value in fields if value)


@dataclass(frozen=True)
class GroupPlan:
    terms: tuple[str, ...]  # index terms: a case holding any of them matches
    written: tuple[str, ...]  # found as written in the folded text
    written_weight: float  # what a written match scores (a term scores its field weight)
    exact: bool = False  # a quoted phrase: written as such, not only its characters' pairs


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[GroupPlan, ...]
    excluded: tuple[str, ...]  # as terms and as written

    def terms(self):
        """Every index term the query reads, in order, once."""
        return list(dict.fromkeys(t for g in self.groups for t in g.terms))

    def written(self):
        """Every word the query looks for as written, in order, once."""
        return list(dict.fromkeys(w for g in self.groups for w in g.written))


def _terms(group: Group):
    if not group.literal:
        return group.variants
    if len(group.word) == 1:
        # One character is no term: the most used words holding it (车 → 停车, 车位 …)
        # stand for it and rank what it means.
        return tuple(vocabulary.containing(group.word))
    return ()  # a quoted phrase: as written only


def plan(parsed: ParsedQuery) -> QueryPlan:
    groups = tuple(
        GroupPlan(
            terms=_terms(group),
            written=group.variants if group.literal else (group.word,),
            written_weight=1.0 if group.literal else LITERAL_WEIGHT,
            exact=group.literal,
        )
        for group in parsed.groups
    )
    return QueryPlan(groups=groups, excluded=tuple(parsed.excluded))
