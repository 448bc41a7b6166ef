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
and a mismatch fails; in production it is logged and the query runs unprepared.

Queries that need nothing of each other's answers can be asked together (together(),
ahead()): on PostgreSQL in one round trip (psycopg's pipeline mode), one after another
elsewhere. A page made afresh asks what its parts will need as soon as it knows its own
row (published/routing.py, PublishedPageMixin.read_ahead()); each round trip it saves
was 1-4 ms of waiting on a loaded two-core machine against 0.1-0.3 ms of PostgreSQL's
work."""

import copy
import logging
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

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
        compiled, params = self._compile(args, shape)
        if compiled is None:
            return list(self.build(*args))
        _note(self, shape, params)
        rows = _take_ahead(self, shape, params)
        return _run(*compiled, params, rows=rows)

    def first(self, *args, shape=()):
        rows = self.list(*args, shape=shape)
        return rows[0] if rows else None

    def call(self, *args, shape=()):
        """This query with these arguments, to be asked later (Call.list()) or with
        others (together(), ahead())."""
        return Call(self, args, shape)

    def _compile(self, args, shape):
        """((queryset, compiler, sql), params) for these arguments, compiled on first use
        (and on every use while checking); (None, params) for a shape run unprepared."""
        params = list(self.params(*args))
        found = self._compiled.get(shape)
        if found is UNPREPARED and not _checking():
            return None, params
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
                return None, params
            if found is None or found is UNPREPARED:
                found = self._compiled[shape] = (queryset._chain(), compiler, sql)
            elif sql != found[2]:
                raise ValueError("A Prepared query's SQL changed without a change of shape")
        return found, params


class Call(NamedTuple):
    prepared: Prepared
    args: tuple
    shape: object = ()

    def list(self):
        return self.prepared.list(*self.args, shape=self.shape)

    def first(self):
        return self.prepared.first(*self.args, shape=self.shape)


def together(*calls):
    """The rows of several Prepared queries (Prepared.call()), asked in one round trip
    where the database allows (PostgreSQL: psycopg's pipeline mode), one after another
    elsewhere: a list of rows per call, in order. For queries that need nothing of each
    other's answers."""
    jobs, keys = _jobs(calls)
    fetched = dict(_ahead.get() or {})  # what was read ahead is not asked again
    asked = {key: job for key, job in jobs.items() if key not in fetched}
    fetched.update(zip(asked, _fetch_together(asked), strict=True))
    results = []
    for (prepared, args, _shape), key in zip(calls, keys, strict=True):
        if key is None:  # run unprepared
            results.append(list(prepared.build(*args)))
        else:
            compiled, params = jobs[key]
            _note(*key[:2], params)
            results.append(_run(*compiled, params, rows=fetched[key]))
    return results


def ahead(*calls):
    """Ask these Prepared queries now, together (one round trip, as together()), and
    keep their rows until the end of this request's reading_ahead(): a later
    Prepared.list() with the same arguments then answers from them instead of asking.
    Outside reading_ahead() it does nothing. For a page made afresh, whose parts would
    otherwise ask one query at a time as the template reaches them."""
    store = _ahead.get()
    if store is None:
        return
    jobs, _keys = _jobs(calls)
    asked = {key: job for key, job in jobs.items() if key not in store}
    store.update(zip(asked, _fetch_together(asked), strict=True))


def ahead_again(asked):
    """ahead() for what an earlier request asked (asked(): the same queries with the
    same parameters), all in one round trip: those whose parameters have not changed
    since answer this request's asks; the others are asked as usual when they come. As
    with ahead(), a row is only ever used for exactly the query and parameters it
    answered."""
    store = _ahead.get()
    if store is None:
        return
    jobs = {}
    for prepared, shape, params in asked:
        compiled = prepared._compiled.get(shape)
        key = (prepared, shape, _hashable(params))
        if compiled is not None and compiled is not UNPREPARED and key not in store:
            jobs.setdefault(key, (compiled, _as_compiled(params)))
    store.update(zip(jobs, _fetch_together(jobs), strict=True))


def asked():
    """The Prepared queries this request's reading_ahead() has asked so far, in order,
    as (prepared, shape, parameters): for ahead_again()."""
    return list(dict.fromkeys(_asked.get() or ()))


# What a view asked (asked()), by address, for the addresses this process served last:
# bounded, so a scan of addresses cannot grow it.
ASKED_ADDRESSES = 512
_asked_by_address = OrderedDict()


def asked_before(address):
    """What the last view of this address that kept it asked (keep_asked()), or None."""
    return _asked_by_address.get(address)


def keep_asked(address):
    """What this request asked, for the next view of the address; what an earlier view
    asked and this one did not (a part this one found made, the menu) is kept too, once
    per query and shape, with its latest parameters."""
    latest = {(prepared, shape): params for prepared, shape, params in asked()}
    for prepared, shape, params in _asked_by_address.get(address, ()):
        latest.setdefault((prepared, shape), params)
    _asked_by_address[address] = [(*query, params) for query, params in latest.items()]
    _asked_by_address.move_to_end(address)
    while len(_asked_by_address) > ASKED_ADDRESSES:
        _asked_by_address.popitem(last=False)


def forget_asked():
    _asked_by_address.clear()


@contextmanager
def reading_ahead():
    """The scope of what ahead() reads (rows not asked for by its end are dropped) and
    of what asked() lists."""
    tokens = _ahead.set({}), _asked.set([])
    try:
        yield
    finally:
        _ahead.reset(tokens[0])
        _asked.reset(tokens[1])


_ahead = ContextVar("prepared_rows_ahead", default=None)
_asked = ContextVar("prepared_asked", default=None)


def _note(prepared, shape, params):
    noted = _asked.get()
    if noted is not None:
        noted.append((prepared, shape, _hashable(params)))


def _jobs(calls):
    """({key: (compiled, params)} of the calls that are prepared, each key once, in
    order), and each call's key (None: run unprepared)."""
    jobs, keys = {}, []
    for prepared, args, shape in calls:
        compiled, params = prepared._compile(args, shape)
        key = None if compiled is None else (prepared, shape, _hashable(params))
        keys.append(key)
        if key is not None:
            jobs.setdefault(key, (compiled, params))
    return jobs, keys


def _hashable(params):
    return tuple(tuple(p) if isinstance(p, list) else p for p in params)


def _as_compiled(params):
    """The parameters as Django compiled them, from _hashable()'s: psycopg sends a list
    as an array but a tuple as a composite value."""
    return [list(p) if isinstance(p, tuple) else p for p in params]


def _take_ahead(prepared, shape, params):
    store = _ahead.get()
    if not store:
        return None
    # Kept, not taken: a query asked twice in a request answers twice from one reading.
    return store.get((prepared, shape, _hashable(params)))


def _fetch_together(jobs):
    """The raw rows of each job's query ({key: ((queryset, compiler, sql), params)}), in
    order, as its compiler's cursor gives them."""
    jobs = list(jobs.values())
    if not jobs:
        return []
    connection = connections[jobs[0][0][0].db]
    if any(connections[compiled[0].db] is not connection for compiled, _params in jobs):
        raise ValueError("Queries asked together must use one database")
    if connection.vendor != "postgresql" or len(jobs) == 1:
        return [_fetch(connection, sql, params) for (_q, _c, sql), params in jobs]
    connection.ensure_connection()
    cursors = [connection.cursor() for _job in jobs]
    try:
        # Sent one after another without waiting; leaving the block sends one Sync and
        # reads every answer (a failing query fails the block, as it would alone). An
        # error found only as the block closes is psycopg's own: wrapped as Django wraps
        # a cursor's, so it is a django.db error and the connection is marked for checking.
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, ((_q, _c, sql), params) in zip(cursors, jobs, strict=True):
                cursor.execute(sql, params)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _fetch(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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


def _run(template, compiler, sql, params, rows=None):
    """The objects of the compiled query with these parameters; with `rows` (what its
    SQL answered, read ahead), made from them without asking again."""
    queryset = template._chain()
    db = queryset.db
    fixed = copy.copy(compiler)
    fixed.connection = connection = connections[db]  # this thread's
    fixed.query = queryset.query
    fixed.as_sql = lambda *args, **kwargs: (sql, tuple(params))
    if rows is not None:
        if fixed.has_extra_select:  # as Django's cursor_iter() trims them
            rows = [row[: fixed.col_count] for row in rows]
        fixed.execute_sql = lambda *args, **kwargs: [rows]
    # The columns' converters are the same for every run on a connection: found once.
    converters = compiler.__dict__.setdefault("_prepared_converters", {})
    key = connection.alias  # converters depend on the backend, not on one connection
    if key not in converters:
        converters[key] = fixed.get_converters([s[0] for s in fixed.select[: fixed.col_count]])
    fixed.get_converters = lambda expressions: converters[key]
    # Only this clone, evaluated here and never handed out, answers with the fixed SQL.
    queryset.query.get_compiler = lambda *args, **kwargs: fixed
    return list(queryset)
