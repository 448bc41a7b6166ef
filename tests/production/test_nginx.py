"""The front server as deployed (deploy/nginx/portal.conf, rendered by deploy/render.py)
in front of an application answering with the portal's own cache headers
(portal/cache_headers.py, its content generation stood for by VERSION): what it keeps,
what it never keeps, and how it asks again instead of being purged.

Runs where nginx is installed (make test installs it); tests/production/
test_staleness.py runs the same site in front of the real portal."""

import http.server
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from deploy.render import render
from portal import cache_headers

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx")
VERSION = {"generation": 1}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Portal(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a fresh body (or 304) and the headers the portal would send."""

    rendered = 0
    asked = 0

    def do_GET(self):
        Portal.asked += 1

        def page(request):
            Portal.rendered += 1
            return HttpResponse(f"第{Portal.rendered}次 {request.get_full_path()}")

        request = RequestFactory().get(
            self.path,
            HTTP_COOKIE=self.headers.get("Cookie", ""),
            HTTP_IF_NONE_MATCH=self.headers.get("If-None-Match", ""),
            HTTP_HOST=self.headers.get("Host", "portal.test"),
        )
        request.user = None
        response = cache_headers.FrontCacheHeadersMiddleware(page)(request)
        body = response.content
        self.send_response(response.status_code)
        for name, value in response.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def front(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_headers, "current", lambda request: VERSION["generation"])
    app = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Portal)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    site = render(
        (ROOT / "deploy/nginx/portal.conf").read_text(encoding="utf-8"),
        {
            "LISTEN": f"127.0.0.1:{port}",
            "SERVER_NAME": "portal.test",
            "OTHER_NAMES": "www.portal.test",
            "CANONICAL_URL": f"http://portal.test:{port}",
            "APP_ADDRESS": f"127.0.0.1:{app.server_port}",
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
        f"daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\n"
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


def get(front, path, cookie="", host="portal.test"):
    headers = {"Host": host, **({"Cookie": cookie} if cookie else {})}
    with urllib.request.urlopen(urllib.request.Request(front + path, headers=headers)) as r:
        return r.read().decode(), r.headers.get("X-Cache-Status"), r.headers


def next_second():
    time.sleep(1.05 - time.time() % 1)


def test_public_pages_are_asked_again_each_second_and_a_304_keeps_them(front):
    VERSION["generation"] = 1
    first, status, headers = get(front, "/cases/some-case/")
    assert status == "MISS" and headers["ETag"].startswith('W/"')
    assert "X-Accel-Expires" not in headers  # for nginx only, not passed on
    assert "max-age=0" in headers["Cache-Control"]  # browsers revalidate
    next_second()
    rendered = Portal.rendered
    again, status, _ = get(front, "/cases/some-case/")
    assert (status, again) == ("REVALIDATED", first) and Portal.rendered == rendered
    # A change (a new generation): the next request after this second gets the new page.
    VERSION["generation"] = 2
    next_second()
    fresh, status, _ = get(front, "/cases/some-case/")
    assert status == "EXPIRED" and fresh != first and Portal.rendered == rendered + 1


def test_tracking_parameters_share_the_page_and_other_parameters_do_not(front):
    VERSION["generation"] = 3
    first = get(front, "/cases/?page=2&utm_source=a")[0]
    for path in (
        "/cases/?utm_medium=x&page=2",
        "/cases/?page=2&from=singlemessage&isappinstalled=0",
    ):
        body, status, _ = get(front, path)
        assert body == first and status in ("HIT", "REVALIDATED"), path
    assert get(front, "/cases/?page=3&utm_source=a")[0] != first


def test_other_names_are_sent_to_the_canonical_address(front):
    port = front.rsplit(":", 1)[1]
    request = urllib.request.Request(front + "/cases/?page=2", headers={"Host": "www.portal.test"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(NoRedirect).open(request)
    assert answer.value.code == 301
    assert answer.value.headers["Location"] == f"http://portal.test:{port}/cases/?page=2"


def test_private_answers_are_never_kept(front):
    for path, cookie in (
        ("/search/?q=%E7%89%A9%E4%B8%9A", ""),  # 物业
        ("/2016/apply/", ""),
        ("/admin/", ""),
        ("/cases/another/", "sessionid=abc"),  # a logged-in editor
    ):
        bodies = {get(front, path, cookie)[0] for _ in range(2)}
        assert len(bodies) == 2, path  # each request reached the application


def test_a_search_with_a_query_goes_past_the_cache_and_its_lock(front):
    """Never cacheable, so never looked up: otherwise proxy_cache_lock makes identical
    searches wait on one another for up to 5 s (bench/load.py measured a p99 of 4.97 s)."""
    for path in ("/search/?q=%E7%89%A9%E4%B8%9A", "/search?q=x", "/search/?type=a&page=2"):
        assert get(front, path)[1] == "BYPASS", path
    assert get(front, "/cases/a-page-not-a-search/")[1] == "MISS"
