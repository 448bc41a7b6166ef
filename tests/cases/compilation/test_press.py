"""The press's profile and ink limit chosen per build, and the warnings of a build told
wherever it is started from."""

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from cases.compilation import builds, colour
from cases.models import CasePhoto, CompilationBuild
from tests.cases.compilation.built_book import UNCOATED_PROFILE
from tests.cases.compilation.conftest import photo
from tests.pages import visible_text

# Books built and separated for the press: the pdf tier, on PostgreSQL too (builds are jobs).
pytestmark = [pytest.mark.django_db, pytest.mark.pdf, pytest.mark.both_databases]
SWOP = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
PS_CMYK = "/usr/share/color/icc/ghostscript/ps_cmyk.icc"


def builds_url(page):
    return reverse("cases_admin:compilation_builds", args=[page.pk])


def photo_inks(pdf_bytes):
    """The largest total ink (C+M+Y+K, %) of each CMYK photo of a PDF."""
    found = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                with Image.open(io.BytesIO(obj.read_raw_bytes())) as image:
                    assert image.mode == "CMYK"
                    found.append(colour.total_ink(image))
    return found


def test_the_installed_profiles_are_cmyk_printer_profiles_with_their_paper():
    profiles = {p.key: p for p in colour.installed_profiles()}
    assert SWOP in profiles
    assert "铜版纸（涂布）" in profiles[SWOP].label  # SWOP is a coated web offset condition
    # Ghostscript's grey-to-black and PS CMYK profiles cannot separate a photo.
    assert not any("gray_to_k" in key or key == PS_CMYK for key in profiles)


def test_an_uncoated_profile_is_offered_for_offset_paper():
    """No free uncoated profile is packaged; `make setup` builds one with Argyll from the
    FOGRA29 measurements icc-profiles-free ships (ISO 12647-2 paper type 4)."""
    profiles = {p.key: p for p in colour.installed_profiles()}
    uncoated = profiles[UNCOATED_PROFILE]
    assert uncoated.label.endswith("，胶版纸（非涂布）") and "FOGRA29" in uncoated.label
    # It separates a dark photo within an uncoated sheet's ink limit.
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (25, 20, 60)).save(buffer, "JPEG")
    separated = Image.open(io.BytesIO(colour.convert(buffer.getvalue(), uncoated.path, 270)))
    assert separated.mode == "CMYK" and 250 < colour.total_ink(separated) <= 270


def test_the_build_page_offers_the_profiles_and_a_custom_upload(
    client, editor, book, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    text = visible_text(client.get(builds_url(book)))
    assert "美国卷筒纸胶印标准（系统自带），铜版纸（涂布）" in text
    assert "国际胶印标准 ISO 12647-2 第4类纸（FOGRA29，安装时生成），胶版纸（非涂布）" in text
    assert "总墨量上限" in text and "上传印刷厂提供的色彩配置文件" in text
    # The print shop's own profile, uploaded by the staff: kept, offered, used.
    own = SimpleUploadedFile("印刷厂.icc", Path(SWOP).read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(builds_url(book), {"profile_file": own, "ink_limit": "270"})
    build = CompilationBuild.objects.get(page=book)
    assert build.status == "succeeded", build.log
    assert build.profile.startswith(colour.CUSTOM + "印刷厂-")
    assert build.ink_limit == 270 and "总墨量不超过270%" in build.profile_name
    assert any(f"印刷色彩配置：{build.profile_name}" in line for line in build.log_tail(80))
    page = visible_text(client.get(builds_url(book)))
    assert "上传的配置文件：印刷厂，铜版纸（涂布）" in page  # offered for the next build
    # A printer profile littleCMS cannot separate with is refused as well.
    response = client.post(
        builds_url(book),
        {"profile_file": SimpleUploadedFile("ps.icc", Path(PS_CMYK).read_bytes())},
        follow=True,
    )
    assert "无法用于分色" in visible_text(response)
    # Something that is no CMYK profile is refused, and nothing is built.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            builds_url(book),
            {"profile_file": SimpleUploadedFile("x.icc", b"not a profile" * 20)},
            follow=True,
        )
    assert "不是CMYK印刷色彩配置文件" in visible_text(response)
    assert CompilationBuild.objects.filter(page=book).count() == 1
    # A key that is not offered is refused too (no path of the server's choosing).
    response = client.post(builds_url(book), {"profile": "/etc/passwd"}, follow=True)
    assert "所选色彩配置文件不可用" in visible_text(response)


def test_the_ink_limit_holds_on_every_photo(book):
    # A dark, saturated photo: separated for SWOP it takes well over 260 % of ink.
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (25, 20, 60)).save(buffer, "JPEG")
    raw = buffer.getvalue()
    unlimited = Image.open(io.BytesIO(colour.convert(raw, Path(SWOP))))
    assert colour.total_ink(unlimited) > 280
    dark = get_image_model()(title="深色")
    dark.file = ImageFile(ContentFile(raw), name="dark.jpg")
    dark.save()
    CasePhoto.objects.create(page=book.cases[0], image=dark, caption="深色照片")
    build = builds.run_build(builds.start_build(book, None, SWOP, 260))
    assert build.status == "succeeded", build.log
    with build.file.open("rb") as handle:
        inks = photo_inks(handle.read())
    assert len(inks) == 7 and max(inks) <= 260, inks
    assert max(inks) > 250  # the dark photo is at the limit, not far under it


def test_the_command_prints_every_warning_of_the_log(book, capsys):
    book.cover_image = photo("封面", 1200, 800)  # about 145 dpi on the front of an A4 book
    book.save_revision().publish()
    book.cases[1].unpublish()
    call_command("build_compilation", book.slug)
    build = book.current_edition()
    out = capsys.readouterr()
    warnings = [line for line in build.log.splitlines() if builds.WARNING in line]
    assert any("封面图片分辨率不足" in line for line in warnings)
    assert any(f"未发布，不收入：{book.cases[1].title}" in line for line in warnings)
    for line in warnings:
        assert line in out.err
    assert f"{build.pages} 页" in out.out
    call_command("build_compilation", "--list-profiles", book.slug)
    assert SWOP in capsys.readouterr().out
