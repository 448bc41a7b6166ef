"""The database backend's ranking as it was before it was made fast (Python loops per
entry, each group's terms grouped by SQL), kept to prove the fast one ranks the same."""

import math
from collections import Counter, defaultdict

from django.db import connection

from search.backends.database import _EPOCH, COVERED, DatabaseBackend, _first, _snapshot
from search.models import SearchTerm
from search.plan import parse_query, plan


class OldRanking(DatabaseBackend):
    """search() returns (ids of the page in order, {id: score}, total, partial_from,
    facets): what a page shows, from the old arithmetic, never cached."""

    def _term_scores(self, groups):
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        found = []
        with connection.cursor() as cursor:
            for group in groups:
                terms = list(dict.fromkeys(group.terms))
                if not terms:
                    found.append({})
                    continue
                marks = ", ".join(["%s"] * len(terms))
                cursor.execute(
                    f"SELECT entry_id, MAX(weight) FROM {table} "  # noqa: S608 - our names
                    f"WHERE term IN ({marks}) GROUP BY entry_id",
                    terms,
                )
                found.append(dict(cursor.fetchall()))
        return found

    def _ranked(self, parsed, snapshot):
        asked = plan(parsed)
        scores, excluded = self._matches(parsed)
        total = len(snapshot.ids) or 1
        rarity = [math.log(1 + total / (1 + len(found))) for found in scores]
        required = [i for i, g in enumerate(asked.groups) if not g.soft]
        everything = not required
        required = required or list(range(len(asked.groups)))
        share = 1.0 if len(required) < 3 else COVERED
        needed = sum(rarity[i] for i in required if scores[i] or share == 1.0) or 1.0
        if len(scores) == 1 and not everything:
            weight = rarity[0]
            result = {i: (1, weight * s / (1.0 + weight * s)) for i, s in scores[0].items()}
            return result, frozenset((result.keys() & snapshot.ids) - excluded)
        covered, ranking = defaultdict(float), defaultdict(float)
        for i, group_scores in enumerate(scores):
            for entry_id, score in group_scores.items():
                ranking[entry_id] += rarity[i] * score
        for i in required:
            for entry_id in scores[i]:
                covered[entry_id] += rarity[i]
        softly = Counter()
        for i, group in enumerate(asked.groups):
            if group.soft:
                softly.update(scores[i].keys())
        ids = snapshot.ids if everything else covered.keys()
        result = {
            entry_id: (
                int(everything or covered[entry_id] >= share * needed - 1e-9),
                softly[entry_id] + ranking[entry_id] / (1.0 + ranking[entry_id]),
            )
            for entry_id in ids
        }
        return result, frozenset((result.keys() & snapshot.ids) - excluded)

    def search(self, query):
        parsed = parse_query(query)
        _, snapshot = _snapshot()
        ranking, candidates = {}, snapshot.ids
        matched = bool(parsed.groups)
        if matched:
            ranking, candidates = self._ranked(parsed, snapshot)
        facets = self._facets(snapshot, candidates, query.filters)
        selected = candidates
        for name, value in query.filters.items():
            selected = selected & snapshot.having(name, value)
        published = snapshot.published
        by_date = lambda i: (published[i] is None, -(published[i] or _EPOCH).timestamp(), -i)  # noqa: E731
        if query.sort == "date" or not matched:
            key = by_date
        else:
            key = lambda i: (-ranking[i][0], -ranking[i][1], i)  # noqa: E731
        parts, partial_from = [selected], None
        if matched:
            full = [i for i in selected if ranking.get(i, (0,))[0] == 1]
            if len(full) >= query.per_page or len(full) == len(selected):
                parts = [full]
            else:
                partial_from = len(full)
                parts = [full, [i for i in selected if ranking.get(i, (0,))[0] == 0]]
        total = sum(len(part) for part in parts)
        pages = max(1, math.ceil(total / query.per_page))
        page = min(query.page, pages)
        start, stop = (page - 1) * query.per_page, page * query.per_page
        ids = []
        for part in parts:
            ids += _first(part, key, stop)[start:]
            start, stop = max(0, start - len(part)), stop - len(part)
            if stop <= 0:
                break
        scores = {i: float(ranking[i][1]) if i in ranking else 0.0 for i in ids}
        return ids, scores, total, partial_from, facets
