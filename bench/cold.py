"""bench/load.py --cold: every request after a new content generation, this tree and a
baseline commit straight to gunicorn, single requests then --connections at once.

Each request follows a new content generation written straight into the side's
published_contentgeneration row, as any change does, so no part, route or page cached
under the last one is used. Per page (case, home, library, campaign by default), the
sides' order swapped every round; p50/p95 ms and requests/s. With several connections
two requests may share a generation if one reads it before the other's renewal lands.
Run through bench/load.py (its options; --baseline 96d3313 by default in this mode).

With --against-bakerydemo PATH the side compared with is bakerydemo's blog post page
(bench/bakery.py sets it up), issue 29's yardstick: measured beside each page of ours in
every round, the order swapped each round, with no generation to renew (it caches no
page; our side's renewal, a one-row UPDATE, stays inside our time). Per page: both
sides' p50/p95 and req/s, the ratio of rates at 1 and --connections, and the target
(>= 3x at both, our p50 <= 20 ms at 1); bakery_blog_*: the medians of its runs.
"""

import json
import os
import secrets
import statistics
import threading
import time
from contextlib import nullcontext

from bakery import setup_bakerydemo
from stack import (
    CASE_SLUG,
    ROOT,
    URLS,
    get,
    log,
    production,
    setup_base,
    setup_new,
    shell,
    timed_get,
    wait_up,
    workers_cpu_s,
)

NEW_GENERATION = "UPDATE published_contentgeneration SET value = %s WHERE id = 1"


def cold_run(base, path, host, dsn, count, connections):
    """`count` GETs over `connections` threads, each right after a new content generation
    written to the side's database (as a change does: every part and route cached under
    the old one is missed). (milliseconds of each 200, wall seconds, errors, milliseconds
    of each renewal)."""
    import psycopg

    lock = threading.Lock()
    left, latencies, errors, renewals = [count], [], [0], []

    def renew(db):
        if db is None:
            return
        started = time.perf_counter()
        if db.execute(NEW_GENERATION, (secrets.randbits(62),)).rowcount != 1:
            raise SystemExit(f"{dsn}: no content generation row to renew")
        with lock:
            renewals.append((time.perf_counter() - started) * 1000)

    def client():
        # No dsn (bakerydemo): nothing to renew, no cache of its pages to miss.
        with psycopg.connect(dsn, autocommit=True) if dsn else nullcontext() as db:
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                renew(db)
                ms, status, _ = timed_get(base, path, host)
                with lock:
                    if status == 200:
                        latencies.append(ms)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, errors[0], renewals


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def measure_cold(args, sides, dsns, pages, host, other, masters):
    """Alternating rounds (the sides' order swapped each round): per page, single
    requests, then `--connections` at once, each request after a new generation; `other`
    is the side compared with (its url for each page: bakerydemo's is always its blog's).
    `masters`: each side's gunicorn master pid, for its workers' CPU time per request."""
    runs = {}
    for n in range(args.rounds):
        log(f"cold round {n + 1} of {args.rounds}")
        for name in pages:
            for side in (other, "new") if n % 2 == 0 else ("new", other):
                base, urls = sides[side]
                for connections in (1, args.connections):
                    cpu = workers_cpu_s(masters[side])
                    latencies, wall, errors, renewals = cold_run(
                        base, urls[name], host, dsns[side], args.cold_requests, connections
                    )
                    # The rate without the renewals' time, which a real change spends
                    # once, not per request (exact at 1 connection, shared out at more).
                    bare = wall - sum(renewals) / 1000 / connections
                    cpu = workers_cpu_s(masters[side]) - cpu
                    runs.setdefault((name, side, connections), []).append({
                        "rps": len(latencies) / wall,
                        "rps_bare": len(latencies) / bare,
                        "renew": statistics.median(renewals) if renewals else 0.0,
                        "cpu": cpu * 1000 / max(1, len(latencies) + errors),
                        "p50": statistics.median(latencies) if latencies else 0.0,
                        "p95": percentile(latencies, 0.95),
                        "errors": errors,
                    })  # fmt: skip
    return {
        key: {
            "rps": statistics.median(r["rps"] for r in values),
            "rps_bare": statistics.median(r["rps_bare"] for r in values),
            "renew": statistics.median(r["renew"] for r in values),
            "cpu": statistics.median(r["cpu"] for r in values),
            "p50": statistics.median(r["p50"] for r in values),
            "p95": statistics.median(r["p95"] for r in values),
            "errors": sum(r["errors"] for r in values),
        }
        for key, values in runs.items()
    }


def run_cold(args, stack, work):
    """This tree straight to gunicorn, every request cold (--cold), against the baseline
    commit or, with --against-bakerydemo, bakerydemo's blog post page."""
    started = time.monotonic()
    host = f"{production.HOST}:{args.port}"
    new_env, new_web = setup_new(stack, args, work)
    new_base, other_base = (f"http://127.0.0.1:{args.port + n}" for n in (1, 2))
    if args.against_bakerydemo:
        other, (_, blog, other_web) = "bakery", setup_bakerydemo(stack, args, work)
        wait_up(other_base, host, stack, blog)
    else:
        other = "base"
        base_env, tree, other_web = setup_base(stack, args, work, new_env)
        wait_up(other_base, host, stack)
    wait_up(new_base, host, stack)
    new_urls = json.loads(shell(new_env, ROOT, URLS, SLUG=CASE_SLUG))
    if other == "base":
        other_urls = json.loads(shell(base_env, tree, URLS, SLUG=CASE_SLUG))
        dsns = {"new": new_env["DATABASE_URL"], "base": base_env["DATABASE_URL"]}
    else:  # measured beside each page of ours, in the same round
        other_urls = dict.fromkeys(new_urls, blog)
        dsns = {"new": new_env["DATABASE_URL"], "bakery": None}
    pages = [p for p in args.pages if p in new_urls and p in other_urls]
    sides = {"new": (new_base, new_urls), other: (other_base, other_urls)}
    # Renditions made, templates compiled, connections open (bakerydemo's first view of
    # its blog post makes its renditions: seconds).
    for name in pages:
        for side in sides:
            for _ in range(3):
                status = get(sides[side][0], sides[side][1][name], host, timeout=120)[0]
                if status != 200:
                    raise SystemExit(f"{name} ({side}): HTTP {status}")
    log(f"set up in {time.monotonic() - started:.0f} s; cold: {args.rounds} rounds of "
        f"{args.cold_requests} requests per page, side and concurrency")  # fmt: skip
    masters = {"new": new_web.pid, other: other_web.pid}
    results = measure_cold(args, sides, dsns, pages, host, other, masters)
    stack.check_running()
    if other == "base":
        figures = report_baseline(args, results, pages)
    else:
        figures = report_bakerydemo(args, results, pages, blog)
    figures.update({"rounds": args.rounds, "requests": args.cold_requests,
                    "load": os.getloadavg()[0],
                    "elapsed_s": f"{time.monotonic() - started:.0f}"})  # fmt: skip
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def side_figures(prefix, one, many, c):
    return {
        f"{prefix}_c1_p50_ms": f"{one['p50']:.1f}",
        f"{prefix}_c1_p95_ms": f"{one['p95']:.1f}",
        f"{prefix}_c1_rps": f"{one['rps']:.1f}",
        f"{prefix}_c{c}_p50_ms": f"{many['p50']:.1f}",
        f"{prefix}_c{c}_p95_ms": f"{many['p95']:.1f}",
        f"{prefix}_c{c}_rps": f"{many['rps']:.1f}",
        f"{prefix}_c1_cpu_ms": f"{one['cpu']:.1f}",
    }


def line(label, one, many, c):
    return (f"{label:20}  1 connection: p50 {one['p50']:7.1f} p95 {one['p95']:7.1f}"
            f" ms {one['rps']:6.1f} req/s | {c} connections: p50 {many['p50']:7.1f}"
            f" p95 {many['p95']:7.1f} ms {many['rps']:6.1f} req/s")  # fmt: skip


def report_sides(figures, results, name, labels, c):
    """Each side's line for page `name` printed and its figures added; its errors."""
    errors = 0
    for side, label in labels.items():
        one, many = results[(name, side, 1)], results[(name, side, c)]
        errors += one["errors"] + many["errors"]
        figures.update(side_figures(f"cold_{name}_{side}", one, many, c))
        print(line(f"{name} {label}", one, many, c))
    return errors


def report_baseline(args, results, pages):
    figures, errors, c = {}, 0, args.connections
    print(f"cold (a new content generation before every request), baseline {args.baseline}")
    for name in pages:
        errors += report_sides(figures, results, name, {"new": "new", "base": "base"}, c)
        new, base = results[(name, "new", 1)], results[(name, "base", 1)]
        figures[f"cold_{name}_c1_p50_ratio"] = (
            f"{base['p50'] / new['p50']:.2f}" if new["p50"] else 0
        )
    figures.update({"errors": errors, "baseline": args.baseline})
    return figures


def report_bakerydemo(args, results, pages, blog):
    """Per page of ours, against bakerydemo's blog post measured beside it in each round:
    p50/p95, req/s and the ratio of rates at 1 and --connections; issue 29's targets."""
    figures, errors, c, targets = {}, 0, args.connections, []
    print(f"cold (a new content generation before every request) against bakerydemo {blog}"
          " (no cache of its pages), measured beside each page in every round")  # fmt: skip
    for name in pages:
        errors += report_sides(figures, results, name, {"new": "ours", "bakery": "bakery blog"}, c)
        ratios = []
        for n in (1, c):
            new, bakery = results[(name, "new", n)], results[(name, "bakery", n)]
            ratios.append(new["rps"] / bakery["rps"] if bakery["rps"] else 0.0)
            figures[f"cold_{name}_vs_bakery_c{n}_ratio"] = f"{ratios[-1]:.2f}"
        p50 = results[(name, "new", 1)]["p50"]
        # Our rate also carries each request's renewal (a committed UPDATE from the
        # client): the ratio of medians at 1 and of the rates without it are the
        # requests' alone.
        latency = results[(name, "bakery", 1)]["p50"] / p50 if p50 else 0.0
        ours, theirs = results[(name, "new", 1)], results[(name, "bakery", 1)]
        bare = ours["rps_bare"] / theirs["rps"] if theirs["rps"] else 0.0
        figures[f"cold_{name}_vs_bakery_c1_p50_ratio"] = f"{latency:.2f}"
        figures[f"cold_{name}_vs_bakery_c1_bare_ratio"] = f"{bare:.2f}"
        figures[f"cold_{name}_renew_ms"] = f"{ours['renew']:.1f}"
        print(f"{'':20}  ratio of rates: {ratios[0]:.2f}x at 1, {ratios[1]:.2f}x at {c};"
              f" of p50s at 1: {latency:.2f}x; of rates at 1 without our renewals"
              f" ({ours['renew']:.1f} ms each): {bare:.2f}x")  # fmt: skip
        # The workers' CPU per request, at 1 connection: what the rate would be on cores of
        # their own, whatever else the machine runs.
        cpu = theirs["cpu"] / ours["cpu"] if ours["cpu"] else 0.0
        figures[f"cold_{name}_vs_bakery_cpu_ratio"] = f"{cpu:.2f}"
        print(f"{'':20}  workers' CPU per request at 1: ours {ours['cpu']:.1f} ms, bakerydemo"
              f" {theirs['cpu']:.1f} ms: {cpu:.2f}x")  # fmt: skip
        targets.append((f"{name} >= 3x bakerydemo's rate at 1 and {c}, p50 <= 20 ms",
                        min(ratios) >= 3 and p50 <= 20))  # fmt: skip
    for n in (1, c):  # bakerydemo over the whole run: the median of its runs' medians
        each = [results[(name, "bakery", n)] for name in pages]
        for key in ("p50", "p95", "rps"):
            unit = "rps" if key == "rps" else f"{key}_ms"
            figures[f"bakery_blog_c{n}_{unit}"] = f"{statistics.median(r[key] for r in each):.1f}"
    for text, ok in targets:
        print(f"  {'met    ' if ok else 'NOT MET'}  {text}")
    figures.update({"errors": errors, "targets_met": f"{sum(ok for _, ok in targets)}/"
                    f"{len(targets)}", "bakerydemo_blog": blog})  # fmt: skip
    return figures
