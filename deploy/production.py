"""`make production`: the production stack on this machine, for a try-out.

nginx (static files, public media, the page cache revalidated each second) in front of gunicorn
with the production settings, and the task worker, against the PostgreSQL and Redis found
on 127.0.0.1 (its own database, portal_production, and Redis database 5). Everything it
writes stays under var/production/. Serves http://portal.localhost:8090/ (PRODUCTION_PORT
to change it; *.localhost is this machine in browsers and curl). Ctrl+C stops it all.

On a real server the same pieces run as systemd services (deploy/systemd/, README).
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "production"
PYTHON = sys.executable
PORT = int(os.environ.get("PRODUCTION_PORT", "8090"))
HOST = "portal.localhost"
DATABASE = "portal_production"
PG = os.environ.get("PRODUCTION_PG", "postgres://postgres@127.0.0.1:5432")
# Polled every 0.2 s: e-mails, imports and builds start without waiting a second.
WORKER = ["manage.py", "worker", "--queue-name", "*", "--interval", "0.2"]
WEB_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "65536", "MALLOC_TRIM_THRESHOLD_": "131072"}

NGINX_MAIN = """# Written by deploy/production.py for a try-out; the site: deploy/nginx/portal.conf.
daemon off;
worker_processes 2;
pid {var}/nginx.pid;
error_log {var}/logs/nginx-error.log warn;
{user}
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {var}/logs/nginx-access.log;
    client_body_temp_path {var}/nginx/body;
    proxy_temp_path {var}/nginx/proxy;
    fastcgi_temp_path {var}/nginx/fastcgi;
    uwsgi_temp_path {var}/nginx/uwsgi;
    scgi_temp_path {var}/nginx/scgi;
    sendfile on;
    include {var}/nginx/portal.conf;
}}
"""


def environment():
    secret_file = VAR / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_file.read_text().strip(),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{PORT}",
        "ALLOW_LOCAL_BASE_URL": "1",  # a try-out: its links name this machine on purpose
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "PRIVATE_MEDIA_ROOT": str(VAR / "private"),
        # A try-out over plain HTTP on this machine, sending no e-mail.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_ENABLED": "0",
        "GUNICORN_BIND": f"127.0.0.1:{PORT + 1}",
        # Each visitor counted as themselves: nginx sends X-Real-IP.
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        # glibc's heap as deploy/systemd/portal-web.service sets it (why: there).
        **WEB_MALLOC,
    }


def create_database():
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
            print(f"已创建数据库 {DATABASE}")


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def nginx_config(env):
    sys.path.insert(0, str(ROOT / "deploy"))
    from render import render

    for folder in ("nginx/body", "nginx/proxy", "nginx/fastcgi", "nginx/uwsgi", "nginx/scgi"):
        (VAR / folder).mkdir(parents=True, exist_ok=True)
    site = render(
        (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8"),
        {
            "LISTEN": f"127.0.0.1:{PORT}",
            "SERVER_NAME": HOST,
            "OTHER_NAMES": "127.0.0.1 localhost",
            "CANONICAL_URL": env["WAGTAILADMIN_BASE_URL"],
            "APP_ADDRESS": env["GUNICORN_BIND"],
            "CACHE_DIR": str(VAR / "cache"),
            "STATIC_ROOT": env["STATIC_ROOT"],
            "MEDIA_ROOT": env["MEDIA_ROOT"],
        },
    )
    (VAR / "nginx/portal.conf").write_text(site, encoding="utf-8")
    # nginx started by root hands its workers to nobody, who could not write the cache.
    user = "user root;" if os.geteuid() == 0 else ""
    main = NGINX_MAIN.format(var=VAR, user=user)
    (VAR / "nginx/nginx.conf").write_text(main, encoding="utf-8")
    return VAR / "nginx/nginx.conf"


def main():
    if not shutil.which("nginx"):
        sys.exit("需要 nginx（make production 会安装）。")
    (VAR / "logs").mkdir(parents=True, exist_ok=True)
    env = environment()
    create_database()
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "ensure_admin")
    manage(env, "set_site")
    config = nginx_config(env)
    subprocess.run(["nginx", "-t", "-q", "-c", str(config)], check=True)
    logs = VAR / "logs"
    supervisor = Supervisor(
        [
            Child("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                               "portal.wsgi"], env, logs / "gunicorn.log"),
            Child("worker", [PYTHON, *WORKER], env, logs / "worker.log"),
            Child("nginx", ["nginx", "-c", str(config)], None, None),
        ]
    )  # fmt: skip

    def stop(*_):
        supervisor.stop()
        print("\n已停止：nginx、gunicorn 和后台任务进程。")
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    supervisor.start()
    print(f"生产环境试运行：http://{HOST}:{PORT}/   管理后台：http://{HOST}:{PORT}/admin/")
    print(f"日志：{logs}   （Ctrl+C 结束）")
    while True:
        supervisor.check()
        time.sleep(1)


class Child:
    """One process of the stack, started again as often as it dies."""

    def __init__(self, name, command, env, log):
        self.name, self.command, self.env, self.log = name, command, env, log
        self.process = None
        self.restarts = 0
        self.next_start = 0.0

    def start(self):
        output = open(self.log, "ab") if self.log else None  # noqa: SIM115 - the child's
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stderr=output)


class Supervisor:
    """Restarts a process of the stack that dies, as systemd's Restart= does on a
    server: a worker that gave up during a database restart, a crashed gunicorn, must
    not take the rest down (they stopped the whole stack before). Restarts are spaced
    (RESTART_DELAYS) so a process that cannot start does not spin."""

    RESTART_DELAYS = (1, 2, 5, 10)

    def __init__(self, children, say=print):
        self.children = children
        self.say = say

    def start(self):
        for child in self.children:
            child.start()

    def check(self, now=None):
        now = time.monotonic() if now is None else now
        for child in self.children:
            if child.process.poll() is None:
                continue
            if child.next_start == 0.0:
                delay = self.RESTART_DELAYS[min(child.restarts, len(self.RESTART_DELAYS) - 1)]
                child.next_start = now + delay
                self.say(
                    f"进程已退出（{child.name}，退出码 {child.process.returncode}），"
                    f"{delay} 秒后重新启动。"
                )
            elif now >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                child.start()

    def stop(self):
        for child in self.children:
            if child.process is not None and child.process.poll() is None:
                child.process.terminate()
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.process.kill()


if __name__ == "__main__":
    main()
