"""The public case search page: one interface whatever the backend."""

from dataclasses import replace
from urllib.parse import urlencode

from django.template.response import TemplateResponse

from cases.models import CaseLibraryPage
from search.answer import answer
from search.backend import get_backend
from search.query import FACETS, SearchQuery, SearchUnavailable


def _url(query, **changes):
    params = {"q": query.text, **query.filters, "sort": query.sort}
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v and v != "relevance"})


def search_view(request):
    typed = SearchQuery.from_querydict(request.GET)
    context = {"query": typed, "facet_labels": FACETS}
    try:
        found = answer(typed, exact=request.GET.get("exact") == "1")
    except SearchUnavailable:
        return TemplateResponse(request, "search/unavailable.html", context, status=503)
    query, results = found.query, found.results
    backend = get_backend()
    context.update(
        query=query,
        ignored_text=found.ignored_text,
        facet_offers=[
            # The offer keeps the query's other words: 2020 疫情防控 → 疫情防控 in 2020.
            (FACETS[name], label, _url(replace(query, text=found.rest), **{name: value}))
            for name, value, label in found.offers
        ],
    )
    if found.typed:  # 仍然检索: what was typed, uncorrected
        typed_url = _url(replace(query, text=found.typed)) + "&exact=1"
        context.update(shown_for=query.text, typed=found.typed, typed_url=typed_url)
    suggestions = []
    if results.total == 0 and query.filters:
        # Which filter to drop: each one's count with the others kept.
        for name, value in query.filters.items():
            others = {k: v for k, v in query.filters.items() if k != name}
            count = backend.search(replace(query, filters=others, page=1)).total
            if count:
                params = {"q": query.text, **others}
                suggestions.append((FACETS[name], value, count, "?" + urlencode(params)))
    browse = []
    if results.total == 0 and query.text:
        # Somewhere to go from an empty page: every 篇 with its cases, and the library.
        everything = backend.search(SearchQuery())
        browse = [
            (option.label, option.count, _url(SearchQuery(), section=option.value))
            for facet in everything.facets
            if facet.name == "section"
            for option in facet.options
        ]
        library = CaseLibraryPage.objects.live().public().first()
        context["library_url"] = library.url if library else ""
    pages = [
        (number, _url(query, page=number))
        for number in range(max(1, results.page - 3), min(results.pages, results.page + 3) + 1)
    ]
    context.update(
        results=results,
        suggestions=suggestions,
        browse=browse,
        pages=pages,
        sort_urls={s: _url(query, sort=s) for s in ("relevance", "date")},
        # Each option with the address that selects it (or, selected, drops it).
        facets=[
            (
                facet,
                [
                    (option, _url(query, **{facet.name: "" if option.selected else option.value}))
                    for option in facet.options
                ],
            )
            for facet in results.facets
        ],
    )
    return TemplateResponse(request, "search/search.html", context)
