"""Cold single requests of the public pages, in-process, against a baseline commit.

Usage: .venv/bin/python bench/render.py [--rounds 5] [--requests 20] [--baseline 96d3313]
                                        [--pages case,library,home,campaign]
                                        [--database postgres|sqlite] [--keep] [--reuse DIR]

Cold: a new content generation (published/) before every request, so that no part of the
page comes from the parts cache; what lives across generations stays as in production
(renditions made, templates compiled, the Site's root paths, connections open).

Each side runs in a process of its own with the production settings (DEBUG off, Redis
cache, ManifestStaticFilesStorage, DB_CONN_MAX_AGE=60): this tree, and the baseline
commit checked out into a temporary worktree (--baseline none: this tree alone). Each has
its own database (PostgreSQL portal_render_new / portal_render_base, or a SQLite file
with --database sqlite), its own Redis database (10 and 11, flushed;
RENDER_SUFFIX and RENDER_REDIS="12,13" choose others) and its own demo
content (migrate, collectstatic, load_demo, set_site). A request goes through Django's
WSGI handler (middleware, URL resolution, Wagtail's serve view, the template), timed
from the environ to the last byte of the response; the generation is drawn before the
clock starts. Rounds alternate the sides, the order swapped every round, so both see the
same machine load. Per page: the median of all cold requests, its queries (count, round
trips to the database, median: queries asked together in one psycopg pipeline are one;
and the milliseconds spent waiting for the database's answers, median) and the warm
median (same generation, for scale).

Last line: the figures (ms), the load average at the start and the end.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = os.environ.get("RENDER_PG", "postgres://postgres@127.0.0.1:5432")
HOST = "portal.localhost"
CASE_SLUG = "xinjiayuan-property-disputes"
PAGES = ("case", "library", "home", "campaign")
# Databases and Redis databases of the two sides; RENDER_SUFFIX and RENDER_REDIS ("10,11")
# let two people measure at once on one machine without sharing them.
_SUFFIX = os.environ.get("RENDER_SUFFIX", "")
_REDIS = [int(n) for n in os.environ.get("RENDER_REDIS", "10,11").split(",")]
SIDES = {
    "new": (f"portal_render_new{_SUFFIX}", _REDIS[0]),
    "base": (f"portal_render_base{_SUFFIX}", _REDIS[1]),
}


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# The side: one tree's Django, answering the parent's commands on stdin.


def side(tree):
    sys.path.insert(0, tree)
    os.chdir(tree)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, transaction
    from django.test import RequestFactory

    from cases.models import CampaignPage, CaseLibraryPage, CasePage
    from home.models import HomePage

    urls = {
        "home": HomePage.objects.live().first().url,
        "library": CaseLibraryPage.objects.live().first().url,
        "campaign": CampaignPage.objects.live().first().url,
        "case": CasePage.objects.get(slug=CASE_SLUG).url,
    }
    handler = WSGIHandler()
    factory = RequestFactory(HTTP_HOST=HOST)
    table = "published_contentgeneration"

    def draw():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET value = %s WHERE id = 1", [secrets.randbits(62)])  # noqa: S608

    # Queries asked together (published/prepared.py, where the tree has it) are one round
    # trip: their time is the whole exchange, not each send.
    try:
        from published import prepared
    except ImportError:
        prepared = None
    together = getattr(prepared, "_fetch_together", None)
    piped = []  # set while inside one exchange

    def request(url):
        queries, waits, trips = [], [], []

        def timed(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(sql)
                if not piped or not piped[-1]:
                    waits.append(time.perf_counter() - start)
                    trips.append(sql)

        def exchange(jobs):
            start = time.perf_counter()
            piped.append(len(jobs) > 1 and connection.vendor == "postgresql")
            try:
                return together(jobs)
            finally:
                if piped.pop():
                    waits.append(time.perf_counter() - start)
                    trips.append(None)

        if together is not None:
            prepared._fetch_together = exchange
        environ = factory.get(url).environ
        status = []
        try:
            with connection.execute_wrapper(timed):
                start, cpu = time.perf_counter(), time.process_time()
                response = handler(environ, lambda s, h, *a: status.append(s))
                body = b"".join(response)
                response.close()
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        finally:
            if together is not None:
                prepared._fetch_together = together
        if not status[0].startswith("200"):
            raise SystemExit(f"{url}: {status[0]}")
        return (
            elapsed * 1000, len(queries), sum(waits) * 1000, len(body), cpu * 1000, len(trips)
        )  # fmt: skip

    for url in urls.values():  # renditions, templates, connections: made once
        draw()
        request(url)
        request(url)
    print(json.dumps({"ready": urls}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        url = urls[command["page"]]
        cold = []
        for _ in range(command["n"]):
            draw()
            cold.append(request(url))
        warm = [request(url) for _ in range(command["n"])]
        print(json.dumps({"cold": cold, "warm": warm}), flush=True)


# ---------------------------------------------------------------------------------------
# The parent: set-up, alternating rounds, figures.


def environment(name, tree, work, database):
    db_name, redis_db = SIDES[name]
    var = work / name
    var.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{var / 'db.sqlite3'}" if database == "sqlite" else f"{PG}/{db_name}"
    secret = work / "secret_key"  # kept for --reuse: the same key reads what was signed
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret.read_text(),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost,testserver",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "ALLOW_LOCAL_BASE_URL": "1",
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "PRIVATE_MEDIA_ROOT": str(var / "private"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_ENABLED": "0",
    }
    env.pop("PYTHONPATH", None)
    return env


def postgres(sql):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def flush_redis(db):
    subprocess.run(["redis-cli", "-n", str(db), "flushdb"], capture_output=True, check=False)


# The tests' migrated SQLite copy for this tree's code, when `make test` has made one
# (tests/migrated.py): `migrate` then has nothing to apply but its post_migrate handlers,
# instead of 16 s of CPU from nothing. A tree without the helper migrates from nothing.
FROM_COPY = """
import sys, django
django.setup()
from tests.migrated import start_from_copy
start_from_copy(sys.argv[1])
"""


def start_from_migrated_copy(tree, env):
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    test_env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    subprocess.run(
        [PYTHON, "-c", FROM_COPY, path], cwd=tree, env=test_env, capture_output=True, check=False
    )


def set_up(name, tree, env, database):
    db_name, redis_db = SIDES[name]
    if database == "postgres":
        postgres(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        postgres(f'CREATE DATABASE "{db_name}"')
    flush_redis(redis_db)
    if database == "sqlite":
        start_from_migrated_copy(tree, env)
    log(f"{name}: migrate, collectstatic, load_demo, set_site")
    for command in (
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["load_demo"],
        ["set_site"],
    ):
        done = subprocess.run(
            [PYTHON, "manage.py", *command], cwd=tree, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"{name}: manage.py {command[0]} failed:\n{done.stderr[-3000:]}")


def start_side(name, tree, env):
    process = subprocess.Popen(
        [PYTHON, str(Path(__file__).resolve()), "--side", str(tree)],
        cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    ready = json.loads(process.stdout.readline() or "null")
    if not ready:
        raise SystemExit(f"{name}: the side did not start")
    return process


def ask(process, page, n):
    process.stdin.write(json.dumps({"page": page, "n": n}) + "\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def load():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20, help="cold requests per page per round")
    parser.add_argument("--baseline", default="96d3313", help="a commit, or none")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--keep", action="store_true", help="leave the worktree and databases")
    parser.add_argument(
        "--reuse", metavar="DIR", help="the folder a --keep run left: its set-up is used again"
    )
    parser.add_argument("--side", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        return side(args.side)
    pages = [p for p in args.pages.split(",") if p]
    reuse = args.reuse is not None
    work = Path(args.reuse) if reuse else Path(tempfile.mkdtemp(prefix="bench-render-"))
    trees = {"new": ROOT}
    processes = {}
    try:
        if args.baseline != "none" and reuse:
            trees["base"] = work / "baseline"
        elif args.baseline != "none":
            trees["base"] = work / "baseline"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(trees["base"]),
                 args.baseline], check=True, capture_output=True,
            )  # fmt: skip
        envs = {name: environment(name, tree, work, args.database) for name, tree in trees.items()}
        if not reuse:
            for name, tree in trees.items():
                set_up(name, tree, envs[name], args.database)
        for name, tree in trees.items():
            processes[name] = start_side(name, tree, envs[name])
        load_start = load()
        results = {(name, page): {"cold": [], "warm": []} for name in trees for page in pages}
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for page in pages:
                for name in order:
                    answer = ask(processes[name], page, args.requests)
                    for kind in ("cold", "warm"):
                        results[name, page][kind] += answer[kind]
            log(f"round {round_ + 1}/{args.rounds} done (load {load():.2f})")
        load_end = load()
        figures = []
        for page in pages:
            for name in trees:
                cold = results[name, page]["cold"]
                warm = results[name, page]["warm"]
                ms = statistics.median(r[0] for r in cold)
                queries = max(r[1] for r in cold)
                query_ms = statistics.median(r[2] for r in cold)
                warm_ms = statistics.median(r[0] for r in warm)
                warm_queries = max(r[1] for r in warm)
                cpu_ms = statistics.median(r[4] for r in cold)
                trips = round(statistics.median(r[5] for r in cold))
                print(
                    f"{page:9} {name:5} cold p50 {ms:6.1f} ms (CPU {cpu_ms:5.1f} ms)  "
                    f"queries {queries:3d} in {trips:2d} round trips "
                    f"({query_ms:5.1f} ms)  warm p50 {warm_ms:5.1f} ms  queries {warm_queries:2d}  "
                    f"{cold[0][3] // 1024} KiB"
                )
                prefix = page if name == "new" else f"{page}_base"
                figures += [
                    f"{prefix}_cold_ms={ms:.1f}",
                    f"{prefix}_cold_cpu_ms={cpu_ms:.1f}",
                    f"{prefix}_queries={queries}",
                    f"{prefix}_round_trips={trips}",
                    f"{prefix}_query_ms={query_ms:.1f}",
                    f"{prefix}_warm_ms={warm_ms:.1f}",
                ]
        n = args.rounds * args.requests
        figures += [f"requests={n}", f"load_start={load_start:.2f}", f"load_end={load_end:.2f}"]
        print(" ".join(figures))
    finally:
        for process in processes.values():
            process.stdin.close()
            process.wait(timeout=30)
        if not args.keep and not reuse:
            if "base" in trees:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees["base"])],
                    capture_output=True, check=False,
                )  # fmt: skip
            if args.database == "postgres":
                for name in trees:
                    postgres(f'DROP DATABASE IF EXISTS "{SIDES[name][0]}" WITH (FORCE)')
            for name in trees:
                flush_redis(SIDES[name][1])
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept: {work}, databases {[SIDES[n][0] for n in trees]}")


if __name__ == "__main__":
    main()
