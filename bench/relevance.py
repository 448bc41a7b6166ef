"""How well the search page finds, on both evaluation sets, as the page answers.

Usage: .venv/bin/python bench/relevance.py
       [--set demo|large|both|dev|devlarge|devlarge2|devlarge3] [--misses]

Both sets were written and labelled by people who had not read the search code and are
kept fixed while tuning (tests/search/data/queries.json over the 21 demo cases;
tests/search/data/large_corpus/ with 539 generated cases and 196 queries). The cases are
indexed as search documents in a fresh SQLite database (no pages: the same public fields
search/documents.py takes), then every query goes through search.answer.answer().

Figures per set: recall@10 over the labelled "must" cases, best case first (queries with
a "first"), MRR (reciprocal rank of the first relevant case), a relevant case first,
queries left empty that should find something, negatives that found something, and
nonsense suggestions: a correction applied to a query labelled as typed
(every demo query that is not a typo, pinyin or initials query counts as typed).
Initials: for every phrase of three to six characters in a case's title (its index
words), whether typing its pinyin initials lists a case whose title holds it.

The development set (--set dev: tests/search/data/dev_queries.json over the demo cases)
is ours, written from the notice and the demo cases to justify each synonym and rule;
--set devlarge: tests/search/data/large_corpus/dev_queries.json over the 539 generated
cases, written by someone who had not read the search code, for tuning on the large
corpus; --set devlarge2: tests/search/data/large_corpus/dev_queries_2.json, a second such
set (181 queries, broad topics listed in the README's order, 篇 names, colloquial words,
questions; DEV2_README.md); --set devlarge3: dev_queries_3.json, a third (225 queries,
DEV3_README.md). Tune on the development sets, never on the two held-out sets (--misses
is for the development sets only). Last line: the figures.
"""

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import configure

DATA = Path(__file__).resolve().parent.parent / "tests" / "search" / "data"
NOT_AS_TYPED = {"typo", "pinyin", "initials"}  # the classes of every set


def load_set(name):
    if name in ("demo", "dev"):
        from home.demo.data import case_data

        cases = case_data()
        file = "queries.json" if name == "demo" else "dev_queries.json"
        queries = json.loads((DATA / file).read_text(encoding="utf-8"))
    else:
        folder = DATA / "large_corpus"
        with gzip.open(folder / "cases.json.gz", "rt", encoding="utf-8") as f:
            cases = json.load(f)
        files = {
            "devlarge": "dev_queries.json",
            "devlarge2": "dev_queries_2.json",
            "devlarge3": "dev_queries_3.json",
        }
        file = files.get(name, "queries.json")
        queries = json.loads((folder / file).read_text(encoding="utf-8"))
    for number, q in enumerate(queries, start=1):
        if "q" in q:  # the large corpus's development set: its own field names
            first = q.get("first")
            if isinstance(first, list):  # dev_queries_2/3.json write it as a list of one
                first = first[0] if first else None
            q.update(query=q.pop("q"), id=q.get("id", f"L{number:03d}"), first=first)
        q.setdefault("as_typed", q["class"] not in NOT_AS_TYPED)
        q.setdefault("expect_none", False)
    return cases, queries


def documents(cases):
    from cases.fields.enums import OrganizationKind, ParticipantType
    from cases.models import CaseCategory
    from search.query import CaseDoc

    slugs = dict(CaseCategory.objects.values_list("name", "slug"))
    for number, data in enumerate(cases, start=1):
        body = "\n".join(
            block.get("text") or " ".join(" ".join(item) for item in block.get("items", []))
            for block in data["body"]
        )
        yield CaseDoc(
            id=number,
            url=f"/cases/{data['slug']}/",
            title=data["title"],
            organization=data["organization"]["name"],
            organization_kind=OrganizationKind(data["organization"]["kind"]).label,
            section=data["category"],
            section_slug=slugs.get(data["category"], data["category"]),
            year=int(data["submitted_on"][:4]),
            street=data["street"],
            participant_type=ParticipantType(data["participant_type"]).label,
            summary=data["summary"],
            body=body,
            captions=tuple(data.get("photo_captions", ())),
            tags=tuple(data.get("tags", ())),
        )


def evaluate(cases, queries, show_misses=False):
    from search import indexing
    from search.answer import answer
    from search.query import SearchQuery

    indexing.rebuild(documents(cases))
    slug_of = {number: data["slug"] for number, data in enumerate(cases, start=1)}
    recalls, firsts, ranks, relevant_first = [], [], [], []
    by_class = {}
    empty, negatives_found, nonsense, timings = [], [], [], []
    for q in queries:
        started = time.perf_counter()
        found = answer(SearchQuery.from_querydict({"q": q["query"]}))
        timings.append((time.perf_counter() - started) * 1000)
        top = [slug_of[hit.id] for hit in found.results.hits][:10]
        must = set(q["must"])
        if q["expect_none"]:
            if top:
                negatives_found.append(q["query"])
        elif not top:
            empty.append(q["query"])
        if must:
            recalls.append(len(must & set(top)) / len(must))
            by_class.setdefault(q["class"], []).append(recalls[-1])
            rank = next((i for i, slug in enumerate(top, start=1) if slug in must), None)
            ranks.append(1 / rank if rank else 0.0)
            relevant_first.append(bool(top) and top[0] in must)
        if q["first"]:
            firsts.append(bool(top) and top[0] == q["first"])
        if q["as_typed"] and found.typed:
            nonsense.append((q["query"], found.query.text))
        if show_misses and (must - set(top) or (q["first"] and top[:1] != [q["first"]])):
            print("MISS", q["id"], q["class"], q["query"], sorted(must - set(top))[:3], top[:3])
    for typed, suggested in nonsense:
        print("SUGGESTED", typed, "→", suggested)
    classes = sorted(by_class.items())
    print("recall@10 by class:", " ".join(f"{k}={sum(v) / len(v):.2f}" for k, v in classes))
    mean = lambda values: sum(values) / len(values) if values else 1.0  # noqa: E731
    timings.sort()
    return {
        "queries": len(queries),
        "recall10": f"{mean(recalls):.3f}",
        "best_first": f"{mean(firsts):.3f}",
        "mrr": f"{mean(ranks):.3f}",
        "relevant_first": f"{mean(relevant_first):.3f}",
        "empty": len(empty),
        "negatives_found": len(negatives_found),
        "nonsense_suggestions": len(nonsense),
        "p95_ms": f"{timings[int(0.95 * (len(timings) - 1))]:.1f}",
        "initials_found": f"{initials_coverage(cases):.3f}",
    }


def initials_coverage(cases):
    """Share of the titles' phrases (index words of 3–6 Chinese characters) whose pinyin
    initials, typed alone, list a case whose title holds the phrase."""
    import re

    from search import text as chinese
    from search.answer import answer
    from search.query import SearchQuery
    from search.variants import readings

    phrases = {
        word
        for data in cases
        for word in chinese.tokens(data["title"])
        if re.fullmatch(r"[\u4e00-\u9fff]{3,6}", word)
    }
    found = 0
    for phrase in sorted(phrases):
        letters = readings(phrase)[1][0]
        hits = answer(SearchQuery.from_querydict({"q": letters})).results.hits
        found += any(phrase in chinese.normalize(hit.title) for hit in hits)
    return found / len(phrases) if phrases else 1.0


def main():
    parser = argparse.ArgumentParser()
    sets = ("demo", "large", "both", "dev", "devlarge", "devlarge2", "devlarge3")
    parser.add_argument("--set", choices=sets, default="both")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    names = ("demo", "large") if args.set == "both" else (args.set,)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as tmp:
        configure(Path(tmp))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        for name in names:  # a rebuild replaces the whole index
            cases, queries = load_set(name)
            result = evaluate(cases, queries, args.misses)
            print(name, " ".join(f"{k}={v}" for k, v in result.items()))
            figures.update({f"{name}_{k}": v for k, v in result.items()})
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
