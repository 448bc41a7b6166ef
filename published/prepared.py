"""Querysets compiled to SQL once per process, run afterwards with new parameters.

A cold public page runs the same dozen queries on every new content generation, and
Django spent about a third of the page's CPU building and compiling them (filter(),
as_sql(), the select list of a page and its parents' columns). A Prepared query builds
and compiles its queryset on first use; later runs reuse that compiler with the
parameters of the call, and rows become objects the usual way (select_related,
prefetch_related, values_list). What is kept is per process and holds no rows: only the
SQL and how to read its columns, which no content change alters.

Its parameters are stated, not guessed: `params(*args)` must give exactly the list
Django compiled for `build(*args)`; the first run of each shape checks it, and with
settings.DEBUG or PREPARED_CHECK every run compiles again and compares (the tests),
and a mismatch fails; in production it is logged and the query runs unprepared."""

import copy
import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)
UNPREPARED = object()  # a shape whose stated parameters did not match: run unprepared


class Prepared:
    def __init__(self, build, params):
        self.build = build
        self.params = params
        self._compiled = {}  # shape -> (queryset, compiler, sql)

    def list(self, *args, shape=()):
        """The rows of build(*args) as a list. `shape` names what changes the SQL itself
        beyond its parameters (e.g. how many restricted sections a filter excludes)."""
        params = list(self.params(*args))
        found = self._compiled.get(shape)
        if found is UNPREPARED and not _checking():
            return list(self.build(*args))
        if found is None or _checking():
            queryset = self.build(*args)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, compiled = compiler.as_sql()
            if list(compiled) != params:
                message = f"Prepared parameters {params!r} are not {list(compiled)!r}"
                if _checking():
                    raise ValueError(message)
                # A visitor gets the page the slow way; the log says once which query
                # to fix, and this shape is no longer prepared in this process.
                logger.error("%s: %s", message, sql)
                self._compiled[shape] = UNPREPARED
                return list(queryset)
            if found is None or found is UNPREPARED:
                self._compiled[shape] = (queryset._chain(), compiler, sql)
                return list(queryset)
            if sql != found[2]:
                raise ValueError("A Prepared query's SQL changed without a change of shape")
        template, compiler, sql = found
        return _run(template, compiler, sql, params)

    def first(self, *args, shape=()):
        rows = self.list(*args, shape=shape)
        return rows[0] if rows else None


def padded(ids):
    """Row ids for an IN (…) list, filled up to the next power of two with ids no row has
    (-1, -2, …: Django drops repeated values): a query prepared per length then has a few
    shapes, not one per number of cases or photos."""
    ids = list(ids)
    if not ids:
        return ids
    size = 1
    while size < len(ids):
        size *= 2
    return ids + [-n for n in range(1, size - len(ids) + 1)]


def _checking():
    return settings.DEBUG or getattr(settings, "PREPARED_CHECK", False)


def _run(template, compiler, sql, params):
    queryset = template._chain()
    db = queryset.db
    fixed = copy.copy(compiler)
    fixed.connection = connection = connections[db]  # this thread's
    fixed.query = queryset.query
    fixed.as_sql = lambda *args, **kwargs: (sql, tuple(params))
    # The columns' converters are the same for every run on a connection: found once.
    converters = compiler.__dict__.setdefault("_prepared_converters", {})
    key = connection.alias  # converters depend on the backend, not on one connection
    if key not in converters:
        converters[key] = fixed.get_converters([s[0] for s in fixed.select[: fixed.col_count]])
    fixed.get_converters = lambda expressions: converters[key]
    # Only this clone, evaluated here and never handed out, answers with the fixed SQL.
    queryset.query.get_compiler = lambda *args, **kwargs: fixed
    return list(queryset)
