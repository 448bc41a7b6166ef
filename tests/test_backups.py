"""manage.py backup writes one archive (database, public and private media); restore
brings it back into an empty installation, every record and file as it was."""

import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from cases.models import Application, Assignment, CasePhoto, Review
from portal.backups import file_checksums
from tests.factories import CasePageFactory, ImageFactory

ROOT = Path(__file__).resolve().parents[1]
MODELS = [
    "wagtailcore.page",
    "wagtailcore.revision",
    "cases",
    "auth.user",
    "search",
]


def _content(campaign, user):
    case = CasePageFactory(parent=campaign, title="备份里的案例", live=False)
    case.save_revision().publish()
    CasePhoto.objects.create(page=case, image=ImageFactory(), caption="图注")
    application = Application.objects.create(case=case, contact_name="备份联系人")
    application.recommender_stamp.save("stamp.pdf", ContentFile(b"%PDF-1.4 stamp"))
    assignment = Assignment.objects.create(case=case, expert=user)
    Review.objects.create(
        assignment=assignment,
        scores={"1": 8},
        comment="好",
        recommendation="select",
        weighted_total=80,
    )


@pytest.fixture
def target_database(tmp_path):
    """A new empty database of the same kind, as DATABASE_URL; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    user, host = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1"
    server = f"{user}@{host}:{db.get('PORT') or 5432}"
    name = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"postgresql://{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{server}/{name}"
    with psycopg.connect(f"postgresql://{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_into_an_empty_installation(
    tmp_path, campaign, admin_user, target_database
):
    _content(campaign, admin_user)
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", output=str(archive), stdout=StringIO())
    source = StringIO()
    call_command("dumpdata", *MODELS, stdout=source)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": target_database,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    _manage(env, "migrate", "-v", "0")  # a fresh installation, as make run leaves it
    result = _manage(env, "restore", str(archive))
    assert "校验无误" in result.stdout
    restored = _manage(env, "dumpdata", *MODELS).stdout

    def records(text):
        return sorted(json.loads(text), key=lambda r: (r["model"], str(r["pk"])))

    assert records(restored) == records(source.getvalue())
    assert file_checksums(tmp_path / "media") == file_checksums(settings.MEDIA_ROOT)
    assert file_checksums(tmp_path / "private") == file_checksums(settings.PRIVATE_MEDIA_ROOT)

    # Restoring again over what is now a full installation is refused.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode != 0 and "空的安装" in again.stderr
