"""Admin pages for importing Word application forms: upload, then watch the progress.

Two kinds of people import: editors, with forms received by e-mail (any campaign they may
add cases to, deadline or not), and 社联会 officers (申报代理), who submit filled forms for
the organisations they represent: only while a campaign takes submissions, each case
theirs (我的代理申报) with its receipt, and only their own batches in sight."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.mail.links import status_path
from cases.models import CampaignPage, CaseCategory, CasePage, ImportBatch
from cases.models import job_runner as jobs
from cases.storage.private import private_storage
from cases.submission.tasks import import_batch, retry
from cases.submission.word_files import ConversionError, check_upload

MAX_FILES = 200
# What the import reads: .doc, .wps and .rtf are converted by the worker (LibreOffice).
ACCEPT = ".docx,.doc,.wps,.rtf,.odt"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="征集活动",
        queryset=CampaignPage.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "这个征集活动已截止或不接受申报，请选择其他征集活动。"},
    )
    section = forms.ModelChoiceField(
        label="篇",
        queryset=CaseCategory.objects.all(),
        empty_label="请选择",
        help_text="本批申报表归入的篇，导入后可在每个案例中修改",
    )
    files = MultipleFileField(label="申报表文件（.docx、.doc、.wps 或 .rtf，可多选）")

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError("请选择至少一个申报表文件（.docx、.doc、.wps 或 .rtf）。")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件。")
        for upload in files:
            try:
                check_upload(upload)
            except ConversionError as error:
                raise forms.ValidationError(f"{upload.name}：{error}") from error
        return files


def _is_editor(user):
    return user.has_perm("cases.view_application")


def _is_agent(user):
    return not _is_editor(user) and user.has_perm("cases.submit_as_agent")


def _may_import(user, campaign=None):
    if _is_editor(user):
        return campaign is None or campaign.permissions_for_user(user).can_add_subpage()
    if _is_agent(user):
        return campaign is None or _open_to_agents(campaign)
    return False


def _open_to_agents(campaign):
    return campaign.live and campaign.submission_status() == "open"


def _campaigns(user):
    campaigns = CampaignPage.objects.order_by("-year")
    if _is_agent(user):
        open_ones = [c.pk for c in campaigns.live().public() if _open_to_agents(c)]
        campaigns = campaigns.filter(pk__in=open_ones)
    return campaigns


def _batches(user):
    batches = ImportBatch.objects.select_related("campaign", "section")
    return batches.filter(requested_by=user) if _is_agent(user) else batches


def upload(request):
    if not _may_import(request.user):
        raise PermissionDenied
    agent = _is_agent(request.user)
    campaigns = _campaigns(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        campaign = form.cleaned_data["campaign"]
        if not _may_import(request.user, campaign):
            raise PermissionDenied
        batch = ImportBatch.objects.create(
            campaign=campaign,
            section=form.cleaned_data["section"],
            requested_by=request.user,
            by_agent=agent,
        )
        storage = private_storage()
        batch.files = [
            {"name": f.name, "path": storage.save(f"imports/{batch.pk}/{i:03d}.docx", f)}
            for i, f in enumerate(form.cleaned_data["files"])
        ]
        batch.save(update_fields=["files"])
        import_batch.enqueue(batch.pk)
        return redirect("cases_admin:import_progress", batch.pk)
    jobs.sweep(_batches(request.user))
    context = {
        "form": form,
        "recent": _batches(request.user)[:10],
        "agent": agent,
        "nothing_open": agent and not campaigns.exists(),
    }
    return TemplateResponse(request, "cases/admin/import_upload.html", context)


@require_http_methods(["GET", "POST"])
def progress(request, batch_id):
    batches = _batches(request.user)
    batch = get_object_or_404(batches, pk=batch_id)
    if not _may_import(request.user, batch.campaign):
        raise PermissionDenied
    if request.method == "POST":  # 重试: resume a failed batch at its first file not done
        if retry(batch):
            messages.success(request, "已重新开始导入，将从未完成的文件继续。")
        return redirect("cases_admin:import_progress", batch.pk)
    if jobs.sweep(batches.filter(pk=batch.pk)):
        batch.refresh_from_db()
    running = batch.is_active
    imported = [r for r in batch.results if not r.get("error")]
    if batch.by_agent:  # the officer follows a case by its status page, not the editor
        cases = CasePage.objects.filter(pk__in=[r["case_id"] for r in imported])
        links = {case.pk: status_path(case) for case in cases}
    else:
        links = {r["case_id"]: reverse("wagtailadmin_pages:edit", args=[r["case_id"]])
                 for r in imported}  # fmt: skip
    context = {
        "batch": batch,
        "running": running,
        "upload_url": reverse("cases_admin:import_upload"),
        "imported": imported,
        "results": [{**r, "link": links.get(r.get("case_id"), "")} for r in batch.results],
    }
    return TemplateResponse(request, "cases/admin/import_progress.html", context)
