"""Admin forms for page types whose rules need the parent page (a new page has no place
in the tree until it is saved)."""

from wagtail.admin.forms import WagtailAdminPageForm

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
