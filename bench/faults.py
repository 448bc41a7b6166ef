"""Fault drill against the production stack on this machine.

Usage: .venv/bin/python bench/faults.py [--steady 60] [--after 20]

Starts gunicorn (2 workers, production settings) and the task worker against the
PostgreSQL and Redis on 127.0.0.1 (a database and a Redis db of its own), keeps a
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

`faults.py sqlite-crowd [--crowd 50] [--busy 4] [--demo]`: the default set-up instead
(`make run`: development settings, SQLite, runserver and the task worker sending
receipts) with 50 applicants submitting a complete application with photos at the same
moment, every fifth with a double click, beside CPU-bound processes (a busy machine).
Figures: accepted, errors (5xx or no answer), lost (accepted, not stored with its photos
and files), duplicates (double clicks that made two cases), connections reset by
runserver's 10-connection accept queue (the applicant presses again), p50/p95 ms of the
POSTs, and the SQLite write lock's hold per stored submission, p50/p95/max ms (from BEGIN
IMMEDIATE to the end of COMMIT, as cases/submission/intake.py logs it at INFO; the slow
ones' lines, with the time per step, are printed above the figures).

`faults.py production-crowd [--crowd 50] [--busy 0]`: the same crowd through nginx under
`make production` (its own PostgreSQL cluster, as --production), each applicant from an
address of its own (127.0.0.2, .3, …: nginx passes the socket's address as X-Real-IP),
with the shipped per-address and per-e-mail limits: none may be tripped (limited_429=0).
"""

import argparse
import glob
import io
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SERVER = "postgresql://postgres@127.0.0.1:5432"
REDIS_DB = 14
PAGES = ["/", "/cases/", "/search/?q=物业", "/2016-jingan-cases/"]

DRILL_CAMPAIGN = """
import datetime, io, sys
from django.utils import timezone
from cases.models import CampaignPage, CaseCategory
from home.demo.loader import ensure_home
now = timezone.now()
campaign = CampaignPage(
    title="故障演练征集", slug="drill", year=now.year, hosts="主办单位", organizer="承办单位",
    submission_opens_at=now - datetime.timedelta(days=1),
    submission_deadline=now + datetime.timedelta(days=30), submission_prefix="DR-",
)
ensure_home().add_child(instance=campaign)
campaign.save_revision().publish()
print(CaseCategory.objects.first().pk, campaign.pk)
"""
SETUP = 'from django.core.management import call_command\ncall_command("load_demo", verbosity=0)\n'
SETUP += DRILL_CAMPAIGN

START_BUILD = """
from django.db import transaction
from cases.compilation.builds import start_build
from cases.compilation.tasks import build_compilation
from home.demo.compilation import demo_compilation
build = start_build(demo_compilation().get())
build_compilation.enqueue(build.pk)
print(build.pk)
"""

RETRY_IMPORT = """
import sys
from cases.models import ImportBatch
from cases.submission.tasks import retry
batch = ImportBatch.objects.get(pk=int(sys.argv[1]))
assert retry(batch), batch.status
print(batch.pk)
"""

START_IMPORT = """
import sys
from django.core.files.base import ContentFile
from cases.models import CampaignPage, CaseCategory, ImportBatch
from cases.storage.private import private_storage
from cases.submission.tasks import import_batch
from tests.cases.submission.docx_files import VALUES, filled_form
campaign = CampaignPage.objects.get(slug="drill")
batch = ImportBatch.objects.create(campaign=campaign, section=CaseCategory.objects.first())
storage = private_storage()
batch.files = [
    {"name": f"{i}.docx", "path": storage.save(
        f"imports/{batch.pk}/{i:03d}.docx",
        ContentFile(filled_form(values={**VALUES, "title": f"演练导入{sys.argv[1]}-{i}"})),
    )}
    for i in range(int(sys.argv[2]))
]
batch.save(update_fields=["files"])
import_batch.enqueue(batch.pk)
print(batch.pk)
"""


# An application without warnings (about 2000 characters, no names or numbers): one POST.
APPLICATION = {
    "organization_name": "演练社会组织",
    "organization_kind": "mediation",
    "contact_name": "演练联系人",
    "contact_address": "演练地址",
    "contact_mobile": "13900000101",
    "contact_email": "drill@example.org",
    "participant_type": "organization",
    "street": "彭浦镇",
    "case_text": "\n".join(
        [
            "老式小区设施陈旧、安全管理隐患多，居民怪物业公司不作为。" * 22,
            "社会组织介入后，先后完成了小区的业主大会组建换届工作，受益居民众多。" * 22,
            "善于指导找到症结，三驾马车形成合力，物业矛盾大为减少。" * 22,
        ]
    ),
    "caption_1": "现场一",
    "caption_2": "现场二",
    "recommender": "演练推荐单位",
    "recommender_opinion": "同意推荐。",
    "recommended_on": "2016-06-16",
    "recommender_contact_name": "演练推荐人",
    "consent": "on",
}


def _jpeg():
    from PIL import Image

    image = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _stamp():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (850, 1100), "white").save(out, format="PDF", resolution=100)
    return out.getvalue()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, script=None):
    command = (
        [PY, "manage.py", *args] if script is None else [PY, "manage.py", "shell", "-c", script]
    )
    done = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600
    )
    return done.stdout.strip()


def shell(env, script, *argv):
    # manage.py shell -c takes no arguments: the script sets sys.argv itself.
    code = f"import sys; sys.argv = ['drill', *{list(argv)!r}]\n" + script
    return manage(env, script=code)


class Supervisor:
    """Keeps a process running, as systemd's Restart=always would."""

    def __init__(self, command, env, log):
        self.command, self.env, self.log = command, env, log
        self.process = None
        self.restarts = 0
        self.stopping = False
        self.start()
        threading.Thread(target=self._watch, daemon=True).start()

    def start(self):
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def _watch(self):
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                self.restarts += 1
                self.start()
            time.sleep(0.2)

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)

    def stop(self):
        self.stopping = True
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Load:
    """Readers of public pages and one applicant, each request recorded."""

    def __init__(self, base, section, readers=3, host=None):
        self.base, self.section = base, section
        self.headers = {"Host": host} if host else {}
        self.events = []  # (time, kind, ok)
        self.accepted = []  # case ids of accepted submissions
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(i,)) for i in range(readers)]
        self.threads.append(threading.Thread(target=self._submit))
        for thread in self.threads:
            thread.daemon = True
            thread.start()

    def _record(self, kind, ok):
        self.events.append((time.monotonic(), kind, ok))

    def _read(self, offset):
        session = requests.Session()
        i = offset
        while not self.stop.is_set():
            path = PAGES[i % len(PAGES)]
            i += 1
            try:
                answer = session.get(self.base + path, timeout=15, headers=self.headers)
                ok = answer.status_code == 200
            except requests.RequestException:
                ok = False
            self._record("page", ok)
            self.stop.wait(0.1)

    def _submit(self):
        photo, stamp = _jpeg(), _stamp()
        url = self.base + "/drill/apply/"
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                with requests.Session() as browser:
                    browser.headers.update(self.headers)
                    page = browser.get(url, timeout=15)
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                    data = {**APPLICATION, "token": str(uuid.uuid4()), "title": f"演练申报{n}"}
                    data.update(section=str(self.section), csrfmiddlewaretoken=token.group(1))
                    files = {
                        "photo_1": ("1.jpg", photo, "image/jpeg"),
                        "photo_2": ("2.jpg", photo, "image/jpeg"),
                        "recommender_stamp": ("s.pdf", stamp, "application/pdf"),
                    }
                    response = browser.post(
                        url, data=data, files=files, headers={"Referer": url}, timeout=60
                    )
                ok = response.status_code in (200, 302) and (
                    "/apply/status/" in response.url
                    or "/apply/status/" in response.headers.get("Location", "")
                )
                if ok:
                    self.accepted.append(data["token"])
            except (requests.RequestException, AttributeError):
                ok = False
            self._record("submission", ok)
            self.stop.wait(1.0)

    def errors(self, start, end=None):
        end = end or time.monotonic()
        return sum(1 for at, _, ok in self.events if start <= at < end and not ok)

    def recovered_at(self, since, kinds=("page", "submission")):
        """When every kind succeeded again after `since` (None: not yet)."""
        times = []
        for kind in kinds:
            oks = [at for at, k, ok in self.events if k == kind and ok and at >= since]
            if not oks:
                return None
            times.append(min(oks))
        return max(times)

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


def query(dbname, sql, *params):
    with psycopg.connect(f"{SERVER}/{dbname}", autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def job_state(dbname, table, pk):
    """(status, progress) of a build or an import, read straight from PostgreSQL."""
    sql = f"SELECT status, progress FROM {table} WHERE id = %s"  # noqa: S608 - our table names
    return query(dbname, sql, pk)[0]


def wait_until(check, timeout, step=0.5):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(step)
    return None


def restart_postgres():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def stop_redis():
    subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True, check=False)


# The command this machine starts Redis with (/work/.library/env): the same after a stop.
REDIS_SERVER = (
    "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' "
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def start_redis():
    subprocess.run(shlex.split(REDIS_SERVER), check=True)


class PrivatePostgres:
    """A PostgreSQL cluster of the drill's own: restarting it disturbs nobody else."""

    def __init__(self, folder):
        self.bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.data, self.port = folder / "pg", free_port()
        folder.chmod(0o755)  # the postgres user reaches its data folder
        self.data.mkdir()
        if os.geteuid() == 0:  # initdb refuses root: run it as postgres
            shutil.chown(self.data, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self._ctl("start")

    def _run(self, program, *args):
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def _ctl(self, action, *extra):
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.data / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", *extra, action)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def restart(self):
        self._ctl("restart", "-m", "fast")

    def stop(self):
        self._ctl("stop", "-m", "immediate")


# make production as it runs (deploy/production.py), in the drill's own folder and Redis db.
PRODUCTION_STACK = """
import os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from deploy import production
production.VAR = Path({var!r})
production.DATABASE = "portal_faults"
environment = production.environment
def drill_environment():
    env = environment()
    env.update({extra!r})
    return env
production.environment = drill_environment
production.main()
"""


@contextmanager
def production_stack(extra):
    """`make production` (deploy/production.py) on a PostgreSQL cluster of its own, with
    `extra` in its environment; yields (stack, work, base, host, postgres, manage_env)."""
    work = Path(tempfile.mkdtemp(prefix="portal-faults-production-"))
    postgres = PrivatePostgres(work)
    port = free_port()
    (work / "var" / "logs").mkdir(parents=True)
    extra = {"REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}", **extra}
    env = {**os.environ, "PRODUCTION_PG": postgres.url, "PRODUCTION_PORT": str(port)}
    script = PRODUCTION_STACK.format(root=str(ROOT), var=str(work / "var"), extra=extra)
    output = open(work / "production.out", "w")  # noqa: SIM115 - for the stack's whole life
    stack = subprocess.Popen(
        [PY, "-c", script], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
    )
    host = f"portal.localhost:{port}"
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_until(lambda: _production_up(base, host), 900, step=2) is None:
            raise SystemExit(f"make production did not come up; see {work / 'production.out'}")
        manage_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": (work / "var" / "secret_key").read_text().strip(),
            "ALLOWED_HOSTS": "portal.localhost",
            "DATABASE_URL": f"{postgres.url}/portal_faults",
            "REDIS_URL": extra["REDIS_URL"],
            "EMAIL_ENABLED": "0",
            "WAGTAILADMIN_BASE_URL": f"http://{host}",
            "ALLOW_LOCAL_BASE_URL": "1",
            "MEDIA_ROOT": str(work / "var" / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "var" / "private"),
            "STATIC_ROOT": str(work / "var" / "static"),
        }
        yield stack, work, base, host, postgres, manage_env
    finally:
        if stack.poll() is None:
            stack.send_signal(signal.SIGINT)  # make production's Ctrl+C
            try:
                stack.wait(timeout=60)
            except subprocess.TimeoutExpired:
                stack.kill()
        output.close()
        postgres.stop()
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], capture_output=True)
        print(f"make production's output: {work / 'production.out'}")


def _production_up(base, host, timeout=5):
    try:
        answer = requests.get(base + "/", headers={"Host": host}, timeout=timeout)
        return answer.status_code == 200
    except requests.RequestException:
        return False


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
            load = Load(base, section, host=host)
            time.sleep(10)  # a baseline under load
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
            figures["production_stack_up"] = int(
                stack.poll() is None and _production_up(base, host)
            )
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
    args = parser.parse_args()
    if args.production:
        return production_drill(args)
    dbname = f"portal_faults_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{dbname}",
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
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
    log = open(work / "stack.log", "w")  # noqa: SIM115 - open for the stack's whole life
    figures = {}
    web = worker = load = None
    try:
        manage(env, "migrate", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")  # pages name hashed files
        section, _ = shell(env, SETUP).split()[-2:]
        gunicorn = [str(Path(PY).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py"]
        gunicorn += ["portal.wsgi:application"]
        gunicorn += ["-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
        web = Supervisor(gunicorn, env, log)
        worker = Supervisor([PY, "manage.py", "worker", "--queue-name", "*"], env, log)
        base = f"http://127.0.0.1:{port}"
        if wait_until(lambda: _up(base), 60) is None:
            raise SystemExit(f"gunicorn did not start; see {work / 'stack.log'}")
        load = Load(base, section)
        time.sleep(10)  # a baseline under load
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
        restart_postgres()
        observe("postgres_restart", injected, time.monotonic())

        injected = time.monotonic()
        stop_redis()
        time.sleep(5)
        start_redis()
        observe("redis_stop", injected, time.monotonic())

        for name, start, table, argv, again in (
            ("build_kill", START_BUILD, "cases_compilationbuild", (), START_BUILD),
            ("import_kill", START_IMPORT, "cases_importbatch", ("a", "40"), RETRY_IMPORT),
        ):
            job = int(shell(env, start, *argv).split()[-1])
            # Killed mid-way: running, some progress made, not yet done.
            running = wait_until(
                lambda job=job, table=table: (
                    job_state(dbname, table, job)[0] == "running"
                    and 5 <= job_state(dbname, table, job)[1] < 95
                ),
                120,
                step=0.2,
            )
            if running is None:
                raise SystemExit(f"{name}: the job never ran; see {work / 'stack.log'}")
            injected = time.monotonic()
            worker.kill()
            failed = wait_until(
                lambda job=job, table=table: job_state(dbname, table, job)[0] == "failed", 120
            )
            figures[f"{name}_marked_failed_s"] = round(failed, 1) if failed is not None else -1
            # A build starts anew; an import resumes at its first file not imported.
            retry = int(
                shell(env, again, *([str(job)] if again is RETRY_IMPORT else [])).split()[-1]
            )
            done = wait_until(
                lambda retry=retry, table=table: (
                    job_state(dbname, table, retry)[0] in ("succeeded", "failed")
                ),
                300,
            )
            status = job_state(dbname, table, retry)[0]
            figures[f"{name}_retry"] = status if done is not None else "timeout"
            observe(name, injected, injected)  # the web was never down

        load.finish()
        tokens = [str(t) for t in load.accepted]
        found = query(
            dbname,
            "SELECT count(*) FROM cases_application WHERE submission_token::text = ANY(%s)",
            tokens,
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
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], capture_output=True)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    print(f"stack log: {work / 'stack.log'}")
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def _up(base):
    try:
        return requests.get(base + "/", timeout=5).status_code == 200
    except requests.RequestException:
        return False


CROWD_SETUP = """
import datetime
from django.core.management import call_command
from django.utils import timezone
from cases.models import CampaignPage, CaseCategory
from home.demo.loader import ensure_home
if {demo}:
    call_command("load_demo", verbosity=0)
now = timezone.now()
campaign = CampaignPage(
    title="并发申报演练", slug="crowd", year=now.year, hosts="主办单位", organizer="承办单位",
    submission_opens_at=now - datetime.timedelta(days=1),
    submission_deadline=now + datetime.timedelta(days=30), submission_prefix="CR-",
)
ensure_home().add_child(instance=campaign)
campaign.save_revision().publish()
section = CaseCategory.objects.first() or CaseCategory.objects.create(name="演练篇", slug="drill")
print(section.pk)
"""

# Connections reset before an answer: runserver listens with a queue of 10 connections.
RESETS = []
BURN = "import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connections from one local address (127.0.0.x): one applicant's machine."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _session(source):
    session = requests.Session()
    if source is not None:
        session.mount("http://", _FromAddress(source))
    return session


def _crowd_applicant(url, data, photo, stamp, clicks, source=None, host=None):
    """One applicant: the form, then `clicks` POSTs of it at once (a double click), from
    the address `source` if given, with `host` as the Host header (through nginx: the
    answer's redirect is read, not followed). Returns [(status, final url or Location,
    ms)] or [(None, error, ms)] per POST."""
    headers = {"Host": host} if host else {}
    with _session(source) as browser:
        for attempt in range(3):  # a reset connection: the applicant reloads
            try:
                page = browser.get(url, timeout=120, headers=headers)
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                csrf = csrf.group(1)
                break
            except requests.ConnectionError as error:
                RESETS.append(repr(error))
                if attempt == 2:
                    return [(None, repr(error), 0)]
                time.sleep(1)
            except (requests.RequestException, AttributeError) as error:
                return [(None, repr(error), 0)]
    files = {
        "photo_1": ("1.jpg", photo, "image/jpeg"),
        "photo_2": ("2.jpg", photo, "image/jpeg"),
        "recommender_stamp": ("s.pdf", stamp, "application/pdf"),
    }
    answers = [None] * clicks

    def post(i):
        started = time.monotonic()
        for _ in range(3):  # a reset connection: the applicant presses again
            try:
                # The same browser session's cookies, each click its own connection.
                referer = urlsplit(url)._replace(netloc=host).geturl() if host else url
                with _session(source) as click:
                    response = click.post(
                        url,
                        data={**data, "csrfmiddlewaretoken": csrf},
                        files=files,
                        cookies=browser.cookies,
                        headers={**headers, "Referer": referer},
                        timeout=180,
                        allow_redirects=host is None,
                    )
                final = response.headers.get("Location", "") if host else response.url
                answers[i] = (response.status_code, final, _ms(started))
                return
            except requests.ConnectionError as error:
                RESETS.append(repr(error))
                answers[i] = (None, repr(error), _ms(started))
                time.sleep(1)
            except requests.RequestException as error:
                answers[i] = (None, repr(error), _ms(started))
                return

    clicks_threads = [threading.Thread(target=post, args=(i,)) for i in range(clicks)]
    for thread in clicks_threads:
        thread.start()
        time.sleep(0.05)
    for thread in clicks_threads:
        thread.join()
    return answers


def _share(ordered, share):
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else -1


def _ms(started):
    return round((time.monotonic() - started) * 1000)


STORED = (
    "SELECT a.submission_token, a.recommender_stamp,"
    " (SELECT {concat} FROM cases_casephoto p"
    "  JOIN cases_caseimage i ON i.id = p.image_id WHERE p.page_id = a.case_id)"
    " FROM cases_application a"
)


def stored_with_photos(work, tokens, rows=None, media=None, private=None):
    """Per submission token, one (photo files on disk, stamp file on disk) per case.
    The rows from make run's SQLite file in `work` unless given (PostgreSQL's)."""
    import sqlite3

    if rows is None:
        with sqlite3.connect(work / "db.sqlite3") as db:
            rows = db.execute(STORED.format(concat="group_concat(i.file, '|')")).fetchall()
    media, private = media or work / "media", private or work / "private"
    wanted = {str(token).replace("-", "") for token in tokens}
    found = {}
    for token, stamp, files in rows:
        if (token := str(token).replace("-", "")) in wanted:
            names = [name for name in (files or "").split("|") if name]
            photos = sum(1 for name in names if _stored_path(media, private, name).exists())
            kept = bool(stamp) and (private / stamp).exists()
            found.setdefault(token, []).append((photos, kept))
    return found


def _stored_path(media, private, name):
    if name.startswith("private/"):
        return private / name.removeprefix("private/")
    return media / name


def _crowd_figures(args, datas, results, stored, elapsed, load):
    accepted = [
        data["token"]
        for data, answers in zip(datas, results, strict=True)
        if any(code in (200, 302) and "/apply/status/" in final for code, final, _ in answers)
    ]
    stored = stored(accepted)
    # Lost: accepted, yet no case with both photos and the stamp on disk.
    lost = sum(1 for token in accepted if (2, True) not in stored.get(token.replace("-", ""), []))
    times = sorted(ms for answers in results for code, _, ms in answers if code is not None)
    return {
        "applicants": args.crowd,
        "posts": sum(len(answers) for answers in results),
        "busy": args.busy,
        "load1": round(load, 1),
        "accepted": len(accepted),
        "not_accepted": args.crowd - len(accepted),
        "errors": sum(
            1 for answers in results for code, _, _ in answers if code is None or code >= 500
        ),
        "limited_429": sum(1 for answers in results for code, _, _ in answers if code == 429),
        "lost": lost,
        "duplicates": sum(1 for cases in stored.values() if len(cases) > 1),
        "resets_pressed_again": len(RESETS),
        "p50_ms": _share(times, 0.5),
        "p95_ms": _share(times, 0.95),
        "wall_s": round(elapsed, 1),
    }


def _run_crowd(args, url, datas, photo, stamp, host=None):
    """Everybody at once (a barrier), every fifth with a double click; the answers, the
    seconds it took and the load at its end."""
    results = [None] * args.crowd
    barrier = threading.Barrier(args.crowd)

    def applicant(i):
        barrier.wait()
        clicks = 2 if i % 5 == 0 else 1
        # Through nginx each applicant its own machine: 127.0.0.2, .3, …
        source = f"127.0.0.{i + 2}" if host else None
        results[i] = _crowd_applicant(url, datas[i], photo, stamp, clicks, source, host)

    started = time.monotonic()
    threads = [threading.Thread(target=applicant, args=(i,)) for i in range(args.crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started, os.getloadavg()[0]


def _crowd_datas(args, section):
    return [
        {
            **APPLICATION,
            "token": str(uuid.uuid4()),
            "title": f"并发申报{i}",
            "section": section,
            "contact_email": f"crowd{i}@example.org",
        }
        for i in range(args.crowd)
    ]


def production_crowd(argv):
    """The crowd through nginx under `make production`, each applicant from its own
    address (127.0.0.2 …), the shipped per-address and per-e-mail limits in force."""
    parser = argparse.ArgumentParser(description="50 applicants at once behind nginx")
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound processes beside")
    args = parser.parse_args(argv)
    if not 0 < args.crowd <= 250:
        parser.error("--crowd: 1 to 250 (one 127.0.0.x address each)")
    burners = []
    with production_stack({}) as (stack, work, base, host, postgres, env):
        try:
            section = shell(env, CROWD_SETUP.replace("{demo}", "False")).split()[-1]
            burn = [PY, "-c", BURN.format(seconds=900)]
            burners = [subprocess.Popen(burn) for _ in range(args.busy)]
            datas = _crowd_datas(args, section)
            results, elapsed, load = _run_crowd(
                args, base + "/crowd/apply/", datas, _jpeg(), _stamp(), host=host
            )
            with psycopg.connect(f"{postgres.url}/portal_faults") as db:
                rows = db.execute(STORED.format(concat="string_agg(i.file, '|')")).fetchall()
            var = work / "var"

            def stored(tokens):
                return stored_with_photos(work, tokens, rows, var / "media", var / "private")

            figures = _crowd_figures(args, datas, results, stored, elapsed, load)
            # Asked once more, with the time a busy machine needs after the crowd.
            up = stack.poll() is None and _production_up(base, host, timeout=60)
            figures["stack_up"] = int(up)
        finally:
            for process in burners:
                process.kill()
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def sqlite_crowd(argv):
    parser = argparse.ArgumentParser(description="50 applicants at once on make run")
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--busy", type=int, default=4, help="CPU-bound processes beside")
    parser.add_argument("--demo", action="store_true", help="load the demo first, as make run")
    parser.add_argument("--migrated", help="start from a copy of this migrated SQLite file")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="portal-crowd-"))
    if args.migrated:
        shutil.copyfile(args.migrated, work / "db.sqlite3")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SUBMISSION_RATE_LIMIT_PER_HOUR": "100000",
        "LOG_LEVEL": "INFO",  # the intake's line per submission: the write lock's hold
    }
    log = open(work / "server.log", "w")  # noqa: SIM115 - open for the servers' whole life
    processes, burners = [], []
    try:
        if not args.migrated:
            manage(env, "migrate", "-v", "0")
        section = shell(env, CROWD_SETUP.replace("{demo}", str(args.demo))).split()[-1]
        for command in (
            [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            [PY, "manage.py", "worker", "--queue-name", "*"],
        ):
            processes.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        base = f"http://127.0.0.1:{port}"
        if wait_until(lambda: _up(base), 120) is None:
            raise SystemExit(f"runserver did not start; see {work / 'server.log'}")
        burners = [subprocess.Popen([PY, "-c", BURN.format(seconds=600)]) for _ in range(args.busy)]
        time.sleep(1)
        datas = _crowd_datas(args, section)
        results, elapsed, load = _run_crowd(args, base + "/crowd/apply/", datas, _jpeg(), _stamp())
    finally:
        for process in burners + processes:
            process.terminate()
        for process in burners + processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()

    figures = _crowd_figures(
        args, datas, results, lambda tokens: stored_with_photos(work, tokens), elapsed, load
    )
    # cases/submission/intake.py logs each submission's write transaction (LOG_LEVEL=INFO).
    server_log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    held = sorted(float(ms) for ms in re.findall(r"write lock held ([\d.]+) ms", server_log))
    figures.update({
        "lock_held_n": len(held),
        "lock_held_p50_ms": _share(held, 0.5),
        "lock_held_p95_ms": _share(held, 0.95),
        "lock_held_max_ms": held[-1] if held else -1,
    })  # fmt: skip
    print(f"server log: {work / 'server.log'}")
    for line in server_log.splitlines():
        if "write lock held" in line and float(re.search(r"held ([\d.]+)", line)[1]) >= 100:
            print(line)  # where the time went in the slow ones
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:2] == ["sqlite-crowd"]:
        sqlite_crowd(sys.argv[2:])
    elif sys.argv[1:2] == ["production-crowd"]:
        production_crowd(sys.argv[2:])
    else:
        main()
