"""Memory of a gunicorn worker, resident (RSS) and its own (USS), against a baseline commit.

Usage: .venv/bin/python bench/memory.py [--requests 30] [--baseline 96d3313]
                                        [--database postgres|sqlite] [--reuse DIR] [--keep]
                                        [--imports]

Each side (this tree; the baseline commit in a temporary worktree, --baseline none for
this tree alone) is set up as bench/render.py sets it up (production settings, its own
database and Redis database, the demo content) and served by gunicorn with its own
deploy/gunicorn.conf.py and 2 workers. Each public page (home, library, campaign, case,
search with a query) is asked --requests times, a new content generation before every
other request, so both cold and cached paths run in every worker. Then, per worker,
/proc/<pid>/smaps_rollup: Rss, Pss and USS (Private_Clean + Private_Dirty: what the
worker alone holds, freed when it exits); the largest worker's figures are reported.

--imports adds what each large package costs a process on its own: the resident size a
fresh process gains importing it after Django (VmRSS before and after), for the packages
a worker loads; "django" is django.setup() itself (0 for a package setup already loads).

Last line: the figures (MB).
"""

import argparse
import json
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render

ROOT = render.ROOT
PYTHON = render.PYTHON
QUERY = "调解"
# Packages whose cost alone is measured with --imports (a worker loads them all).
# "django": django.setup() itself (the apps and models, what a worker starts with);
# "pypinyin": as the search loads it (search/variants.py, when a query finds nothing).
PACKAGES = (
    "django", "wagtail.models", "ninja", "pydantic", "rest_framework", "PIL.Image", "psycopg",
    "redis", "weasyprint", "openpyxl", "docx", "pikepdf", "rjieba", "pypinyin",
)  # fmt: skip

URLS = """
import json
from cases.models import CampaignPage, CaseLibraryPage, CasePage
from home.models import HomePage
print(json.dumps({
    "home": HomePage.objects.live().first().url,
    "library": CaseLibraryPage.objects.live().first().url,
    "campaign": CampaignPage.objects.live().first().url,
    "case": CasePage.objects.get(slug="xinjiayuan-property-disputes").url,
}))
"""


def draw(env):
    """A new content generation, straight in the side's database."""
    url, value = env["DATABASE_URL"], secrets.randbits(62)
    sql = "UPDATE published_contentgeneration SET value = {} WHERE id = 1"
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.execute(sql.format("?"), [value])
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql.format("%s"), [value])


def manage_shell(env, tree, script):
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=tree, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def get(port, path):
    request = Request(f"http://127.0.0.1:{port}{path}", headers={"Host": render.HOST})
    with urlopen(request, timeout=30) as response:  # noqa: S310 - http, built here
        response.read()
        return response.status


def wait_up(port, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on {port} exited ({process.returncode})")
        try:
            get(port, "/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn on {port} did not answer")


def workers_of(master):
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    )
    return [int(pid) for pid in found.stdout.split()]


def rollup(pid):
    """Rss, Pss and USS of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": uss}


def free_port():
    # Any port the system calls free now: fixed ports met other helpers' servers.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_side(name, tree, env, requests):
    port = free_port()
    env = {**env, "WEB_CONCURRENCY": "2", "GUNICORN_BIND": f"127.0.0.1:{port}"}
    urls = json.loads(manage_shell(env, tree, URLS))
    urls["search"] = f"/search/?q={quote(QUERY)}"
    gunicorn = [PYTHON, "-m", "gunicorn", "-c", str(tree / "deploy/gunicorn.conf.py")]
    gunicorn += ["--no-control-socket", "portal.wsgi"]
    process = subprocess.Popen(
        gunicorn, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_up(port, process)
        time.sleep(3)
        if process.poll() is not None:  # another server answered on the port
            raise SystemExit(f"{name}: gunicorn exited ({process.returncode})")
        for i in range(requests):
            if i % 2 == 0:
                draw(env)
            for path in urls.values():
                status = get(port, path)
                if status != 200:
                    raise SystemExit(f"{name}: {path} answered {status}")
        time.sleep(1)
        figures = [rollup(pid) for pid in workers_of(process.pid)]
        master = rollup(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return max(figures, key=lambda f: f["uss"]), master, len(figures)


IMPORT_ONE = """
import sys, django
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
name = sys.argv[1]
if name != "django":
    django.setup()
before = rss()
if name == "django":
    django.setup()
elif name == "rjieba":
    from search import text
    text.tokens("社区治理")  # builds the segmenter
elif name == "pypinyin":
    from search import variants
    variants.sound("社区")
else:
    __import__(name)
print(round(rss() - before, 1))
"""


def import_costs(tree, env):
    costs = {}
    for package in PACKAGES:
        done = subprocess.run(
            [PYTHON, "-c", IMPORT_ONE, package], cwd=tree, env=env,
            capture_output=True, text=True,
        )  # fmt: skip
        costs[package] = float(done.stdout.split()[-1]) if done.returncode == 0 else None
    return costs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--baseline", default="96d3313", help="a commit, or none")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", metavar="DIR", help="the folder a --keep run left")
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    reuse = args.reuse is not None
    work = Path(args.reuse) if reuse else Path(tempfile.mkdtemp(prefix="bench-memory-"))
    trees = {"new": ROOT}
    try:
        if args.baseline != "none":
            trees["base"] = work / "baseline"
            if not reuse:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(trees["base"]),
                     args.baseline], check=True, capture_output=True,
                )  # fmt: skip
        envs = {
            name: render.environment(name, tree, work, args.database)
            for name, tree in trees.items()
        }
        if not reuse:
            for name, tree in trees.items():
                render.set_up(name, tree, envs[name], args.database)
        figures = []
        for name, tree in trees.items():
            worker, master, n = measure_side(name, tree, envs[name], args.requests)
            print(
                f"{name:5} {n} workers, largest: RSS {worker['rss']:6.1f} MB  "
                f"PSS {worker['pss']:6.1f} MB  USS {worker['uss']:6.1f} MB;  "
                f"master RSS {master['rss']:6.1f} MB"
            )
            prefix = "" if name == "new" else "base_"
            figures += [
                f"{prefix}worker_rss_mb={worker['rss']:.1f}",
                f"{prefix}worker_uss_mb={worker['uss']:.1f}",
                f"{prefix}worker_pss_mb={worker['pss']:.1f}",
                f"{prefix}master_rss_mb={master['rss']:.1f}",
            ]
        if args.imports:
            for package, mb in import_costs(ROOT, envs["new"]).items():
                print(f"import {package:16} {'-' if mb is None else f'{mb:6.1f} MB'}")
                if mb is not None:
                    figures.append(f"import_{package.split('.')[0].lower()}_mb={mb:.1f}")
        figures.append(f"requests={args.requests}")
        print(" ".join(figures))
    finally:
        if not args.keep and not reuse:
            if "base" in trees:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees["base"])],
                    capture_output=True, check=False,
                )  # fmt: skip
            if args.database == "postgres":
                for name in trees:
                    database = render.SIDES[name][0]
                    render.postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for name in trees:
                render.flush_redis(render.SIDES[name][1])
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            render.log(f"kept: {work}")


if __name__ == "__main__":
    sys.exit(main())
