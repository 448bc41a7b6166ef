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


# Placeholders of the example environment (deploy/portal.env.example) and of old
# development settings: a production key must be the installation's own secret.
PLACEHOLDER_KEY_WORDS = ("change-me", "changeme", "insecure", "example", "placeholder")


def secret_key_problem(key):
    """A Chinese message when key is a placeholder or too weak to sign status links."""
    lowered = key.lower()
    if any(word in lowered for word in PLACEHOLDER_KEY_WORDS) or len(set(key)) < 5 or len(key) < 50:
        return (
            "SECRET_KEY 是示例中的占位值或过短：任何人都能用它伪造申报状态链接和登录会话。"
            "请换成本机随机生成的至少 50 个字符，例如 "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'。"
        )
    return None


def secret_key_problems():
    """[(id, message)] when production runs with a placeholder or weak key."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    message = secret_key_problem(settings.SECRET_KEY)
    return [("portal.E010", message)] if message else []


@register(Tags.security)
def production_secret_key(app_configs, **kwargs):
    return [Error(message, id=check_id) for check_id, message in secret_key_problems()]
