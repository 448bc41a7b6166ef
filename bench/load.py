"""Requests/s, p50 and p99 of the public pages on the production stack, against a baseline.

Usage: .venv/bin/python bench/load.py [--cold | --revalidation] [--rounds 3] [--seconds 5]
                                      [--connections 8] [--cold-requests 40]
                                      [--against-bakerydemo PATH]
                                      [--baseline 3aa996c] [--search-cases 0]
                                      [--pages home,library,...] [--query 调解]
                                      [--publish-repeats 5] [--port 18090] [--keep]

Starts the production stack as `make production` does (deploy/production.py: nginx with
its page cache in front of gunicorn, 2 sync workers, production settings, and the task
worker) on a database of its own, portal_load_new, loaded with the demo content. The
baseline (--baseline, a git commit checked out into a temporary worktree) runs beside
it under this venv's gunicorn with the same gunicorn settings (deploy/gunicorn.conf.py)
and the same environment: its own database portal_load_base, its own demo content
(its own migrate and load_demo), Redis cache, DEBUG off, DB_CONN_MAX_AGE=60. It has no
front cache: only the uncached figures are compared with it. A third nginx, configured
as the stack's (production.NGINX_MAIN) but with one server block serving a static copy
of the case page from disk, is the floor the cached figures are compared with.

Measured with wrk (Debian package; `wrk -t2 -c8 -d5s --latency`) in alternating rounds,
so that both sides see the same machine load: each page straight to gunicorn, the
baseline's and this tree's (the order swapped every round), then the floor and each page
through the front cache (primed with one request first). Pages: home, library,
campaign, case ("xinjiayuan-property-disputes"), the compilation's web edition and the
search page for --query. Medians over the rounds; errors are wrk's socket errors
(an answer slower than --timeout, 2 s as wrk's default, is one) and non-2xx/3xx
answers, summed. Then: the seconds from publishing a new title of the cached case page
(revision.publish() in a manage.py shell) to nginx serving it, polled every 20 ms,
--publish-repeats times after one that warms the shell's process up (reported apart),
the largest reported (the front cache asks the portal again every second: no purge, no
task). Then what that revalidation costs: per page, the median of 100 requests straight
to gunicorn rendering it, the same with its ETag (a 304), and through nginx. Last, the
resident size of the gunicorn workers (VmRSS, the largest), ours and the baseline's.
With --search-cases N, both databases get the same N generated cases (bench/search.py's
generator) in their search index, and the search page with two facets is measured
alternately (the workers restarted first).

Targets (issue): uncached, case page, library, home and campaign page each >= 3x the
baseline's requests/s, 0 errors; cached, every public page the front cache keeps >= 25 %
of the floor's requests/s, 0 errors (a search with a query is never kept, by design:
its target is that it goes past the cache); a publish visible through the front cache
within 1 s; gunicorn worker RSS after the run <= 150 MB; search at 10,000 cases >= 2x the baseline's
requests/s with facets (--search-cases 10000: several minutes more per side).

Two other modes, each instead of the above, each in a module of its own:
--cold (bench/cold.py): every request after a new content generation, so nothing cached
  under the last one is used; this tree and --baseline (96d3313 by default in this mode)
  straight to gunicorn, single requests then --connections at once (--cold-requests each).
  With --against-bakerydemo PATH (a wagtail/bakerydemo checkout with its own .venv,
  bench/bakery.py), bakerydemo's blog post page instead of the baseline, beside each page.
--revalidation (bench/revalidation.py): this tree only; per page, a render, a 304 and a
  HIT from nginx under wrk at 1 and --connections connections.
The stacks are set up by bench/stack.py, wrk is run by bench/wrk.py.

Ports: nginx --port, gunicorn --port+1 (as production.py), the baseline's gunicorn
--port+2, the floor's nginx --port+3. Redis databases 12 (this tree) and 13 (the
baseline), flushed. Everything is stopped and removed at the end, on an error or
Ctrl+C too, unless --keep (then it says what it left). About 6 minutes by default on
2 cores (one minute of set-up). Last line: the figures.

The baseline 3aa996c runs as it is under this venv: its settings read REDIS_URL
(Django's RedisCache), DB_CONN_MAX_AGE and SECURE_SSL_REDIRECT; they do not read
FRONTEND_CACHE_URL, SECURE_COOKIES nor EMAIL_ENABLED (nothing of them on an anonymous
GET), and have no conn_health_checks. It has no deploy/ (gunicorn config, nginx,
set_site): this tree's gunicorn.conf.py is used for it; its load_demo is in cases/.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bakery import checkout_problem
from cold import run_cold
from revalidation import run_revalidation
from stack import (
    BASE_REDIS,
    CASE_SLUG,
    NEW_REDIS,
    ROOT,
    URLS,
    Stack,
    flush_redis,
    get,
    log,
    port_free,
    production,
    setup_base,
    setup_floor,
    setup_new,
    shell,
    timed_get,
    wait_up,
    worker_rss_mb,
)
from wrk import summary, wrk

PAGE_NAMES = ("home", "library", "campaign", "case", "web", "search")
UNCACHED_TARGET = ("case", "library", "home", "campaign")  # >= 3x the baseline

PUBLISH = """
import json, time
from urllib.request import Request, urlopen
from cases.models import CasePage
slug, url, host, repeats = ARGS
def fetch():
    with urlopen(Request(url, headers={"Host": host}), timeout=10) as response:
        return response.headers.get("X-Cache-Status", ""), response.read().decode()
pk = CasePage.objects.get(slug=slug).pk
original = CasePage.objects.get(pk=pk).title
visible, publish, before = [], [], []
for i in range(repeats + 1):  # the first warms this process (imports, connections) up
    fetch()
    before.append(fetch()[0])  # HIT: the old page is in the cache
    marker = f"LOADBENCH{i}T{time.time_ns()}"
    page = CasePage.objects.get(pk=pk)
    page.title = f"{original} {marker}"
    revision = page.save_revision()
    started = time.monotonic()
    revision.publish()
    publish.append(time.monotonic() - started)
    while marker not in fetch()[1]:
        if time.monotonic() - started > 30:
            break
        time.sleep(0.02)
    visible.append(time.monotonic() - started)
page = CasePage.objects.get(pk=pk)
page.title = original
page.save_revision().publish()
print(json.dumps({"first": visible[0], "visible": visible[1:], "publish": publish[1:],
                  "before": before}))
"""

# Run in this tree: the generated cases as JSON (bench/search.py's generator).
GENERATE = """
import dataclasses, importlib.util, json, random
spec = importlib.util.spec_from_file_location("bench_search", "bench/search.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
docs = [dataclasses.asdict(d) for d in module.documents(COUNT, random.Random(7))]
with open(PATH, "w", encoding="utf-8") as out:
    json.dump(docs, out, ensure_ascii=False, default=str)
print(len(docs))
"""

# Run in each tree: those cases as its search index.
INDEX = """
import json
from search.query import CaseDoc
with open(PATH, encoding="utf-8") as source:
    rows = json.load(source)
docs = [CaseDoc(**{**r, "tags": tuple(r["tags"]), "captions": tuple(r["captions"])}) for r in rows]
try:
    from search.indexing import rebuild
except ImportError:  # the baseline: the backend's own rebuild
    from search.backend import get_backend
    rebuild = get_backend().rebuild
print(rebuild(docs))
"""


def measure_revalidation(app_base, cached_base, urls, pages, host, n=100):
    """What the front cache's revalidation costs (portal/cache_headers.py): per page, the
    median of n requests straight to gunicorn rendering the page, the same with the
    page's ETag (the 304 nginx gets once a second per page), and through nginx (HITs,
    with its revalidation when a second turns)."""
    found = {}
    for name in pages:
        path = urls[name]
        if name == "search":
            continue  # never kept: nothing to revalidate
        tag = timed_get(app_base, path, host)[2].get("ETag")
        renders = [timed_get(app_base, path, host)[0] for _ in range(n)]
        answers = [timed_get(app_base, path, host, {"If-None-Match": tag}) for _ in range(n)]
        if any(status != 304 for _, status, _ in answers):
            raise SystemExit(f"{name}: revalidation answered {answers[0][1]}, not 304")
        hits = [timed_get(cached_base, path, host) for _ in range(n)]
        found[name] = {
            "render_ms": statistics.median(renders),
            "revalidate_ms": statistics.median(ms for ms, _, _ in answers),
            "through_nginx_ms": statistics.median(ms for ms, _, _ in hits),
            "hit_share": sum(h[2].get("X-Cache-Status") == "HIT" for h in hits) / n,
        }
    return found


def measure_pages(args, sides, pages, host):
    """Alternating rounds: uncached (base and new, order swapped each round), then the
    floor and each page through the front cache."""
    runs = {}
    for n in range(args.rounds):
        log(f"round {n + 1} of {args.rounds}")
        order = ("base", "new") if n % 2 == 0 else ("new", "base")
        for name in pages:
            for side in order:
                base, urls = sides[side]
                runs.setdefault((name, side), []).append(wrk(base, urls[name], host, args))
        runs.setdefault(("floor", "cached"), []).append(
            wrk(sides["floor"][0], sides["floor"][1]["case"], host, args)
        )
        for name in pages:
            base, urls = sides["cached"]
            runs.setdefault((name, "cached"), []).append(wrk(base, urls[name], host, args))
    return {key: summary(values) for key, values in runs.items()}


def measure_search(args, stack, sides, host, work, new_env, base_env, tree, webs):
    """The same generated cases in both search indexes; the facet search page, alternately."""
    path = work / "search-cases.json"
    log(f"search: generating {args.search_cases} cases")
    shell(new_env, ROOT, GENERATE, COUNT=args.search_cases, PATH=str(path))
    docs = json.loads(path.read_text(encoding="utf-8"))
    slugs = [d["section_slug"] for d in docs]
    section = "charity" if "charity" in slugs else statistics.mode(slugs)
    for name, env, cwd in (("this tree", new_env, ROOT), ("baseline", base_env, tree)):
        log(f"search: indexing them for {name}")
        shell(env, cwd, INDEX, PATH=str(path))
    for db in (NEW_REDIS, BASE_REDIS):
        flush_redis(db)
    # Fresh workers: nothing kept in memory from the demo's index.
    for web in webs:
        os.kill(web.pid, signal.SIGHUP)
    time.sleep(3)
    url = f"/search/?q={quote(args.query)}&section={section}&year=2017"
    for side in ("base", "new"):
        wait_up(sides[side][0], host, stack)
        for _ in range(3):
            status = get(sides[side][0], url, host)[0]
            if status != 200:
                raise SystemExit(f"search at {args.search_cases} cases ({side}): HTTP {status}")
    runs = {"base": [], "new": []}
    for n in range(args.rounds):
        for side in ("base", "new") if n % 2 == 0 else ("new", "base"):
            runs[side].append(wrk(sides[side][0], url, host, args))
    return url, summary(runs["new"]), summary(runs["base"])


def run(args, stack, work):
    started = time.monotonic()
    host = f"{production.HOST}:{args.port}"
    new_env, new_web = setup_new(stack, args, work)
    base_env, tree, base_web = setup_base(stack, args, work, new_env)
    new_base = f"http://127.0.0.1:{args.port + 1}"
    cached_base = f"http://127.0.0.1:{args.port}"
    base_base = f"http://127.0.0.1:{args.port + 2}"
    floor_base = f"http://127.0.0.1:{args.port + 3}"
    for base in (new_base, cached_base, base_base):
        wait_up(base, host, stack)

    search = f"/search/?q={quote(args.query)}"
    new_urls = {**json.loads(shell(new_env, ROOT, URLS, SLUG=CASE_SLUG)), "search": search}
    base_urls = {**json.loads(shell(base_env, tree, URLS, SLUG=CASE_SLUG)), "search": search}
    pages = [p for p in args.pages if p in new_urls and p in base_urls]
    skipped = [p for p in args.pages if p not in pages]
    if skipped:
        log(f"not on both sides, not measured: {skipped}")
    for name in pages:
        log(f"{name:9} {new_urls[name]}  (baseline: {base_urls[name]})")

    status, _, html = get(new_base, new_urls["case"], host)
    if status != 200:
        raise SystemExit(f"case page: HTTP {status}")
    setup_floor(stack, args, work, new_urls["case"], html)
    sides = {
        "new": (new_base, new_urls),
        "base": (base_base, base_urls),
        "cached": (cached_base, new_urls),
        "floor": (floor_base, {"case": new_urls["case"]}),
    }
    wait_up(floor_base, host, stack, new_urls["case"])
    # Warm: renditions are made and caches filled on the first views; the front cache
    # primed with one request, its status seen on the next.
    cache_status = {}
    for name in pages:
        for side in ("new", "base", "cached"):
            base, urls = sides[side]
            for _ in range(3):
                status, cache_status[name], _ = get(base, urls[name], host)
                if status != 200:
                    raise SystemExit(f"{name} ({side}) {urls[name]}: HTTP {status}")
    log("front cache after priming: " + " ".join(f"{p}={s}" for p, s in cache_status.items()))

    setup_s = time.monotonic() - started
    log(f"set up in {setup_s:.0f} s; measuring ({args.rounds} rounds of {args.seconds} s runs)")
    results = measure_pages(args, sides, pages, host)
    stack.check_running()

    log("revalidation: a 304 from gunicorn against a render and a HIT")
    revalidation = measure_revalidation(new_base, cached_base, new_urls, pages, host)
    log("publish: new titles of the case page, polling the front cache")
    published = json.loads(
        shell(new_env, ROOT, PUBLISH,
              ARGS=(CASE_SLUG, cached_base + new_urls["case"], host, args.publish_repeats))
    )  # fmt: skip
    rss_new, rss_base = worker_rss_mb(new_web.pid), worker_rss_mb(base_web.pid)

    figures, table, targets = {}, [], []
    floor = results[("floor", "cached")]
    errors, base_errors = floor["errors"], 0
    for name in pages:
        new, base, cached = (results[(name, s)] for s in ("new", "base", "cached"))
        ratio = new["rps"] / base["rps"] if base["rps"] else 0.0
        share = cached["rps"] / floor["rps"] if floor["rps"] else 0.0
        errors += new["errors"] + cached["errors"]
        base_errors += base["errors"]
        figures.update({
            f"{name}_uncached_rps": f"{new['rps']:.1f}",
            f"{name}_uncached_p50_ms": f"{new['p50']:.1f}",
            f"{name}_uncached_p99_ms": f"{new['p99']:.1f}",
            f"{name}_base_rps": f"{base['rps']:.1f}",
            f"{name}_base_p50_ms": f"{base['p50']:.1f}",
            f"{name}_base_p99_ms": f"{base['p99']:.1f}",
            f"{name}_ratio": f"{ratio:.2f}",
            f"{name}_cached_rps": f"{cached['rps']:.1f}",
            f"{name}_cached_p50_ms": f"{cached['p50']:.2f}",
            f"{name}_cached_p99_ms": f"{cached['p99']:.2f}",
            f"{name}_cached_floor_share": f"{share:.2f}",
        })  # fmt: skip
        table.append(
            f"{name:9} {new['rps']:8.1f} {new['p50']:7.1f} {new['p99']:7.1f} {new['errors']:4d}"
            f" | {base['rps']:8.1f} {base['p50']:7.1f} {base['p99']:7.1f} {base['errors']:4d}"
            f" | {ratio:5.2f}x | {cached['rps']:8.1f} {cached['p50']:6.2f} {cached['p99']:7.2f}"
            f" {cached['errors']:4d} {cache_status[name]:6} | {share:5.2f}"
        )
        if name in UNCACHED_TARGET:
            targets.append((f"{name} uncached >= 3x baseline, 0 errors",
                            ratio >= 3 and new["errors"] == 0))  # fmt: skip
        if name == "search":
            # A search with a query is never kept (portal/cache_headers.py says why): the
            # figure through nginx is gunicorn's; the target is that it goes past.
            targets.append(("search with a query goes past the front cache, 0 errors",
                            cache_status[name] == "BYPASS" and cached["errors"] == 0))  # fmt: skip
        else:
            targets.append((f"{name} cached >= 25% of floor, 0 errors",
                            share >= 0.25 and cached["errors"] == 0))  # fmt: skip
    for name, found in revalidation.items():
        figures.update({f"{name}_{key}": f"{value:.2f}" for key, value in found.items()})
        table.append(
            f"{name:9} revalidation: render {found['render_ms']:.2f} ms, 304"
            f" {found['revalidate_ms']:.2f} ms, through nginx {found['through_nginx_ms']:.2f} ms"
            f" ({found['hit_share']:.0%} HIT)"
        )
    visible = max(published["visible"])
    figures.update({
        "floor_rps": f"{floor['rps']:.1f}",
        "floor_p50_ms": f"{floor['p50']:.2f}",
        "floor_p99_ms": f"{floor['p99']:.2f}",
        "publish_visible_s": f"{visible:.3f}",
        "publish_call_s": f"{max(published['publish']):.3f}",
        "publish_first_visible_s": f"{published['first']:.3f}",
        "worker_rss_mb": f"{rss_new:.0f}",
        "base_worker_rss_mb": f"{rss_base:.0f}",
    })  # fmt: skip
    targets.append(("publish visible through the front cache <= 1 s", visible <= 1))
    targets.append(("gunicorn worker RSS <= 150 MB", rss_new <= 150))
    if any(s != "HIT" for s in published["before"]):
        log(f"publish: the case page was not cached before every publish: {published['before']}")

    if args.search_cases:
        url, new, base = measure_search(
            args, stack, sides, host, work, new_env, base_env, tree, (new_web, base_web)
        )
        ratio = new["rps"] / base["rps"] if base["rps"] else 0.0
        errors += new["errors"]
        base_errors += base["errors"]
        figures.update({
            "search_cases": args.search_cases,
            "search_facets_rps": f"{new['rps']:.1f}",
            "search_facets_p50_ms": f"{new['p50']:.1f}",
            "search_facets_p99_ms": f"{new['p99']:.1f}",
            "search_facets_base_rps": f"{base['rps']:.1f}",
            "search_facets_base_p50_ms": f"{base['p50']:.1f}",
            "search_facets_base_p99_ms": f"{base['p99']:.1f}",
            "search_facets_ratio": f"{ratio:.2f}",
            "search_worker_rss_mb": f"{worker_rss_mb(new_web.pid):.0f}",
        })  # fmt: skip
        table.append(
            f"search at {args.search_cases} cases with facets ({url}): {new['rps']:.1f} req/s"
            f" p50 {new['p50']:.1f} p99 {new['p99']:.1f} ms, baseline {base['rps']:.1f} req/s"
            f" p50 {base['p50']:.1f} p99 {base['p99']:.1f} ms: {ratio:.2f}x"
        )
        targets.append((f"search at {args.search_cases} cases >= 2x baseline with facets",
                        ratio >= 2 and new["errors"] == 0))  # fmt: skip
    stack.check_running()

    met = sum(ok for _, ok in targets)
    figures.update({
        "errors": errors,
        "base_errors": base_errors,
        "targets_met": f"{met}/{len(targets)}",
        "rounds": args.rounds,
        "seconds": args.seconds,
        "connections": args.connections,
        "elapsed_s": f"{time.monotonic() - started:.0f}",
    })  # fmt: skip
    print(f"{'':9} {'this tree, straight to gunicorn':^29} | {f'baseline {args.baseline}':^29}"
          f" |        | {'through the front cache':^36} | floor")  # fmt: skip
    print(f"{'page':9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'err':>4} | {'req/s':>8}"
          f" {'p50 ms':>7} {'p99 ms':>7} {'err':>4} | ratio  | {'req/s':>8} {'p50 ms':>6}"
          f" {'p99 ms':>7} {'err':>4} {'cache':6} | share")  # fmt: skip
    print("\n".join(table))
    print(f"floor (nginx, static case page): {floor['rps']:.1f} req/s, p50 {floor['p50']:.2f} ms,"
          f" p99 {floor['p99']:.2f} ms, {floor['errors']} errors")  # fmt: skip
    each = ", ".join(f"{v:.3f}" for v in published["visible"])
    print(f"publish -> served by the front cache: {each} s (publish() itself: max"
          f" {max(published['publish']):.3f} s; first, in a fresh process, not counted:"
          f" {published['first']:.3f} s)")  # fmt: skip
    print(f"gunicorn worker RSS: {rss_new:.0f} MB (baseline {rss_base:.0f} MB)")
    for text, ok in targets:
        print(f"  {'met    ' if ok else 'NOT MET'}  {text}")
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk's")
    parser.add_argument(
        "--timeout", type=float, default=2, help="wrk's: a slower answer counts as an error"
    )
    parser.add_argument("--baseline", help="the git commit compared with (3aa996c; --cold 96d3313)")
    parser.add_argument("--query", default="调解", help="the search page's query")
    parser.add_argument("--pages", default=",".join(PAGE_NAMES), help="comma-separated")
    parser.add_argument("--publish-repeats", type=int, default=5)
    parser.add_argument("--search-cases", type=int, default=0, help="e.g. 10000; 0: skipped")
    parser.add_argument("--port", type=int, default=18090, help="nginx; the others follow")
    parser.add_argument("--keep", action="store_true", help="leave everything for debugging")
    parser.add_argument(
        "--cold", action="store_true",
        help="only: every request after a new content generation, this tree and --baseline"
             " (default then 96d3313), 1 and --connections connections",
    )  # fmt: skip
    parser.add_argument("--cold-requests", type=int, default=40, help="per page, side, round")
    parser.add_argument(
        "--against-bakerydemo", metavar="PATH",
        help="with --cold: bakerydemo's blog post (PATH: a checkout with .venv), not --baseline",
    )  # fmt: skip
    parser.add_argument(
        "--revalidation", action="store_true",
        help="only: render, 304 and HIT at 1 and --connections connections",
    )  # fmt: skip
    args = parser.parse_args()
    if args.against_bakerydemo and not args.cold:
        parser.error("--against-bakerydemo needs --cold")
    if args.against_bakerydemo and (problem := checkout_problem(args.against_bakerydemo)):
        parser.error(problem)
    args.baseline = args.baseline or ("96d3313" if args.cold else "3aa996c")
    if args.cold and args.pages == ",".join(PAGE_NAMES):
        args.pages = "case,home,library,campaign"
    args.pages = [p for p in args.pages.split(",") if p]
    if unknown := set(args.pages) - set(PAGE_NAMES):
        parser.error(f"unknown pages {sorted(unknown)}; known: {', '.join(PAGE_NAMES)}")
    if "case" not in args.pages:
        args.pages.append("case")  # the floor is its copy
    for program in ("nginx",) if args.cold else ("wrk", "nginx"):
        if not shutil.which(program):
            sys.exit(f"needs {program}: apt-get install wrk nginx")
    busy = [p for p in range(args.port, args.port + 4) if not port_free(p)]
    if busy:
        sys.exit(f"ports in use: {busy} (--port to choose others)")

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    stack = Stack(work, args.keep)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleaned up as on Ctrl+C
    try:
        (run_cold if args.cold else run_revalidation if args.revalidation else run)(
            args, stack, work
        )
    finally:
        stack.teardown()


if __name__ == "__main__":
    main()
