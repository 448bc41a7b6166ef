"""bench/load.py --revalidation: what the front cache's three answers cost, this tree
only. Per page, a render straight to gunicorn, the same with the page's ETag (the 304
nginx gets when it revalidates) and a HIT from nginx, each under wrk at 1 and
--connections connections, the kinds' order rotated every round. Run through
bench/load.py (its options)."""

import json
import os
import time

from stack import CASE_SLUG, ROOT, URLS, get, log, production, setup_new, shell, timed_get, wait_up
from wrk import summary, wrk


def run_revalidation(args, stack, work):
    """What the front cache's three answers cost (--revalidation): a full render straight
    to gunicorn, a revalidation (the page's ETag sent: 304, what nginx asks once a second
    per page), and a HIT from nginx, each at 1 and --connections connections, the kinds'
    order rotated every round."""
    started = time.monotonic()
    host = f"{production.HOST}:{args.port}"
    env, _ = setup_new(stack, args, work)
    app, cached = (f"http://127.0.0.1:{args.port + n}" for n in (1, 0))
    for base in (app, cached):
        wait_up(base, host, stack)
    urls = json.loads(shell(env, ROOT, URLS, SLUG=CASE_SLUG))
    pages = [p for p in args.pages if p in urls and p != "search"]
    kinds = {}
    for name in pages:
        for _ in range(3):
            status, _, _ = get(cached, urls[name], host)
        _, status, headers = timed_get(app, urls[name], host)
        tag = headers.get("ETag")
        if status != 200 or not tag:
            raise SystemExit(f"{name}: HTTP {status}, ETag {tag!r}")
        if timed_get(app, urls[name], host, {"If-None-Match": tag})[1] != 304:
            raise SystemExit(f"{name}: its ETag is not answered with 304")
        # The page is kept one second: under load the checks above can outlast it, and
        # the next request revalidates it; the one after that must be a HIT.
        if all(get(cached, urls[name], host)[1] != "HIT" for _ in range(3)):
            raise SystemExit(f"{name}: not a HIT through nginx")
        kinds[name] = {
            "render": (app, ()),
            "revalidate": (app, (f"If-None-Match: {tag}",)),
            "hit": (cached, ()),
        }
    runs = {}
    order = ["render", "revalidate", "hit"]
    for n in range(args.rounds):
        log(f"revalidation round {n + 1} of {args.rounds}")
        for name in pages:
            for kind in order[n % 3 :] + order[: n % 3]:
                base, headers = kinds[name][kind]
                for connections in (1, args.connections):
                    runs.setdefault((name, kind, connections), []).append(
                        wrk(base, urls[name], host, args, connections, headers)
                    )
    stack.check_running()
    figures, errors = {}, 0
    for (name, kind, connections), values in runs.items():
        found = summary(values)
        errors += found["errors"]
        prefix = f"{name}_{kind}_c{connections}"
        figures.update({f"{prefix}_rps": f"{found['rps']:.1f}",
                        f"{prefix}_p50_ms": f"{found['p50']:.2f}",
                        f"{prefix}_p99_ms": f"{found['p99']:.2f}"})  # fmt: skip
        print(f"{name:9} {kind:10} {connections} conn: {found['rps']:8.1f} req/s p50"
              f" {found['p50']:7.2f} p99 {found['p99']:7.2f} ms {found['errors']} err")  # fmt: skip
    figures.update({"errors": errors, "rounds": args.rounds, "seconds": args.seconds,
                    "load": os.getloadavg()[0],
                    "elapsed_s": f"{time.monotonic() - started:.0f}"})  # fmt: skip
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
