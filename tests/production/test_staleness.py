"""What readers get after each kind of change, through the shipped nginx site in front of
gunicorn, at every address form a page has: measured, and bounded. Anything that
withdraws or restricts content must be gone within a second everywhere; anything else
must show within 60 s (it does within a second too: every page is revalidated against
the content generation and the release each second, portal/cache_headers.py).

The matrix (seconds from the change's commit to what readers get, per address form) is
printed and written to test-artifacts/staleness.txt."""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection as database
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from cases.compilation.builds import _keep
from cases.compilation.pdf import Rendered
from cases.models import (
    CampaignDocument,
    CampaignPage,
    CampaignPhase,
    CaseLibraryPage,
    CasePage,
    CompilationBuild,
    CompilationPage,
)
from home.models import HomePage
from tests.production.stack import HOST, OTHER_HOST, Stack, needs_nginx

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.production,
    needs_nginx,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AT_ONCE, SOON = 1.0, 60.0  # the bounds: withdrawals and restrictions, everything else
FORMS = (
    "canonical",
    "tracking",
    "other host",
    "listing ?page=",
    "listing filtered",
    "sitemap",
    "API listing",
)
TRACKING = "?utm_source=wechat&utm_medium=share&from=singlemessage&isappinstalled=0"
API = "/api/v2/pages/?type=cases.CasePage&fields=title&limit=50&order=id"


class Reader:
    def __init__(self, stack):
        self.stack = stack

    def get(self, path, host=HOST):
        status, headers, text = self.stack.request(quote(path, safe="/?&=%"), host=host)
        return status, headers, text

    def page(self, path, form):
        """(status, text) of a page as a reader at this address form gets it."""
        if form == "tracking":
            path += ("&" if "?" in path else "?") + TRACKING.lstrip("?")
        if form == "other host":
            status, headers, _ = self.get(path, host=OTHER_HOST)
            assert status == 301, (path, status)
            assert headers["Location"] == self.stack.canonical + quote(path, safe="/?&=%")
        status, _, text = self.get(path)
        return status, text


def listing_address(library_url, number):
    """The library's page as it is linked: the first page has no ?page=1 (that spelling
    is redirected to the canonical address, tests/cases/test_library.py)."""
    return library_url if number == 1 else f"{library_url}?page={number}"


def listing_page(reader, library_url, title):
    for number in range(1, 6):
        if title in reader.get(listing_address(library_url, number))[2]:
            return number
    raise AssertionError(f"{title} on no page of the library")


class Case:
    """What a reader should find of one case at each address form."""

    def __init__(self, reader, case, library_url):
        self.reader = reader
        self.url, self.title = case.url, case.title
        self.page_number = listing_page(reader, library_url, case.title)
        self.library_url = library_url
        # The library filtered by the case's 篇, at its canonical address (one page).
        self.filtered_address = f"{library_url}?section={case.category.slug}"

    def shows(self, form, text_on_page=None):
        """Whether the case is visible at this form (with `text_on_page` on its page)."""
        wanted = text_on_page or self.title
        if form in ("canonical", "tracking", "other host"):
            status, text = self.reader.page(self.url, form)
            return status == 200 and wanted in text
        if form == "listing ?page=":
            address = listing_address(self.library_url, self.page_number)
            return self.title in self.reader.get(address)[2]
        if form == "listing filtered":
            status, _, text = self.reader.get(self.filtered_address)
            assert status == 200, (self.filtered_address, status)  # canonical: no redirect
            return self.title in text
        if form == "sitemap":
            return f"{self.url}</loc>" in self.reader.get("/sitemap.xml")[2]
        if form == "API listing":
            status, _, text = self.reader.get(API)
            titles = [item["title"] for item in json.loads(text)["items"]]
            return self.title in titles
        raise ValueError(form)


class Pages:
    """Pages other than a case's (the campaign's, the home page) that show a text: at the
    page forms, every one of them must show it."""

    def __init__(self, reader, paths, text):
        self.reader, self.paths, self.text = reader, paths, text

    def shows(self, form, text_on_page=None):
        wanted = text_on_page or self.text
        for path in self.paths:
            status, text = self.reader.page(path, form)
            if status != 200 or wanted not in text:
                return False
        return True


def measure(checks, bound, since):
    """{form: seconds from `since` (the commit) to the first request that got the new
    state}: each form polled every 50 ms by a reader of its own, as readers arrive
    independently. Timed when the request is sent: how stale an answer may be, not how
    long a busy machine takes to render it. None past a few times the bound (65 s at
    most)."""
    found = dict.fromkeys(checks)
    deadline = since + min(max(bound * 5, 5), SOON + 5)

    def poll(form, check):
        while time.monotonic() < deadline:
            asked = time.monotonic()
            if check():
                found[form] = asked - since
                return
            time.sleep(0.05)

    readers = [threading.Thread(target=poll, args=item) for item in checks.items()]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    return found


@pytest.fixture
def demo_stack(committed_demo, tmp_path):
    stack = Stack(tmp_path, env={"WEB_CONCURRENCY": "2"}).start()
    yield stack
    stack.stop()


def test_what_readers_get_after_each_change(demo_stack):
    reader = Reader(demo_stack)
    library = CaseLibraryPage.objects.live().first()
    cases = list(CasePage.objects.live().public().order_by("pk")[:20])
    a, b, c, d, e, f = cases[:6]
    rows = {}

    def run(name, case, change, bound, text=None, forms=FORMS, hidden=False, before=True):
        """Read every form (the cache primed, the old state checked), change, measure."""
        if isinstance(case, CasePage):  # as it is now (an earlier change may have retitled it)
            case = Case(reader, CasePage.objects.get(pk=case.pk), library.url)
        target = case
        for form in forms:
            for _ in range(2):
                assert target.shows(form) is before, (name, form, "before the change")
        with transaction.atomic():
            change(target)
        committed = time.monotonic()
        if hidden:
            checks = {form: lambda form=form: not target.shows(form) for form in forms}
        else:
            checks = {form: lambda form=form: target.shows(form, text) for form in forms}
        rows[name] = (bound, measure(checks, bound, committed))
        return target

    def retitle(target):
        page = CasePage.objects.get(pk=a.pk)
        page.title = page.title + "（修订）"
        page.save_revision().publish()
        target.title = page.title

    run("publish (new title)", a, retitle, SOON)

    def rename_organization(target):
        organization = CasePage.objects.get(pk=a.pk).organization
        organization.name += "新名"
        organization.save()

    page_forms = ("canonical", "tracking", "other host")
    organization_name = CasePage.objects.get(pk=a.pk).organization.name + "新名"
    run("organisation renamed", a, rename_organization, SOON, organization_name, page_forms)

    def rename_section(target):
        section = CasePage.objects.get(pk=a.pk).category
        section.name += "（新）"
        section.save()

    section_name = CasePage.objects.get(pk=a.pk).category.name + "（新）"
    run("篇 renamed", a, rename_section, SOON, section_name, page_forms)

    tag = CasePage.objects.get(pk=a.pk).tags.first()
    if tag is not None:

        def rename_tag(target):
            tag.name += "新"
            tag.save()

        run("tag renamed", a, rename_tag, SOON, tag.name + "新", page_forms)

    campaign = CampaignPage.objects.get(pk=a.campaign_id)

    def shorten(target):
        page = CampaignPage.objects.get(pk=campaign.pk)
        page.short_title = "新简称征集"
        page.save_revision().publish()

    run("campaign short title", a, shorten, SOON, "新简称征集", (*page_forms, "listing ?page="))

    # A document linked from the campaign (附件下载), edited in Wagtail's documents: the
    # campaign page names it by the document's title.
    document = get_document_model().objects.create(
        title="申报指南", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.documents.add(CampaignDocument(document=document))
    page.save_revision().publish()
    guide = Pages(reader, [campaign.url], "申报指南")
    linked = measure({"canonical": lambda: guide.shows("canonical")}, SOON, time.monotonic())
    assert linked["canonical"] is not None

    def edit_document(target):
        document.title = "申报指南（修订版）"
        document.save()

    run("document edited", guide, edit_document, SOON, "申报指南（修订版）", page_forms)

    # The phases of the campaign the home page shows: its timeline there and on the
    # campaign's own page.
    shown = HomePage.objects.live().first().specific.current_campaign()
    first = shown.phases.first()
    timeline = Pages(reader, ["/", shown.url], first.name if first else shown.title)

    def move_phase(target):
        page = CampaignPage.objects.get(pk=shown.pk)
        changed = list(page.phases.all()) or [CampaignPhase(name="征集")]
        changed[0].name = "延期征集"
        changed[0].starts_on, changed[0].ends_on = datetime.date(2031, 3, 17), None
        page.phases = changed
        page.save_revision().publish()

    run("campaign phases", timeline, move_phase, SOON, "2031年3月17日", page_forms)
    assert "延期征集" in reader.get("/")[2]

    def restrict(target):
        PageViewRestriction.objects.create(
            page=CasePage.objects.get(pk=b.pk), restriction_type="login"
        )

    restricted = run("view restriction added", b, restrict, AT_ONCE, hidden=True)

    def unrestrict(target):
        PageViewRestriction.objects.filter(page_id=b.pk).delete()

    run("view restriction removed", restricted, unrestrict, SOON, before=False)

    run("unpublish", c, lambda t: CasePage.objects.get(pk=c.pk).unpublish(), AT_ONCE, hidden=True)
    run("delete", d, lambda t: CasePage.objects.get(pk=d.pk).delete(), AT_ONCE, hidden=True)

    other_campaign = _second_campaign(CampaignPage.objects.get(pk=e.campaign_id))

    def move(target):
        CasePage.objects.get(pk=e.pk).move(other_campaign, pos="last-child")

    run("move (old address)", e, move, AT_ONCE, forms=page_forms, hidden=True)

    # A book build finishing: the record written as a build writes it (builds._keep),
    # the web edition then offers the new file.
    book = CompilationPage.objects.live().first()
    build = CompilationBuild.objects.create(page=book, status=CompilationBuild.Status.RUNNING)
    book_forms = {form: lambda form=form: "999 页" in reader.page(book.url, form)[1]
                  for form in page_forms}  # fmt: skip
    for form, check in book_forms.items():
        assert not check() and not check(), form  # read twice: kept by nginx
    # The book as a build leaves it: written to a temporary file (compilation/pdf.py).
    handle, written = tempfile.mkstemp(suffix=".pdf")
    os.close(handle)
    rendered = Rendered(path=Path(written), pages=999, folios={})
    rendered.path.write_bytes(b"%PDF-1.4 new edition")
    with transaction.atomic():
        _keep(build, book, rendered)
    rendered.discard()
    rows["finished book build"] = (SOON, measure(book_forms, SOON, time.monotonic()))

    # A new release (new code or templates): gunicorn restarted with another release;
    # every form gets the page the new release makes (its ETag, not the old one's).
    filtered = f"{library.url}?section={f.category.slug}"
    before = {form: _tag(reader, f.url, form, library.url, filtered) for form in FORMS}
    demo_stack.restart_app({"PORTAL_RELEASE": "next-release"})  # timed from the restart
    checks = {
        form: lambda form=form: _tag(reader, f.url, form, library.url, filtered) != before[form]
        for form in FORMS
    }
    rows["new release"] = (SOON, measure(checks, SOON, time.monotonic()))

    # `restore`: test_readers_after_a_restore, on a database of its own.
    g = Case(reader, cases[6], library.url)
    withdraw = lambda t: CasePage.objects.get(pk=cases[6].pk).unpublish()  # noqa: E731
    run("unpublish (another)", g, withdraw, AT_ONCE, hidden=True)

    report = _matrix(rows) + "\n" + _revalidation_cost(demo_stack, f.url)
    print("\n" + report)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "staleness.txt").write_text(report + "\n", encoding="utf-8")
    late = [
        (name, form, seconds)
        for name, (bound, cells) in rows.items()
        for form, seconds in cells.items()
        if seconds is None or seconds > bound
    ]
    assert not late, late


def _manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (args, done.stderr[-3000:])
    return done.stdout


def _empty(database, folders):
    """An empty installation in place, as the operator leaves one before `restore`: the
    served database file emptied (the server keeps its path) and the media folders."""
    # An empty database copied over it, as `restore` copies the backup's over it.
    empty, served = sqlite3.connect(":memory:"), sqlite3.connect(database)
    empty.backup(served)
    empty.close()
    served.close()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)


@pytest.mark.skipif(database.vendor != "sqlite", reason="serves a SQLite file of its own")
def test_readers_after_a_restore(tmp_path):
    """`manage.py restore` of a backup in which a case is unpublished, under a running
    stack: the stack serves a database of its own (a file the restore overwrites), so
    the test database is only read by `backup` and the next test finds it as it was."""
    call_command("load_demo", verbosity=0)
    case = CasePage.objects.live().public().order_by("pk").first()
    library = CaseLibraryPage.objects.live().first()
    live, withdrawn = tmp_path / "live.tar.gz", tmp_path / "withdrawn.tar.gz"
    call_command("backup", output=str(live), stdout=StringIO())
    CasePage.objects.get(pk=case.pk).unpublish()
    call_command("backup", output=str(withdrawn), stdout=StringIO())

    served = tmp_path / "served.sqlite3"
    media, private = tmp_path / "media", tmp_path / "tmp"
    # Test settings make the private folder with mkdtemp: under TMPDIR, emptied with it.
    env = {"DATABASE_URL": f"sqlite:///{served}", "TEST_MEDIA_ROOT": str(media),
           "TMPDIR": str(private)}  # fmt: skip
    stack = Stack(tmp_path, env={"WEB_CONCURRENCY": "2", **env})
    _empty(served, (media, private))
    _manage(stack.env, "restore", str(live))
    stack.start()
    try:
        reader = Reader(stack)
        target = Case(reader, case, library.url)
        for form in FORMS:
            for _ in range(2):  # the second from nginx's cache
                assert target.shows(form), (form, "before the restore")
        _empty(served, (media, private))
        assert "校验无误" in _manage(stack.env, "restore", str(withdrawn))
        restored = time.monotonic()
        checks = {form: lambda form=form: not target.shows(form) for form in FORMS}
        cells = measure(checks, AT_ONCE, restored)
    finally:
        stack.stop()
    report = _matrix({"restore (case unpublished)": (AT_ONCE, cells)})
    print("\n" + report)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "staleness-restore.txt").write_text(report + "\n", "utf-8")
    late = [(form, seconds) for form, seconds in cells.items() if seconds is None or seconds > 1]
    assert not late, late


def _second_campaign(first):
    """Another published campaign, to move a case into."""
    campaign = CampaignPage(
        title="第二次案例征集", slug="second-call", year=first.year + 1, hosts=first.hosts,
        organizer=first.organizer, submission_prefix="SC-",
        submission_opens_at=first.submission_opens_at,
        submission_deadline=first.submission_deadline,
    )  # fmt: skip
    first.get_parent().add_child(instance=campaign)
    campaign.save_revision().publish()
    return campaign


def _tag(reader, path, form, library_url, filtered=None):
    """The ETag readers get at this form of the page (its listing, sitemap, API)."""
    if form == "listing ?page=":
        path = listing_address(library_url, 1)
    elif form == "listing filtered":
        path = filtered
    elif form == "sitemap":
        path = "/sitemap.xml"
    elif form == "API listing":
        path = API
    elif form == "tracking":
        path += TRACKING
    if form == "other host":
        assert reader.get(path, host=OTHER_HOST)[0] == 301
    return reader.get(path)[1].get("ETag")


def _revalidation_cost(stack, path, n=30):
    """What asking again costs: medians of n requests for the case page straight to
    gunicorn (a render), the same with its ETag (a 304), and through nginx."""
    import http.client
    import statistics

    def timed(port, headers):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": f"{HOST}:{stack.port}", **headers})
        response = connection.getresponse()
        response.read()
        connection.close()
        return (time.perf_counter() - started) * 1000, response.status, response.headers

    tag = timed(stack.app_port, {})[2]["ETag"]
    render = statistics.median(timed(stack.app_port, {})[0] for _ in range(n))
    answers = [timed(stack.app_port, {"If-None-Match": tag}) for _ in range(n)]
    assert {status for _, status, _ in answers} == {304}
    revalidate = statistics.median(ms for ms, _, _ in answers)
    front = statistics.median(timed(stack.port, {})[0] for _ in range(n))
    return (
        f"Revalidation ({path}, median of {n}): render {render:.1f} ms, "
        f"304 {revalidate:.1f} ms, through nginx {front:.1f} ms"
    )


def _matrix(rows):
    width = max(len(name) for name in rows) + 2
    lines = [
        "Staleness matrix: seconds from commit to what readers get (— not applicable)",
        "change".ljust(width) + "bound  " + "  ".join(f"{form:>14}" for form in FORMS),
    ]
    for name, (bound, cells) in rows.items():
        shown = []
        for form in FORMS:
            if form not in cells:
                shown.append(f"{'—':>14}")
            elif cells[form] is None:
                shown.append(f"{'LATE':>14}")
            else:
                shown.append(f"{cells[form]:>14.2f}")
        lines.append(name.ljust(width) + f"{bound:>4.0f} s " + "  ".join(shown))
    return "\n".join(lines)
