"""Server time and memory of one online submission with three 12-megapixel photos, and
of importing the same form as a Word 97 .doc through LibreOffice.

Builds a SQLite database in a temporary folder with an open campaign, starts the portal
(Django's runserver, one process, no threads) and posts complete applications to it
over loopback: three 4242x2828 JPEG photos and a stamp scan, as a browser would. Time is
the request's round trip over loopback (the upload itself takes milliseconds there);
memory is the server process's peak resident size during each request (VmHWM, reset
before each), so the client's buffers do not count, and, sampled every 5 ms, the largest
sum of its and its children's (the process that cleans the uploads, poppler's) at once.
The first request is reported apart ("cold": it loads the tagger behind the privacy
check).

The .doc: the portal's own 申报表 filled with the three photos as Word keeps them (its
default compression on save leaves ~1040 px at the form's width; 1600 px here), saved as
.doc by LibreOffice beforehand, then imported by import_docx as the import task runs it:
conversion back to .docx (soffice headless), reading, photo checks, the draft case. Each
run is a process of its own importing the file twice: cold (the first task of a fresh
worker, which loads the tagger, the URL table, Wagtail's workflow and search) and warm
(its next task). Memory is sampled every 10 ms: the importer's resident size and
LibreOffice's (private pages of its processes plus their shared ones once), and their sum
at each instant ("both at once"); the importer's and LibreOffice's own peaks are printed
too, and the sum of those two peaks (an upper bound: the importer peaks after LibreOffice
has quit). The LibreOffice profile each conversion copies is prepared once per
installation; its preparation is timed apart.

Usage: .venv/bin/python bench/submission.py [--runs 3] [--doc-only] [--compare OLD_TREE]
--compare runs another checkout's .doc import (e.g. `git archive main | tar -x -C /tmp/old`
with .venv linked) in alternating rounds with this one's: both see the same load.
"""

import argparse
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 4242, 2828  # 12.0 megapixels at 3:2

SETUP = """
import datetime
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", verbosity=0)
from home.demo.loader import ensure_home
from cases.models import CampaignPage, CaseCategory
now = timezone.now()
campaign = CampaignPage(
    title="基准测试征集", slug="bench", year=now.year, hosts="主办单位", organizer="承办单位",
    submission_opens_at=now - datetime.timedelta(days=1),
    submission_deadline=now + datetime.timedelta(days=30), submission_prefix="BM-",
)
ensure_home().add_child(instance=campaign)
campaign.save_revision().publish()
print(CaseCategory.objects.first().pk)
"""

MAKE_PHOTOS = f"""
import sys
from PIL import Image, ImageDraw
for i, path in enumerate(sys.argv[1:]):
    image = Image.linear_gradient("L").resize(({WIDTH}, {HEIGHT})).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, image.width, 97):
        draw.line([(x, 0), (image.width - x, image.height)], fill=(40 * i, 120, 200), width=9)
    image.save(path, format="JPEG", quality=92)
"""


DOC_PHOTO_SIDE = 1600  # generous: Word's default keeps ~1040 px at the form's width

MAKE_FORM = f"""
DOC_PHOTO_SIDE = {DOC_PHOTO_SIDE}
import os
from pathlib import Path
from cases.submission.blank_form import build_form
import io
from PIL import Image
def as_word_keeps(path):  # Word's default compression on save: 220 ppi at 12 cm, ~1040 px
    with Image.open(path) as image:
        image.thumbnail((DOC_PHOTO_SIDE, DOC_PHOTO_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        return out.getvalue()
paths = os.environ["BENCH_PHOTOS"].split(",")
photos = [(as_word_keeps(p), f"第{{i}}张照片") for i, p in enumerate(paths, 1)]
values = {{
    "title": "基准测试案例", "organization_name": "基准测试社会组织", "submitted_on": "2016-06-15",
    "contact_name": "联系人", "contact_mobile": "13900000001", "contact_email": "bench@example.org",
    "recommender": "推荐单位", "recommender_opinion": "同意推荐。", "recommended_on": "2016-06-16",
}}
text = "社会组织参与社区治理，化解物业矛盾，受益近9万人次。" * 60
Path(os.environ["BENCH_FORM"]).write_bytes(build_form(values, text, photos))
"""

IMPORT_DOC = """
import json, os, resource, sys, threading, time
from pathlib import Path
from cases.models import Application, CampaignPage, CaseCategory
from cases.submission import word_files
from cases.submission.word_intake import import_docx

def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

# LibreOffice's processes under pid (soffice's shell, oosplash, soffice.bin); not a child
# still being forked, which shows the importer's own pages a second time.
def libreoffice(pid):
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:  # each thread lists the children it started
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            for child in children - found:
                try:
                    exe = os.path.realpath(os.readlink(f"/proc/{child}/exe"))
                except OSError:
                    continue
                todo.append(child)
                if exe != os.path.realpath(sys.executable):
                    found.add(child)
    return found

# LibreOffice's memory: each process's private pages, plus the shared ones once (soffice.bin
# forks a child for a moment; its pages are soffice.bin's own, counted by RSS twice).
def held_mb(pids):
    private, shared = 0, 0
    for pid in pids:
        fields = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, value = line.split()[:2]
                fields[name.rstrip(":")] = int(value)
        except (OSError, ValueError):
            continue
        private += fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        shared = max(shared, fields.get("Shared_Clean", 0) + fields.get("Shared_Dirty", 0))
    return (private + shared) / 1024

class Sampler(threading.Thread):  # what is held at once: the importer and LibreOffice
    def __init__(self):
        super().__init__(daemon=True)
        self.running, self.both, self.soffice = True, 0.0, 0.0
        self.before = rss_mb(os.getpid())
    def run(self):
        me = os.getpid()
        while self.running:
            children = held_mb(libreoffice(me))
            self.soffice = max(self.soffice, children)
            self.both = max(self.both, rss_mb(me) + children)
            time.sleep(0.01)

convert, spent = word_files.to_docx, []
def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return convert(*args, **kwargs)
    finally:
        spent.append(time.perf_counter() - start)
word_files.to_docx = timed
campaign = CampaignPage.objects.get(slug="bench")
category = CaseCategory.objects.first()
results = []
for attempt in ("cold", "warm"):  # a fresh process, then the worker's next task
    Application.objects.update(source_sha256="")  # the same file again
    spent.clear()
    sampler = Sampler()
    sampler.start()
    start = time.perf_counter()
    with open(os.environ["BENCH_DOC"], "rb") as handle:
        report = import_docx(campaign, handle, "form.doc", category)
    elapsed = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    assert not report["error"], report["error"]
    results.append({
        "s": elapsed, "convert": sum(spent), "both": sampler.both, "before": sampler.before,
        "own": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "soffice": sampler.soffice,
    })
print(json.dumps(results))
"""

PREPARE = """
import json, tempfile, time
from pathlib import Path
from cases.submission import word_files
with tempfile.TemporaryDirectory() as folder:
    start = time.perf_counter()
    ready = word_files.prepared_profile(word_files.soffice(), Path(folder))
    print(json.dumps({"s": time.perf_counter() - start, "ok": ready is not None}))
"""


def make_doc(python, env, workdir, photos):
    """The portal's form with three photos, saved as a Word 97 .doc by LibreOffice."""
    form, doc = workdir / "form.docx", workdir / "form.doc"
    env = {**env, "BENCH_PHOTOS": ",".join(map(str, photos)), "BENCH_FORM": str(form)}
    subprocess.run(
        [python, "manage.py", "shell", "--no-imports", "-c", MAKE_FORM],
        cwd=ROOT,
        env=env,
        check=True,
    )
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
         "--outdir", str(workdir), str(form)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return doc


def import_doc(python, env, doc, runs, trees):
    """Seconds and peak MB of importing a 3-photo .doc, conversion included, with each
    code tree in turn (alternating rounds: the load changes alike for both)."""
    results = {tree: [] for tree in trees}
    for run in range(runs):
        for name, tree in trees.items():
            out = subprocess.run(
                [python, "manage.py", "shell", "--no-imports", "-c", IMPORT_DOC],
                cwd=tree, env={**env, "BENCH_DOC": str(doc)}, check=True,
                capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
            cold, warm = json.loads(out)
            for label, result in (("cold", cold), ("warm", warm)):
                print(
                    f"doc {name} run {run + 1} {label}: {result['s']:.2f} s (conversion "
                    f"{result['convert']:.2f} s), importer {result['before']:.0f} MB before → "
                    f"peak {result['own']:.0f} MB, LibreOffice {result['soffice']:.0f} MB, both "
                    f"at once {result['both']:.0f} MB ({doc.stat().st_size / 1e6:.1f} MB .doc); "
                    f"load {os.getloadavg()[0]:.1f}"
                )
            results[name].append((cold, warm))
    return results


def doc_figures(results, prefix="doc"):
    """Time: the warm import (a worker's next task) and the cold one (a fresh process,
    loading what the first task loads). Memory: the importer and LibreOffice sampled
    together every 10 ms (both at once), each one's peak, and their sum (an upper bound:
    the importer peaks after LibreOffice has quit); for the warm import also what it adds
    to the worker's resident size."""
    cold = [c for c, _ in results]
    warm = [w for _, w in results]
    both = cold + warm
    return (
        f"{prefix}_import_s={statistics.median(r['s'] for r in warm):.2f} "
        f"{prefix}_cold_import_s={statistics.median(r['s'] for r in cold):.2f} "
        f"{prefix}_convert_s={statistics.median(r['convert'] for r in both):.2f} "
        f"{prefix}_cold_peak_mb={max(r['both'] for r in cold):.0f} "
        f"{prefix}_warm_peak_mb={max(r['both'] for r in warm):.0f} "
        f"{prefix}_warm_added_mb={max(r['both'] - r['before'] for r in warm):.0f} "
        f"{prefix}_soffice_peak_mb={max(r['soffice'] for r in both):.0f} "
        f"{prefix}_process_peak_mb={max(r['own'] for r in both):.0f} "
        f"{prefix}_peaks_sum_mb={max(r['own'] for r in both) + max(r['soffice'] for r in both):.0f}"
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_mb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def cpu_s(pid, children=False):
    """The process's user + system CPU seconds so far (less noisy than wall time on a
    loaded machine); with children=True, those of its children it has waited for (the
    processes that clean uploads, cases/checks/uploads.py, and poppler's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def rss_with_children(pid):
    """The process's resident size plus that of every process under it (the one that
    cleans a request's uploads, poppler's), MB; a process gone meanwhile counts 0, and so
    does one not yet past its exec (vfork: its parent's pages, under its parent's command
    line, would count twice)."""
    total, todo = 0.0, [(pid, None)]
    while todo:
        current, parent_command = todo.pop()
        try:
            command = Path(f"/proc/{current}/cmdline").read_bytes()
            if command == parent_command:
                continue
            total += status_mb(current, "VmRSS")
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [(int(c), command) for c in (task / "children").read_text().split()]
        except (OSError, RuntimeError, ValueError):
            continue
    return total


class AtOnce(threading.Thread):
    """The largest sum of the server's and its children's resident sizes, every 5 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.running, self.peak = pid, True, 0.0

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_with_children(self.pid))
            time.sleep(0.005)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def reset_peak(pid):
    # Linux: writing 5 to clear_refs resets VmHWM to the current resident size.
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def stamp_pdf() -> bytes:
    """A one-page scan as a PDF, as the checks accept one (a bare "%PDF" header is refused)."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(page).ellipse([420, 600, 820, 1000], outline=(200, 30, 30), width=12)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    return out.getvalue()


STAMP_PDF = stamp_pdf()


def submit(session, url, section, photos):
    form = session.get(url, timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    data = {
        "csrfmiddlewaretoken": csrf,
        "token": str(uuid.uuid4()),
        "confirmed": "True",
        "title": "基准测试案例",
        "organization_name": "基准测试社会组织",
        "organization_kind": "life_service",
        "contact_name": "联系人",
        "contact_address": "静安区示例路1号",
        "contact_mobile": "13900000001",
        "contact_email": "bench@example.org",
        "section": str(section),
        "participant_type": "organization",
        "street": "彭浦镇",
        "case_text": "社会组织参与社区治理，化解物业矛盾，受益近9万人次。\n" * 60,
        "recommender": "推荐单位",
        "recommender_opinion": "同意推荐。",
        "recommended_on": "2016-06-16",
        "recommender_contact_name": "推荐联系人",
        "consent": "on",
    }
    files = {}
    for i, path in enumerate(photos, start=1):
        data[f"caption_{i}"] = f"照片{i}"
        files[f"photo_{i}"] = (path.name, path.open("rb"), "image/jpeg")
    files["recommender_stamp"] = ("stamp.pdf", STAMP_PDF, "application/pdf")
    start = time.perf_counter()
    response = session.post(url, data=data, files=files, allow_redirects=False, timeout=120)
    elapsed = time.perf_counter() - start
    for name, value in files.items():
        if name.startswith("photo_"):
            value[1].close()
    assert response.status_code == 302, (response.status_code, response.text[-2000:])
    return elapsed


def online(python, env, workdir, photos, section, runs):
    """The figures of posting the online form to a server process."""
    port = free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/bench/apply/"
        wait_for(url)
        session = requests.Session()
        times, peaks, cpus, children_cpus, at_once_peaks = [], [], [], [], []
        for run in range(runs + 1):
            reset_peak(server.pid)
            before, started = status_mb(server.pid, "VmRSS"), cpu_s(server.pid)
            children_started = cpu_s(server.pid, children=True)
            at_once = AtOnce(server.pid)
            at_once.start()
            elapsed = submit(session, url, section, photos)
            both = at_once.stop()
            peak, cpu = status_mb(server.pid, "VmHWM"), cpu_s(server.pid) - started
            children = cpu_s(server.pid, children=True) - children_started
            print(
                f"run {run}: {elapsed:.2f} s ({cpu:.2f} s CPU and its children's {children:.2f} s, "
                f"the form's GET included), "
                f"resident {before:.0f} MB → peak {peak:.0f} MB (+{peak - before:.0f}), "
                f"with its children at once {both:.0f} MB"
            )
            if run == 0:
                cold = elapsed
            else:
                times.append(elapsed)
                peaks.append(peak)
                at_once_peaks.append(both)
                cpus.append(cpu)
                children_cpus.append(children)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return (
        f"server_s={statistics.median(times):.2f} max_server_s={max(times):.2f} "
        f"server_cpu_s={statistics.median(cpus):.2f} "
        f"children_cpu_s={statistics.median(children_cpus):.2f} "
        f"cold_server_s={cold:.2f} peak_rss_mb={max(peaks):.0f} "
        f"peak_with_children_mb={max(at_once_peaks):.0f} photos=3 "
        f"megapixels={WIDTH * HEIGHT / 1e6:.1f} "
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--doc-only", action="store_true", help="only the .doc import")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="TREE",
        help="another checkout (the code before a change): its .doc import runs in turns with "
        "this one's and its figures are printed as old_doc_…",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-submission-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "TEST_MEDIA_ROOT": str(workdir / "media"),
        }
        python = sys.executable
        photos = [workdir / f"photo{i}.jpg" for i in range(1, 4)]
        subprocess.run([python, "-c", MAKE_PHOTOS, *map(str, photos)], check=True)
        section = subprocess.run(
            [python, "manage.py", "shell", "--no-imports", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        figures = "" if args.doc_only else online(python, env, workdir, photos, section, args.runs)
        prepared = json.loads(
            subprocess.run(
                [python, "manage.py", "shell", "--no-imports", "-c", PREPARE],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        print(f"LibreOffice profile prepared (once per installation) in {prepared['s']:.2f} s")
        doc = make_doc(python, env, workdir, photos)
        trees = {"new": ROOT} | ({"old": args.compare.resolve()} if args.compare else {})
        docs = import_doc(python, env, doc, args.runs, trees)
        figures += doc_figures(docs["new"]) + f" doc_profile_prepare_s={prepared['s']:.2f}"
        if args.compare:
            figures += " " + doc_figures(docs["old"], "old_doc")
        print(figures + f" load={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
