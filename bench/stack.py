"""The stacks bench/load.py measures: this tree's production stack, a baseline commit in a
worktree beside it, and nginx serving a static copy of a page (the floor).

Everything started is recorded on a Stack so that it can all be stopped and removed at
the end (or kept with --keep). Ports: nginx PORT, gunicorn PORT+1 (as deploy/production.py),
the baseline's gunicorn PORT+2, the floor's nginx PORT+3. Databases portal_load_new and
portal_load_base, Redis databases 12 and 13 (not production's 5 nor bench/faults.py's 14).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy import production  # noqa: E402 - after ROOT is on the path

PYTHON = production.PYTHON
NEW_DB, BASE_DB = "portal_load_new", "portal_load_base"
NEW_REDIS, BASE_REDIS = 12, 13

CASE_SLUG = "xinjiayuan-property-disputes"

# Run in each tree (manage.py shell): the public pages' addresses, last line as JSON.
URLS = """
import json
from cases.models import CampaignPage, CaseLibraryPage, CasePage, CompilationPage
from home.models import HomePage
urls = {
    "home": HomePage.objects.live().first().url,
    "library": CaseLibraryPage.objects.live().first().url,
    "campaign": CampaignPage.objects.live().first().url,
    "case": CasePage.objects.get(slug=SLUG).url,
}
web = CompilationPage.objects.live().first()
if web is not None:
    urls["web"] = web.url
print(json.dumps(urls))
"""

# Run in this tree's production environment: publish new titles of the case page and

FLOOR_SITE = """# bench/load.py: the static copy of the case page, the floor for the cached figures.
server {{
    listen 127.0.0.1:{port};
    server_name _;
    root {html};
    index index.html;
}}
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


class Stack:
    """Everything started, so that it can all be stopped and removed (or kept)."""

    def __init__(self, work, keep):
        self.work, self.keep = work, keep
        self.processes = []  # (name, Popen)
        self.databases, self.redis_dbs, self.worktree = [], [], None

    def start(self, name, command, cwd, env=None):
        out = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - the process's whole life
        # Its own session: Ctrl+C reaches this script only, which stops it in order.
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))
        return process

    def check_running(self):
        for name, process in self.processes:
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} exited ({process.returncode}): see {self.work}/{name}.log"
                )

    def teardown(self):
        if self.keep:
            log(f"--keep: left running {[(n, p.pid) for n, p in self.processes]}, databases "
                f"{self.databases}, worktree {self.worktree}, files {self.work}")  # fmt: skip
            return
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own group (start_new_session)
                process.wait()
        for name in self.databases:
            drop_database(name)
        for db in self.redis_dbs:
            flush_redis(db)
        if self.worktree is not None:
            done = subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(self.worktree)],
                capture_output=True, check=False,
            )  # fmt: skip
            if done.returncode:
                shutil.rmtree(self.worktree, ignore_errors=True)
                subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)
        shutil.rmtree(self.work, ignore_errors=True)


def drop_database(name):
    import psycopg

    with psycopg.connect(f"{production.PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(db):
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()


def create_database(name):
    # production.create_database() creates its module's DATABASE only: used for this
    # tree's; the baseline's is created here.
    import psycopg

    drop_database(name)
    with psycopg.connect(f"{production.PG}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def shell(env, cwd, script, **values):
    """Run `script` in a tree's manage.py shell with NAME placeholders filled; its last line."""
    for name, value in values.items():
        script = script.replace(name, repr(value))
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "--verbosity", "0", "-c", script],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"manage.py shell in {cwd} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def manage_quiet(env, cwd, *args):
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} in {cwd} failed:\n{done.stderr[-3000:]}")


def port_free(port):
    with socket.socket() as sock:
        # As the servers bind: a port left in TIME_WAIT by the last run is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def get(base, path, host, timeout=30):
    """(status, X-Cache-Status, body) of one GET."""
    request = Request(base + path, headers={"Host": host})  # noqa: S310 - our own servers
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers.get("X-Cache-Status", ""), response.read()
    except OSError as error:
        return getattr(error, "code", 0), "", b""


def wait_up(base, host, stack, path="/", timeout=90):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        stack.check_running()
        if get(base, path, host, timeout=5)[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit(f"{base} did not answer within {timeout} s: see {stack.work}")


def worker_rss_mb(master_pid):
    """The largest VmRSS (MB) of the gunicorn master's children, its workers."""
    largest = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master_pid:
                continue
            status = (entry / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if found:
            largest = max(largest, int(found.group(1)) / 1024)
    return largest


def workers_cpu_s(master_pid):
    """The CPU seconds (user and system) the gunicorn master's children, its workers, have
    used so far; less swayed by other processes' load than the time a request takes."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master_pid:  # ppid; utime and stime are fields 14 and 15
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def setup_new(stack, args, work):
    """This tree's production stack, as production.main() starts it (minus ensure_admin:
    no login is made), on its own database, Redis db, ports and var folder."""
    production.VAR = work / "new"  # the module's globals, read by its functions
    production.DATABASE = NEW_DB
    production.PORT = args.port
    (production.VAR / "logs").mkdir(parents=True)
    env = production.environment()
    env["REDIS_URL"] = f"redis://127.0.0.1:6379/{NEW_REDIS}"
    env["WEB_CONCURRENCY"] = "2"
    drop_database(NEW_DB)
    stack.databases.append(NEW_DB)
    stack.redis_dbs.append(NEW_REDIS)
    flush_redis(NEW_REDIS)
    production.create_database()
    log("this tree: migrate, collectstatic, load_demo, set_site")
    manage_quiet(env, ROOT, "migrate", "--verbosity", "0")
    manage_quiet(env, ROOT, "collectstatic", "--noinput", "--verbosity", "0")
    manage_quiet(env, ROOT, "load_demo")
    manage_quiet(env, ROOT, "set_site")
    config = production.nginx_config(env)
    subprocess.run(["nginx", "-t", "-q", "-c", str(config)], check=True)
    # --no-control-socket: gunicorn 27's control socket is one path per user
    # (~/.gunicorn/gunicorn.ctl) that the baseline's master (or a `make production`
    # running) would take over.
    gunicorn = [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket"]
    web = stack.start("gunicorn-new", [*gunicorn, "portal.wsgi"], ROOT, env)
    stack.start("worker-new", [PYTHON, *production.WORKER], ROOT, env)
    stack.start("nginx-new", ["nginx", "-c", str(config)], ROOT)
    return env, web


def setup_base(stack, args, work, new_env):
    """The baseline commit in a worktree, on the same environment but its own database,
    Redis db, port and folders; this venv's gunicorn with this tree's gunicorn settings."""
    tree = work / "baseline"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.baseline],
        check=True, capture_output=True,
    )  # fmt: skip
    stack.worktree = tree
    var = work / "base"
    env = {
        **new_env,
        "DATABASE_URL": f"{production.PG}/{BASE_DB}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{BASE_REDIS}",
        "GUNICORN_BIND": f"127.0.0.1:{args.port + 2}",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "PRIVATE_MEDIA_ROOT": str(var / "private"),
    }
    env.pop("PYTHONPATH", None)  # its own modules, from its worktree
    create_database(BASE_DB)
    stack.databases.append(BASE_DB)
    stack.redis_dbs.append(BASE_REDIS)
    flush_redis(BASE_REDIS)
    log(f"baseline {args.baseline}: migrate, load_demo")
    manage_quiet(env, tree, "migrate", "--verbosity", "0")
    manage_quiet(env, tree, "load_demo")
    # Later baselines (96d3313 on) keep a manifest of hashed static names in production.
    manage_quiet(env, tree, "collectstatic", "--noinput", "--verbosity", "0")
    gunicorn = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")]
    gunicorn += ["--chdir", str(tree), "--no-control-socket", "portal.wsgi"]
    web = stack.start("gunicorn-base", gunicorn, tree, env)
    return env, tree, web


def setup_floor(stack, args, work, case_path, html):
    """nginx as the stack's (production.NGINX_MAIN), serving the case page from disk."""
    var = work / "floor"
    for folder in ("logs", "nginx/body", "nginx/proxy", "nginx/fastcgi", "nginx/uwsgi",
                   "nginx/scgi"):  # fmt: skip
        (var / folder).mkdir(parents=True, exist_ok=True)
    page = var / "html" / case_path.strip("/") / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(html)
    site = FLOOR_SITE.format(port=args.port + 3, html=var / "html")
    (var / "nginx/portal.conf").write_text(site, encoding="utf-8")
    user = "user root;" if os.geteuid() == 0 else ""
    main = production.NGINX_MAIN.format(var=var, user=user)
    config = var / "nginx/nginx.conf"
    config.write_text(main, encoding="utf-8")
    subprocess.run(["nginx", "-t", "-q", "-c", str(config)], check=True)
    stack.start("nginx-floor", ["nginx", "-c", str(config)], ROOT)


def timed_get(base, path, host, extra=None):
    """(milliseconds, status, headers) of one GET."""
    request = Request(base + path, headers={"Host": host, **(extra or {})})  # noqa: S310
    started = time.perf_counter()
    try:
        with urlopen(request, timeout=30) as response:  # noqa: S310 - our own servers
            response.read()
            status, headers = response.status, response.headers
    except OSError as error:  # urllib raises on 304
        status, headers = getattr(error, "code", 0), getattr(error, "headers", {})
    return (time.perf_counter() - started) * 1000, status, headers
