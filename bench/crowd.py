"""Deadline-day crowds: 50 applicants submitting at the same moment.

`faults.py sqlite-crowd [--crowd 50] [--busy 4] [--demo]`: the default set-up instead
(`make run`: development settings, SQLite, runserver and the task worker sending
receipts) with 50 applicants submitting a complete application with photos at the same
moment, every fifth with a double click, beside CPU-bound processes (a busy machine).
Figures: accepted, errors (5xx or no answer), lost (accepted, not stored with its photos
and files), duplicates (double clicks that made two cases), connections reset by
runserver's 10-connection accept queue (the applicant presses again), p50/p95 ms of the
POSTs, and the SQLite write lock's hold per stored submission, p50/p95/max ms (from BEGIN
IMMEDIATE to the end of COMMIT, as cases/submission/intake.py logs it at INFO; the slow
ones' lines, with the time per step, are printed above the figures).

`faults.py production-crowd [--crowd 50] [--busy 0]`: the same crowd through nginx under
`make production` (its own PostgreSQL cluster, as --production), each applicant from an
address of its own (127.0.0.2, .3, …: nginx passes the socket's address as X-Real-IP),
with the shipped per-address and per-e-mail limits: none may be tripped (limited_429=0).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drills import (
    APPLICATION,
    PY,
    ROOT,
    free_port,
    jpeg_bytes,
    manage,
    production_stack,
    production_up,
    shell,
    site_up,
    stamp_pdf,
    wait_until,
)

CROWD_SETUP = """
import datetime
from django.core.management import call_command
from django.utils import timezone
from cases.models import CampaignPage, CaseCategory
from home.demo.loader import ensure_home
if {demo}:
    call_command("load_demo", verbosity=0)
now = timezone.now()
campaign = CampaignPage(
    title="并发申报演练", slug="crowd", year=now.year, hosts="主办单位", organizer="承办单位",
    submission_opens_at=now - datetime.timedelta(days=1),
    submission_deadline=now + datetime.timedelta(days=30), submission_prefix="CR-",
)
ensure_home().add_child(instance=campaign)
campaign.save_revision().publish()
section = CaseCategory.objects.first() or CaseCategory.objects.create(name="演练篇", slug="drill")
print(section.pk)
"""

# Connections reset before an answer: runserver listens with a queue of 10 connections.
RESETS = []
BURN = "import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass"


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connections from one local address (127.0.0.x): one applicant's machine."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def _session(source):
    session = requests.Session()
    if source is not None:
        session.mount("http://", _FromAddress(source))
    return session


def _crowd_applicant(url, data, photo, stamp, clicks, source=None, host=None):
    """One applicant: the form, then `clicks` POSTs of it at once (a double click), from
    the address `source` if given, with `host` as the Host header (through nginx: the
    answer's redirect is read, not followed). Returns [(status, final url or Location,
    ms)] or [(None, error, ms)] per POST."""
    headers = {"Host": host} if host else {}
    with _session(source) as browser:
        for attempt in range(3):  # a reset connection: the applicant reloads
            try:
                page = browser.get(url, timeout=120, headers=headers)
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                csrf = csrf.group(1)
                break
            except requests.ConnectionError as error:
                RESETS.append(repr(error))
                if attempt == 2:
                    return [(None, repr(error), 0)]
                time.sleep(1)
            except (requests.RequestException, AttributeError) as error:
                return [(None, repr(error), 0)]
    files = {
        "photo_1": ("1.jpg", photo, "image/jpeg"),
        "photo_2": ("2.jpg", photo, "image/jpeg"),
        "recommender_stamp": ("s.pdf", stamp, "application/pdf"),
    }
    answers = [None] * clicks

    def post(i):
        started = time.monotonic()
        for _ in range(3):  # a reset connection: the applicant presses again
            try:
                # The same browser session's cookies, each click its own connection.
                referer = urlsplit(url)._replace(netloc=host).geturl() if host else url
                with _session(source) as click:
                    response = click.post(
                        url,
                        data={**data, "csrfmiddlewaretoken": csrf},
                        files=files,
                        cookies=browser.cookies,
                        headers={**headers, "Referer": referer},
                        timeout=180,
                        allow_redirects=host is None,
                    )
                final = response.headers.get("Location", "") if host else response.url
                answers[i] = (response.status_code, final, _ms(started))
                return
            except requests.ConnectionError as error:
                RESETS.append(repr(error))
                answers[i] = (None, repr(error), _ms(started))
                time.sleep(1)
            except requests.RequestException as error:
                answers[i] = (None, repr(error), _ms(started))
                return

    clicks_threads = [threading.Thread(target=post, args=(i,)) for i in range(clicks)]
    for thread in clicks_threads:
        thread.start()
        time.sleep(0.05)
    for thread in clicks_threads:
        thread.join()
    return answers


def _share(ordered, share):
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else -1


def _ms(started):
    return round((time.monotonic() - started) * 1000)


STORED = (
    "SELECT a.submission_token, a.recommender_stamp,"
    " (SELECT {concat} FROM cases_casephoto p"
    "  JOIN cases_caseimage i ON i.id = p.image_id WHERE p.page_id = a.case_id)"
    " FROM cases_application a"
)


def stored_with_photos(work, tokens, rows=None, media=None, private=None):
    """Per submission token, one (photo files on disk, stamp file on disk) per case.
    The rows from make run's SQLite file in `work` unless given (PostgreSQL's)."""
    import sqlite3

    if rows is None:
        with sqlite3.connect(work / "db.sqlite3") as db:
            rows = db.execute(STORED.format(concat="group_concat(i.file, '|')")).fetchall()
    media, private = media or work / "media", private or work / "private"
    wanted = {str(token).replace("-", "") for token in tokens}
    found = {}
    for token, stamp, files in rows:
        if (token := str(token).replace("-", "")) in wanted:
            names = [name for name in (files or "").split("|") if name]
            photos = sum(1 for name in names if _stored_path(media, private, name).exists())
            kept = bool(stamp) and (private / stamp).exists()
            found.setdefault(token, []).append((photos, kept))
    return found


def _stored_path(media, private, name):
    if name.startswith("private/"):
        return private / name.removeprefix("private/")
    return media / name


def _crowd_figures(args, datas, results, stored, elapsed, load):
    accepted = [
        data["token"]
        for data, answers in zip(datas, results, strict=True)
        if any(code in (200, 302) and "/apply/status/" in final for code, final, _ in answers)
    ]
    stored = stored(accepted)
    # Lost: accepted, yet no case with both photos and the stamp on disk.
    lost = sum(1 for token in accepted if (2, True) not in stored.get(token.replace("-", ""), []))
    times = sorted(ms for answers in results for code, _, ms in answers if code is not None)
    return {
        "applicants": args.crowd,
        "posts": sum(len(answers) for answers in results),
        "busy": args.busy,
        "load1": round(load, 1),
        "accepted": len(accepted),
        "not_accepted": args.crowd - len(accepted),
        "errors": sum(
            1 for answers in results for code, _, _ in answers if code is None or code >= 500
        ),
        "limited_429": sum(1 for answers in results for code, _, _ in answers if code == 429),
        "lost": lost,
        "duplicates": sum(1 for cases in stored.values() if len(cases) > 1),
        "resets_pressed_again": len(RESETS),
        "p50_ms": _share(times, 0.5),
        "p95_ms": _share(times, 0.95),
        "wall_s": round(elapsed, 1),
    }


def _run_crowd(args, url, datas, photo, stamp, host=None):
    """Everybody at once (a barrier), every fifth with a double click; the answers, the
    seconds it took and the load at its end."""
    results = [None] * args.crowd
    barrier = threading.Barrier(args.crowd)

    def applicant(i):
        barrier.wait()
        clicks = 2 if i % 5 == 0 else 1
        # Through nginx each applicant its own machine: 127.0.0.2, .3, …
        source = f"127.0.0.{i + 2}" if host else None
        results[i] = _crowd_applicant(url, datas[i], photo, stamp, clicks, source, host)

    started = time.monotonic()
    threads = [threading.Thread(target=applicant, args=(i,)) for i in range(args.crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started, os.getloadavg()[0]


def _crowd_datas(args, section):
    return [
        {
            **APPLICATION,
            "token": str(uuid.uuid4()),
            "title": f"并发申报{i}",
            "section": section,
            "contact_email": f"crowd{i}@example.org",
        }
        for i in range(args.crowd)
    ]


def production_crowd(argv):
    """The crowd through nginx under `make production`, each applicant from its own
    address (127.0.0.2 …), the shipped per-address and per-e-mail limits in force."""
    parser = argparse.ArgumentParser(description="50 applicants at once behind nginx")
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound processes beside")
    args = parser.parse_args(argv)
    if not 0 < args.crowd <= 250:
        parser.error("--crowd: 1 to 250 (one 127.0.0.x address each)")
    burners = []
    with production_stack({}) as (stack, work, base, host, postgres, env):
        try:
            section = shell(env, CROWD_SETUP.replace("{demo}", "False")).split()[-1]
            burn = [PY, "-c", BURN.format(seconds=900)]
            burners = [subprocess.Popen(burn) for _ in range(args.busy)]
            datas = _crowd_datas(args, section)
            results, elapsed, load = _run_crowd(
                args, base + "/crowd/apply/", datas, jpeg_bytes(), stamp_pdf(), host=host
            )
            with psycopg.connect(f"{postgres.url}/portal_faults") as db:
                rows = db.execute(STORED.format(concat="string_agg(i.file, '|')")).fetchall()
            var = work / "var"

            def stored(tokens):
                return stored_with_photos(work, tokens, rows, var / "media", var / "private")

            figures = _crowd_figures(args, datas, results, stored, elapsed, load)
            # Asked once more, with the time a busy machine needs after the crowd.
            up = stack.poll() is None and production_up(base, host, timeout=60)
            figures["stack_up"] = int(up)
        finally:
            for process in burners:
                process.kill()
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def sqlite_crowd(argv):
    parser = argparse.ArgumentParser(description="50 applicants at once on make run")
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--busy", type=int, default=4, help="CPU-bound processes beside")
    parser.add_argument("--demo", action="store_true", help="load the demo first, as make run")
    parser.add_argument("--migrated", help="start from a copy of this migrated SQLite file")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="portal-crowd-"))
    if args.migrated:
        shutil.copyfile(args.migrated, work / "db.sqlite3")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SUBMISSION_RATE_LIMIT_PER_HOUR": "100000",
        "LOG_LEVEL": "INFO",  # the intake's line per submission: the write lock's hold
    }
    log = open(work / "server.log", "w")  # noqa: SIM115 - open for the servers' whole life
    processes, burners = [], []
    try:
        if not args.migrated:
            manage(env, "migrate", "-v", "0")
        section = shell(env, CROWD_SETUP.replace("{demo}", str(args.demo))).split()[-1]
        for command in (
            [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            [PY, "manage.py", "worker", "--queue-name", "*"],
        ):
            processes.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        base = f"http://127.0.0.1:{port}"
        if wait_until(lambda: site_up(base), 120) is None:
            raise SystemExit(f"runserver did not start; see {work / 'server.log'}")
        burners = [subprocess.Popen([PY, "-c", BURN.format(seconds=600)]) for _ in range(args.busy)]
        time.sleep(1)
        datas = _crowd_datas(args, section)
        results, elapsed, load = _run_crowd(
            args, base + "/crowd/apply/", datas, jpeg_bytes(), stamp_pdf()
        )
    finally:
        for process in burners + processes:
            process.terminate()
        for process in burners + processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()

    figures = _crowd_figures(
        args, datas, results, lambda tokens: stored_with_photos(work, tokens), elapsed, load
    )
    # cases/submission/intake.py logs each submission's write transaction (LOG_LEVEL=INFO).
    server_log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    held = sorted(float(ms) for ms in re.findall(r"write lock held ([\d.]+) ms", server_log))
    figures.update({
        "lock_held_n": len(held),
        "lock_held_p50_ms": _share(held, 0.5),
        "lock_held_p95_ms": _share(held, 0.95),
        "lock_held_max_ms": held[-1] if held else -1,
    })  # fmt: skip
    print(f"server log: {work / 'server.log'}")
    for line in server_log.splitlines():
        if "write lock held" in line and float(re.search(r"held ([\d.]+)", line)[1]) >= 100:
            print(line)  # where the time went in the slow ones
    print(" ".join(f"{key}={value}" for key, value in figures.items()))


def main(command, argv):
    {"sqlite-crowd": sqlite_crowd, "production-crowd": production_crowd}[command](argv)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1], sys.argv[2:])
