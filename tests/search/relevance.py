"""The relevance set: realistic queries over the demo cases, labelled from the cases' text.

Written and labelled by someone who had not seen the search code, its dictionary or
the cases' tags (data/queries.json, fixed while the search was tuned): single words,
phrases, colloquial words, questions, organisation kinds, 篇, places, traditional
characters, pinyin, same-sound typos, English, numbers. Each query lists the cases that
must appear in the top ten ("must"), the one that should come first ("first", or null
where none stands out), and whether finding nothing is right ("expect_none").
"""

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "queries.json"


@dataclass(frozen=True)
class Labelled:
    id: str
    query: str
    kind: str
    must: frozenset
    first: str | None
    expect_none: bool


def queries():
    return [
        Labelled(
            q["id"], q["query"], q["class"], frozenset(q["must"]), q["first"], q["expect_none"]
        )
        for q in json.loads(DATA.read_text(encoding="utf-8"))
    ]


def score(search):
    """(recall@10, right first result, zero-result queries, failures) of search(text),
    a function returning case slugs in rank order."""
    recalls, firsts, empty, failures = [], [], [], []
    for q in queries():
        top = search(q.query)[:10]
        if not top and not q.expect_none:
            empty.append(q.query)
        if q.must:
            recalls.append(len(q.must & set(top)) / len(q.must))
        if q.first:
            firsts.append(bool(top) and top[0] == q.first)
        missing = sorted(q.must - set(top))
        wrong_first = q.first and (not top or top[0] != q.first)
        if missing or wrong_first or (not top and not q.expect_none):
            failures.append((q.id, q.kind, q.query, missing, q.first, top[:3]))
    return sum(recalls) / len(recalls), sum(firsts) / len(firsts), empty, failures
