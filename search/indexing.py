"""Keeping the index and its vocabulary (search/vocabulary.py) in step, whatever the
backend: a rebuild, one case published, one case withdrawn."""

from search import vocabulary
from search.backend import get_backend
from search.documents import published_documents


def rebuild(docs=None):
    """Every published case (or the given documents); returns how many were indexed."""
    docs = list(published_documents() if docs is None else docs)
    count = get_backend().rebuild(docs)
    vocabulary.rebuild(docs)
    return count


def index(doc):
    get_backend().index(doc)
    vocabulary.add_document(doc)


def remove(case_id):
    get_backend().remove(case_id)
