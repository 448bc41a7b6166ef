"""Wagtail API v2: published pages only, with the public fields each page type lists.

No images or documents endpoint: those would list unpublished submissions' photos.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
