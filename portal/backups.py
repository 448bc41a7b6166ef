"""One archive holds the whole installation: a consistent copy of the database, the public
media and the private media, with a manifest of every file's checksum.

- SQLite: the online backup API copies a consistent snapshot while the portal runs.
- PostgreSQL: pg_dump (custom format) reads one snapshot; pg_restore brings it back.
- Media are copied after the database: a file written meanwhile is extra (harmless).

Restore goes into an empty installation (no cases, no applications, empty media
folders) and checks every file against the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from cases.models import Application, CasePage
from published.changes import announce

FORMAT = 1
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A message for the operator, in Chinese."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_checksums(root):
    """{relative path: sha256} of every file under root."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _pg_env(db):
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    env.update(PGHOST=db.get("HOST") or "127.0.0.1", PGPORT=str(db.get("PORT") or 5432))
    env["PGUSER"] = db.get("USER") or "postgres"
    return env


def _run(args, env=None):
    try:
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=3600)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"找不到 {args[0]}：请安装 PostgreSQL 客户端（postgresql-client）。"
        ) from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode(errors="replace").strip()[-500:]
        raise BackupError(f"{args[0]} 失败：{detail}") from error


def _dump_database(folder):
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # a consistent snapshot, while others keep writing
        source.close()
        copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "-f", str(target), db["NAME"]], _pg_env(db)
        )
        return target.name
    raise BackupError(f"不支持备份 {connection.vendor} 数据库。")


def backup(output):
    """Write the archive to `output` (a path); returns the manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        folder = Path(tmp)
        database = _dump_database(folder)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": database,
            "database_sha256": _sha256(folder / database),
            "files": {
                name: file_checksums(getattr(settings, key)) for name, key in FOLDERS.items()
            },
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / database, arcname=database)
            for name, key in FOLDERS.items():
                root = Path(getattr(settings, key))
                for relative in manifest["files"][name]:
                    archive.add(root / relative, arcname=f"{name}/{relative}")
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)  # never a half-written archive under the real name
    return manifest


def _installation_is_empty():
    tables = connection.introspection.table_names()
    if CasePage._meta.db_table not in tables:
        return True  # not even migrated
    return not (CasePage.objects.exists() or Application.objects.exists())


def _safe_members(archive):
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"存档中有不安全的条目：{member.name}")
        yield member


def _restore_database(folder, manifest):
    db = connection.settings_dict
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"存档来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor}。")
    source = folder / manifest["database"]
    connections.close_all()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(db["NAME"])
        backup_db = sqlite3.connect(source)
        with target:
            backup_db.backup(target)
        backup_db.close()
        target.close()
    else:
        args = ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", db["NAME"], str(source)]
        _run(args, _pg_env(db))


def restore(archive_path):
    """Restore an archive into this (empty) installation; returns the manifest."""
    if not _installation_is_empty():
        raise BackupError("当前安装已有案例或申报表：恢复只能在空的安装中进行。")
    for key in FOLDERS.values():
        root = Path(getattr(settings, key))
        if root.exists() and any(root.rglob("*.*")):
            raise BackupError(f"{key}（{root}）中已有文件：恢复只能在空的安装中进行。")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
        folder = Path(tmp)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(folder, members=list(_safe_members(archive)))  # noqa: S202
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"无法读取存档：{error}") from error
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("存档格式不认识。")
        if _sha256(folder / manifest["database"]) != manifest["database_sha256"]:
            raise BackupError("存档中的数据库已损坏（校验值不符）。")
        for name in FOLDERS:
            if file_checksums(folder / name) != manifest["files"][name]:
                raise BackupError(f"存档中的 {name} 文件与清单不符。")
        _restore_database(folder, manifest)
        for name, key in FOLDERS.items():
            root = Path(getattr(settings, key))
            root.mkdir(parents=True, exist_ok=True)
            if (folder / name).exists():
                shutil.copytree(folder / name, root, dirs_exist_ok=True)
            if file_checksums(root) != manifest["files"][name]:
                raise BackupError(f"{key} 中恢复的文件与清单不符。")
    # Everything readers see may differ from what caches hold (the restored generation
    # may even be one they kept): a new generation, the search index rebuilt.
    announce(everything=True)
    return manifest
