"""Selections withdrawn after 终审 (an objection upheld during the 公示, publicity/):
the app that records them registers a source here, so that the book and the review's
selection honour them without cases importing that app."""

_sources = []


def register(source):
    """source(case ids) → {case id: reason}; registered once, by the app's ready()."""
    if source not in _sources:
        _sources.append(source)


def withdrawn(case_ids):
    """{case id: reason} for those of the cases whose selection was withdrawn."""
    ids = [pk for pk in case_ids if pk]
    found = {}
    if ids:
        for source in _sources:
            found.update(source(ids))
    return found
