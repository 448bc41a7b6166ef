"""Admin forms for page types that check rules needing the parent page."""

from wagtail.admin.forms import WagtailAdminPageForm

DUPLICATE_NUMBER = "该征集活动中已有相同的申报编号。"


class CasePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("submission_number")
        # A new page has no path yet: the campaign is the parent the form was opened under.
        if number and self.parent_page is not None:
            from cases.models import CasePage

            taken = (
                CasePage.objects.child_of(self.parent_page)
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
        from cases.compilation.contents import default_contents
        from cases.models import CampaignPage

        campaign = parent_page.specific if parent_page is not None else None
        if (
            instance is not None
            and instance.pk is None
            and isinstance(campaign, CampaignPage)
            and not instance.contents
        ):
            instance.contents = default_contents(campaign)
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
