"""The SQLite test database with the demo content loaded, kept between runs beside the
migrated copy (tests/migrated.py): loading the demo took about 11 s of CPU in each
pytest-xdist worker of every run. A snapshot is a folder named by a digest of what the
load is made from: the migrated copy's digest (migrations, the modules they import, the
installed packages), every file of the project's apps but their templates and static
files (the load_demo command, the code it calls, the demo data, the search dictionaries),
the project's translations, the fonts the demo photos are drawn with, the environment
variables the settings read, this module and tests/rollback.py (which loads it). Any
change there makes a new one; old ones go after KEEP_DAYS. It holds the database
(`database.sqlite3`) and the files the load wrote under the media roots (`media/`,
`private/`), and is made aside, then renamed: parallel workers may make theirs at the
same moment, the first stays.

The load renders no template (the digest leaves templates out): tests/rollback.py's load
fails if one is rendered. PostgreSQL has no snapshot; tests/rollback.py loads the demo there."""

import hashlib
import os
import re
import shutil
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings

from tests import migrated

KEEP_DAYS = migrated.KEEP_DAYS
PREFIX = "demo-"
DATABASE = "database.sqlite3"
# Parts of the apps the load does not read (no_template_rendered() checks the templates).
NOT_READ = {"__pycache__", "templates", "static"}
ENV_NAME = re.compile(r"""env_\w+\(\s*["'](\w+)["']""")


def _project_roots():
    base = Path(settings.BASE_DIR).resolve()
    roots = {Path(c.path).resolve() for c in apps.get_app_configs()}
    return sorted(r for r in roots if r == base or base in r.parents)


def _files(root):
    for path in sorted(Path(root).rglob("*")):
        parts = set(path.relative_to(root).parts)
        if path.is_file() and not parts & NOT_READ and path.suffix != ".pyc":
            yield path


def inputs():
    """The files a load reads, as (name, path): the project's apps but their templates
    and static files, and the project's translations."""
    base = Path(settings.BASE_DIR).resolve()
    roots = _project_roots() + [Path(p) for p in settings.LOCALE_PATHS]
    return [
        (path.resolve().relative_to(base).as_posix(), path)
        for root in roots
        for path in _files(root)
    ]


def digest(files=None, fonts=None, environ=None):
    """The snapshot's name for this code, data and environment."""
    from home.demo import photos

    sums = hashlib.sha256(migrated._digest().encode())
    for module in ("demo_snapshot.py", "rollback.py"):  # how the snapshot is made
        sums.update(Path(__file__).with_name(module).read_bytes())
    for name, path in inputs() if files is None else files:
        sums.update(name.encode() + b"\0" + Path(path).read_bytes())
    for font in photos.FONT_CANDIDATES if fonts is None else fonts:
        font = Path(font)
        if font.is_file():
            stat = font.stat()
            sums.update(f"{font}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    environ = os.environ if environ is None else environ
    for name in sorted(settings_environment()):
        sums.update(f"{name}={environ.get(name)!r}\n".encode())
    return sums.hexdigest()[:20]


def settings_environment():
    """The environment variables the settings read."""
    names = set()
    for path in (Path(settings.BASE_DIR) / "portal" / "settings").glob("*.py"):
        names |= set(ENV_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def folder(name=None):
    return migrated.FOLDER / f"{PREFIX}{name or digest()}"


def media_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def take(snapshot, into_folder):
    """The snapshot's database as an in-memory copy, its files copied (not linked: a test
    that rewrote one in place would change the kept snapshot) under into_folder/media and
    into_folder/private; None if there is no complete snapshot."""
    database = snapshot / DATABASE
    if not database.is_file():
        return None
    for name in media_roots():
        source = snapshot / name
        if source.is_dir():
            shutil.copytree(source, Path(into_folder) / name, dirs_exist_ok=True)
    kept = sqlite3.connect(database)
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        kept.backup(copy)
    finally:
        kept.close()
    os.utime(snapshot)  # in use: not removed as old
    return copy


def files_now():
    return {
        name: {p for p in root.rglob("*") if p.is_file()} for name, root in media_roots().items()
    }


def keep(snapshot, database, files_before):
    """The demo just loaded (`database`, an sqlite3 connection) and the files the load
    added under the media roots, kept as `snapshot`."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    aside = snapshot.with_name(f"{snapshot.name}.{os.getpid()}.tmp")
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    for name, root in media_roots().items():
        for path in sorted(files_now()[name] - files_before[name]):
            there = aside / name / path.relative_to(root)
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, there)
    target = sqlite3.connect(aside / DATABASE)
    try:
        database.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    try:
        aside.rename(snapshot)
    except OSError:  # another worker kept the same one first
        shutil.rmtree(aside, ignore_errors=True)
    _remove_old(snapshot.parent)


def _remove_old(parent):
    cutoff = time.time() - KEEP_DAYS * 24 * 3600
    for old in parent.glob(f"{PREFIX}*"):
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def no_template_rendered():
    """The digest leaves templates out: a load that renders one must add them."""
    from django.test.signals import template_rendered

    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(getattr(template, "name", template))

    template_rendered.connect(seen, weak=False)
    try:
        yield
    finally:
        template_rendered.disconnect(seen)
    if rendered:
        raise AssertionError(
            f"load_demo rendered {rendered}: tests/demo_snapshot.py's digest leaves "
            "templates out, add them"
        )
