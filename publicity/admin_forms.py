"""The 公示's admin form: publishing its 结果公告 once the period is over and every
objection is settled."""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

RESULT_TOO_EARLY = "公示期尚未结束，不能发布结果公告。"
RESULT_UNSETTLED = "尚有 {count} 件异议未办结，请处理后再发布结果公告。"


class PublicityForm(WagtailAdminModelForm):
    publish_result = forms.BooleanField(
        label="发布结果公告",
        required=False,
        help_text="公示期满且异议均已办结后勾选并保存；名单不含撤销入选的案例",
    )

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if cleaned.get("publish_result") and instance.pk and instance.result_published_at is None:
            from publicity.models import Objection, State

            if instance.state() != State.ENDED:
                self.add_error("publish_result", RESULT_TOO_EARLY)
            else:
                open_ = Objection.objects.filter(entry__publicity=instance).exclude(
                    status__in=Objection.FINAL
                )
                if count := open_.count():
                    self.add_error("publish_result", RESULT_UNSETTLED.format(count=count))
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.cleaned_data.get("publish_result") and instance.result_published_at is None:
            instance.result_published_at = timezone.now()
        if commit:
            instance.save()
        return instance
