"""The public objection form (异议): which case, why, who (private) and evidence."""

from django import forms

from cases.checks.uploads import MSG_STAMP_TYPE, UploadError, clean_stamp_scan

MAX_REASON = 2000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MSG_NUL = "内容中含有无法识别的控制字符，请删除后再提交。"


NUL = {"null_characters_not_allowed": MSG_NUL}


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(
        label="异议案例",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "请选择对哪个案例提出异议。",
            "invalid_choice": "请从名单中选择案例。",
        },
    )
    reason = forms.CharField(
        label="异议理由",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"请写明具体事实和理由，{MAX_REASON} 字以内。",
        error_messages={
            **NUL,
            "required": "请填写异议理由。",
            "max_length": f"异议理由过长，请精简到 {MAX_REASON} 字以内。",
        },
    )
    name = forms.CharField(
        label="姓名",
        max_length=40,
        help_text="实名提出；姓名和联系方式仅供主办方核实，不会公开。",
        error_messages={**NUL, "required": "请填写姓名。", "max_length": "姓名请在 40 字以内。"},
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=40,
        error_messages={**NUL, "required": "请填写联系电话。", "max_length": "联系电话过长。"},
    )
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        help_text="回执和处理结果将发送到此邮箱。",
        error_messages={**NUL, "required": "请填写电子邮箱。", "invalid": "请填写有效的电子邮箱。"},
    )
    attachment = forms.FileField(
        label="证明材料（可选）",
        required=False,
        help_text="PDF、JPEG 或 PNG，10 MB 以内。",
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(
        label="网站", required=False, widget=forms.TextInput(attrs={"tabindex": "-1"})
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择"), *((e.pk, e.case.title) for e in entries)]
        self.fields["attachment"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        self.clean_attachment_data = None

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            scan = clean_stamp_scan(upload, max_bytes=MAX_ATTACHMENT_BYTES)
        except UploadError as error:
            message = error.message
            if message == MSG_STAMP_TYPE:
                message = "文件格式不受支持：证明材料请上传 PDF、JPEG 或 PNG 文件。"
            raise forms.ValidationError(message) from error
        return scan
