"""A small library of our own for the search's behaviour tests: cases made from a few
fields, indexed afresh, and searched as the search page answers (search/answer.py)."""

from search import indexing
from search.answer import answer
from search.query import SearchQuery
from tests.search.es_fakes import case_doc

FILLER = "社区居民共同参与，街道和居委会给予支持，社会组织提供专业服务。"


def rebuild(*cases):
    """The index made of these cases only, numbered from 1 in their order."""
    indexing.rebuild([case_doc(id=i, **fields) for i, fields in enumerate(cases, start=1)])


def found(text, **filters):
    """(the page's answer, the ids of the cases it lists, in order)."""
    result = answer(SearchQuery(text=text, filters=filters))
    return result, [hit.id for hit in result.results.hits]


def first_found(titled_cases, typed):
    """The answer to `typed` over `titled_cases` ((title, body) pairs, numbered from 1)
    and four cases of filler text: (answer, ids listed)."""
    others = {"body": FILLER}
    rebuild(*({"title": t, "body": b} for t, b in titled_cases), *([others] * 4))
    return found(typed)
