"""The applicant revises a case online when an editor asked for changes: from the
private status link, the text, the photos (keep, re-caption, remove, add) and the
contacts; the checks run again and the case goes back to the workflow step that asked,
with what changed in the page history."""

import io

from django import forms
from django.db import transaction
from PIL import Image
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from cases.checks import check_photo_count
from cases.fields import application_form
from cases.models import CasePhoto
from cases.submission import staging
from cases.submission.forms import caption_field, take_upload
from cases.submission.intake import save_private_photo
from cases.text.content import body_from_text, case_text, diff_lines, summary_from_text

ACTION = "cases.applicant_revision"


def revisable(case) -> bool:
    """Only while changes are requested (after the deadline too)."""
    state = case.current_workflow_state
    return state is not None and state.status == state.STATUS_NEEDS_CHANGES


def current_photos(case):
    """The photos of the case's latest revision, in order: what the applicant revises."""
    return list(case.get_latest_revision_as_object().photos.all())


def staging_token(case):
    # New photos are staged per case: a reference made for one case opens no other's file.
    return f"revision-{case.pk}"


class RevisionForm(forms.Form):
    title = forms.CharField(label="案例名称", max_length=120)
    case_text = forms.CharField(
        label="案例正文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="一段一行；小标题单独成行。",
    )

    def __init__(self, *args, case, **kwargs):
        self.case = case
        self.photos = current_photos(case)
        self.max_photos = max(case.campaign.max_photos, 1)
        self.new_photos = {}  # slot: StagedFile
        super().__init__(*args, **kwargs)
        for i, photo in enumerate(self.photos, start=1):
            self.fields[f"keep_{i}"] = forms.BooleanField(
                label="保留这张照片", required=False, initial=True
            )
            # Required while the photo is kept (the box is ticked to begin with).
            self.fields[f"caption_{i}"] = caption_field(f"照片{i}说明", f"照片{i}", True)
            self.fields[f"caption_{i}"].initial = photo.caption
        for j in range(1, self.max_photos + 1):
            self.fields[f"new_photo_{j}"] = forms.FileField(
                label=f"新照片{j}",
                required=False,
                help_text="JPEG 或 PNG（可选）",
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
            )
            self.fields[f"new_caption_{j}"] = caption_field(
                f"新照片{j}说明", f"新照片{j}", required=False
            )
            self.fields[f"staged_new_{j}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
        for field in application_form.part_fields(application_form.APPLICANT):
            kind = forms.EmailField if field.kind == "email" else forms.CharField
            self.fields[field.name] = kind(
                label=field.label, max_length=field.max_length, required=False
            )

    def photo_rows(self):
        """Per photo now in the case: its number, keep box and caption field."""
        return [
            (i, self[f"keep_{i}"], self[f"caption_{i}"]) for i in range(1, len(self.photos) + 1)
        ]

    def new_photo_rows(self):
        """Per free slot: file field, caption field, staged reference, staged file."""
        return [
            (
                self[f"new_photo_{j}"],
                self[f"new_caption_{j}"],
                self[f"staged_new_{j}"],
                self.new_photos.get(j),
            )
            for j in range(1, self.max_photos + 1)
        ]

    def contact_fields(self):
        return [self[f.name] for f in application_form.part_fields(application_form.APPLICANT)]

    def clean(self):
        cleaned = super().clean()
        kept = 0
        for i in range(1, len(self.photos) + 1):
            if cleaned.get(f"keep_{i}"):
                kept += 1
                if not cleaned.get(f"caption_{i}", "").strip():
                    self.add_error(f"caption_{i}", "请为这张照片写一句说明（图注）。")
        for j in range(1, self.max_photos + 1):
            staged = self._stage(j)
            if staged is not None:
                self.new_photos[j] = staged
                if not cleaned.get(f"new_caption_{j}", "").strip():
                    self.add_error(f"new_caption_{j}", "请为这张照片写一句说明（图注）。")
        for finding in check_photo_count(
            kept + len(self.new_photos), self.case.campaign.check_rules().photos
        ):
            self.add_error(None, finding.message)
        return cleaned

    def _stage(self, j):
        """A new upload cleaned and kept, or the one uploaded in an earlier attempt."""
        token = staging_token(self.case)
        return take_upload(self, f"new_photo_{j}", f"staged_new_{j}", token, staging.stage_photo)

    def photo_plan(self):
        """([(kept CasePhoto, caption)], [(StagedFile, caption)]) of a valid form."""
        data = self.cleaned_data
        kept = [
            (photo, data[f"caption_{i}"].strip())
            for i, photo in enumerate(self.photos, start=1)
            if data.get(f"keep_{i}")
        ]
        new = [(staged, data[f"new_caption_{j}"].strip()) for j, staged in self.new_photos.items()]
        return kept, new


def initial_for(case) -> dict:
    application = getattr(case, "application", None)
    initial = {"title": case.title, "case_text": case_text(case)}
    for field in application_form.part_fields(application_form.APPLICANT):
        initial[field.name] = getattr(application, field.name, "") if application else ""
    return initial


def thumbnail(photo, size=(320, 240)) -> bytes:
    """A small JPEG of a photo for the applicant's own form (the image stays private)."""
    with photo.image.file.open("rb") as handle, Image.open(handle) as image:
        image.thumbnail(size)
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def _quoted(value):
    return f"“{value}”" if value else "（空）"


def _field_changes(label, before, after):
    """A one-line field's change, old value first."""
    before, after = (before or "").strip(), (after or "").strip()
    if before == after:
        return []
    return [("-", f"{label}：{_quoted(before)}"), ("+", f"{label}：{_quoted(after)}")]


def _text_changes(label, before, after):
    """A text's changed lines, each in full."""
    return [(sign, f"{label}：{line}") for sign, line in diff_lines(before, after)]


def _photo_changes(before, after):
    """Photos by their captions: removed, added (a new upload, even under the caption of
    the one it replaces) and re-captioned. `before`/`after`: [(image id, caption)]."""
    kept, earlier = dict(after), dict(before)
    changes = []
    for image_id, caption in before:
        if image_id not in kept:
            changes.append(("-", f"照片：{_quoted(caption)}"))
        elif kept[image_id] != caption:
            changes.append(("-", f"照片说明：{_quoted(caption)}"))
            changes.append(("+", f"照片说明：{_quoted(kept[image_id])}"))
    for image_id, caption in after:
        if image_id not in earlier:
            changes.append(("+", f"照片（新上传）：{_quoted(caption)}"))
    return changes


def _photos_of(page):
    return [(photo.image_id, photo.caption) for photo in page.photos.all()]


def _contacts_of(application):
    fields = application_form.part_fields(application_form.APPLICANT)
    return {f.name: getattr(application, f.name, "") or "" for f in fields}


def applicant_email(case) -> str:
    application = getattr(case, "application", None)
    return application.contact_email if application is not None else ""


def step_name(case) -> str:
    """The review step the case is in (after a resubmission: the one that asked)."""
    state = case.current_workflow_state
    task_state = state.current_task_state if state is not None else None
    return task_state.task.name if task_state is not None else ""


def applicant_name(case) -> str:
    """Who revised, as the page history names them (the applicant has no account)."""
    organization = case.organization.name if case.organization_id else ""
    return f"申报人（{organization}）" if organization else "申报人"


def _revised_photos(plan, written):
    kept, new = plan
    photos = [
        CasePhoto(image=photo.image, caption=caption, alt_text=photo.alt_text)
        for photo, caption in kept
    ]
    for staged, caption in new:
        with staged.open() as handle:
            image = save_private_photo(handle, staged.name.rsplit("/", 1)[-1], caption, written)
        photos.append(CasePhoto(image=image, caption=caption))
    return photos


def resubmit(case, data, photo_plan=None):
    """Save the applicant's revision as a new revision of the case and resume the
    workflow at the step that asked for changes; the diff goes to the page history."""
    written = []
    try:
        return _resubmit(case, data, photo_plan, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _resubmit(case, data, photo_plan, written):
    with transaction.atomic():
        draft = case.get_latest_revision_as_object()
        title, summary, text = draft.title, draft.summary, case_text(draft)
        photos = _photos_of(draft)
        draft.title = data["title"].strip()
        draft.body = body_from_text(data["case_text"])
        draft.summary = summary_from_text(data["case_text"])
        if photo_plan is not None:
            draft.photos = _revised_photos(photo_plan, written)
        revision = draft.save_revision(log_action=False)
        changes = {
            "案例名称": _field_changes("案例名称", title, draft.title),
            "摘要": _field_changes("摘要", summary, draft.summary),
            "案例正文": _text_changes("案例正文", text, case_text(draft)),
            "照片": _photo_changes(photos, _photos_of(draft)),
        }
        application = getattr(case, "application", None)
        if application is not None:
            contacts = _contacts_of(application)
            for field in application_form.part_fields(application_form.APPLICANT):
                value = data.get(field.name, "").strip()
                changes[field.label] = _field_changes(field.label, contacts[field.name], value)
                setattr(application, field.name, value)
            application.save()
        changes = {label: lines for label, lines in changes.items() if lines}
        actor = applicant_name(case)
        log(
            case,
            ACTION,
            revision=revision,
            data={
                "actor": actor,
                "fields": list(changes),
                "changes": [f"{sign} {line}" for lines in changes.values() for sign, line in lines],
            },
        )
        transaction.on_commit(lambda: staging.discard(staging_token(case)))
        # The automatic checks run on the new revision once this commits (text/receivers.py).
        logged = PageLogEntry.objects.filter(page=case).order_by("-pk").first()
        case.current_workflow_state.resume(user=None)
        # Wagtail logs the resumed workflow without a user: the applicant resumed it.
        for entry in PageLogEntry.objects.filter(
            page=case, user=None, pk__gt=logged.pk if logged else 0
        ):
            entry.data = {**(entry.data or {}), "actor": actor}
            entry.save(update_fields=["data"])
    return list(changes)
