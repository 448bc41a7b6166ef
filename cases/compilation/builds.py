"""Running a build: progress and log lines on the record, the PDF kept as an edition.

A build writes its file only when the PDF is complete, and the current edition is the
latest successful build, so a failed build (or one whose process was killed) leaves the
previous edition in place. A killed build is recognised by its stopped heartbeat
(cases/models/job_runner.py) and marked failed, and a new build may start at once.
"""

import logging
import time
import traceback

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from cases.compilation import colour
from cases.compilation.book import BookError, assemble
from cases.compilation.pdf import render_pdf
from cases.compilation.renditions import make_renditions
from cases.models import CompilationBuild, CompilationPage
from cases.models import job_runner as jobs
from published.changes import announce, label

Status = CompilationBuild.Status
LOST = "该次生成已被标记为中断，结果未保存。"
LOG_LINES = 200
WARNING = "注意："  # the start of each warning in the log (Recorder.warn)
# Share of the progress bar per stage: renditions, layout, writing the file.
RENDITIONS, LAYOUT = (5, 45), (45, 95)


class BuildBusy(Exception):
    pass


def mark_stale(page):
    """Builds of the page whose worker died are marked failed (cases/models/job_runner.py)."""
    return jobs.sweep(page.builds.all())


def last_press(page):
    """(profile key, ink limit) of the page's latest build that chose them, else the
    defaults: the build page offers them again."""
    build = page.builds.exclude(profile="").order_by("-created_at", "-pk").first()
    if build is None:
        return colour.default_profile_key(), colour.DEFAULT_INK_LIMIT
    return build.profile, build.ink_limit


def start_build(page, user=None, profile=None, ink_limit=None):
    """A queued build record, separating for `profile` (a key of
    colour.installed_profiles()) within `ink_limit` %, by default as the last build did;
    refuses while another build of the page is running."""
    mark_stale(page)
    with transaction.atomic():
        CompilationPage.objects.select_for_update().filter(pk=page.pk).first()
        if page.builds.filter(status__in=CompilationBuild.ACTIVE).exists():
            raise BuildBusy("该汇编正在生成PDF，请等待完成后再试。")
        last_profile, last_limit = last_press(page)
        return CompilationBuild.objects.create(
            page=page,
            requested_by=user,
            profile=last_profile if profile is None else profile,
            ink_limit=last_limit if ink_limit is None else ink_limit,
        )


class Recorder:
    """Writes progress and log lines to the build record, at most every half second
    (each write is also the heartbeat)."""

    def __init__(self, build):
        self.build = build
        self.lines = build.log.splitlines()
        self.last_write = 0.0

    def warn(self, message):
        """A line the editors must read: the build page and the command show each."""
        self.log(WARNING + message)

    def log(self, message, progress=None, force=False):
        stamp = timezone.localtime().strftime("%H:%M:%S")
        self.lines = [*self.lines, f"{stamp} {message}"][-LOG_LINES:]
        if progress is not None:
            self.build.progress = max(self.build.progress, min(100, int(progress)))
        now = time.monotonic()
        if force or now - self.last_write > 0.5:
            self.flush()
            self.last_write = now

    def flush(self):
        self.build.log = "\n".join(self.lines)
        self.build.heartbeat_at = timezone.now()
        self.build.save(update_fields=["log", "progress", "heartbeat_at"])


def _stage(low, high):
    return lambda done, total: low + (high - low) * done / max(total, 1)


def run_build(build):
    """Build the book for a queued build; returns the build, succeeded or failed."""
    return jobs.run(build, _build)


def _build(build):
    recorder = Recorder(build)
    page = build.page
    progress_logger = logging.getLogger("weasyprint.progress")
    try:
        recorder.log(f"开始生成《{page.title}》", 1, force=True)
        if page.has_unpublished_changes:
            recorder.warn("篇目或印刷选项有未发布的修改：本次按已发布的内容生成")
        for title in page.unpublished_titles():
            recorder.warn(f"未发布，不收入：{title}")
        press = colour.press_for(build.profile, build.ink_limit)
        if build.profile and press.key != build.profile:
            recorder.warn(f"所选色彩配置文件已不存在，改用默认：{press.description}")
        build.profile_name = press.description
        build.save(update_fields=["profile_name"])
        recorder.log(f"印刷色彩配置：{press.description}")
        book = assemble(page, press=press)
        for message in book.skipped:
            recorder.warn(message)
        if not book.cases:
            raise BookError("篇目中没有已发布的案例，无法生成PDF。")
        recorder.log(f"篇目：{len(book.sections)} 篇，{len(book.cases)} 个案例", RENDITIONS[0])
        stage = _stage(*RENDITIONS)
        make_renditions(
            book,
            lambda done, total: recorder.log(f"图片：{done}/{total}", stage(done, total)),
        )
        recorder.log("开始排版", LAYOUT[0], force=True)
        parts = len(book.sections) + len(book.cases) + 2
        stage = _stage(*LAYOUT)

        def laid_out(done, part):
            if part.laid_out or done == parts:
                recorder.log(f"排版：{done}/{parts} 部分（{part.pages} 页）", stage(done, parts))

        # WeasyPrint's steps for each part are not the build's log, nor the console's.
        saved = progress_logger.propagate
        progress_logger.propagate = False
        try:
            rendered = render_pdf(book, progress=laid_out)
        finally:
            progress_logger.propagate = saved
        try:
            _save(build, page, rendered, recorder)
        finally:
            rendered.discard()
        recorder.log("完成", 100, force=True)
    except Exception as error:
        reason = f"{error}" if isinstance(error, BookError) else f"{type(error).__name__}：{error}"
        for line in traceback.format_exc().splitlines()[-6:]:
            recorder.log(line)
        recorder.log(f"失败：{reason}", force=True)
        jobs.finish(build, Status.FAILED, error=reason)


def _save(build, page, rendered, recorder):
    """The notes and preflight in the log, then the files kept as the edition."""
    size = filesizeformat(rendered.size)
    for note in rendered.notes:
        recorder.warn(note)
    for name, report in rendered.preflight:
        line = f"{name}{report.summary()}"
        if report.passed:
            recorder.log(line)
        else:
            recorder.warn(line)
    recorder.log(f"保存文件：{rendered.pages} 页，{size}；封面（含书脊）另存", 96)
    _keep(build, page, rendered)


class _Written(File):
    """The book's temporary file as storage takes it: a file system storage moves it into
    place (a rename on the same file system) instead of copying 407 MB at 500 cases;
    another storage reads it as it stores it, never whole."""

    def temporary_file_path(self):
        return self.name


def _keep(build, page, rendered):
    """Store the file, then record the edition; a file that cannot be recorded goes."""
    storage = build.file.storage
    size, sha256 = rendered.size, rendered.sha256()  # read before it is moved
    with rendered.path.open("rb") as handle:
        name = storage.save(
            build.file.field.generate_filename(build, f"{page.slug}-{build.pk}.pdf"),
            _Written(handle, name=str(rendered.path)),
        )
    cover_name = ""
    if rendered.cover:
        cover_name = storage.save(
            build.file.field.generate_filename(build, f"{page.slug}-{build.pk}-cover.pdf"),
            ContentFile(rendered.cover),
        )
    try:
        kept = jobs.finish(
            build,
            Status.SUCCEEDED,
            progress=100,
            file=name,
            cover_file=cover_name,
            notes="\n".join(rendered.notes),
            pages=rendered.pages,
            size=size,
            sha256=sha256,
            folios=rendered.folios,
            page_size=page.page_size,
        )
    except Exception:
        for written in filter(None, (name, cover_name)):
            storage.delete(written)
        raise
    if not kept:
        for written in filter(None, (name, cover_name)):
            storage.delete(written)
        raise BookError(LOST)
    # The web edition offers the new file: a public change (the record was updated by a
    # query, which no save signal reports).
    announce(objects=[label(build)])


def build_now(page, user=None, profile=None, ink_limit=None):
    """Start and run a build in this process (the command, the demo, the benchmark)."""
    return run_build(start_build(page, user, profile, ink_limit))
