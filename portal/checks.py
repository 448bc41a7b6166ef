"""What production needs before it may start: checked by `manage.py check` (and so by
every command, the task worker included) and by the WSGI application at start-up.

A half-configured server falls back silently otherwise: receipts (with applicants'
addresses and private status links) written to the worker's log instead of sent, each
worker process counting rate limits of its own, links in e-mails pointing at 127.0.0.1.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}  # noqa: S104 - names, not binds


def problems():
    """(id, message) for each missing or unsafe production setting, in Chinese."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    found = []
    if not settings.EMAIL_ENABLED:
        pass  # e-mail explicitly switched off (EMAIL_ENABLED=0): nothing is sent, or logged
    elif not settings.EMAIL_HOST_CONFIGURED:
        found.append(
            (
                "portal.E001",
                "未设置 EMAIL_HOST：申报回执和审稿通知无法发出（如确实不发邮件，请设置 "
                "EMAIL_ENABLED=0）。",
            )
        )
    if not settings.REDIS_URL:
        found.append(
            (
                "portal.E002",
                "未设置 REDIS_URL：缓存、限流和锁必须由所有进程共享（例如 "
                "redis://127.0.0.1:6379/0）。",
            )
        )
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""
    if not settings.BASE_URL_CONFIGURED or host in LOCAL_HOSTS:
        found.append(
            (
                "portal.E003",
                "WAGTAILADMIN_BASE_URL 未设置或指向本机：邮件中的链接必须是网站的公开地址，"
                "例如 https://cases.example.org。",
            )
        )
    return found


@register(Tags.security)
def production_configuration(app_configs, **kwargs):
    return [Error(message, id=check_id) for check_id, message in problems()]
