from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from publicity import admin

register_snippet(admin.PublicityGroup)


@hooks.register("register_admin_urls")
def urls():
    patterns = [path("file/<path:name>", admin.objection_file, name="objection_file")]
    return [path("publicity/", include((patterns, "publicity_admin")))]
