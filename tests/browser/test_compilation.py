"""An editor builds the printed compilation in the admin; a visitor reads its web edition.

Debian's chromium through Playwright, as in test_walkthrough.py. The test settings run
django_tasks' immediate backend, so the build runs within the editor's POST.
"""

import hashlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from cases.models import CaseCategory, CasePage, CompilationBuild
from home.demo.compilation import ensure_compilation
from home.demo.data import case_data
from home.demo.loader import (
    ensure_campaign,
    ensure_case,
    ensure_collection,
    ensure_home,
    ensure_library,
)
from tests import roles
from tests.browser.conftest import needs_chromium, shoot, shoot_admin

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Two sections (篇) of two demo cases each, every case with its demo photos.
SLUGS = [
    "lane-elderly-meal-service",
    "old-building-lift-retrofit",
    "charity-supermarket-points-card",
    "disabled-employment-workshop",
]


def story_by_slug(slug):
    return next(story for story in case_data() if story["slug"] == slug)


def small_book():
    """The demo's campaign and compilation, holding four demo cases in two sections."""
    home = ensure_home()
    ensure_library(home)
    collection = ensure_collection()
    campaign = ensure_campaign(home)
    sections = {section.name: section for section in CaseCategory.objects.all()}
    for number, slug in enumerate(SLUGS, start=1):
        ensure_case(campaign, story_by_slug(slug), number, collection, sections)
    return ensure_compilation(campaign, collection)


def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", email="editor@example.org", password="pw-editor"
    )
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def squeeze(text):
    """Runs of spaces as one: titles such as "开办弄堂长者食堂  端稳老人…" use two."""
    return re.sub(r"\s+", " ", text).strip()


def outline(reader):
    """The PDF's sections (篇) and their cases, from its bookmarks, as
    [(section, [case, …]), …]; front and back matter (前言, 目录, 后记…) have no cases."""
    entries = []
    for item in reader.outline:
        if isinstance(item, list):
            entries[-1][1].extend(squeeze(c.title) for c in item if not isinstance(c, list))
        else:
            entries.append((squeeze(item.title), []))
    return [(title, cases) for title, cases in entries if cases]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_builds_the_book_and_a_visitor_reads_it(live_server, browser, django_user_model):
    book = small_book()
    editor(django_user_model)
    assert not CompilationBuild.objects.exists()

    # The editor logs in and opens the compilation's edit view.
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("pw-editor")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[book.pk]))

    # Wagtail puts the page's extra header buttons in its "动作" (actions) dropdown.
    page.locator("#w-slim-header-buttons").get_by_role("button", name="动作").click()
    page.get_by_role("link", name="生成PDF").click()
    page.wait_for_url(live_server.url + reverse("cases_admin:compilation_builds", args=[book.pk]))
    assert "尚未生成PDF。" in page.locator("main").inner_text()

    # Build: the immediate backend runs it before the redirect comes back.
    page.locator("main form").get_by_role("button", name="生成PDF").click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "已开始生成PDF" in main.inner_text()
    latest = page.locator(".compilation-latest")
    assert latest.get_by_role("heading").inner_text() == "最近一次生成：已完成"
    assert "进度 100%" in latest.get_by_role("status").inner_text()
    current = page.locator(".compilation-current").inner_text()
    shown_pages = int(re.search(r"(\d+) 页", current).group(1))
    assert "生成人：editor" in current
    shoot_admin(page, "compilation-build-1280")

    build = CompilationBuild.objects.get()
    assert build.status == CompilationBuild.Status.SUCCEEDED
    assert build.pages == shown_pages
    assert build.sha256 in current

    with page.expect_download() as info:
        page.locator(".compilation-current").get_by_role("link", name="下载PDF").click()
    edition = info.value.path().read_bytes()
    assert edition.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(edition))
    assert len(reader.pages) == shown_pages
    assert hashlib.sha256(edition).hexdigest() == build.sha256
    contents = outline(reader)
    # The book's order: 篇 in their sort order, cases by submission number within each.
    titles = [squeeze(story["title"]) for story in map(story_by_slug, SLUGS)]
    assert contents == [("生活服务篇", titles[:2]), ("慈善公益篇", titles[2:])]
    context.close()

    # A visitor, without an account, reads the web edition.
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + book.url)
    assert page.locator("h1").inner_text() == book.title
    assert f"{build.pages} 页" in page.locator(".compilation__download").inner_text()
    sections = page.locator(".toc-section")
    shown = [
        (
            squeeze(sections.nth(i).locator("h3").inner_text()),
            [squeeze(t) for t in sections.nth(i).locator(".toc__entry a").all_inner_texts()],
        )
        for i in range(sections.count())
    ]
    assert shown == contents
    shoot(page, "compilation-public-1280")

    cases = {squeeze(case.title): case for case in CasePage.objects.all()}
    links = page.locator(".toc__entry a")
    for i in range(links.count()):
        link = links.nth(i)
        assert link.get_attribute("href") == cases[squeeze(link.inner_text())].url
    # The third case: the first of the second section.
    link = sections.nth(1).locator(".toc__entry a").first
    title = squeeze(link.inner_text())
    link.click()
    page.wait_for_load_state()
    assert squeeze(page.locator("h1").inner_text()) == title
    assert page.locator(".gallery figure").count() == 3
    page.go_back()
    page.wait_for_load_state()

    with page.expect_download() as info:
        page.get_by_role("link", name="下载PDF印刷版").click()
    assert hashlib.sha256(info.value.path().read_bytes()).hexdigest() == build.sha256

    # On a phone the contents still fit the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "compilation-public-390")

    # The admin's copy of the edition is not for visitors: they are sent to log in.
    page.goto(live_server.url + reverse("cases_admin:compilation_edition", args=[build.pk]))
    assert "/admin/login/" in page.url
    context.close()
