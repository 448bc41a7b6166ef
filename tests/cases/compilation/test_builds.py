"""Building editions from the admin and the command line, and the public web edition."""

import hashlib
import io
import logging
from datetime import timedelta

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases.compilation import builds
from cases.models import CompilationBuild, CompilationPage
from cases.models.job_runner import KILLED
from cases.printing.fetcher import PortalURLFetcher, RefusedURL
from tests.cases.compilation.pdf_reading import PT_PER_MM, squeeze
from tests.cases.review.conftest import member
from tests.pages import soup, visible_text

# Editions built from the admin and the command: the pdf tier, and on PostgreSQL too, where a
# build's job, its lock against a second build and its states are the database's.
pytestmark = [pytest.mark.pdf, pytest.mark.both_databases]

Status = CompilationBuild.Status


def builds_url(page):
    return reverse("cases_admin:compilation_builds", args=[page.pk])


def pdf_text(data):
    return squeeze("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def file_bytes(build):
    with build.file.open("rb") as handle:
        return handle.read()


def test_editor_builds_an_edition_from_the_admin(
    client, editor, book, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(builds_url(book))
    assert response.status_code == 302
    build = CompilationBuild.objects.get(page=book)
    assert (build.status, build.progress, build.requested_by) == (Status.SUCCEEDED, 100, editor)
    data = file_bytes(build)
    assert build.size == len(data) and build.sha256 == hashlib.sha256(data).hexdigest()
    assert build.pages == len(PdfReader(io.BytesIO(data)).pages)
    assert [line.split(" ", 1)[1] for line in build.log_tail(1)] == ["完成"]
    page = client.get(builds_url(book))
    text = visible_text(page)
    assert "最近一次生成：已完成" in text and f"{build.pages} 页" in text and build.sha256 in text
    download = client.get(reverse("cases_admin:compilation_edition", args=[build.pk]))
    assert b"".join(download.streaming_content) == data
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    # Each case starts on the page the edition records for it.
    text = pdf_text(data)
    for case in book.cases:
        assert squeeze(case.title) in text
    assert set(build.folios) == {str(case.pk) for case in book.cases}


def test_a_failed_build_keeps_the_previous_edition_and_says_why(
    client, editor, book, monkeypatch, django_capture_on_commit_callbacks
):
    first = builds.build_now(book)
    assert first.status == Status.SUCCEEDED
    first_bytes = file_bytes(first)

    def broken(book, **_):
        raise RuntimeError("找不到字体 Noto Serif CJK SC")

    monkeypatch.setattr(builds, "render_pdf", broken)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(builds_url(book))
    failed = CompilationBuild.objects.exclude(pk=first.pk).get()
    assert failed.status == Status.FAILED and not failed.file
    assert failed.error == "RuntimeError：找不到字体 Noto Serif CJK SC"
    assert book.current_edition() == first
    text = visible_text(client.get(builds_url(book)))
    assert "生成失败：RuntimeError：找不到字体 Noto Serif CJK SC" in text
    assert "当前版本保持不变" in text
    # The public page still offers the previous edition, byte for byte.
    client.logout()
    download = client.get(book.url + "download/")
    assert b"".join(download.streaming_content) == first_bytes


def test_a_killed_build_is_reported_within_a_minute_and_can_be_retried_at_once(
    client, editor, book, django_capture_on_commit_callbacks
):
    # Its worker died 50 seconds ago: the heartbeat (every 10 s) stopped.
    killed = CompilationBuild.objects.create(page=book, status=Status.RUNNING, progress=40)
    CompilationBuild.objects.filter(pk=killed.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=50)
    )
    alive = CompilationBuild.objects.create(page=book, status=Status.RUNNING)
    CompilationBuild.objects.filter(pk=alive.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=15)
    )
    client.force_login(editor)
    client.get(builds_url(book))
    alive.refresh_from_db()
    assert alive.status == Status.RUNNING  # a heartbeat 15 s ago is a live worker
    CompilationBuild.objects.filter(pk=alive.pk).delete()
    text = visible_text(client.get(builds_url(book)))
    killed.refresh_from_db()
    assert (killed.status, killed.error) == (Status.FAILED, KILLED.format(45))
    assert "后台进程已中断" in text and "可以立即重试" in text
    # A new build starts at once, from the page's button.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(builds_url(book))
    assert book.builds.latest("created_at").status == Status.SUCCEEDED


def test_a_second_build_is_refused_while_one_is_running(client, editor, book):
    CompilationBuild.objects.create(page=book, status=Status.RUNNING, heartbeat_at=timezone.now())
    client.force_login(editor)
    response = client.post(builds_url(book), follow=True)
    assert "该汇编正在生成PDF，请等待完成后再试。" in visible_text(response)
    assert CompilationBuild.objects.filter(page=book).count() == 1


def test_only_editors_of_the_book_may_build_or_download(client, django_user_model, book):
    from tests import roles

    build = builds.build_now(book)
    expert = member(django_user_model, "expert", roles.EXPERTS)
    approver = member(django_user_model, "approver", roles.APPROVERS)
    urls = [
        builds_url(book),
        reverse("cases_admin:compilation_edition", args=[build.pk]),
        reverse("cases_admin:compilation_proof", args=[book.pk, book.cases[0].pk]),
    ]
    for user in (expert, approver):
        client.force_login(user)
        for url in urls:
            assert client.get(url)["Location"] == "/admin/"
        client.post(urls[0])
    client.logout()
    assert all(client.get(url)["Location"].startswith("/admin/login/") for url in urls)
    assert CompilationBuild.objects.count() == 1


def test_case_proof_is_one_case_as_the_book_prints_it(client, editor, book, campaign):
    from tests.factories import CasePageFactory

    client.force_login(editor)
    case = book.cases[1]
    response = client.get(reverse("cases_admin:compilation_proof", args=[book.pk, case.pk]))
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(data)
    assert text.startswith(squeeze(case.title)) and "——乙社会组织" in text
    assert "目录" not in text and squeeze(book.cases[0].title) not in text
    outsider = CasePageFactory(parent=campaign, title="不在书中的案例")
    assert (
        client.get(
            reverse("cases_admin:compilation_proof", args=[book.pk, outsider.pk])
        ).status_code
        == 404
    )


def test_command_builds_an_edition_and_writes_the_file(book, tmp_path, capsys):
    output = tmp_path / "book.pdf"
    call_command("build_compilation", book.slug, "--output", str(output))
    build = book.current_edition()
    assert output.read_bytes() == file_bytes(build)
    assert build.requested_by is None
    assert f"{build.pages} 页" in capsys.readouterr().out
    call_command("build_compilation", str(book.pk))
    assert CompilationBuild.objects.filter(status=Status.SUCCEEDED).count() == 2
    with pytest.raises(CommandError, match="找不到案例汇编“没有这本”"):
        call_command("build_compilation", "没有这本")


def test_an_empty_book_fails_with_a_chinese_reason(campaign):
    page = CompilationPage(title="空汇编", slug="empty")
    campaign.add_child(instance=page)
    build = builds.build_now(page)
    assert build.status == Status.FAILED
    assert build.error == "篇目中没有已发布的案例，无法生成PDF。"
    with pytest.raises(CommandError, match="篇目中没有已发布的案例"):
        call_command("build_compilation", "empty")


def test_unpublished_cases_are_left_out_and_logged(book):
    book.cases[1].unpublish()
    build = builds.build_now(book)
    text = pdf_text(file_bytes(build))
    assert squeeze(book.cases[1].title) not in text and squeeze(book.cases[0].title) in text
    assert any(
        line.endswith(f"未发布，不收入：{book.cases[1].title}") for line in build.log_tail(50)
    )


def test_page_size_bleed_and_crop_marks(book):
    book.page_size, book.bleed, book.crop_marks = "b5", True, True
    book.save()
    reader = PdfReader(io.BytesIO(file_bytes(builds.build_now(book))))
    page = reader.pages[3]
    trim = [round(float(v) / PT_PER_MM, 1) for v in page.trimbox]
    media = [round(float(v) / PT_PER_MM, 1) for v in page.mediabox]
    assert (trim[2] - trim[0], trim[3] - trim[1]) == (176.0, 250.0)
    bleed = [round(float(v) / PT_PER_MM, 1) for v in page.bleedbox]
    assert (bleed[2] - bleed[0], bleed[3] - bleed[1]) == (182.0, 256.0)
    # Crop marks: lines drawn outside the bleed, in a slug of 9 mm round it.
    assert (media[2] - media[0], media[3] - media[1]) == (200.0, 274.0)
    with pdfplumber.open(io.BytesIO(file_bytes(book.current_edition()))) as document:
        sheet = document.pages[3]
        # pdfplumber measures from the MediaBox's top left corner.
        bleed_left, bleed_top = 9 * PT_PER_MM, 9 * PT_PER_MM
        marks = [
            line
            for line in sheet.lines
            if line["x1"] <= bleed_left + 0.01 or line["bottom"] <= bleed_top + 0.01
        ]
    assert len(marks) >= 4


def test_new_book_starts_with_the_cases_selected_in_review(book, campaign, editor):
    from tests.factories import CasePageFactory

    CasePageFactory(parent=campaign, title="未入选的案例")
    form_class = CompilationPage.get_edit_handler().get_form_class()
    form = form_class(instance=CompilationPage(), parent_page=campaign, for_user=editor)
    sections = [
        (block.value["title"], [case.title for case in block.value["cases"]])
        for block in form.instance.contents
    ]
    assert sections == [
        ("生活服务篇", ["邻里议事厅解难题", "楼道微更新"]),
        ("慈善公益篇", ["慈善超市进社区"]),
    ]


def test_editors_reorder_and_remove_cases(book):
    first, second, third = book.cases
    book.contents = [
        ("section", {"title": "第一篇", "intro": "", "cases": [third, first]}),
    ]
    book.save()
    reader = PdfReader(io.BytesIO(file_bytes(builds.build_now(book))))
    outline = reader.outline
    at = next(i for i, item in enumerate(outline) if getattr(item, "title", "") == "第一篇")
    assert [squeeze(item.title) for item in outline[at + 1]] == [
        squeeze(third.title),
        squeeze(first.title),
    ]
    assert squeeze(second.title) not in pdf_text(file_bytes(book.current_edition()))


def test_public_page_is_the_web_edition_with_the_current_download(client, book):
    before = soup(client.get(book.url))
    assert "印刷版PDF尚未生成。" in before.get_text()
    assert client.get(book.url + "download/").status_code == 404
    build = builds.build_now(book)
    page = soup(client.get(book.url))
    sections = [h.get_text(strip=True) for h in page.select(".toc-section h3")]
    assert sections == ["生活服务篇", "慈善公益篇"]
    links = [(a.get_text(strip=True), a["href"]) for a in page.select(".toc__entry a")]
    assert links == [(case.title, case.url) for case in book.cases]
    folios = [span.get_text(strip=True) for span in page.select(".toc__folio")]
    assert folios == [f"第 {build.folios[str(case.pk)]} 页" for case in book.cases]
    assert f"{build.pages} 页" in page.select_one(".compilation__download").get_text()
    download = client.get(book.url + "download/")
    assert b"".join(download.streaming_content) == file_bytes(build)
    assert download["Content-Type"] == "application/pdf"


def test_fetcher_refuses_and_logs_other_hosts_files_and_attachments(caplog):
    fetcher = PortalURLFetcher()
    with caplog.at_level(logging.WARNING, logger="cases.print"):
        for url in (
            "file:///etc/passwd",
            "https://example.com/logo.png",
            "https://portal.invalid/admin/cases/private/stamps/stamp.png",
            "https://portal.invalid/documents/1/notice.docx",
            "https://portal.invalid/media/documents/notice.docx",
        ):
            with pytest.raises(RefusedURL):
                fetcher.fetch(url)
    assert len(caplog.records) == 5
    assert "file:///etc/passwd" in caplog.records[0].getMessage()


def test_campaign_page_links_the_book_and_counts_only_cases(client, book, campaign):
    page = soup(client.get(campaign.url))
    assert "已发布案例：3 个" in page.get_text()
    link = page.select_one("[aria-labelledby^=book-heading] a")
    assert (link.get_text(strip=True), link["href"]) == ("测试优秀案例汇编", book.url)


def test_a_rebuild_reuses_the_print_renditions(book):
    from cases.models import CaseImage

    builds.build_now(book)
    # Renditions are made in worker processes (renditions.py): counted by their rows and
    # files, which a rebuild that made any again would add to.
    renditions = CaseImage.get_rendition_model().objects
    made = sorted(renditions.values_list("pk", "file"))
    assert len(made) == 6
    second = builds.build_now(book)
    assert second.status == Status.SUCCEEDED
    assert sorted(renditions.values_list("pk", "file")) == made


def test_demo_book_is_built_once_and_goes_with_a_demo_reset(book, campaign):
    from home.demo.data import campaign_data
    from home.demo.loader import reset_demo
    from home.management.commands.load_demo import Command

    # The small book stands in for the demo's: same campaign slug, same book slug.
    CampaignPage = type(campaign.specific)
    CampaignPage.objects.filter(pk=campaign.pk).update(slug=campaign_data()["slug"])
    CompilationPage.objects.filter(pk=book.pk).update(slug="compilation")
    Command()._build_book()
    edition = book.current_edition()
    assert edition.status == Status.SUCCEEDED and edition.requested_by is None
    Command()._build_book()
    assert CompilationBuild.objects.filter(page=book).count() == 1
    # --reset starts the demo over: the book names the deleted cases, so it goes too.
    reset_demo()
    assert not CompilationPage.objects.filter(pk=book.pk).exists()


def test_build_page_warns_that_drafts_are_not_built(client, editor, book):
    book.title = "改过但未发布的标题"
    book.save_revision()
    client.force_login(editor)
    text = visible_text(client.get(builds_url(book)))
    assert "篇目或印刷选项有未发布的修改。生成PDF使用已发布的内容，请先发布这些修改。" in text
    build = builds.build_now(CompilationPage.objects.get(pk=book.pk))
    assert "测试优秀案例汇编" in pdf_text(file_bytes(build))
    assert any("有未发布的修改" in line for line in build.log_tail(50))


def test_a_case_listed_twice_is_refused_with_the_entered_contents_kept(client, editor, book):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    first = book.cases[0]
    cases = {"count": 2}
    for i in (0, 1):
        cases.update({f"{i}-value": first.pk, f"{i}-deleted": "", f"{i}-order": i, f"{i}-id": ""})
    data = nested_form_data(
        {
            "title": book.title,
            "slug": book.slug,
            "page_size": "a4",
            "contents": streamfield(
                [("section", {"title": "第一篇", "intro": "", "cases": cases})]
            ),
        }
    )
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[book.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["contents"] == [f"案例“{first.title}”在篇目中出现了不止一次。"]
    # What was entered is still there to correct.
    entered = form["contents"].value()
    assert [(b.value["title"], [c.pk for c in b.value["cases"]]) for b in entered] == [
        ("第一篇", [first.pk, first.pk])
    ]


def test_private_photos_and_cover_stay_out_of_the_book(book):
    from tests.cases.compilation.conftest import photo

    private = book.cases[0].photos.first().image
    private.is_private = True
    private.save()
    cover = photo("封面")
    cover.is_private = True
    cover.save()
    book.cover_image = cover
    book.save_revision().publish()
    book.refresh_from_db()
    build = builds.build_now(book)
    log = "\n".join(build.log_tail(60))
    assert "照片未公开，不收入：图注1（邻里议事厅解难题）" in log
    assert "封面图片未公开，不使用" in log
    with pdfplumber.open(io.BytesIO(file_bytes(build))) as document:
        images = sum(len(page.images) for page in document.pages)
    assert images == 3 * 2 - 1


def test_a_missing_photo_file_fails_the_build_and_names_the_photo(book):
    first = builds.build_now(book)
    missing = book.cases[2].photos.first().image
    missing.renditions.all().delete()
    missing.file.storage.delete(missing.file.name)
    build = builds.build_now(book)
    assert build.status == Status.FAILED
    assert build.error == "照片原图文件缺失：图注1（慈善超市进社区）。请重新上传后再生成。"
    assert book.current_edition() == first


def test_a_build_that_never_started_is_reported(client, editor, book):
    queued = CompilationBuild.objects.create(page=book)
    CompilationBuild.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    client.force_login(editor)
    client.get(builds_url(book))
    queued.refresh_from_db()
    assert queued.status == Status.FAILED
    assert queued.error == "排队超过10分钟仍未开始：后台任务进程（db_worker）可能没有运行。"
    # A build already claimed elsewhere is not run twice.
    assert builds.run_build(queued).status == Status.FAILED


def test_deleting_a_build_deletes_its_file(book, django_capture_on_commit_callbacks):
    build = builds.build_now(book)
    storage, name = build.file.storage, build.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        build.delete()
    assert not storage.exists(name)


def test_a_withdrawn_case_is_flagged_in_the_current_edition(client, editor, book):
    builds.build_now(book)
    withdrawn = book.cases[0]
    type(withdrawn).objects.get(pk=withdrawn.pk).unpublish()
    client.force_login(editor)
    text = squeeze(visible_text(client.get(builds_url(book))))
    assert f"当前版本收入了已撤下（未发布）的案例：{withdrawn.title}" in text
    editor_page = visible_text(client.get(reverse("wagtailadmin_pages:edit", args=[book.pk])))
    assert f"当前PDF版本收入了已撤下（未发布）的案例：{withdrawn.title}" in squeeze(editor_page)


def test_a_cover_photo_under_300_dpi_is_warned_in_the_log_and_on_the_build_page(
    client, editor, book, django_capture_on_commit_callbacks
):
    from cases.compilation.cover import cover_photo_size, photo_warning
    from cases.compilation.layout import GEOMETRIES, pixels_for
    from tests.cases.compilation.conftest import photo

    book.cover_image = photo("封面", 1200, 800)  # about 145 dpi on the front of an A4 book
    book.save_revision().publish()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(builds_url(book))
    build = CompilationBuild.objects.get(page=book)
    assert build.status == Status.SUCCEEDED  # warned, not refused: the editor decides
    assert "封面图片分辨率不足：原图 1200×800 像素" in build.notes
    assert any("注意：封面图片分辨率不足" in line for line in build.log_tail(20))
    text = visible_text(client.get(builds_url(book)))
    assert "印前提示" in text and "印刷需要 300 dpi" in text
    # At the printed size: enough pixels for 300 dpi pass, a few short are flagged.
    width_mm, height_mm = cover_photo_size(GEOMETRIES[book.page_size])
    needed = pixels_for(width_mm), pixels_for(height_mm)

    def image(width, height):
        return type("Image", (), {"width": width, "height": height})

    assert photo_warning(image(needed[0] + 1, needed[1] + 1), width_mm, height_mm) == ""
    assert "dpi" in photo_warning(image(needed[0] - 40, needed[1] + 1), width_mm, height_mm)
