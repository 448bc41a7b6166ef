"""Exhibition sheets read back: A2 plus bleed, fonts embedded, what each shows, the QR
code decoded to the case's address, and a warning for a photo under 300 dpi."""

import io
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cases.mail.links import absolute
from promotion.highlights import figures_from_text, quotation_from_text
from promotion.models import CityPackage
from promotion.sheets import photo_dpi, photo_warnings, render_sheets
from tests.promotion.conftest import TEXT

pytestmark = pytest.mark.pdf
PT_PER_MM = 72 / 25.4


@pytest.fixture
def sheets_pdf(campaign, selected):
    pdf, warnings = render_sheets(selected, campaign)
    if os.environ.get("SHEET_SHOTS"):  # to look at: pdftoppm -r 30 of the first sheet
        Path(os.environ["SHEET_SHOTS"]).write_bytes(pdf)
    return pdf, warnings


def test_a2_portrait_with_3mm_bleed_one_page_per_case(sheets_pdf, selected):
    reader = PdfReader(io.BytesIO(sheets_pdf[0]))
    assert len(reader.pages) == len(selected)
    for page in reader.pages:
        trim, media = page.trimbox, page.mediabox
        assert round(float(trim.width) / PT_PER_MM) == 420
        assert round(float(trim.height) / PT_PER_MM) == 594
        assert round(float(media.width) / PT_PER_MM) == 426
        assert round(float(media.height) / PT_PER_MM) == 600


def test_every_font_embedded(sheets_pdf, tmp_path):
    path = tmp_path / "sheets.pdf"
    path.write_bytes(sheets_pdf[0])
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        # name type encoding emb sub uni object ID: "emb" is the fifth from the end.
        assert line.split()[-5] == "yes", line


def test_what_a_sheet_shows(sheets_pdf, selected):
    text = PdfReader(io.BytesIO(sheets_pdf[0])).pages[0].extract_text().replace("\n", "")
    case = selected[0]
    for expected in (case.title, case.organization.name, case.summary, "1200余户", "96.5%"):
        assert expected in text
    assert "邻里议事厅，大家的事大家商量" in text  # the quotation
    assert "议事会现场" in text and "居民投票" in text  # both captions
    assert absolute(case.url) in text.replace(" ", "")


def test_qr_code_decodes_to_the_case_page(sheets_pdf, selected, tmp_path):
    from pyzbar.pyzbar import decode

    path = tmp_path / "sheets.pdf"
    path.write_bytes(sheets_pdf[0])
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(selected)
    for png, case in zip(pngs, selected, strict=True):
        found = [symbol.data.decode() for symbol in decode(Image.open(png))]
        assert found == [absolute(case.url)]


def test_low_resolution_photo_is_warned(sheets_pdf, selected):
    _, warnings = sheets_pdf
    # 900×600 px across 180×150 mm: 101 dpi; 3000×2500 px: 423 dpi, no warning.
    assert photo_dpi(900, 600) == 101 and photo_dpi(3000, 2000) == 338
    assert any("居民投票" in w and "每英寸 101 像素" in w for w in warnings)
    assert not any("议事会现场" in w or "开业" in w for w in warnings)
    assert photo_warnings(selected[2]) == ["《慈善超市进社区》照片不足两张，展板上的照片位置将空着"]


def test_figures_and_quotation_from_text():
    figures = figures_from_text(TEXT)
    assert ("37件", "等问题") not in figures  # 件 counts nothing the notice asks for
    assert [value for value, _ in figures] == ["1200余户", "96.5%"]
    assert figures[0][1] == "服务居民"
    assert figures_from_text("2014年起开展") == []
    assert quotation_from_text(TEXT)[0] == "邻里议事厅，大家的事大家商量"
    assert quotation_from_text("没有引号。第二句。", "")[0] == "没有引号。"


def test_sheets_are_a_job_staff_start_and_download(
    client, campaign, selected, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    page = client.get(reverse("promotion_admin:campaign", args=[campaign.pk])).content.decode()
    assert "印前提示" in page and "每英寸 101 像素" in page
    url = reverse("promotion_admin:sheets", args=[campaign.pk])
    assert client.get(url).status_code == 405  # a job is started, never made in a GET
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"case": [str(selected[1].pk), "😀" * 10]})
    job = CityPackage.objects.get(kind=CityPackage.Kind.SHEETS)
    assert response.status_code == 302 and response["Location"] == reverse(
        "promotion_admin:package", args=[job.pk]
    )
    shown = client.get(response["Location"]).content.decode()
    assert "展板PDF" in shown and "已完成：进度 100%" in shown and selected[1].title in shown
    download = client.get(reverse("promotion_admin:package_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "展板-" in unquote(download["Content-Disposition"])
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(pdf.pages) == 1 and selected[1].title in pdf.pages[0].extract_text()
    # None ticked: every selected case; the campaign's history lists both kinds apart.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    every = CityPackage.objects.filter(kind=CityPackage.Kind.SHEETS).first()
    assert every.cases.count() == len(selected) and every.status == CityPackage.Status.SUCCEEDED
    history = client.get(reverse("promotion_admin:campaign", args=[campaign.pk])).content.decode()
    assert history.count("<td>展板PDF</td>") == 2
    client.logout()
    assert client.post(url).status_code == 302
    assert CityPackage.objects.count() == 2
