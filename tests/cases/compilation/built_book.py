"""The demo book built once in every size the CompilationPage offers, and readers of it,
for the tests that read the PDF back (test_pdf.py, test_prepress.py)."""

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from pypdf import PdfReader

from cases.compilation.builds import build_now
from cases.compilation.layout import GEOMETRIES
from cases.models import Application, CasePage, CasePhoto, CompilationPage
from cases.models import job_runner as jobs
from home.demo.loader import load_demo
from tests.cases.compilation.pdf_reading import PT_PER_MM, read_pages, squeeze
from tests.rollback import NO_HEARTBEAT

BODY_PT = 10.5


@dataclass
class Built:
    pdf: bytes
    build: object
    title: str
    sections: list  # [(title, [(case id, title, organisation)])]
    contacts: list
    cover_size: tuple
    photo_count: int
    spec: str = "a4"
    cover_pdf: bytes = b""
    addresses: dict = None  # {case id: its web page}, for the QR codes

    @property
    def geometry(self):
        return GEOMETRIES[self.spec.split("-")[0]]


IMPRINT = {
    "printer": "上海某某印务有限公司",
    "impression": "2026年12月第1次印刷",
    "print_run": 3000,
    "permit_number": "沪准印字（2026）第0123号",
}
UNCOATED_LIMIT, COATED_LIMIT = 270, 300
# The uncoated (胶版纸) profile `make setup` builds with Argyll from FOGRA29's measurements.
UNCOATED_PROFILE = str(settings.BASE_DIR / "var/icc/FOGRA29_uncoated_argyll.icc")
# Every page size the CompilationPage offers, each with and without bleed and crop marks.
SPECS = ["a4", "a4-bleed", "b5", "b5-bleed", "16k", "16k-bleed"]


@pytest.fixture(scope="session")
def variants(django_db_setup, django_db_blocker):
    """The demo compilation (21 cases in four sections) built in every size; data rolled
    back. No heartbeat inside the transaction (tests/conftest.py says why)."""
    beat_every, jobs.HEARTBEAT = jobs.HEARTBEAT, NO_HEARTBEAT
    try:
        return _build_variants(django_db_blocker)
    finally:
        jobs.HEARTBEAT = beat_every


def _build_variants(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        assert (
            "test" in connection.settings_dict["NAME"]
            or "memory" in connection.settings_dict["NAME"]
        )
        load_demo()
        page = CompilationPage.objects.get(slug="compilation")
        sections = [
            (
                block.value["title"],
                [(c.pk, c.title, c.organization.name) for c in block.value["cases"]],
            )
            for block in page.contents
        ]
        contacts = [
            value
            for application in Application.objects.all()
            for name, value in vars(application).items()
            if ("contact" in name or name.startswith("recommender_"))
            and value
            and name != "recommender_opinion"
            and isinstance(value, str)
        ]
        addresses = {
            pk: CasePage.objects.get(pk=pk).get_full_url()
            for _, cases in sections
            for pk, _, _ in cases
        }
        cover = page.cover_image
        case_ids = [case_id for _, cases in sections for case_id, _, _ in cases]
        photos = CasePhoto.objects.filter(page_id__in=case_ids).count()
        found = {}
        for spec in SPECS:
            size, _, bleed = spec.partition("-")
            page.page_size, page.bleed, page.crop_marks = size, bool(bleed), bool(bleed)
            # The 版权页's own fields filled in for the bleed builds, left empty otherwise.
            imprint = IMPRINT if bleed else dict.fromkeys(IMPRINT, None)
            # Thicker paper for the bleed builds: their spines are wide enough for a title.
            page.paper_mm = Decimal("0.150") if bleed else Decimal("0.100")
            for name, value in imprint.items():
                setattr(page, name, value if value is not None or name == "print_run" else "")
            page.save_revision().publish()
            # The bleed builds for uncoated paper (FOGRA29): total ink held to 270 %.
            build = build_now(
                page,
                profile=UNCOATED_PROFILE if bleed else "",
                ink_limit=UNCOATED_LIMIT if bleed else COATED_LIMIT,
            )
            assert build.status == "succeeded", build.log
            with build.file.open("rb") as handle, build.cover_file.open("rb") as cover_file:
                pdf, cover_pdf = handle.read(), cover_file.read()
            found[spec] = Built(
                pdf,
                build,
                page.title,
                sections,
                contacts,
                (cover.width, cover.height),
                photos,
                spec,
                cover_pdf,
                addresses,
            )
        transaction.set_rollback(True)
    return found


@pytest.fixture(scope="session")
def built(variants):
    return variants["a4"]


@pytest.fixture(scope="session", params=SPECS)
def sized(request, variants):
    """(built, pages read back) for each size."""
    one = variants[request.param]
    return one, read_pages(one.pdf)


@pytest.fixture(scope="session")
def pages(built):
    return read_pages(built.pdf)


@pytest.fixture(scope="session")
def reader(built):
    return PdfReader(io.BytesIO(built.pdf))


def body_start(pages, built):
    first_section = built.sections[0][0]
    return next(
        i for i, p in enumerate(pages) if squeeze(p["text"]).startswith(squeeze(first_section))
    )


OPENING = set("（《「『【〔〈“‘")
CLOSING = set("，。、；：！？）》」』】〕〉”’")


def ends_flush(line, right):
    """Within half a millimetre of the block's edge. A closing mark ending the line may be
    set at half width (OpenType halt): its box then ends half an em before the advance
    pdfplumber reads from the font."""
    tolerance = 0.5 * PT_PER_MM
    halved = line.text[-1] in CLOSING and abs(line.x1 - line.size / 2 - right) <= tolerance
    return abs(line.x1 - right) <= tolerance or halved
