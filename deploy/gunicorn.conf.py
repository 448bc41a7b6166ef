"""gunicorn's settings for the portal (gunicorn -c deploy/gunicorn.conf.py portal.wsgi)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Requests come through the front server on this host (deploy/nginx).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# A search for a pasted paragraph is a long request line: 2,000 Chinese characters are
# 18,000 bytes percent-encoded, past gunicorn's 4,094 default (and its 8,190 maximum),
# which would answer 414. The query is cut to what the search reads (search/query.py);
# the front server bounds the line (deploy/nginx).
limit_request_line = 0
# gunicorn 27's control socket (gunicornc) defaults to one path per user home: a second
# gunicorn on the host (a second site, bench/load.py's baseline) takes it over. The portal
# does not use it; systemd starts, reloads and stops the service.
control_socket_disable = True

# The application is loaded once, in the master, before the workers are forked: the pages
# of code and data every worker only reads (Django, Wagtail, the templates, the search
# segmenter) are then shared between the workers instead of copied into each
# (bench/memory.py). A new release therefore needs a restart (`systemctl restart
# portal-web`): a reload (HUP) forks new workers from the code the master loaded.
preload_app = True


def when_ready(server):
    """In the master, once the application is loaded, before the first worker."""
    if not server.cfg.preload_app:
        return
    import gc

    from search import text

    # The segmenter (about 25 MB) built here is shared; each worker built its own on its
    # first search.
    text.tokens("社区治理")
    # What is loaded so far stays out of the collector's sight: its passes in a worker
    # would otherwise write to every object's header and copy the shared pages.
    gc.collect()
    gc.freeze()


def pre_fork(server, worker):
    """Nothing the master opened is handed to a worker: two processes on one database
    connection would read each other's answers. (Redis' client opens a new connection in
    a process it finds forked.)"""
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()
