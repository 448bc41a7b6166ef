"""bench/load.py --cold: every request after a new content generation, this tree and a
baseline commit straight to gunicorn, single requests then --connections at once.

Each request follows a new content generation written straight into the side's
published_contentgeneration row, as any change does, so no part, route or page cached
under the last one is used. Per page (case, home, library, campaign by default), the
sides' order swapped every round; p50/p95 ms and requests/s. With several connections
two requests may share a generation if one reads it before the other's renewal lands.
Run through bench/load.py (its options; --baseline 96d3313 by default in this mode).
"""

import json
import os
import secrets
import statistics
import threading
import time

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
)

NEW_GENERATION = "UPDATE published_contentgeneration SET value = %s WHERE id = 1"


def cold_run(base, path, host, dsn, count, connections):
    """`count` GETs over `connections` threads, each right after a new content generation
    written to the side's database (as a change does: every part and route cached under
    the old one is missed). (milliseconds of each 200, wall seconds, errors)."""
    import psycopg

    lock = threading.Lock()
    left, latencies, errors = [count], [], [0]

    def client():
        with psycopg.connect(dsn, autocommit=True) as db:
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                if db.execute(NEW_GENERATION, (secrets.randbits(62),)).rowcount != 1:
                    raise SystemExit(f"{dsn}: no content generation row to renew")
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
    return latencies, time.perf_counter() - started, errors[0]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def measure_cold(args, sides, dsns, pages, host):
    """Alternating rounds (the sides' order swapped each round): per page, single
    requests, then `--connections` at once, each request after a new generation."""
    runs = {}
    for n in range(args.rounds):
        log(f"cold round {n + 1} of {args.rounds}")
        for name in pages:
            for side in ("base", "new") if n % 2 == 0 else ("new", "base"):
                base, urls = sides[side]
                for connections in (1, args.connections):
                    latencies, wall, errors = cold_run(
                        base, urls[name], host, dsns[side], args.cold_requests, connections
                    )
                    runs.setdefault((name, side, connections), []).append({
                        "rps": len(latencies) / wall,
                        "p50": statistics.median(latencies) if latencies else 0.0,
                        "p95": percentile(latencies, 0.95),
                        "errors": errors,
                    })  # fmt: skip
    return {
        key: {
            "rps": statistics.median(r["rps"] for r in values),
            "p50": statistics.median(r["p50"] for r in values),
            "p95": statistics.median(r["p95"] for r in values),
            "errors": sum(r["errors"] for r in values),
        }
        for key, values in runs.items()
    }


def run_cold(args, stack, work):
    """This tree and the baseline straight to gunicorn, every request cold (--cold)."""
    started = time.monotonic()
    host = f"{production.HOST}:{args.port}"
    new_env, _ = setup_new(stack, args, work)
    base_env, tree, _ = setup_base(stack, args, work, new_env)
    new_base, base_base = (f"http://127.0.0.1:{args.port + n}" for n in (1, 2))
    for base in (new_base, base_base):
        wait_up(base, host, stack)
    new_urls = json.loads(shell(new_env, ROOT, URLS, SLUG=CASE_SLUG))
    base_urls = json.loads(shell(base_env, tree, URLS, SLUG=CASE_SLUG))
    pages = [p for p in args.pages if p in new_urls and p in base_urls]
    sides = {"new": (new_base, new_urls), "base": (base_base, base_urls)}
    dsns = {"new": new_env["DATABASE_URL"], "base": base_env["DATABASE_URL"]}
    for name in pages:  # renditions made, templates compiled, connections open
        for side in sides:
            for _ in range(3):
                status = get(sides[side][0], sides[side][1][name], host)[0]
                if status != 200:
                    raise SystemExit(f"{name} ({side}): HTTP {status}")
    log(f"set up in {time.monotonic() - started:.0f} s; cold: {args.rounds} rounds of "
        f"{args.cold_requests} requests per page, side and concurrency")  # fmt: skip
    results = measure_cold(args, sides, dsns, pages, host)
    stack.check_running()
    figures, errors = {}, 0
    c = args.connections
    print(f"cold (a new content generation before every request), baseline {args.baseline}")
    for name in pages:
        for side in ("new", "base"):
            one, many = results[(name, side, 1)], results[(name, side, c)]
            errors += one["errors"] + many["errors"]
            prefix = f"cold_{name}_{side}"
            figures.update({
                f"{prefix}_c1_p50_ms": f"{one['p50']:.1f}",
                f"{prefix}_c1_p95_ms": f"{one['p95']:.1f}",
                f"{prefix}_c1_rps": f"{one['rps']:.1f}",
                f"{prefix}_c{c}_p50_ms": f"{many['p50']:.1f}",
                f"{prefix}_c{c}_p95_ms": f"{many['p95']:.1f}",
                f"{prefix}_c{c}_rps": f"{many['rps']:.1f}",
            })  # fmt: skip
            print(f"{name:9} {side:4}  1 connection: p50 {one['p50']:7.1f} p95 {one['p95']:7.1f}"
                  f" ms {one['rps']:6.1f} req/s | {c} connections: p50 {many['p50']:7.1f}"
                  f" p95 {many['p95']:7.1f} ms {many['rps']:6.1f} req/s")  # fmt: skip
        new, base = results[(name, "new", 1)], results[(name, "base", 1)]
        figures[f"cold_{name}_c1_p50_ratio"] = (
            f"{base['p50'] / new['p50']:.2f}" if new["p50"] else 0
        )
    figures.update({"errors": errors, "rounds": args.rounds, "requests": args.cold_requests,
                    "baseline": args.baseline, "load": os.getloadavg()[0],
                    "elapsed_s": f"{time.monotonic() - started:.0f}"})  # fmt: skip
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
