"""The SQLite test database as the migrations leave it, kept between runs: migrating from
nothing takes about 19 s of CPU, paid by every pytest (`make test` starts three). The copy
is named by a digest of every migration file, the project modules they import and the
installed packages' versions, so a changed migration or upgrade makes a new one; Django
still runs `migrate` over the copy (nothing to apply, its post_migrate handlers run as
always). Other databases migrate as usual. `python -m tests.migrated` makes the copy
ahead of parallel runs (the Makefile's test target)."""

import hashlib
import os
import re
import shutil
import sqlite3
import time
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

FOLDER = Path(os.environ.get("TEST_DB_CACHE") or Path.home() / ".cache" / "case-portal" / "test-db")
KEEP_DAYS = 30  # copies for migrations long gone are removed when a new one is made
IMPORT = re.compile(r"^(?:from|import) ([\w.]+)(?: import ([\w, ]+))?", re.M)


def _digest():
    """Every migration file, the project modules the migrations import, and the
    installed packages with their versions."""
    digest = hashlib.sha256()
    imported = set()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted(Path(config.path).glob("migrations/*.py")):
            text = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + text)
            for module, names in IMPORT.findall(text.decode(errors="replace")):
                # `from search import grams`: the module may be a name imported
                imported |= {module} | {f"{module}.{n.strip()}" for n in names.split(",") if n}
    for module in sorted(imported):  # the project's own: a file or package under BASE_DIR
        base = settings.BASE_DIR / module.replace(".", "/")
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                digest.update(module.encode() + b"\0" + path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:20]


def cached_copy():
    """Where the migrated copy for this code lives; None if the tests are not on SQLite
    in a file."""
    if connection.vendor != "sqlite":
        return None
    if not connection.settings_dict.get("TEST", {}).get("NAME"):
        return None
    return FOLDER / f"{_digest()}.sqlite3"


def start_from_copy(path):
    """A new SQLite file at `path` as the migrations leave it, when this code has a copy
    (the benchmarks' throw-away databases, bench/common.py); True if there was one. Each
    benchmark migrated from nothing, 16 s of CPU, in every run of the suite. A file
    already there is left as it is (a benchmark's --workdir kept from an earlier run)."""
    copy = FOLDER / f"{_digest()}.sqlite3"
    if Path(path).exists() or not copy.is_file():
        return False
    shutil.copyfile(copy, path)
    return True


def put_in_place(copy):
    """The migrated copy as the test database; True if there was one."""
    if not copy.is_file():
        return False
    target = Path(connection.settings_dict["TEST"]["NAME"])
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(copy, target)
    return True


def put_back(copy):
    """The test database as migrated again, over whatever a flush left (SQLite's backup
    API, page by page: milliseconds)."""
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def keep(copy):
    """The test database, just migrated, kept as the copy (written aside, then renamed:
    parallel runs may keep theirs at the same moment)."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    aside = copy.with_name(f"{copy.stem}.{os.getpid()}.tmp")
    connection.ensure_connection()
    target = sqlite3.connect(aside)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one file, whatever the source used
    finally:
        target.close()
    os.replace(aside, copy)
    cutoff = time.time() - KEEP_DAYS * 24 * 3600
    for old in copy.parent.glob("*.sqlite3"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def keep_postgres():
    """PostgreSQL: the test database, just migrated, kept as a database of its own (made
    from it as a template); its name."""
    name = connection.settings_dict["NAME"]
    copy = f"{name}_migrated"
    connection.close()  # a template may have no other session
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return name, copy


def put_back_postgres(kept):
    """PostgreSQL: the test database made again from the migrated one, over whatever a
    flush left (a fraction of a second). Not while the connection is on another database
    (a demo module's, tests/rollback.py)."""
    name, copy = kept
    if connection.settings_dict["NAME"] != name:
        return
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy}"')


def drop_postgres(kept):
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{kept[1]}" WITH (FORCE)')


def main():
    """Makes the copy if this code has none yet."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    copy = cached_copy()
    if copy is None or copy.is_file():
        return
    made = setup_databases(
        verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
    )
    keep(copy)
    teardown_databases(made, verbosity=0)


if __name__ == "__main__":
    main()
