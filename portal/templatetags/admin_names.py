"""Names the admin's reports show for what Wagtail prints as code (cases.casepage)."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def app_verbose_name(content_type):
    """案例征集 for a content type of the cases app."""
    try:
        return apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:  # a content type left behind by a removed app
        return content_type.app_label
