"""Admin pages for importing Word application forms: upload, then watch the progress."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases import jobs
from cases.checks import UploadError, check_docx_upload
from cases.models import CampaignPage, CaseCategory, ImportBatch
from cases.storage.private import private_storage
from cases.submission.tasks import import_batch, retry

MAX_FILES = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="征集活动", queryset=CampaignPage.objects.order_by("-year"), empty_label=None
    )
    section = forms.ModelChoiceField(
        label="篇",
        queryset=CaseCategory.objects.all(),
        empty_label="请选择",
        help_text="本批申报表归入的篇，导入后可在每个案例中修改",
    )
    files = MultipleFileField(label="申报表文件（.docx，可多选）")

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError("请选择至少一个 .docx 文件。")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件。")
        for upload in files:
            try:
                check_docx_upload(upload)
            except UploadError as error:
                raise forms.ValidationError(f"{upload.name}：{error.message}") from error
        return files


def _may_import(user, campaign=None):
    if not user.has_perm("cases.view_application"):
        return False
    return campaign is None or campaign.permissions_for_user(user).can_add_subpage()


def upload(request):
    if not _may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        campaign = form.cleaned_data["campaign"]
        if not _may_import(request.user, campaign):
            raise PermissionDenied
        batch = ImportBatch.objects.create(
            campaign=campaign, section=form.cleaned_data["section"], requested_by=request.user
        )
        storage = private_storage()
        batch.files = [
            {"name": f.name, "path": storage.save(f"imports/{batch.pk}/{i:03d}.docx", f)}
            for i, f in enumerate(form.cleaned_data["files"])
        ]
        batch.save(update_fields=["files"])
        import_batch.enqueue(batch.pk)
        return redirect("cases_admin:import_progress", batch.pk)
    jobs.sweep(ImportBatch.objects.all())
    recent = ImportBatch.objects.select_related("campaign")[:10]
    return TemplateResponse(
        request, "cases/admin/import_upload.html", {"form": form, "recent": recent}
    )


@require_http_methods(["GET", "POST"])
def progress(request, batch_id):
    batches = ImportBatch.objects.select_related("campaign", "section")
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
    context = {
        "batch": batch,
        "running": running,
        "upload_url": reverse("cases_admin:import_upload"),
        "imported": [r for r in batch.results if not r.get("error")],
    }
    return TemplateResponse(request, "cases/admin/import_progress.html", context)
