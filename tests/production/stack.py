"""The deployed stack in a test: the shipped nginx site (deploy/nginx/portal.conf, rendered
as deploy/render.py does) in front of gunicorn (deploy/gunicorn.conf.py) serving the
portal, against the test's own database (a transactional test: what it commits, the
server reads). Test settings with the deployment's client-address header; one gunicorn
worker, so the rate limits' local cache is one."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from deploy.render import render

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.test"
OTHER_HOST = "www.portal.test"

needs_nginx = pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def wait_for(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on {port}")


class Stack:
    def __init__(self, folder, env=None):
        self.folder = folder
        self.port, self.app_port = free_port(), free_port()
        self.canonical = f"http://{HOST}:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url(),
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",  # as production sets it
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "WEB_CONCURRENCY": "1",
            **(env or {}),
        }
        self.processes = []

    def _gunicorn(self):
        log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115 - the child's
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"],
            cwd=ROOT, env=self.env, stderr=log, stdout=log,
        )  # fmt: skip
        wait_for(self.app_port, gunicorn)
        return gunicorn

    def restart_app(self, env):
        """A deploy: gunicorn stopped and started again with `env` added."""
        old = self.processes[0]
        old.terminate()
        old.wait(timeout=30)
        self.env.update(env)
        self.processes[0] = self._gunicorn()

    def start(self):
        self.processes.append(self._gunicorn())
        site = render(
            (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8"),
            {
                "LISTEN": f"127.0.0.1:{self.port}",
                "SERVER_NAME": HOST,
                "OTHER_NAMES": OTHER_HOST,
                "CANONICAL_URL": self.canonical,
                "APP_ADDRESS": f"127.0.0.1:{self.app_port}",
                "CACHE_DIR": str(self.folder / "cache"),
                "STATIC_ROOT": str(self.folder / "static"),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            },
        )
        (self.folder / "portal.conf").write_text(site, encoding="utf-8")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / sub).mkdir(exist_ok=True)
        temp = "\n".join(f"{k}_temp_path {self.folder / k};" for k in ("fastcgi", "uwsgi", "scgi"))
        user = "user root;" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log;\n{user}\n"
            "events { worker_connections 64; }\n"
            f"http {{ include /etc/nginx/mime.types; access_log off; "
            f"client_body_temp_path {self.folder}/body; proxy_temp_path {self.folder}/proxy; "
            f"{temp} include {self.folder}/portal.conf; }}\n",
            encoding="utf-8",
        )
        nginx = subprocess.Popen(["nginx", "-c", str(self.folder / "nginx.conf")])
        self.processes.append(nginx)
        wait_for(self.port, nginx)
        return self

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def request(self, path, *, host=HOST, method="GET", source="127.0.0.1", headers=None,
                body=None):  # fmt: skip
        """(status, headers, text) from nginx, sent from the address `source`."""
        # A first render on a busy machine (other work beside, cold workers) takes tens
        # of seconds: the timeout catches a hang, not a slow answer.
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=120, source_address=(source, 0)
        )
        try:
            all_headers = {"Host": f"{host}:{self.port}", **(headers or {})}
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, response.headers, text
        finally:
            connection.close()
