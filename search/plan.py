"""What every backend indexes and asks, written once so that the embedded and the
Elasticsearch backends find the same things. A case: the terms of each field (the
portal's segmentation) and its folded text. A query: per word, the index terms that
stand for it (any of them, the best one counts) and the words to find as written in the
folded text, however the segmenter cut it; the words to exclude."""

from collections import Counter
from dataclasses import dataclass, replace

from search import text as chinese
from search import vocabulary
from search.text import Group, ParsedQuery

FIELD_WEIGHTS = {
    "title": 5.0,
    "tags": 3.0,
    # The case's main topic, its first tag (the keyword its applicant gave first), weighs
    # as much again as a tag: a case about parking before those tagging it in passing
    # (devlarge2 d2-008 停车难, d2-020 消防安全: the labels' primary topic is the first tag).
    "topic": 3.0,
    "organization": 3.0,
    "summary": 2.0,
    "section": 1.5,
    "street": 1.5,
    "organization_kind": 1.5,
    "participant_type": 1.5,
    "captions": 1.0,
    "body": 1.0,
    "year": 1.0,  # the year submitted: 2016 finds the cases of 2016 and those naming it
}
# Repeated mentions saturate (BM25's k1; Elasticsearch's terms fields use the same):
# one word in the title outweighs any number of mentions in the body, yet a case that
# discusses a topic throughout comes before one naming it twice. 3, not BM25's usual
# 1.2: the cases about a topic were listed after those naming it in passing in their
# summary (devlarge2 MRR 0.959 → 0.967, a relevant case first 0.932 → 0.949; 6 no better).
SATURATION = 3.0
# A word found only written in the text (no term of the index): weaker than any term.
LITERAL_WEIGHT = 0.5


def field_terms(doc, field):
    """The index terms of one field of a case (a CaseDoc), in order, repeats kept."""
    value = getattr(doc, field)
    texts = value if isinstance(value, tuple) else (str(value or ""),)
    return [term[:40] for text in texts for term in chinese.tokens(text or "")]


def term_weights(doc):
    """{term: weight} of a case: per field, the field's weight times its saturated count
    (BM25-like), summed over the fields."""
    counts = {}
    for field, weight in FIELD_WEIGHTS.items():
        for term, count in Counter(field_terms(doc, field)).items():
            saturated = count * (SATURATION + 1) / (count + SATURATION)
            counts[term] = counts.get(term, 0.0) + weight * saturated
    return counts


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
    soft: bool = False  # ranks, not required (search/text.py Group.soft)
    whole: bool = False  # a split word's whole: weighs, no rank of its own (Group.whole)


@dataclass(frozen=True)
class QueryPlan:
    groups: tuple[GroupPlan, ...]
    excluded: tuple[str, ...]  # as terms and as written
    titled: tuple[str, ...] = ()  # runs of the query a title may hold (ParsedQuery.phrases)

    def terms(self):
        """Every index term the query reads, in order, once."""
        return list(dict.fromkeys(t for g in self.groups for t in g.terms))

    def required(self):
        """The groups a case must match (none: every case matches, soft ones rank)."""
        return tuple(g for g in self.groups if not g.soft)

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


def _written(group: Group):
    """The words a group looks for as written. Not a number: the index holds every number
    whole as a term (2014年 → 2014), and as written its characters' pairs found it inside
    other numbers (14 in 2014, 2022 in a text saying 2020 and 22): devlarge3 d3-183 2022
    疫情 listed 2021's and 2023's cases before 2022's, d3-192 楼组小娘舅14名 a case saying
    2014. Elasticsearch's analyzer keeps a number whole too."""
    if group.literal:
        return group.variants
    return () if group.word.isdigit() else (group.word,)


def plan(parsed: ParsedQuery) -> QueryPlan:
    groups = tuple(
        GroupPlan(
            terms=_terms(group),
            written=_written(group),
            written_weight=1.0 if group.literal else LITERAL_WEIGHT,
            exact=group.literal,
            soft=group.soft,
            whole=group.whole,
        )
        for group in parsed.groups
    )
    return QueryPlan(groups=groups, excluded=tuple(parsed.excluded), titled=parsed.phrases)


def parse_query(query) -> ParsedQuery:
    """A SearchQuery's words: its text, then the words of `boost` (a year, street or 篇
    the page took out of the text to offer as a filter), which only rank; without the
    runs a title may hold when the query says so (`titled`)."""
    asked = chinese.parse(query.text)
    if not getattr(query, "titled", True):
        asked = replace(asked, phrases=())
    boost = getattr(query, "boost", "")
    if not boost:
        return asked
    extra = tuple(replace(g, soft=True) for g in chinese.parse(boost).groups)
    seen = {g.word for g in asked.groups}
    groups = asked.groups + tuple(g for g in extra if g.word not in seen)
    return replace(asked, groups=groups[: chinese.MAX_GROUPS])
