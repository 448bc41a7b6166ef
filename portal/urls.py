from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cases.statistics import views as statistics_views
from cases.submission import selfservice
from cases.submission import views as submission_views
from portal.api import api_router
from published import views as published_views
from search.views import search_view

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", search_view, name="search"),
    path("apply/status/<str:token>/", submission_views.status, name="submission_status"),
    path("apply/status/<str:token>/revise/", submission_views.revise, name="submission_revise"),
    path(
        "apply/status/<str:token>/revise/photo/<int:number>/",
        submission_views.revise_photo,
        name="submission_revise_photo",
    ),
    # The applicant's self-service through the status link, and finding lost links.
    path("apply/status/<str:token>/pdf/", selfservice.application_pdf, name="submission_pdf"),
    path(
        "apply/status/<str:token>/photo/<int:number>/",
        selfservice.photo,
        name="submission_photo",
    ),
    path("apply/status/<str:token>/withdraw/", selfservice.withdraw, name="submission_withdraw"),
    path("apply/find-link/", selfservice.recover, name="submission_recover"),
    # The 公示 and the 后续通知 (publicity/), below a campaign's URL too.
    path("", include("publicity.urls")),
    # A campaign's submission pages, below its own URL (the home page's children).
    path("<str:campaign_slug>/apply/", submission_views.apply, name="apply"),
    path(
        "<str:campaign_slug>/apply/draft/<str:token>/",
        submission_views.apply_draft,
        name="apply_draft",
    ),
    # A campaign's figures, public once its call has closed.
    path(
        "<str:campaign_slug>/statistics/",
        statistics_views.public_statistics,
        name="campaign_statistics",
    ),
    path(
        "<str:campaign_slug>/apply/blank-form/",
        submission_views.blank_form,
        name="apply_blank_form",
    ),
]

if settings.SERVE_MEDIA:
    # Local runs only; in production the web server serves MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
if settings.DEBUG:  # the development server serves static files itself
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [
    # Wagtail's own serve view under its name, its route kept per content generation.
    re_path(wagtail_urls.serve_pattern, published_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
