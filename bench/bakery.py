"""bakerydemo (wagtail/bakerydemo, a checkout outside this repo) as bench/load.py --cold
--against-bakerydemo PATH runs it: the yardstick issue 29 names, its blog post page.

PATH is a bakerydemo checkout with its own virtualenv at PATH/.venv (its requirements,
psycopg and gunicorn 27 or later, for --no-control-socket, installed there); nothing of
bakerydemo is kept in this repo. It
runs as it ships for production (bakerydemo.settings.production: DEBUG off, whitenoise,
its cache the per-process LocMemCache it falls back to without REDIS_URL, no page cache
nor fragment cache on the blog post page) with four changes, all made from outside:
SECURE_SSL_REDIRECT off (plain HTTP on loopback), a fixed secret key, a database of its
own on the same PostgreSQL server as the portal's sides, and its media and collected
static files in the run's temporary folder (a settings module written there that only
moves MEDIA_ROOT and STATIC_ROOT), so that repeated runs leave its checkout as it was.
Served by its venv's gunicorn with the portal's worker count and kind (2 sync workers,
the 60 s timeout of deploy/gunicorn.conf.py) on --port+2, where the baseline would be.
"""

import os
import secrets
import subprocess
from pathlib import Path

from stack import create_database, log, production

BAKERY_DB = "portal_load_bakery"

# Written into the run's folder: bakerydemo's production settings, only its writable
# folders moved out of its checkout.
SETTINGS = """from bakerydemo.settings.production import *  # noqa: F403
MEDIA_ROOT = {media!r}
STATIC_ROOT = {static!r}
"""

# Run in bakerydemo (manage.py shell): the address of its first blog post.
BLOG_URL = """
from bakerydemo.blog.models import BlogPage
print(BlogPage.objects.live().order_by("path").first().url)
"""


def checkout_problem(path):
    """Why PATH is not a bakerydemo checkout with its virtualenv, or None."""
    path = Path(path)
    if not (path / "bakerydemo" / "blog").is_dir() or not (path / "manage.py").is_file():
        return f"{path} is not a bakerydemo checkout (no manage.py, no bakerydemo/blog)"
    if not (path / ".venv" / "bin" / "python").is_file():
        return f"{path}/.venv/bin/python missing: bakerydemo needs a virtualenv of its own"
    return None


def environment(path, work):
    """bakerydemo's environment: its production settings (moved folders), its database."""
    folder = work / "bakery"
    (folder / "settings").mkdir(parents=True)
    (folder / "settings" / "bench_settings.py").write_text(
        SETTINGS.format(media=str(folder / "media"), static=str(folder / "static")),
        encoding="utf-8",
    )
    # A clean environment: none of the portal's variables (REDIS_URL would switch its
    # cache to Redis' databases 0 and 1, which are not this bench's).
    return {
        "PATH": f"{path}/.venv/bin:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(folder / "settings"),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": f"{production.PG}/{BAKERY_DB}",
        "SECURE_SSL_REDIRECT": "false",
    }


def manage(env, path, *args):
    """bakerydemo's manage.py under its own venv; its last line of output."""
    done = subprocess.run(
        [f"{path}/.venv/bin/python", "manage.py", *args],
        cwd=path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"bakerydemo manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def setup_bakerydemo(stack, args, work):
    """bakerydemo on its own database, loaded with its demo content, served by gunicorn on
    --port+2; (address, blog post path, gunicorn's master process)."""
    path = str(Path(args.against_bakerydemo).resolve())
    env = environment(path, work)
    create_database(BAKERY_DB)
    stack.databases.append(BAKERY_DB)
    log(f"bakerydemo {path}: migrate, load_initial_data, collectstatic")
    manage(env, path, "migrate", "--noinput", "--verbosity", "0")
    manage(env, path, "load_initial_data")
    manage(env, path, "collectstatic", "--noinput", "--verbosity", "0")
    blog = manage(env, path, "shell", "--verbosity", "0", "-c", BLOG_URL)
    if not blog.startswith("/"):
        raise SystemExit(f"bakerydemo has no live blog post: {blog!r}")
    bind = f"127.0.0.1:{args.port + 2}"
    gunicorn = [f"{path}/.venv/bin/python", "-m", "gunicorn", "--workers", "2"]
    gunicorn += ["--worker-class", "sync", "--timeout", "60", "--bind", bind]
    gunicorn += ["--no-control-socket", "bakerydemo.wsgi"]
    web = stack.start("gunicorn-bakery", gunicorn, path, env)
    return f"http://{bind}", blog, web
