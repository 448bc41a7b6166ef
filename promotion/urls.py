"""The promotion's admin views, mounted under /admin/promotion/ by the hooks."""

from django.urls import path

from promotion import views

app_name = "promotion_admin"

urlpatterns = [
    path("", views.latest, name="latest"),
    path("campaign/<int:campaign_id>/", views.campaign, name="campaign"),
    path("campaign/<int:campaign_id>/sheets.pdf", views.sheets, name="sheets"),
    path("package/<int:package_id>/", views.package, name="package"),
    path("package/<int:package_id>/download/", views.package_download, name="package_download"),
]
