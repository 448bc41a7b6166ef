"""An editor retags a published case in Wagtail's tag widget, in an order that is not
sorted: a tag ended with Enter, two typed with the Chinese comma between them, two more
with spaces and a Chinese comma ended with the ASCII comma (the widget quotes such an
entry whole), one taken from the autocomplete. The 勘误 page shows the change; after it
the edit page shows the tags in that order, the case page lists them so at 1280 and 390
px, and the search ranks the case above another that has the same word as a later tag
(search32: the first tag is the case's main topic)."""

import pytest
from playwright.sync_api import expect

from cases.models import CasePage
from tests import roles
from tests.browser.conftest import ARTIFACTS, needs_chromium, shoot, shoot_admin
from tests.browser.people import DESKTOP, PHONE, fits_width, log_in, member, new_page

pytestmark = [pytest.mark.browser, needs_chromium]
SLUG = "xinjiayuan-property-disputes"  # demo tags: 物业, 业委会, 业主大会, 老娘舅, 售后公房
OTHER = "highrise-elevator-fee-dispute"  # 电梯更新, 维修资金, 费用分摊, 售后公房
WORD = "售后公房"
GIVEN = [WORD, "老娘舅", "业委会", "业主 大会", "邻里 调解", "物业"]


def chips(page):
    return page.locator("ul.tagit li.tagit-choice:not(.removed) .tagit-label").all_inner_texts()


def tag_help(page):
    return page.locator(".w-field", has=page.locator("#id_tags")).inner_text()


def shown(case):
    """A title as a page shows it (HTML folds its runs of spaces)."""
    return " ".join(case.title.split())


def search_titles(page, base, text):
    page.goto(base + "/search/")
    page.get_by_role("searchbox", name="检索词").fill(text)
    page.get_by_role("button", name="检索").click()
    page.wait_for_load_state()
    return [" ".join(t.split()) for t in page.locator(".hit h2").all_inner_texts()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_retags_a_case_and_everyone_sees_the_order_typed(
    committed_demo, live_server, browser
):
    base = live_server.url
    case = CasePage.objects.get(slug=SLUG)
    other = CasePage.objects.get(slug=OTHER)
    visitor = new_page(browser, DESKTOP)
    before = search_titles(visitor, base, WORD)
    # Both tag it late; this one, tagging it last, comes after the other.
    assert before.index(shown(other)) < before.index(shown(case)), before

    editor = member("editor", roles.EDITORS, "王", "编辑")
    page = new_page(browser, DESKTOP)
    log_in(page, base, editor)
    page.goto(base + f"/admin/pages/{case.pk}/edit/")
    assert chips(page) == ["物业", "业委会", "业主大会", "老娘舅", WORD]
    assert "第一个标签是案例的主题" in tag_help(page)
    # Every tag removed with its ×, the last as the widget also offers: Backspace.
    for _ in range(4):
        page.locator("ul.tagit li.tagit-choice:not(.removed) .tagit-close").first.click()
    field = page.locator("ul.tagit li.tagit-new input")
    field.click()
    field.press("Backspace")
    expect(page.locator("ul.tagit li.tagit-choice:not(.removed)")).to_have_count(0)

    field.type(WORD)
    field.press("Enter")
    field.type("老娘舅，业委会")  # no key of the widget: one entry, split on saving
    field.press("Enter")
    field.type("业主 大会，邻里 调解")  # a space: the widget puts it in quotes
    field.press(",")
    field.type("物")
    page.locator(".ui-autocomplete li").get_by_text("物业", exact=True).click()
    assert chips(page) == [WORD, "老娘舅，业委会", '"业主 大会，邻里 调解"', "物业"]
    shoot_admin(page, "tags-typed-1280")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert f"页面“{shown(case)}”已被更新。" in page.locator(".messages").inner_text()
    assert chips(page) == [WORD, "老娘舅", "业委会", '"业主 大会"', '"邻里 调解"', "物业"]

    # 发布勘误: the change confirmed is the tags' new order.
    page.locator("header").get_by_role("button", name="动作").click()
    page.get_by_role("link", name="发布勘误").click()
    page.wait_for_load_state()
    diff = page.locator(".correction-diff").inner_text()
    assert "删去：标签：物业、业委会、业主大会、老娘舅、售后公房" in diff
    assert "改为：标签：" + "、".join(GIVEN) in diff
    page.get_by_label("勘误说明").fill("标签按主题重新排序：售后公房为主。")
    shoot_admin(page, "tags-correction-1280")
    page.get_by_role("button", name="发布勘误").click()
    page.wait_for_load_state()
    assert f"勘误已发布：{shown(case)}" in page.locator(".messages").inner_text()

    # Opened again: the tags as typed, the same in the form's own field.
    page.goto(base + f"/admin/pages/{case.pk}/edit/")
    assert chips(page) == [WORD, "老娘舅", "业委会", '"业主 大会"', '"邻里 调解"', "物业"]
    assert page.locator("#id_tags").input_value() == (
        '售后公房,老娘舅,业委会,"业主 大会","邻里 调解",物业'
    )
    shoot_admin(page, "tags-reopened-1280")

    for viewport in (DESKTOP, PHONE):
        reader = new_page(browser, viewport)
        reader.goto(base + case.url)
        assert reader.locator(".tags .tag").all_inner_texts() == GIVEN
        assert fits_width(reader, viewport["width"])
        shoot(reader, f"tags-case-page-{viewport['width']}")
        reader.locator(".tags").scroll_into_view_if_needed()
        reader.screenshot(path=str(ARTIFACTS / f"tags-case-tags-{viewport['width']}.png"))
        reader.context.close()

    after = search_titles(visitor, base, WORD)
    assert after.index(shown(case)) < after.index(shown(other)), after
    shoot(visitor, "tags-search-1280")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_a_case_keeps_tags_with_quotes_commas_and_spaces(
    committed_demo, live_server, browser
):
    """Tags stored with an ASCII quote, comma or space inside (from the API's writers or
    older data) come back unchanged when an editor opens the case and saves it."""
    case = CasePage.objects.get(slug=SLUG)
    names = [WORD, '楼道"议事"会', "物业,业委会", "业主 大会"]
    case.tags.set(names)
    case.save_revision().publish()
    page = new_page(browser, DESKTOP)
    log_in(page, live_server.url, member("editor", roles.EDITORS, "王", "编辑"))
    page.goto(live_server.url + f"/admin/pages/{case.pk}/edit/")
    # The widget cuts its text at every comma: a name with one shows as two halves.
    assert chips(page) == [WORD, '楼道"议事"会', '"物业', '业委会"', '"业主 大会"']
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert f"页面“{shown(case)}”已被更新。" in page.locator(".messages").inner_text()
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert [item.tag.name for item in latest.tagged.all()] == names
