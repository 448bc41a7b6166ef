"""The portal's URLs plus the export views, for tests run before the admin hook mounts them."""

from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("admin/cases/", include("cases.submission.admin_urls")),
    *portal_urlpatterns,
]
