"""Running a city package or the exhibition sheets as a background job
(cases/models/job_runner.py): progress and log on the record, the ZIP or PDF kept
privately when complete."""

import tempfile
import time

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from cases.models import CampaignPage, CasePage
from cases.models import job_runner as jobs
from cases.rules import withdrawals
from promotion.models import CityPackage

Status = CityPackage.Status
LOG_LINES = 200


class PackageBusy(Exception):
    pass


def selectable_cases(campaign):
    """The campaign's cases approved at 终审: selected and published, less those whose
    selection was withdrawn after (an objection upheld during the 公示)."""
    cases = CasePage.objects.live().filter(campaign=campaign, decision__selected=True)
    withdrawn = withdrawals.withdrawn(list(cases.values_list("pk", flat=True)))
    return (
        cases.exclude(pk__in=withdrawn)
        .select_related("organization", "category")
        .order_by("submission_number", "pk")
    )


def start_package(campaign, case_ids, user=None, kind=CityPackage.Kind.PACKAGE):
    """A queued package (or sheets) of the chosen cases (only those selectable); refuses
    an empty choice and a second one of the same kind for the campaign while one runs."""
    jobs.sweep(CityPackage.objects.filter(campaign=campaign))
    cases = list(selectable_cases(campaign).filter(pk__in=case_ids))
    if not cases:
        raise ValueError("请至少选择一个终审入选的案例。")
    label = CityPackage.Kind(kind).label
    with transaction.atomic():
        CampaignPage.objects.select_for_update().filter(pk=campaign.pk).first()
        running = CityPackage.objects.filter(
            campaign=campaign, kind=kind, status__in=CityPackage.ACTIVE
        )
        if running.exists():
            raise PackageBusy(f"该活动的{label}正在生成，请等待完成后再试。")
        package = CityPackage.objects.create(campaign=campaign, requested_by=user, kind=kind)
        package.cases.set(cases)
    return package


class _Recorder:
    def __init__(self, package):
        self.package, self.lines, self.last = package, package.log.splitlines(), 0.0

    def __call__(self, message, share=None, force=False):
        stamp = timezone.localtime().strftime("%H:%M:%S")
        self.lines = [*self.lines, f"{stamp} {message}"][-LOG_LINES:]
        if share is not None:
            self.package.progress = max(self.package.progress, min(99, int(5 + 90 * share)))
        if force or time.monotonic() - self.last > 0.5:
            self.package.log = "\n".join(self.lines)
            self.package.heartbeat_at = timezone.now()
            self.package.save(update_fields=["log", "progress", "heartbeat_at"])
            self.last = time.monotonic()


def _build(package):
    record = _Recorder(package)
    record(f"开始生成：{package.cases.count()} 个案例", 0, force=True)
    storage = package.file.storage
    with tempfile.TemporaryFile(prefix="city-package-") as out:
        if package.kind == CityPackage.Kind.SHEETS:
            _write_sheets(package, out, record)
        else:
            # Imported here: python-docx and openpyxl stay out of the web workers.
            from promotion.package import build_package

            build_package(package, out, record)
        record("写入文件", 1, force=True)
        size = out.tell()
        out.seek(0)
        name = storage.save(
            package.file.field.generate_filename(package, f"city-{package.pk}.{package.extension}"),
            File(out),
        )
    if not jobs.finish(package, Status.SUCCEEDED, progress=100, file=name, size=size):
        storage.delete(name)  # marked killed meanwhile: no file without its record
        return
    package.log = "\n".join([*record.lines, f"{timezone.localtime():%H:%M:%S} 完成"])
    CityPackage.objects.filter(pk=package.pk).update(log=package.log)


def _write_sheets(package, out, record):
    from promotion.sheets import render_sheets  # WeasyPrint only where sheets are made

    cases = list(
        package.cases.select_related("organization", "category")
        .prefetch_related("photos__image")
        .order_by("submission_number", "pk")
    )
    record(f"排版 {len(cases)} 张展板", 0.1, force=True)
    pdf, warnings = render_sheets(cases, package.campaign)
    for warning in warnings:
        record(f"印前提示：{warning}")
    out.write(pdf)


def run_package(package):
    return jobs.run(package, _build)
