"""Index build time, query latency and web-process memory of the embedded search.

Usage: .venv/bin/python bench/search.py [--cases 10000] [--queries 200] [--workdir DIR]
                                        [--memory-baseline REF] [--memory-cases 2000]
A fresh SQLite database in a temporary folder; cases are generated as search documents
(about 2000 characters each, drawn from the demo stories' sentences, so the vocabulary
is real Chinese) and indexed with their vocabulary (search/indexing.py). Timed:
queries whose words every match holds (plain, and with two facet filters), queries
that fall back to partial matches, words found only as written (a quoted phrase, one
character), and the whole search page's answer (corrections, years, offers) for the
relevance set's queries and questions of about 20 characters. --workdir keeps the
database, and a later run with the same --cases reuses its index (a 10,000-case build
takes minutes).

With --memory-baseline, the peak memory of a fresh process answering the relevance
queries is measured for this tree and for REF (a git commit, checked out in a temporary
worktree) in alternating rounds. Last line: the figures.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import configure, demo_sentences


def documents(count, rng):
    from cases.fields.enums import JINGAN_STREETS, OrganizationKind, ParticipantType
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


# Fewer than a page of cases hold every word: the partial-match path.
PARTIAL_QUERIES = [
    "物业 无人机",
    "老人 助餐 火星",
    "志愿者 区块链",
    "加装电梯 潜水艇",
    "调解 元宇宙",
]
WRITTEN_QUERIES = ['"楼上漏水"', "餐", "车", '"独居老人"', "梯"]
# Questions of about 20 characters, as people type them (the page's slowest before).
QUESTIONS = [
    "老房子装电梯一楼住户不同意该怎么办才好呢",
    "有什么办法让行动不便的独居老人吃上热饭吗",
    "孩子放学后家长还没下班社区里有没有人照看",
    "小区里物业和业委会闹矛盾了居民应该找谁呢",
    "楼道里堆满杂物电瓶车还在楼道充电怎么处理",
]
RELEVANCE = Path(__file__).resolve().parent.parent / "tests/search/data/queries.json"


def relevance_queries():
    return [q["query"] for q in json.loads(RELEVANCE.read_text(encoding="utf-8"))]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def measure_speed(args):
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        configure(workdir)
        from django.core.management import call_command

        from search import indexing
        from search.answer import answer
        from search.backends.database import DatabaseBackend
        from search.models import SearchEntry
        from search.query import SearchQuery

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        if args.workdir and SearchEntry.objects.count() == args.cases:
            indexed = args.cases  # built by an earlier run in the same folder
            print(f"reusing the {indexed} cases indexed in {workdir}")
        else:
            indexed = indexing.rebuild(documents(args.cases, rng))
        build_s = time.perf_counter() - start
        print(f"indexed {indexed} cases in {build_s:.1f} s")
        backend = DatabaseBackend()
        facets = {"section": "charity", "year": "2017"}
        kinds = {
            "plain": (QUERIES, lambda q: backend.search(SearchQuery(text=q))),
            "facets": (QUERIES, lambda q: backend.search(SearchQuery(text=q, filters=facets))),
            "partial": (PARTIAL_QUERIES, lambda q: backend.search(SearchQuery(text=q))),
            "written": (WRITTEN_QUERIES, lambda q: backend.search(SearchQuery(text=q))),
            "page": (relevance_queries(), lambda q: answer(SearchQuery.from_querydict({"q": q}))),
            "questions": (QUESTIONS, lambda q: answer(SearchQuery.from_querydict({"q": q}))),
        }
        timings = {kind: [] for kind in kinds}
        for n in range(args.queries):
            for kind, (texts, run) in kinds.items():  # interleaved: the same machine load
                timings[kind].append(timed(run, texts[n % len(texts)]))
        figures = {"cases": indexed, "build_s": f"{build_s:.1f}"}
        for kind, values in timings.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            print(f"{kind:8} p50={p50:.1f} ms p95={p95:.1f} ms")
            figures[f"{kind}_p50_ms"] = f"{p50:.1f}"
            figures[f"{kind}_p95_ms"] = f"{p95:.1f}"
        return figures


CHILD = """
import json, os, resource, sys
root, phase, db, cases = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ["DATABASE_URL"] = "sqlite:///" + db
import django
django.setup()
from search.query import SearchQuery
if phase == "build":
    import random
    from django.core.management import call_command
    sys.path.insert(0, os.path.join(root, "bench"))
    call_command("migrate", verbosity=0)
    docs = list(documents(cases, random.Random(7)))
    try:
        from search.indexing import rebuild
    except ImportError:
        from search.backend import get_backend
        rebuild = get_backend().rebuild
    rebuild(docs)
else:
    from django.test import RequestFactory
    from search.views import search_view  # the whole page, as a web process answers it
    run = lambda q: search_view(RequestFactory().get("/search/", {"q": q})).render()
    for q in json.loads(sys.stdin.read()):
        run(q)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _child(root, phase, db, cases, stdin=""):
    # The document generator is this file's, so both trees index the same cases.
    source = Path(__file__).read_text(encoding="utf-8")
    generator = source[source.index("def documents(") : source.index("QUERIES = [")]
    code = "from common import demo_sentences\n" + generator + CHILD
    env = {"PYTHONPATH": str(Path(__file__).resolve().parent), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(root), phase, str(db), str(cases)],
        input=stdin, capture_output=True, text=True, check=True, env=env, cwd=root,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1] if phase == "serve" else None


def measure_memory(args):
    """Peak RSS (MB) of a fresh process answering the relevance queries: this tree and
    the baseline, in alternating rounds."""
    here = Path(__file__).resolve().parent.parent
    queries = json.dumps(relevance_queries())
    with tempfile.TemporaryDirectory(prefix="bench-search-memory-") as tmp:
        tmp = Path(tmp)
        base = tmp / "baseline"
        subprocess.run(
            ["git", "-C", str(here), "worktree", "add", "--detach", str(base),
             args.memory_baseline], check=True, capture_output=True,
        )  # fmt: skip
        try:
            trees = {"now": here, "base": base}
            for name, root in trees.items():
                _child(root, "build", tmp / f"{name}.sqlite3", args.memory_cases)
            peaks = {name: [] for name in trees}
            for _ in range(args.rounds):
                for name, root in trees.items():
                    peak = _child(root, "serve", tmp / f"{name}.sqlite3", 0, queries)
                    peaks[name].append(float(peak))
        finally:
            subprocess.run(
                ["git", "-C", str(here), "worktree", "remove", "--force", str(base)],
                check=False, capture_output=True,
            )  # fmt: skip
    now, before = statistics.median(peaks["now"]), statistics.median(peaks["base"])
    print(f"web process peak: {now:.1f} MB now, {before:.1f} MB at {args.memory_baseline}")
    return {
        "memory_now_mb": f"{now:.1f}",
        "memory_base_mb": f"{before:.1f}",
        "memory_delta_mb": f"{now - before:.1f}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--memory-baseline", help="a git commit to compare memory with")
    parser.add_argument("--memory-cases", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", help="keep the database here and reuse its index")
    args = parser.parse_args()
    figures = {}
    if args.memory_baseline:
        figures.update(measure_memory(args))
    if args.cases:
        figures.update(measure_speed(args))
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
