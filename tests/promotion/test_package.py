"""The package for the city level, read back: every file opens, every chosen case is in
it, the book's pages are the case's, and no private field but the city's contacts."""

import io
import zipfile
from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from promotion.builds import PackageBusy, selectable_cases, start_package
from promotion.contacts import CITY_CONTACTS
from promotion.models import CityPackage
from promotion.names import safe_name
from promotion.tasks import build_city_package
from tests.promotion.conftest import PRIVATE

KEPT = {PRIVATE[name] for name in CITY_CONTACTS}
WITHHELD = {value for name, value in PRIVATE.items() if name not in CITY_CONTACTS}


def docx_text(data):
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def xlsx_text(data):
    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )


def read_package(package):
    """{name: text or the opened object} of every file; each must open."""
    with package.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.testzip() is None
    files = {}
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith(".docx"):
            files[name] = docx_text(data)
        elif name.endswith(".xlsx"):
            files[name] = xlsx_text(data)
        elif name.endswith(".pdf"):
            files[name] = PdfReader(io.BytesIO(data))
        else:
            image = Image.open(io.BytesIO(data))
            image.load()
            files[name] = image
    return files


def built(campaign, cases, user=None):
    package = start_package(campaign, [c.pk for c in cases], user)
    build_city_package.enqueue(package.pk)  # immediate in tests
    package.refresh_from_db()
    assert package.status == CityPackage.Status.SUCCEEDED, package.error
    return package


def test_only_cases_selected_and_live_are_offered(campaign, selected):
    assert [c.title for c in selectable_cases(campaign)] == [c.title for c in selected]


def test_package_holds_each_chosen_case_and_only_them(campaign, selected):
    package = built(campaign, selected[:2])
    files = read_package(package)
    folders = {name.split("/")[0] for name in files if "/" in name}
    assert folders == {"01-邻里议事厅解难题", "02-楼道微更新"}
    for case in selected[:2]:
        words = [t for n, t in files.items() if n.endswith(".docx") and case.title in n]
        assert len(words) == 1
        # The 附件1 layout, filled with the published text.
        assert "申    报    表" in words[0] and case.title in words[0]
        assert "邻里议事厅，大家的事大家商量" in words[0]
        assert case.organization.name in words[0]
    assert all("慈善超市" not in name for name in files)
    summary = files["推荐案例汇总表.xlsx"]
    assert "邻里议事厅解难题" in summary and "楼道微更新" in summary
    assert "慈善超市进社区" not in summary and "未入选" not in summary
    assert package.progress == 100 and "完成" in package.log


def test_photos_are_the_originals_named_by_their_captions(campaign, selected):
    files = read_package(built(campaign, selected[:2]))
    photos = {name: image for name, image in files.items() if "/照片/" in name}
    assert sorted(photos) == [
        "01-邻里议事厅解难题/照片/图1-议事会现场.jpg",
        "01-邻里议事厅解难题/照片/图2-居民投票.jpg",
        "02-楼道微更新/照片/图1-楼道_改造前_ 杂物.jpg",
        "02-楼道微更新/照片/图2-改造后.jpg",
    ]
    assert photos["01-邻里议事厅解难题/照片/图1-议事会现场.jpg"].size == (3000, 2500)


def test_no_private_field_but_the_city_contacts(campaign, selected):
    files = read_package(built(campaign, selected))
    texts = "\n".join(text for text in files.values() if isinstance(text, str))
    for value in KEPT:
        assert value in texts
    for value in WITHHELD:
        assert value not in texts, value
    assert not [name for name in files if "盖章" in name or "stamp" in name]


@pytest.mark.pdf
def test_book_pages_are_the_case_pages(campaign, selected, book):
    files = read_package(built(campaign, selected))
    for number, case in enumerate(selected, start=1):
        name = f"{number:02d}-{case.title}/汇编页面-{case.title}.pdf"
        pages = files[name].pages
        assert pages, name
        text = "".join((page.extract_text() or "") for page in pages).replace("\n", "")
        assert case.title.replace(" ", "") in text.replace(" ", "")
        for other in selected:
            if other != case:
                assert other.title not in text
        assert "这是后记" not in text


def test_without_a_book_the_log_says_so(campaign, selected):
    package = built(campaign, selected[:1])
    assert "尚未生成PDF" in package.log
    assert not [n for n in read_package(package) if n.endswith(".pdf")]


def test_an_empty_choice_and_a_second_package_are_refused(campaign, selected):
    with pytest.raises(ValueError, match="请至少选择"):
        start_package(campaign, [])
    start_package(campaign, [selected[0].pk])
    with pytest.raises(PackageBusy):
        start_package(campaign, [selected[1].pk])


def test_safe_names():
    assert safe_name('a/b\\c:d*e?"f<g>h|i\x00') == "a_b_c_d_e_f_g_h_i"
    assert safe_name("🎉 庆祝 ") == "庆祝"
    assert safe_name("...") == "未命名"
    assert len(safe_name("长" * 500)) == 60


def test_download_is_for_staff_only_and_private(
    client, campaign, selected, editor, django_user_model
):
    package = built(campaign, selected[:1])
    url = reverse("promotion_admin:package_download", args=[package.pk])
    assert client.get(url).status_code == 302  # to the login
    outsider = django_user_model.objects.create_user("outsider", password="pw", is_staff=True)
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "推荐市级案例材料" in unquote(response["Content-Disposition"])
    data = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_start_from_the_admin_page(
    client, campaign, selected, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    page = client.get(reverse("promotion_admin:campaign", args=[campaign.pk]))
    html = page.content.decode()
    for case in selected:
        assert case.title in html
    assert "未入选的案例" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("promotion_admin:campaign", args=[campaign.pk]),
            {"case": [str(selected[0].pk), "x" * 200_000, "\x00"]},
        )
    package = CityPackage.objects.get()
    assert response.url == reverse("promotion_admin:package", args=[package.pk])
    shown = client.get(response.url).content.decode()
    assert "已完成：进度 100%" in shown and "下载推荐材料包" in shown
