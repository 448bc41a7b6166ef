"""Wagtail's own search in Chinese: the admin's page search, the page chooser, every
search through Wagtail's search API.

Wagtail's database backends (modelsearch) index a run of Chinese as one word, so 物业
found nothing. This backend is theirs, with the text of every indexed field cut into
words by the portal's segmenter (search.text, as the public search does) before the
database's full-text index sees it, and every query cut the same way: a word and its
synonyms (any of them), each word of the query required.

Configured as WAGTAILSEARCH_BACKENDS["default"]; `manage.py update_index` rebuilds it.
"""

import copy

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Or, PlainText

from search import text as chinese


def _words(value):
    """A field's value as its words, separated by spaces (the tokenisers' unit)."""
    if value is None:
        return value
    if isinstance(value, list | tuple):
        return [_words(item) for item in value]
    return " ".join(chinese.tokens(str(value)))


def _unwrap(obj):
    return obj._indexed if isinstance(obj, _Indexed) else obj


class _WordsMixin:
    def get_value(self, obj):
        return _words(super().get_value(_unwrap(obj)))


class WordsSearchField(_WordsMixin, SearchField):
    pass


class WordsAutocompleteField(_WordsMixin, AutocompleteField):
    pass


class WordsRelatedFields(RelatedFields):
    def get_value(self, obj):
        return super().get_value(_unwrap(obj))


def _segmented(field):
    kinds = [
        (AutocompleteField, WordsAutocompleteField),
        (SearchField, WordsSearchField),
        (RelatedFields, WordsRelatedFields),
    ]
    for original, words in kinds:
        if isinstance(field, original):
            segmented = copy.copy(field)
            segmented.__class__ = words
            if isinstance(field, RelatedFields):
                segmented.fields = [_segmented(sub) for sub in field.fields]
            return segmented
    return field  # filter fields keep their values


class _Indexed:
    """An object as the index reads it: itself, with search fields that yield words."""

    def __init__(self, obj):
        self._indexed = obj

    def __getattr__(self, name):
        return getattr(self._indexed, name)

    def get_search_fields(self):
        return [_segmented(field) for field in self._indexed.get_search_fields()]


def chinese_query(query):
    """A query string as words: each required, any of its synonyms accepted."""
    if isinstance(query, PlainText):  # what the admin's query parser makes of a string
        query = query.query_string
    if not isinstance(query, str):
        return query  # MATCH_ALL, phrases: as Wagtail built them
    parts = []
    for group in chinese.parse(query).groups:
        if group.literal:
            continue  # one character is no word of the index
        words = [PlainText(word) for word in group.variants]
        parts.append(words[0] if len(words) == 1 else Or(words))
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else And(parts)


class _IndexMixin:
    # Every way in (signal handlers, update_index, the rebuilders) ends in add_items.
    def add_items(self, model, objs):
        return super().add_items(model, [_Indexed(obj) for obj in objs])


class _ChineseMixin:
    def search(self, query, model_or_queryset, **kwargs):
        return super().search(chinese_query(query), model_or_queryset, **kwargs)

    def autocomplete(self, query, model_or_queryset, **kwargs):
        # The admin's page search and the page chooser call autocomplete, which reads
        # titles only. Editors look a case up by its organisation, number or a word of
        # its text as well, and a prefix of a Chinese run is no word: search everything.
        words = chinese_query(query)
        if words == "":  # one character or punctuation: a prefix of a title
            return super().autocomplete(query, model_or_queryset, **kwargs)
        return super().search(words, model_or_queryset, **kwargs)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend_class = type(database_backend(params))
    index_class = backend_class.index_class
    chinese_index = type(f"Chinese{index_class.__name__}", (_IndexMixin, index_class), {})
    chinese_class = type(
        f"Chinese{backend_class.__name__}",
        (_ChineseMixin, backend_class),
        {"index_class": chinese_index},
    )
    return chinese_class(params)
