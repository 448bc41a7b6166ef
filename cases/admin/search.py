"""The 申报表 listing's search: by the case's words as Wagtail's search cuts them (title,
organisation, text, tags), its 申报编号, or the recommender's name."""

from django.db.models import Q
from wagtail_modeladmin.helpers.search import BaseSearchHandler

from cases.models import CasePage


class ApplicationSearchHandler(BaseSearchHandler):
    def search_queryset(self, queryset, search_term, **kwargs):
        term = search_term.strip()
        if not term:
            return queryset
        # Every case, drafts included: editors look up what was submitted, not only
        # what is published. Applications are hundreds, so the ids fit one IN clause.
        found = CasePage.objects.search(term, order_by_relevance=False)
        case_ids = [page.pk for page in found]
        return queryset.filter(
            Q(case_id__in=case_ids)
            | Q(case__submission_number__iexact=term)
            | Q(recommender__icontains=term)
        )

    def show_search_form(self):
        return True
