"""Staff outputs: the filled 申报表 PDF, the 申报汇总表 workbook, and who gets them."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission
from wagtail.rich_text import RichText

from cases.checks import check_privacy, count_characters
from cases.models import Application, CasePhoto, Organization
from cases.printing.fetcher import PortalURLFetcher, RefusedURL
from cases.submission.exports import build_summary_xlsx, summary_columns
from cases.text.content import case_findings, case_text
from tests.factories import CasePageFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

CONTACTS = {
    "contact_name": "陈联系",
    "contact_address": "万航渡路485号",
    "contact_phone": "52133533",
    "contact_mobile": "13916661234",
    "contact_fax": "52133534",
    "contact_email": "apply@example.org",
    "recommender": "静安寺街道社区服务中心",
    "recommender_opinion": "同意推荐。",
    "recommender_contact_name": "沈推荐",
    "recommender_phone": "62551250",
    "recommender_mobile": "13800001111",
    "recommender_email": "recommend@example.org",
}
PARAGRAPHS = [
    "“新家园”成立于2011年10月，是经虹口区社团管理局批准的民办非企组织。",
    "新家园所长周励力和老师郁伯孝等在详细倾听了解了双方的情况和诉求后，提出了解决方法。",
]
HEADERS = ["申报编号", "案例名称", "申报单位", "单位类型", "篇", "街道/镇", "申报日期"]
HEADERS += ["字数", "照片数", "照片检查", "隐私提示", "状态"]
CONTACT_HEADERS = ["申报单位联系人", "联系电话", "手机", "电子邮箱", "推荐单位"]
DATE = datetime.datetime(2016, 6, 16)  # openpyxl reads dates back as datetimes
LOW_RES = "像素不足（300×200，应至少 1772×1181 像素）"


def jpeg(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, format="JPEG")
    return out.getvalue()


def new_image(title, width=30, height=20, private=False):
    image = get_image_model()(title=title, is_private=private)
    image.file = ImageFile(ContentFile(jpeg(width, height)), name="photo.jpg")
    image.save()
    return image


def add_photo(case, width=300, height=200, private=False, caption="居民议事会现场"):
    image = new_image(caption, width, height, private)
    return CasePhoto.objects.create(page=case, image=image, caption=caption)


def filled_case(campaign, number="JA2016-001", **kwargs):
    body = [
        ("heading", {"text": "巧解物业纠纷", "level": "h2"}),
        ("paragraph", RichText("".join(f"<p>{p}</p>" for p in PARAGRAPHS))),
        ("quotation", {"text": "这样的调解很公平！", "attribution": "业主代表"}),
        ("key_figures", {"items": [{"value": "88个", "label": "小区组建业主大会"}]}),
    ]
    if "organization" not in kwargs:
        kwargs["organization"], _ = Organization.objects.get_or_create(
            name="虹口新家园建设与合作事务所", defaults={"kind": "life_service"}
        )
    case = CasePageFactory(
        parent=campaign,
        title="依托社会组织 化解物业难题",
        submission_number=number,
        submitted_on=datetime.date(2016, 6, 16),
        body=body,
        **kwargs,
    )
    Application.objects.create(case=case, recommended_on=datetime.date(2016, 6, 17), **CONTACTS)
    return case


def staff(django_user_model, name, *codenames, page=None):
    user = django_user_model.objects.create_user(name, password="pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    if page is not None:
        group = Group.objects.create(name=f"{name}-editors")
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
        user.groups.add(group)
    return user


@pytest.fixture
def viewer(django_user_model):
    return staff(django_user_model, "viewer", "view_application")


@pytest.fixture
def editor(django_user_model, campaign):
    return staff(django_user_model, "editor", page=campaign)


@pytest.fixture
def outsider(django_user_model):
    return staff(django_user_model, "outsider")


def pdf_url(case):
    return reverse("cases_admin:application_pdf", args=[case.pk])


def xlsx_url(campaign):
    return reverse("cases_admin:summary_xlsx", args=[campaign.pk])


def test_urls_are_under_admin_cases(campaign):
    case = CasePageFactory(parent=campaign)
    assert pdf_url(case) == f"/admin/cases/application-pdf/{case.pk}/"
    assert xlsx_url(campaign) == f"/admin/cases/summary-xlsx/{campaign.pk}/"


def test_case_text_and_checks_follow_the_campaign_rules(campaign):
    campaign.min_photos = 1
    campaign.save()
    case = filled_case(campaign)
    add_photo(case)
    assert case_text(case) == "\n".join(
        ["巧解物业纠纷", *PARAGRAPHS, "这样的调解很公平！——业主代表", "88个 小区组建业主大会"]
    )
    findings = case_findings(case)
    codes = [(f.code, f.field) for f in findings]
    assert codes[:2] == [("length.too_short", "case_text"), ("photo.low_resolution", "photos.1")]
    names = [(f.found, f.suggestion) for f in findings if f.code == "privacy.name"]
    assert ("周励力", "周某") in names


def test_pdf_is_the_filled_form_with_embedded_cjk_fonts(client, viewer, campaign):
    case = filled_case(campaign)
    add_photo(case, caption="居民议事会现场")
    add_photo(case, 360, 240, private=True, caption="业主大会投票")
    case.body.append(("image", {"image": new_image("配图", 240, 160), "caption": "正文配图"}))
    case.save()
    client.force_login(viewer)
    response = client.get(pdf_url(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="application-JA2016-001.pdf"; '
        "filename*=UTF-8''%E7%94%B3%E6%8A%A5%E8%A1%A8-JA2016-001.pdf"
    )
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for expected in [
        "JA2016-001",
        "申报表",
        "依托社会组织化解物业难题",
        "虹口新家园建设与合作事务所",
        "2016年6月16日",
        "提出了解决方法",
        "居民议事会现场",
        "业主大会投票",
        "正文配图",
        *CONTACTS.values(),
    ]:
        assert expected in text, expected
    # The photos, the private one included, and the body's image were read by the
    # fetcher and embedded (pages share one resource dictionary: count distinct ones).
    sizes = {image.image.size for page in reader.pages for image in page.images}
    assert sizes == {(300, 200), (360, 240), (240, 160)}
    # Every font is a subset of Noto CJK embedded in the file (a font file in each
    # descriptor), so the form prints the same on a machine without these fonts.
    fonts = {}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())
        fonts[str(font["/BaseFont"]).split("+")[-1].replace("-", "")] = bool(embedded)
    assert {"NotoSerifCJKSC", "NotoSansCJKSC"} <= set(fonts), fonts
    assert all("Noto" in name and embedded for name, embedded in fonts.items()), fonts


def test_pdf_is_refused_without_view_application(client, editor, outsider, campaign):
    case = filled_case(campaign)
    anonymous = client.get(pdf_url(case))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    for user in (outsider, editor):  # admin access, even page edit access, is not enough
        client.force_login(user)
        refused = client.get(pdf_url(case))
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_fetcher_reads_only_the_portals_own_files():
    fetcher = PortalURLFetcher()
    css = fetcher.fetch("https://portal.invalid/static/css/print-application.css")
    assert b"Noto Serif CJK SC" in css.read()
    assert css.content_type == "text/css"
    public = new_image("公开")
    private = new_image("未公开", private=True)
    for image in (public, private):
        rendition = image.get_rendition("max-1200x1200")
        fetched = fetcher.fetch("https://portal.invalid" + rendition.url)
        assert fetched.read() == rendition.file.open("rb").read()
    for url in [
        "file:///etc/passwd",
        f"file://{public.file.path}",
        "http://evil.example/media/" + public.file.name,
        "https://portal.invalid.evil.example/media/" + public.file.name,
        "https://portal.invalid:8443/media/" + public.file.name,
        "http://portal.invalid/media/" + public.file.name,
        "https://portal.invalid/media/../../../etc/passwd",
        "https://portal.invalid/media/%2e%2e/%2e%2e/etc/passwd",
        "https://portal.invalid/media/" + private.file.name,  # private only by its own URL
        "https://portal.invalid/admin/cases/private-images/../../etc/passwd",
        "https://portal.invalid/etc/passwd",
        "data:text/plain,hello",
        "ftp://portal.invalid/media/" + public.file.name,
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def expected_row(case, photo_check, status):
    text = case_text(case)
    privacy = "；".join(f"{f.found}→{f.suggestion}" for f in check_privacy(text))
    return [
        *[case.submission_number, case.title, case.organization.name, "社区生活服务类社会组织"],
        *["生活服务篇", "静安寺街道", DATE, count_characters(text), len(case.photos.all())],
        *[photo_check, privacy, status],
    ]


def sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def two_cases(campaign):
    first = filled_case(campaign, "JA2016-001")
    add_photo(first)
    add_photo(first)
    second = filled_case(campaign, "JA2016-002", live=False)
    add_photo(second, 1800, 1200)
    return first, second


def test_summary_lists_every_case_with_contacts_for_application_viewers(client, viewer, campaign):
    first, second = two_cases(campaign)
    client.force_login(viewer)
    response = client.get(xlsx_url(campaign))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''%E7%94%B3%E6%8A%A5%E6%B1%87%E6%80%BB%E8%A1%A8-" + campaign.slug + ".xlsx"
    )
    sheet, rows = sheet_rows(response.content)
    assert rows[0][0] == f"《{campaign.title}》申报汇总表"
    assert rows[1] == summary_columns(True) == HEADERS + CONTACT_HEADERS
    contacts = [CONTACTS[k] for k in ["contact_name", "contact_phone", "contact_mobile"]]
    contacts += [CONTACTS["contact_email"], CONTACTS["recommender"]]
    assert rows[2:] == [
        expected_row(first, f"第1张{LOW_RES}；第2张{LOW_RES}", "已发布") + contacts,
        expected_row(second, "每个案例需要配 2–3 张照片，目前只有 1 张。", "草稿") + contacts,
    ]
    assert "周励力→周某" in rows[2][10]
    assert rows[2][7] == count_characters(case_text(first)) > 0
    assert sheet.freeze_panes == "C3"


def test_summary_without_view_application_has_no_contact_data(client, editor, campaign):
    two_cases(campaign)
    client.force_login(editor)
    response = client.get(xlsx_url(campaign))
    assert response.status_code == 200
    _, rows = sheet_rows(response.content)
    assert rows[1] == summary_columns(False) == HEADERS
    assert [row[0] for row in rows[2:]] == ["JA2016-001", "JA2016-002"]
    # Not in any cell, nor anywhere else in the package (shared strings, properties …).
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        xml = "".join(package.read(name).decode() for name in package.namelist())
    for value in CONTACTS.values():
        assert value not in xml, value


def test_summary_is_refused_without_page_or_application_access(client, outsider, campaign):
    two_cases(campaign)
    anonymous = client.get(xlsx_url(campaign))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(outsider)
    refused = client.get(xlsx_url(campaign))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_a_title_that_looks_like_a_formula_stays_text(campaign):
    organization = OrganizationFactory(name='=HYPERLINK("http://evil.example","x")')
    filled_case(campaign, organization=organization)
    sheet = load_workbook(io.BytesIO(build_summary_xlsx(campaign, False))).active
    assert sheet["C3"].data_type == "s"
    assert sheet["C3"].value == organization.name


def count_queries(run):
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def test_summary_queries_do_not_grow_with_cases(client, viewer, campaign):
    client.force_login(viewer)

    def fill(start, n):
        for i in range(start, start + n):
            add_photo(filled_case(campaign, f"JA2016-{i:03}"))
        build_summary_xlsx(campaign, True)  # checks each new case once, and keeps it

    fill(1, 1)
    one = count_queries(lambda: build_summary_xlsx(campaign, True))
    one_view = count_queries(lambda: client.get(xlsx_url(campaign)))
    fill(2, 9)
    assert count_queries(lambda: build_summary_xlsx(campaign, True)) == one
    assert count_queries(lambda: client.get(xlsx_url(campaign))) == one_view
    assert one <= 4
