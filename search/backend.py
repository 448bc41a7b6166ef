"""The configured search backend: the database unless ELASTICSEARCH_URL is set."""

from functools import cache

from django.conf import settings


@cache
def get_backend():
    # Imported here: only the configured backend is loaded (the Elasticsearch client is
    # not needed, nor imported, on the embedded default).
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()
