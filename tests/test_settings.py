"""Production settings pass Django's deployment checks; configuration comes from the env."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# Django started in a subprocess (a second of start-up each): the processes tier, left
# out of `make test-fast`.
starts_django = pytest.mark.processes


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


@starts_django
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


@starts_django
def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="cases.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@starts_django
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


@starts_django
def test_production_may_switch_e_mail_off_explicitly(tmp_path):
    env = {**PRODUCTION, "EMAIL_HOST": "", "EMAIL_ENABLED": "0"}
    result = manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    assert result.returncode == 0, result.stderr


@starts_django
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


@starts_django
def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    script = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS'))"
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    postgres = "postgres://u@db.example:5432/cases"
    runs = {
        "default": manage("shell", "--no-imports", "-c", script, DATABASE_URL=postgres, **env),
        "none": manage(
            "shell", "--no-imports", "-c", script, DATABASE_URL=postgres,
            DB_PREPARE_THRESHOLD="-1", **env,
        ),
        "sqlite": manage(
            "shell", "--no-imports", "-c", script, DATABASE_URL="sqlite:///db.sqlite3", **env
        ),
    }  # fmt: skip
    assert all(run.returncode == 0 for run in runs.values()), [r.stderr for r in runs.values()]
    assert runs["default"].stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': 2}"
    assert runs["none"].stdout.strip() in ("{}", "None")
    assert "server_side_binding" not in runs["sqlite"].stdout


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


@starts_django
def test_the_example_environment_placeholder_key_fails_check(tmp_path):
    example = (ROOT / "deploy" / "portal.env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY=")
    )
    env = {**PRODUCTION, "SECRET_KEY": placeholder}
    result = manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    assert result.returncode != 0
    assert "portal.E010" in result.stderr and "占位值" in result.stderr, result.stderr
    # gunicorn runs no checks: the WSGI application refuses the key by itself.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env={**os.environ, **env, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wsgi.returncode != 0 and "SECRET_KEY" in wsgi.stderr


@pytest.mark.parametrize(
    "key",
    ["change-me-to-50-random-characters", "dev-only-insecure-key-not-for-production", "a" * 60],
)
def test_placeholder_and_weak_keys_are_named(key):
    from portal.checks import secret_key_problem

    assert secret_key_problem(key)
    assert secret_key_problem(PRODUCTION["SECRET_KEY"]) is None


def dev_secret_key(key_file, **env):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(key_file),
        **env,
    )
    assert result.returncode == 0, result.stderr
    key, debug = result.stdout.split()
    return key, debug


@starts_django
def test_make_run_creates_a_random_key_per_installation_outside_git(tmp_path):
    from portal.checks import secret_key_problem

    key, _ = dev_secret_key(tmp_path / "one" / "secret_key")
    assert secret_key_problem(key) is None
    assert (tmp_path / "one" / "secret_key").stat().st_mode & 0o077 == 0  # owner only
    assert dev_secret_key(tmp_path / "one" / "secret_key")[0] == key  # kept: sessions last
    assert dev_secret_key(tmp_path / "two" / "secret_key")[0] != key  # each installation
    # The default file is ignored by git, and no key is written in the repository.
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT)
    assert ignored.returncode == 0
    dev = (ROOT / "portal" / "settings" / "dev.py").read_text()
    assert 'env_str("SECRET_KEY", "' not in dev  # no fallback key in the source


@starts_django
def test_make_run_has_debug_off_unless_asked(tmp_path):
    assert dev_secret_key(tmp_path / "key")[1] == "False"
    assert dev_secret_key(tmp_path / "key", DEBUG="1")[1] == "True"


def make_run_server_command():
    """The runserver command line of the Makefile's run target, as make runs it."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if "manage.py runserver" in line:
            return line.split("manage.py", 1)[1].split()
    raise AssertionError("no runserver in the Makefile")


@starts_django
@pytest.mark.django_db
def test_make_run_shows_the_chinese_404_page_and_serves_static_files(tmp_path):
    import socket
    import time
    import urllib.error
    import urllib.request

    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [arg for arg in make_run_server_command() if not arg.startswith("127.0.0.1:")]
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DATABASE_URL=url, SECRET_KEY_FILE=str(tmp_path / "key"))
    server = subprocess.Popen(
        [sys.executable, "manage.py", *command, "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    try:
        for _ in range(150):
            try:
                get("/static/css/portal.css")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        for wrong in ("/no-such-page/", "/apply/status/forged-token/"):
            status, body = get(wrong)
            assert status == 404 and "没有找到这个页面" in body, (wrong, body[:300])
            assert "Page not found" not in body and "DEBUG = True" not in body
        assert get("/static/css/portal.css")[0] == 200  # runserver --insecure
    finally:
        server.terminate()
        server.wait(timeout=10)
