"""The public case search page: one interface whatever the backend."""

from dataclasses import replace
from urllib.parse import urlencode

from django.template.response import TemplateResponse

from search.backend import get_backend
from search.query import FACETS, SearchQuery, SearchUnavailable
from search.text import query_terms


def _url(query, **changes):
    params = {"q": query.text, **query.filters, "sort": query.sort}
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v and v != "relevance"})


def search_view(request):
    query = SearchQuery.from_querydict(request.GET)
    backend = get_backend()
    # Only punctuation, emoji or a single character: say so and browse everything.
    ignored = bool(query.text) and not query_terms(query.text)
    if ignored:
        query = replace(query, text="")
    context = {"query": query, "facet_labels": FACETS, "ignored_text": ignored}
    try:
        results = backend.search(query)
    except SearchUnavailable:
        return TemplateResponse(request, "search/unavailable.html", context, status=503)
    suggestions = []
    if results.total == 0 and query.filters:
        # Which filter to drop: each one's count with the others kept.
        for name, value in query.filters.items():
            others = {k: v for k, v in query.filters.items() if k != name}
            count = backend.search(replace(query, filters=others, page=1)).total
            if count:
                params = {"q": query.text, **others}
                suggestions.append((FACETS[name], value, count, "?" + urlencode(params)))
    pages = [
        (number, _url(query, page=number))
        for number in range(max(1, results.page - 3), min(results.pages, results.page + 3) + 1)
    ]
    context.update(
        results=results,
        suggestions=suggestions,
        pages=pages,
        sort_urls={s: _url(query, sort=s) for s in ("relevance", "date")},
        facet_urls={
            (facet.name, option.value): _url(
                query, **{facet.name: "" if option.selected else option.value}
            )
            for facet in results.facets
            for option in facet.options
        },
    )
    return TemplateResponse(request, "search/search.html", context)
