"""The experts' reviews of a case, shown to editors in the page editor (复核修改)."""

from wagtail.admin.panels import Panel


class ExpertReviewsPanel(Panel):
    @property
    def clean_name(self):
        return super().clean_name or "expert_reviews"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cases/review/reviews_panel.html"

        def is_shown(self):
            return self.request.user.has_perm("cases.view_review") and bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            from cases.models import Review

            context = super().get_context_data(parent_context)
            context["reviews"] = list(
                Review.objects.filter(assignment__case=self.instance).order_by("submitted_at")
            )
            return context
