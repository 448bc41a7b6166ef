"""Wagtail API v2: published pages only, with the public fields each page type lists.

No images or documents endpoint: those would list unpublished submissions' photos.
"""

from django.db.models import Prefetch
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cases.models import CasePage
from cases.models.case import GALLERY_SPEC, photos_with_renditions


class PortalPagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is CasePage:
            # What CasePage.api_fields read, fetched per listing rather than per case.
            queryset = queryset.select_related(
                "organization", "category", "campaign", "locale"
            ).prefetch_related(
                "tags", Prefetch("photos", queryset=photos_with_renditions(GALLERY_SPEC))
            )
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
