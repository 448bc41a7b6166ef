"""Admin forms for page types whose rules need the parent page (a new page has no place
in the tree until it is saved)."""

from types import SimpleNamespace

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from cases.dates.timeline import date_conflicts

DUPLICATE_NUMBER = "该征集活动中已有相同的申报编号。"


class CasePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("submission_number")
        # A new page has no path yet: the campaign is the parent the form was opened under.
        if number and self.parent_page is not None:
            taken = (
                type(self.instance)
                .objects.child_of(self.parent_page)
                .filter(submission_number=number)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error("submission_number", DUPLICATE_NUMBER)
        return cleaned


class CompilationPageForm(WagtailAdminPageForm):
    """A new book starts with the cases selected in review, grouped by 篇."""

    def __init__(self, *args, instance=None, parent_page=None, **kwargs):
        new = instance is not None and instance.pk is None and parent_page is not None
        if new and not instance.contents:
            instance.contents = instance.contents_from_selection(parent_page.specific)
        super().__init__(*args, instance=instance, parent_page=parent_page, **kwargs)

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for block in cleaned.get("contents") or []:
            for case in block.value["cases"]:
                if case is not None and case.pk in seen:
                    self.add_error("contents", f"案例“{case.title}”在篇目中出现了不止一次。")
                    return cleaned
                if case is not None:
                    seen.add(case.pk)
        return cleaned


class CampaignPageForm(WagtailAdminPageForm):
    """The campaign's dates checked against each other (cases/dates/timeline.py): the phases are
    an inline formset, so only the form sees them together with the deadline."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("phases")
        if formset is None or not formset.is_valid():
            return cleaned  # the phases' own errors first
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if formset.can_order:
            rows.sort(key=lambda row: row.get("ORDER") or 0)
        phases = [
            SimpleNamespace(
                name=r.get("name", ""), starts_on=r.get("starts_on"), ends_on=r.get("ends_on")
            )
            for r in rows
        ]
        for field, message in date_conflicts(
            phases,
            _local_day(cleaned.get("submission_opens_at")),
            _local_day(cleaned.get("submission_deadline")),
        ):
            self.add_error(None if field == "phases" else field, message)
        return cleaned


def _local_day(moment):
    return timezone.localtime(moment).date() if moment is not None else None
