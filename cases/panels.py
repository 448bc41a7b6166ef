"""Editor panels: the automatic check results shown above a case's fields."""

from wagtail.admin.panels import Panel

from cases.case_checks import case_checks


class CheckResultsPanel(Panel):
    """What the automatic checks say about the saved case (length, photos, privacy)."""

    @property
    def clean_name(self):
        return super().clean_name or "checks"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cases/admin/check_results_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            saved = case is not None and case.pk is not None and case.campaign_id is not None
            context["saved"] = saved
            context["findings"] = case_checks(case) if saved else []
            return context
