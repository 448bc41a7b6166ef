"""Fault drill against the production stack on this machine.

Usage: .venv/bin/python bench/faults.py [--steady 60] [--after 20] [--stale-after 45]
       [--readers 3] [--read-pause 0.1] [--submit-pause 1] [--baseline-seconds 10]
       [--import-files 40]

Starts gunicorn (2 workers, production settings) and the task worker against a
PostgreSQL cluster and a Redis server of the drill's own (free ports, a temporary
folder: restarting them disturbs nothing else on the machine), keeps a
bounded load of public pages and online submissions running, and injects, one at a
time: a PostgreSQL restart, Redis stopped and started again, the worker killed (-9)
during a book build, and during a Word import (a supervisor restarts it at once, as
systemd does). For each fault it counts the errors during the fault, the seconds until
pages and submissions succeed again, and the errors from a minute after the fault on;
for the killed jobs, the seconds until they are marked failed and whether a retry
succeeds at once. At the end every submission that was accepted must be in the database.

With --production it drills `make production` itself instead (deploy/production.py:
nginx, gunicorn and the worker under its supervisor) against a PostgreSQL cluster of its
own (initdb in a temporary folder, a free port), so restarting it disturbs nothing else
on the machine: the same load through nginx, PostgreSQL restarted, then the errors in the
minute after, the errors from a minute on, and whether the stack is still up (and which
of its processes it had to start again).

Prints its figures last on one line as key=value pairs.

The two crowd drills (`faults.py sqlite-crowd`, `faults.py production-crowd`) live in
bench/crowd.py; this script hands those sub-commands to it. The set-up the drills share
(supervised processes, the bounded load, a private PostgreSQL, `make production` on it)
is bench/drills.py.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drills import (
    DRILL_CAMPAIGN,
    PY,
    RETRY_IMPORT,
    ROOT,
    SETUP,
    START_BUILD,
    START_IMPORT,
    Load,
    PrivatePostgres,
    PrivateRedis,
    Supervisor,
    free_port,
    job_state,
    production_stack,
    production_up,
    query,
    shell,
    site_up,
    wait_until,
)

# migrate on the drill's empty PostgreSQL, from a dump of the database as the migrations
# left it in an earlier run when there is one for this code: `migrate` then has nothing
# to apply (its post_migrate handlers run as always), 2 s of CPU instead of 15. The dump
# sits beside the tests' migrated SQLite copy, named by the same digest (tests/migrated.py:
# the migrations, the modules they import, the installed packages); old ones go after
# its KEEP_DAYS.
MIGRATE = """
import os, subprocess, sys, time
from django.core.management import call_command
from tests import migrated
bindir, url = sys.argv[1:3]
dump = migrated.FOLDER / f"pg-{migrated._digest()}.sql"
if dump.is_file():
    psql = [f"{bindir}/psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(dump)]
    subprocess.run(psql, check=True, capture_output=True)
call_command("migrate", verbosity=0)
if not dump.is_file():
    dump.parent.mkdir(parents=True, exist_ok=True)
    aside = dump.with_name(f"{dump.name}.{os.getpid()}.tmp")
    subprocess.run([f"{bindir}/pg_dump", "-O", "-x", "-f", str(aside), url], check=True)
    os.replace(aside, dump)
    for old in dump.parent.glob("pg-*.sql"):
        if old.stat().st_mtime < time.time() - migrated.KEEP_DAYS * 24 * 3600:
            old.unlink(missing_ok=True)
"""


def start_load(args, base, section, host=None):
    return Load(
        base, section, readers=args.readers, host=host,
        read_pause=args.read_pause, submit_pause=args.submit_pause,
    )  # fmt: skip


def production_drill(args):
    """PostgreSQL restarted under `make production`; see the module's docstring."""
    extra = {
        "SUBMISSION_RATE_LIMIT_PER_HOUR": "100000",
        "SUBMISSION_RATE_LIMIT_PER_EMAIL": "100000",
        "SUBMISSION_ATTEMPTS_PER_HOUR": "100000",
    }
    figures, load = {}, None
    with production_stack(extra) as (stack, work, base, host, postgres, drill_env):
        try:
            section, _ = shell(drill_env, DRILL_CAMPAIGN).split()[-2:]
            load = start_load(args, base, section, host=host)
            time.sleep(args.baseline_seconds)  # a baseline under load
            figures["baseline_errors"] = load.errors(0)
            injected = time.monotonic()
            postgres.restart()
            restored = time.monotonic()
            wait_until(lambda: time.monotonic() - injected > args.steady, args.steady + 5)
            recovered = load.recovered_at(restored)
            after_start = time.monotonic()
            time.sleep(args.after)
            figures["production_postgres_restart_errors"] = load.errors(injected, after_start)
            figures["production_postgres_restart_recover_s"] = (
                round(max(recovered - restored, 0), 1) if recovered is not None else -1
            )
            figures["production_postgres_restart_errors_after_1min"] = load.errors(after_start)
            load.finish()
            figures["production_stack_up"] = int(stack.poll() is None and production_up(base, host))
            said = (work / "production.out").read_text(encoding="utf-8", errors="replace")
            figures["production_processes_restarted"] = said.count("进程已退出")
            figures["submissions_accepted"] = len(load.accepted)
        finally:
            if load is not None:
                load.finish()
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=int, default=60, help="seconds after each fault")
    parser.add_argument("--after", type=int, default=20, help="seconds counted after that")
    parser.add_argument(
        "--production", action="store_true", help="drill make production (own PostgreSQL)"
    )
    parser.add_argument(
        "--stale-after",
        type=int,
        help="seconds of silence after which a killed job is marked failed (default: the "
        "portal's 45; the suite's tiny run shortens the two waits for it)",
    )
    # The load and the baseline: the suite's tiny run lightens them (its figures are
    # counts of errors and whether each job was retried, whatever the load's intensity).
    parser.add_argument("--readers", type=int, default=3, help="threads reading pages")
    parser.add_argument(
        "--read-pause", type=float, default=0.1, help="seconds each reader waits between pages"
    )
    parser.add_argument(
        "--submit-pause", type=float, default=1.0, help="seconds between two submissions"
    )
    parser.add_argument(
        "--baseline-seconds", type=float, default=10, help="load alone before the first fault"
    )
    parser.add_argument(
        "--import-files", type=int, default=40,
        help="Word files in the import killed mid-way (enough that the kill finds it running)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.production:
        return production_drill(args)
    dbname = f"portal_faults_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    # PostgreSQL and Redis of the drill's own: it restarts and stops them, and the
    # machine's are in use by others (CI runs the suite on PostgreSQL beside this).
    postgres, redis = PrivatePostgres(work), PrivateRedis(work)
    server = postgres.url
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{server}/{dbname}",
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": redis.url,
        "EMAIL_ENABLED": "0",
        "WAGTAILADMIN_BASE_URL": "https://cases.example.org",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "SUBMISSION_RATE_LIMIT_PER_HOUR": "100000",
        "SUBMISSION_RATE_LIMIT_PER_EMAIL": "100000",
        "SUBMISSION_ATTEMPTS_PER_HOUR": "100000",
    }
    if args.stale_after:
        env["JOBS_STALE_AFTER_SECONDS"] = str(args.stale_after)
        env["JOBS_HEARTBEAT_SECONDS"] = str(max(1, args.stale_after // 4))
    log = open(work / "stack.log", "w")  # noqa: SIM115 - open for the stack's whole life
    figures = {}
    web = worker = load = None
    try:
        # collectstatic (pages name hashed files) reads no database: it runs beside
        # migrate, which saves wall time only.
        static = subprocess.Popen(
            [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        shell(env, MIGRATE, str(postgres.bindir), env["DATABASE_URL"])
        if static.wait(timeout=600):
            raise SystemExit(f"collectstatic failed; see {work / 'stack.log'}")
        section, _ = shell(env, SETUP).split()[-2:]
        gunicorn = [str(Path(PY).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py"]
        gunicorn += ["portal.wsgi:application"]
        gunicorn += ["-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
        web = Supervisor(gunicorn, env, log)
        worker = Supervisor([PY, "manage.py", "worker", "--queue-name", "*"], env, log)
        base = f"http://127.0.0.1:{port}"
        if wait_until(lambda: site_up(base), 60) is None:
            raise SystemExit(f"gunicorn did not start; see {work / 'stack.log'}")
        load = start_load(args, base, section)
        time.sleep(args.baseline_seconds)  # a baseline under load
        figures["baseline_errors"] = load.errors(0)

        def observe(name, injected, restored):
            wait_until(lambda: time.monotonic() - injected > args.steady, args.steady + 5)
            recovered = load.recovered_at(restored)
            after_start = time.monotonic()
            time.sleep(args.after)
            figures[f"{name}_errors"] = load.errors(injected, after_start)
            figures[f"{name}_recover_s"] = (
                round(max(recovered - restored, 0), 1) if recovered is not None else -1
            )
            figures[f"{name}_errors_after_1min"] = load.errors(after_start)

        injected = time.monotonic()
        postgres.restart()
        observe("postgres_restart", injected, time.monotonic())

        injected = time.monotonic()
        redis.stop()
        time.sleep(5)
        redis.start()
        observe("redis_stop", injected, time.monotonic())

        for name, start, table, argv, again in (
            ("build_kill", START_BUILD, "cases_compilationbuild", (), START_BUILD),
            (
                "import_kill",
                START_IMPORT,
                "cases_importbatch",
                ("a", str(args.import_files)),
                RETRY_IMPORT,
            ),
        ):
            job = int(shell(env, start, *argv).split()[-1])
            # Killed mid-way: running, some progress made, not yet done.
            running = wait_until(
                lambda job=job, table=table: (
                    job_state(dbname, table, job, server=server)[0] == "running"
                    and 5 <= job_state(dbname, table, job, server=server)[1] < 95
                ),
                120,
                step=0.2,
            )
            if running is None:
                raise SystemExit(f"{name}: the job never ran; see {work / 'stack.log'}")
            injected = time.monotonic()
            worker.kill()
            failed = wait_until(
                lambda job=job, table=table: (
                    job_state(dbname, table, job, server=server)[0] == "failed"
                ),
                120,
            )
            figures[f"{name}_marked_failed_s"] = round(failed, 1) if failed is not None else -1
            # A build starts anew; an import resumes at its first file not imported.
            retry = int(
                shell(env, again, *([str(job)] if again is RETRY_IMPORT else [])).split()[-1]
            )
            done = wait_until(
                lambda retry=retry, table=table: (
                    job_state(dbname, table, retry, server=server)[0] in ("succeeded", "failed")
                ),
                300,
            )
            status = job_state(dbname, table, retry, server=server)[0]
            figures[f"{name}_retry"] = status if done is not None else "timeout"
            observe(name, injected, injected)  # the web was never down

        load.finish()
        tokens = [str(t) for t in load.accepted]
        found = query(
            dbname,
            "SELECT count(*) FROM cases_application WHERE submission_token::text = ANY(%s)",
            tokens,
            server=server,
        )[0][0]
        figures["submissions_accepted"] = len(tokens)
        figures["submissions_lost"] = len(tokens) - found
        figures["worker_restarts"] = worker.restarts
    finally:
        if load is not None:
            load.finish()
        for process in (web, worker):
            if process is not None:
                process.stop()
        log.close()
        redis.stop()
        postgres.stop()
    print(f"stack log: {work / 'stack.log'}")
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] in (["sqlite-crowd"], ["production-crowd"]):
        import crowd

        crowd.main(sys.argv[1], sys.argv[2:])
    else:
        main()
