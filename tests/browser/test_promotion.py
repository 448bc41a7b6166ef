"""Staff choose two cases for the city level, start the package, watch it progress and
download it; then download the exhibition sheets of one case. Debian's chromium."""

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from promotion import views
from promotion.builds import run_package
from promotion.models import CityPackage
from tests import roles
from tests.browser.conftest import needs_chromium, shoot_admin
from tests.browser.people import DESKTOP, member
from tests.promotion.conftest import selected_case

pytestmark = [pytest.mark.browser, needs_chromium]


# The live server's thread reads what the test writes, so the test commits (as every walk
# here); the serialized rollback puts back what the tests before it left.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_send_two_cases_to_the_city_and_print_sheets(
    live_server, browser, campaign, monkeypatch, tmp_path
):
    cases = [
        selected_case(campaign, "邻里议事厅解难题", "yishiting", 1, ["议事会现场", "居民投票"]),
        selected_case(campaign, "楼道微更新", "weigengxin", 2, ["改造前", "改造后"]),
        selected_case(campaign, "慈善超市进社区", "cishan", 3, ["开业", "义卖"]),
    ]
    member("promo", roles.EDITORS, "王", "芳")
    # The worker is not running yet: the package waits in the queue, as it would.
    monkeypatch.setattr(views, "build_city_package", SimpleNamespace(enqueue=lambda pk: None))

    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("promo")
    page.locator("#id_password").fill("pw-promo")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="推荐市级与展板").click()
    page.get_by_role("heading", name="选择推荐市级的案例").wait_for()
    rows = page.locator("#city-form tbody tr")
    assert rows.count() == 3
    page.get_by_label("邻里议事厅解难题").check()
    page.get_by_label("慈善超市进社区").check()
    shoot_admin(page, "promotion-choose")
    page.get_by_role("button", name="生成推荐材料包").click()

    status = page.locator(".package-status")
    assert status.inner_text() == "排队中：进度 0%"
    assert "本页每 2 秒自动刷新" in page.content()
    assert page.locator(".package-cases li").all_inner_texts() == [
        "JA2016-001 邻里议事厅解难题",
        "JA2016-003 慈善超市进社区",
    ]
    # The worker picks it up; the page follows by itself.
    run_package(CityPackage.objects.get())
    status.filter(has_text="已完成：进度 100%").wait_for(timeout=10_000)
    assert "已加入：慈善超市进社区" in page.locator("pre").inner_text()
    shoot_admin(page, "promotion-package")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载推荐材料包").click()
    download = info.value
    assert download.suggested_filename.startswith("推荐市级案例材料-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    names = archive.namelist()
    assert "推荐案例汇总表.xlsx" in names
    assert {n.split("/")[0] for n in names if "/" in n} == {
        "01-邻里议事厅解难题",
        "02-慈善超市进社区",
    }
    assert "01-邻里议事厅解难题/照片/图1-议事会现场.jpg" in names

    page.get_by_role("link", name="返回推荐市级与展板").click()
    assert "已完成" in page.locator("#history-heading + table tbody tr").first.inner_text()
    assert "王芳" in page.locator("#history-heading + table tbody tr").first.inner_text()
    # The sheets of the case ticked, one A2 page.
    page.get_by_label("楼道微更新").check()
    assert "印前提示" in page.content()  # the 900×600 photos are under 300 dpi
    page.get_by_role("button", name="生成展板PDF").click()
    status.filter(has_text="排队中：进度 0%").wait_for()
    assert page.locator(".package-cases li").all_inner_texts() == ["JA2016-002 楼道微更新"]
    run_package(CityPackage.objects.get(kind=CityPackage.Kind.SHEETS))  # as the worker would
    status.filter(has_text="已完成：进度 100%").wait_for(timeout=10_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="下载展板PDF").click()
    sheets = info.value
    assert sheets.suggested_filename.startswith("展板-")
    reader = PdfReader(io.BytesIO(Path(sheets.path()).read_bytes()))
    assert len(reader.pages) == 1
    assert "楼道微更新" in reader.pages[0].extract_text()
    assert cases[1].organization.name in reader.pages[0].extract_text()
