"""Index build time and query latency of the embedded search on 10,000 generated cases.

Usage: .venv/bin/python bench/search.py [--cases 10000] [--queries 200]
A fresh SQLite database in a temporary folder; cases are generated as search documents
(about 2000 characters each, drawn from the demo stories' sentences, so the vocabulary
is real Chinese) and indexed by the database backend; then Chinese queries are timed
with and without facet filters. Last line: the figures.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import configure, demo_sentences


def documents(count, rng):
    from cases.enums import JINGAN_STREETS, OrganizationKind, ParticipantType
    from cases.models import CaseCategory
    from home.demo.data import case_data
    from search.query import CaseDoc

    stories = case_data()
    pool = demo_sentences()
    tags = sorted({t for d in stories for t in d["tags"]})
    sections = list(CaseCategory.objects.values_list("name", "slug"))
    for i in range(1, count + 1):
        body = ""
        while len(body) < 2000:
            body += rng.choice(pool)
        name, slug = rng.choice(sections)
        yield CaseDoc(
            id=i,
            url=f"/bench/{i}/",
            title=rng.choice(stories)["title"] + f"（{i}）",
            organization=f"社会组织{i % 500}",
            organization_kind=rng.choice(OrganizationKind.labels),
            section=name,
            section_slug=slug,
            year=rng.choice((2016, 2017, 2018)),
            street=rng.choice(JINGAN_STREETS),
            participant_type=rng.choice(ParticipantType.labels),
            summary=body[:100],
            body=body,
            tags=tuple(rng.sample(tags, 3)),
        )


QUERIES = [
    "物业",
    "业委会",
    "老娘舅",
    "垃圾分类",
    "加装电梯",
    "社区矫正",
    "独居老人",
    "志愿者",
    "慈善超市",
    "停车难",
    "居委会 物业",
    "售后公房",
    "社会组织 参与",
    "助餐 老人",
    "调解",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        configure(Path(tmp))
        from django.core.management import call_command

        from search.backends.database import DatabaseBackend
        from search.query import SearchQuery

        call_command("migrate", verbosity=0)
        backend = DatabaseBackend()
        start = time.perf_counter()
        indexed = backend.rebuild(documents(args.cases, rng))
        build_s = time.perf_counter() - start
        print(f"indexed {indexed} cases in {build_s:.1f} s")
        timings = {"plain": [], "facets": []}
        for n in range(args.queries):
            text = QUERIES[n % len(QUERIES)]
            for kind, filters in (
                ("plain", {}),
                ("facets", {"section": "charity", "year": "2017"}),
            ):
                started = time.perf_counter()
                backend.search(SearchQuery(text=text, filters=filters))
                timings[kind].append((time.perf_counter() - started) * 1000)
        for kind, values in timings.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            print(f"{kind:7} p50={p50:.1f} ms p95={p95:.1f} ms")
        print(
            f"cases={indexed} build_s={build_s:.1f} "
            f"p50_ms={statistics.median(timings['plain']):.1f} "
            f"p95_ms={percentile(timings['plain'], 0.95):.1f} "
            f"facets_p50_ms={statistics.median(timings['facets']):.1f} "
            f"facets_p95_ms={percentile(timings['facets'], 0.95):.1f}"
        )


if __name__ == "__main__":
    main()
