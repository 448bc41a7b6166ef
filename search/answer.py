"""A search as the search page answers it: the backend's results, with what the page
adds around them (a year named in the query used as a filter, a same-sound correction
for a query that found no case holding all its words, facet values the query names)."""

from dataclasses import dataclass, field, replace

from search.backend import get_backend
from search.documents import facet_values
from search.query import SearchQuery, SearchResults
from search.text import ParsedQuery, parse
from search.vocabulary import correct_query


@dataclass
class Answer:
    query: SearchQuery  # what the results are for (corrected, a year made a filter)
    results: SearchResults
    typed: str = ""  # what was typed, when the results are for a correction
    year_from_text: bool = False
    offers: list = field(default_factory=list)  # (facet name, value, label)
    ignored_text: bool = False  # only punctuation or emoji: everything is shown


def _with_year(query, parsed, results):
    """A year the library holds, named in the query, filters by it instead of being a
    word to find (2016 物业 → 物业 in 2016)."""
    if "year" in query.filters:
        return None
    offered = {o.value for f in results.facets if f.name == "year" for o in f.options}
    for year in parsed.years:
        if str(year) in offered:  # the year stays a word too: 2016 ranks what names it
            return replace(query, filters={**query.filters, "year": str(year)})
    return None


def _offers(query, parsed: ParsedQuery):
    """Facet values a query word names (两代表一委员 is a 参与主体), offered as filters."""
    return [
        (name, value, label)
        for name, value, label in facet_values()
        if name not in query.filters
        and any(g.word in (value, label) or label in g.word for g in parsed.groups)
    ]


def _whole(results):
    """How many cases hold every word of the query."""
    return results.total if results.partial_from is None else results.partial_from


def answer(query, exact=False):
    """The search page's answer to a query; exact=True takes what was typed as it is."""
    backend = get_backend()
    parsed = parse(query.text)
    ignored = bool(query.text) and not parsed.groups and not parsed.excluded
    if ignored:
        query = replace(query, text="")
    result = Answer(query, backend.search(query), ignored_text=ignored)
    if (narrowed := _with_year(query, parsed, result.results)) is not None:
        result = Answer(narrowed, backend.search(narrowed), year_from_text=True)
    if result.query.text and not exact:
        # A correction by sound of words no case uses, kept only if it finds clearly
        # more cases holding all of its words than the query as typed: 老娘旧 (one case
        # holds 老娘 and 旧) → 老娘舅 (two), but never 楼道议事会 → 楼道议实惠 or
        # 浦东新区 → 浦东兴趣, which find cases holding only some of their words. Pinyin
        # finds nothing as typed and has no other reading: any result of its correction.
        correction = correct_query(result.query.text)
        if correction:
            corrected = backend.search(replace(result.query, text=correction))
            pinyin = result.query.text.isascii() and not result.results.total
            if _whole(corrected) > _whole(result.results) or (pinyin and corrected.total):
                result.typed = result.query.text
                result.query, result.results = replace(result.query, text=correction), corrected
    result.offers = _offers(result.query, parse(result.query.text))
    return result
