"""The front server as deployed (deploy/nginx/portal.conf, rendered by deploy/render.py)
in front of an application answering with the portal's own cache headers
(portal/cache_headers.py): what it keeps, what it never keeps, and purging.

Runs where nginx and its cache-purge module are installed (make test installs them)."""

import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from deploy.render import render
from portal.cache_headers import FrontCacheHeadersMiddleware
from portal.front_cache_backend import NginxPurgeBackend

MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") and MODULE.exists()), reason="needs nginx and its purge module"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Portal(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a fresh body and the headers the portal would send."""

    served = 0

    def do_GET(self):
        Portal.served += 1
        request = RequestFactory().get(self.path, HTTP_COOKIE=self.headers.get("Cookie", ""))
        request.user = None
        response = FrontCacheHeadersMiddleware(lambda r: HttpResponse(f"第{Portal.served}次"))(
            request
        )
        body = response.content
        self.send_response(200)
        for name, value in response.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def front(tmp_path):
    app = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Portal)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    site = render(
        (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8"),
        {
            "LISTEN": f"127.0.0.1:{port}",
            "SERVER_NAME": "portal.test",
            "APP_ADDRESS": f"127.0.0.1:{app.server_port}",
            "PURGE_FROM": "127.0.0.1",
            "CACHE_DIR": str(tmp_path / "cache"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
    )
    (tmp_path / "portal.conf").write_text(site, encoding="utf-8")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    temp = "\n".join(f"{k}_temp_path {tmp_path / k};" for k in ("fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"load_module {MODULE};\ndaemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n{'user root;' if _root() else ''}\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; {temp} include {tmp_path}/portal.conf; }}\n",
        encoding="utf-8",
    )
    nginx = subprocess.Popen(["nginx", "-c", str(tmp_path / "nginx.conf")])
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    nginx.terminate()
    nginx.wait(timeout=10)
    app.shutdown()
    assert "signal" not in (tmp_path / "error.log").read_text(), "an nginx worker crashed"


def _root():
    import os

    return os.geteuid() == 0


def get(front, path, cookie=""):
    headers = {"Host": "portal.test", **({"Cookie": cookie} if cookie else {})}
    with urllib.request.urlopen(urllib.request.Request(front + path, headers=headers)) as r:
        return r.read().decode(), r.headers.get("X-Cache-Status"), r.headers


def test_public_pages_are_kept_until_a_publish_purges_them(front):
    first, status, headers = get(front, "/cases/some-case/")
    again, status_again, _ = get(front, "/cases/some-case/")
    assert (status, status_again) == ("MISS", "HIT") and again == first
    assert "X-Accel-Expires" not in headers  # for nginx only, not passed on
    assert "max-age=0" in headers["Cache-Control"]  # browsers revalidate
    NginxPurgeBackend({"LOCATION": front}).purge("http://portal.test/cases/some-case/")
    fresh, status, _ = get(front, "/cases/some-case/")
    assert status == "MISS" and fresh != first


def test_private_answers_are_never_kept(front):
    for path, cookie in (
        ("/search/?q=%E7%89%A9%E4%B8%9A", ""),  # 物业
        ("/2016/apply/", ""),
        ("/admin/", ""),
        ("/cases/another/", "sessionid=abc"),  # a logged-in editor
    ):
        bodies = {get(front, path, cookie)[0] for _ in range(2)}
        assert len(bodies) == 2, path  # each request reached the application


def test_a_purge_of_nothing_cached_is_no_error(front, caplog):
    NginxPurgeBackend({"LOCATION": front}).purge("http://portal.test/never-cached/")
    assert not caplog.records


def test_a_search_with_a_query_goes_past_the_cache_and_its_lock(front):
    """Never cacheable, so never looked up: otherwise proxy_cache_lock makes identical
    searches wait on one another for up to 5 s (bench/load.py measured a p99 of 4.97 s)."""
    for path in ("/search/?q=%E7%89%A9%E4%B8%9A", "/search?q=x", "/search/?type=a&page=2"):
        assert get(front, path)[1] == "BYPASS", path
    assert get(front, "/cases/a-page-not-a-search/")[1] == "MISS"
