"""The public application form: every field of 附件1, in Chinese, phone-friendly."""

import hashlib
import re

from django import forms

from cases.checks import UploadError, check_case, check_photo_count
from cases.fields import application_form
from cases.fields.enums import OrganizationKind, ParticipantType
from cases.models import CaseCategory
from cases.submission import staging
from cases.submission.staging import stage_photo, stage_stamp

MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE = re.compile(r"^[\d\s()（）+\-－—转#]{7,30}$")
MAX_TEXT = 20_000


def _digits(value):
    return re.sub(r"[\s\-－—]", "", value)


def validate_mobile(value):
    if value and not MOBILE.match(_digits(value)):
        raise forms.ValidationError("请填写11位手机号码，例如 13912345678。")


def validate_phone(value):
    if value and not PHONE.match(value):
        raise forms.ValidationError("请填写正确的电话号码，例如 021-62551250。")


def _form_field(field):
    """The online form's field for one of the 申报表's private fields."""
    common = {"label": field.label, "required": field.required, "help_text": field.help_text}
    if field.kind == "email":
        return forms.EmailField(**common)
    if field.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.kind == "opinion":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    validators = {"phone": [validate_phone], "fax": [validate_phone], "mobile": [validate_mobile]}
    return forms.CharField(
        max_length=field.max_length, validators=validators.get(field.kind, []), **common
    )


class ApplyForm(forms.Form):
    # In the notice's order; the 申报表's private fields (application_form) are added
    # to base_fields below the class.
    field_order = [
        "title",
        "organization_name",
        "organization_kind",
        *(field.name for field in application_form.part_fields(application_form.APPLICANT)),
        "section",
        "participant_type",
        "street",
        "case_text",
        "recommender",
        "recommender_opinion",
        "recommender_stamp",
        *application_form.NAMES,
        "consent",
        "notices",
    ]

    title = forms.CharField(label="案例名称", max_length=120)
    organization_name = forms.CharField(label="申报单位", max_length=120)
    organization_kind = forms.ChoiceField(
        label="申报单位类型", choices=[("", "请选择"), *OrganizationKind.choices]
    )
    section = forms.ModelChoiceField(
        label="篇", queryset=CaseCategory.objects.all(), empty_label="请选择"
    )
    participant_type = forms.ChoiceField(
        label="参与主体", choices=ParticipantType.choices, initial=ParticipantType.ORGANIZATION
    )
    street = forms.CharField(label="街道/镇", max_length=40)
    case_text = forms.CharField(
        label="案例正文",
        max_length=MAX_TEXT,
        error_messages={"max_length": f"案例正文过长（超过 {MAX_TEXT} 字），请精简后再提交。"},
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="2000字左右；可直接从 Word 粘贴，段落之间空一行。文中人物请用昵称或代号。",
    )

    recommender_stamp = forms.FileField(
        label="推荐单位意见盖章扫描件",
        required=False,
        help_text="PDF、JPEG 或 PNG，20 MB 以内",
    )
    consent = forms.BooleanField(
        label="同意隐私声明",
        help_text="我已阅读上面的隐私声明，同意联系方式仅用于本次征集活动的联络与审核。",
        error_messages={"required": "请阅读并同意隐私声明后再提交。"},
    )
    # Recorded by the app that sends the notices (publicity/), through signals.submitted;
    # a draft keeps it among its fields.
    notices = forms.BooleanField(
        label="接收后续通知",
        required=False,
        help_text="同意将本次征集活动的后续通知（日期调整、公示、结果等）发送到联系邮箱，每封邮件均可退订。",
    )
    # Honeypot: hidden from people (and screen readers), filled in by naive bots.
    website = forms.CharField(
        label="网站", required=False, widget=forms.TextInput(attrs={"tabindex": "-1"})
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    # The fingerprint of what the applicant saw warnings for (see warnings_fingerprint).
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        self.campaign = campaign
        self.max_photos = max(campaign.max_photos, 1)
        self.staged_photos = []  # (StagedFile, caption) in form order
        self.staged_by_index = {}
        self.staged_stamp = None
        super().__init__(*args, **kwargs)
        for i in range(1, self.max_photos + 1):
            required = i <= campaign.min_photos
            self.fields[f"photo_{i}"] = forms.FileField(
                label=f"照片{i}",
                required=False,
                help_text="JPEG 或 PNG" + ("" if required else "（可选）"),
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
            )
            # Checked with the staged uploads, not by the field: marked for people only.
            self.fields[f"photo_{i}"].shows_required = required
            if required:
                self.fields[f"photo_{i}"].widget.attrs["aria-required"] = "true"
            self.fields[f"caption_{i}"] = caption_field(f"照片{i}说明", f"照片{i}", required)
            self.fields[f"staged_photo_{i}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
        self.fields["staged_stamp"] = forms.CharField(required=False, widget=forms.HiddenInput)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.TextInput | forms.EmailInput | forms.Textarea):
                field.widget.attrs.setdefault("autocomplete", "off" if name == "website" else "on")
            if name.endswith(("phone", "mobile", "fax")):
                # Phones show a number pad.
                field.widget.input_type = "tel"
                field.widget.attrs["inputmode"] = "tel"
        self.fields["recommender_stamp"].widget.attrs["accept"] = (
            "application/pdf,image/jpeg,image/png"
        )
        self.fields["organization_name"].widget.attrs["list"] = "organizations"
        self.fields["street"].widget.attrs["list"] = "streets"

    def contact_fields(self):
        """The applicant's contact fields, bound, in the notice's order."""
        part = application_form.part_fields(application_form.APPLICANT)
        return [self[field.name] for field in part]

    def recommender_fields(self):
        """The recommender's fields, bound, with the stamp scan after the opinion."""
        names = [f.name for f in application_form.part_fields(application_form.RECOMMENDER)]
        names.insert(names.index("recommender_opinion") + 1, "recommender_stamp")
        return [self[name] for name in names]

    def photo_rows(self):
        """Per photo: its file field, caption field, staged reference and staged file."""
        return [
            (
                self[f"photo_{i}"],
                self[f"caption_{i}"],
                self[f"staged_photo_{i}"],
                self.staged_by_index.get(i),
            )
            for i in range(1, self.max_photos + 1)
        ]

    def clean_case_text(self):
        return self.cleaned_data["case_text"].replace("\r\n", "\n").strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_phone") and not cleaned.get("contact_mobile"):
            self.add_error("contact_mobile", "联系电话和手机请至少填写一项。")
        token = cleaned.get("token")
        if token is not None:
            self._take_uploads(token)
        return cleaned

    def _take_uploads(self, token):
        """Stage new uploads, reuse earlier ones, and check what the notice asks for."""
        for i in range(1, self.max_photos + 1):
            staged = take_upload(self, f"photo_{i}", f"staged_photo_{i}", token, stage_photo)
            caption = self.cleaned_data.get(f"caption_{i}", "").strip()
            if staged is not None:
                self.staged_by_index[i] = staged
                if not caption:
                    self.add_error(f"caption_{i}", "请为这张照片写一句说明（图注）。")
                self.staged_photos.append((staged, caption))
        rules = self.campaign.check_rules().photos
        for finding in check_photo_count(len(self.staged_photos), rules):
            missing = min(len(self.staged_photos) + 1, self.max_photos)
            self.add_error(f"photo_{missing}", finding.message)
        self.staged_stamp = take_upload(
            self, "recommender_stamp", "staged_stamp", token, stage_stamp
        )

    def warnings_fingerprint(self):
        """Changes whenever the text or the photos change, so new warnings are shown again."""
        staged = "|".join(staged.name for staged, _ in self.staged_photos)
        digest = hashlib.sha256(f"{self.cleaned_data.get('case_text', '')}|{staged}".encode())
        return digest.hexdigest()[:24]

    def warnings(self):
        """Findings that do not block: shown once before the applicant confirms."""
        sizes = [(staged.width, staged.height) for staged, _ in self.staged_photos]
        text = self.cleaned_data.get("case_text", "")
        # The photo count is checked as a form error in _take_uploads.
        rules = self.campaign.check_rules()
        return check_case(text, sizes, rules, photo_field="photo_{}", count_photos=False)


ApplyForm.base_fields.update({field.name: _form_field(field) for field in application_form.FIELDS})


def caption_field(label, photo, required):
    """A photo's caption: required with its photo (checked in the form's clean), marked
    so before submitting: a star and aria-required where the photo itself is required,
    a hint where it is optional."""
    help_text = "一句话说明照片内容，作为图注" if required else f"上传{photo}时必填"
    field = forms.CharField(label=label, max_length=120, required=False, help_text=help_text)
    if required:
        field.shows_required = True
        field.widget.attrs["aria-required"] = "true"
    return field


def take_upload(form, field, staged_field, token, stage):
    """A file just uploaded, cleaned and staged (a refused one is a field error), or the
    one an earlier attempt staged; its reference goes back into the form's data, so the
    file survives an error elsewhere. Shared by the apply form and the online revision."""
    upload = form.files.get(form.add_prefix(field))
    if upload:
        try:
            staged = stage(upload, token)
        except UploadError as error:
            form.add_error(field, error.message)
            return None
    else:
        staged = staging.from_reference(form.data.get(form.add_prefix(staged_field), ""), token)
    if staged is not None:
        form.data = form.data.copy()
        form.data[form.add_prefix(staged_field)] = staged.reference(token)
    return staged
