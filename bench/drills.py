"""The set-up bench/faults.py and bench/crowd.py share: the processes they supervise,
the bounded load of pages and submissions, a PostgreSQL cluster of their own and
`make production` on it."""

import glob
import io
import os
import re
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


def jpeg_bytes():
    from PIL import Image

    image = Image.linear_gradient("L").resize((1800, 1200)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def stamp_pdf():
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
    """Readers of public pages and one applicant, each request recorded. Each reader
    waits `read_pause` seconds between its pages, the applicant `submit_pause` between
    its submissions (the suite's tiny run lightens the load: its figures are counts of
    errors, whatever the load)."""

    def __init__(self, base, section, readers=3, host=None, read_pause=0.1, submit_pause=1.0):
        self.base, self.section = base, section
        self.read_pause, self.submit_pause = read_pause, submit_pause
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
            self.stop.wait(self.read_pause)

    def _submit(self):
        photo, stamp = jpeg_bytes(), stamp_pdf()
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
            self.stop.wait(self.submit_pause)

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


def query(dbname, sql, *params, server=SERVER):
    with psycopg.connect(f"{server}/{dbname}", autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def job_state(dbname, table, pk, server=SERVER):
    """(status, progress) of a build or an import, read straight from PostgreSQL."""
    sql = f"SELECT status, progress FROM {table} WHERE id = %s"  # noqa: S608 - our table names
    return query(dbname, sql, pk, server=server)[0]


def wait_until(check, timeout, step=0.5):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(step)
    return None


class PrivateRedis:
    """A Redis server of the drill's own: stopping it disturbs nobody else (the tests and
    the PostgreSQL run beside it in CI share the machine's)."""

    def __init__(self, folder):
        self.folder, self.port = folder, free_port()
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port",
             str(self.port), "--save", "", "--appendonly", "no", "--dir", str(self.folder),
             "--logfile", str(self.folder / "redis.log")],
            check=True,
        )  # fmt: skip
        wait_until(self._answers, 10, step=0.1)

    def _answers(self):
        done = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return done.stdout.strip() == "PONG"

    def stop(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True
        )


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
        if wait_until(lambda: production_up(base, host), 900, step=2) is None:
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


def production_up(base, host, timeout=5):
    try:
        answer = requests.get(base + "/", headers={"Host": host}, timeout=timeout)
        return answer.status_code == 200
    except requests.RequestException:
        return False


def site_up(base):
    try:
        return requests.get(base + "/", timeout=5).status_code == 200
    except requests.RequestException:
        return False
