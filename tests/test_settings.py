"""Production settings pass Django's deployment checks; configuration comes from the env."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x9!Lq2#vRt7@pWz4$kMn8^bYc6&hJd3*fGs5(eA1)uQo0-iTl+Vb7%",
    "ALLOWED_HOSTS": "cases.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://cases.example.org",
}


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="cases.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        ({"EMAIL_HOST": ""}, "EMAIL_HOST"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"WAGTAILADMIN_BASE_URL": ""}, "WAGTAILADMIN_BASE_URL"),
        ({"WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000"}, "WAGTAILADMIN_BASE_URL"),
    ],
)
def test_production_refuses_to_start_half_configured(tmp_path, unset, named):
    env = {**PRODUCTION, **unset, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    check = manage("check", "--deploy", **env)
    assert check.returncode != 0 and named in check.stderr
    # The application server runs no checks: the WSGI application refuses by itself.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wsgi.returncode != 0 and "生产环境配置不完整" in wsgi.stderr and named in wsgi.stderr


def test_production_may_switch_e_mail_off_explicitly(tmp_path):
    env = {**PRODUCTION, "EMAIL_HOST": "", "EMAIL_ENABLED": "0"}
    result = manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    assert result.returncode == 0, result.stderr


def test_settings_read_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.MEDIA_ROOT,"
        " s.CACHES['default']['BACKEND'], s.EMAIL_HOST, s.ELASTICSEARCH_URL)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL="postgres://u@db.example:5432/cases",
        ALLOWED_HOSTS="a.example,b.example",
        MEDIA_ROOT=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/1",
        EMAIL_HOST="smtp.example",
        ELASTICSEARCH_URL="http://es.example:9200",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "['a.example',",
        "'b.example']",
        str(tmp_path),
        "portal.cache.ResilientRedisCache",
        "smtp.example",
        "http://es.example:9200",
    ]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


@pytest.mark.django_db
def test_admin_speaks_chinese(admin_client):
    response = admin_client.get("/admin/")
    body = response.content.decode()
    assert '<html lang="zh-hans"' in body
    # Wagtail's own Chinese catalogue: "Dashboard" is 控制面板.
    assert "控制面板" in body
    assert "Dashboard" not in body
