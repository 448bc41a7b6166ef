"""The postings the embedded backend's queries read, kept in process memory per index
version: a term's (entry ids, weights) and a gram's entry ids, as compact arrays (12 and
4 bytes a posting), the most recently read up to POSTINGS_BYTES. Reading a common word's
9,000 rows from the database and grouping them was 40 % of a search page at 10,000
cases; a dict is built from the arrays in C. The bench's 300 queries read 21 MB of
postings at 10,000 cases."""

from array import array
from collections import OrderedDict
from operator import itemgetter

from django.db import connection

from search import grams
from search.models import SearchGram, SearchTerm

POSTINGS_BYTES = 24_000_000
_kept = {"version": None, "kept": OrderedDict(), "size": 0}


def _remembered(version, keys, read, size):
    """{key: postings} for `keys` (("term", t) or ("gram", g)), from the memo or, for the
    keys it lacks, from read(missing keys) → {key: postings}; size(postings): their bytes.
    version: the index's, as the search's snapshot read it (None: nothing is kept)."""
    memo = _kept
    if memo["version"] != version or version is None:
        memo.update(version=version, kept=OrderedDict(), size=0)
    kept, found, missing = memo["kept"], {}, []  # kept: {key: (postings, their count)}
    for key in keys:
        if key in kept:
            kept.move_to_end(key)
            found[key] = kept[key][0]
        else:
            missing.append(key)
    if missing:
        fresh = read(missing)
        found.update(fresh)
        if version is not None:
            for key, postings in fresh.items():
                kept[key] = (postings, size(postings))
                memo["size"] += kept[key][1]
            while memo["size"] > POSTINGS_BYTES and len(kept) > 1:
                memo["size"] -= kept.popitem(last=False)[1][1]
    return found


def _term_bytes(postings):
    return len(postings[0]) * (postings[0].itemsize + postings[1].itemsize)


def _gram_bytes(ids):
    return len(ids) * ids.itemsize


def _read_terms(keys):
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    sql = f"SELECT entry_id, weight FROM {table} WHERE term = %s"  # noqa: S608 - our names
    read = {}
    with connection.cursor() as cursor:
        for key in keys:  # one indexed query a term: its rows made arrays in C
            cursor.execute(sql, [key[1]])
            rows = cursor.fetchall()
            ids = array("I", map(itemgetter(0), rows))
            read[key] = (ids, array("d", map(itemgetter(1), rows)))
    return read


def term_postings(version, terms):
    """{term: (array of entry ids, array of weights)}."""
    found = _remembered(version, [("term", t) for t in terms], _read_terms, _term_bytes)
    return {key[1]: postings for key, postings in found.items()}


def batches(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _read_grams(keys):
    read = dict.fromkeys(keys, array("I"))
    for batch in batches([key[1] for key in keys]):
        rows = SearchGram.objects.filter(gram__in=batch).values_list("gram", "entries")
        read.update((("gram", gram), grams.decode(blob)) for gram, blob in rows)
    return read


def gram_postings(version, names):
    """{gram: array of entry ids} (an empty one for a gram no entry holds)."""
    found = _remembered(version, [("gram", g) for g in names], _read_grams, _gram_bytes)
    return {key[1]: ids for key, ids in found.items()}


def best_weights(postings):
    """{entry id: the best weight among the terms' postings}: dicts merged in C, only the
    entries several terms share compared in Python."""
    best = {}
    for ids, weights in postings:
        if not ids:
            continue
        new = dict(zip(ids, weights, strict=True))
        if not best:
            best = new
            continue
        keep = {k: best[k] for k in best.keys() & new.keys() if best[k] > new[k]}
        best.update(new)
        best.update(keep)
    return best


def forget():
    """Drop every kept posting (a test's memo of another size)."""
    _kept.update(version=None, kept=OrderedDict(), size=0)
