"""What production needs before it may start: checked by `manage.py check` (and so by
every command, the task worker included) and by the WSGI application at start-up.

A half-configured server falls back silently otherwise: receipts (with applicants'
addresses and private status links) written to the worker's log instead of sent, each
worker process counting rate limits of its own, links in e-mails pointing at 127.0.0.1.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


def problems():
    """(id, message) for each missing or unsafe production setting, in Chinese."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    return [*email_problems(), *redis_problems(), *base_url_problems()]


def email_problems():
    if not settings.EMAIL_ENABLED:
        return []  # e-mail explicitly switched off (EMAIL_ENABLED=0): nothing is sent, or logged
    if settings.EMAIL_HOST_CONFIGURED:
        return []
    return [
        (
            "portal.E001",
            "未设置 EMAIL_HOST：申报回执和审稿通知无法发出（如确实不发邮件，请设置 "
            "EMAIL_ENABLED=0）。",
        )
    ]


def redis_problems():
    """REDIS_URL set, and answering: a wrong address would leave every process counting
    rate limits and holding locks of its own (the cache goes on without Redis)."""
    if not settings.REDIS_URL:
        return [
            (
                "portal.E002",
                "未设置 REDIS_URL：缓存、限流和锁必须由所有进程共享（例如 "
                "redis://127.0.0.1:6379/0）。",
            )
        ]
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError) as error:
        return [("portal.E004", f"REDIS_URL（{settings.REDIS_URL}）无法连接：{error}")]
    return []


def is_local_host(host):
    """Whether a URL's host names this machine, however written: 127.0.0.2, 127.1,
    0x7f000001, 2130706433, localhost., *.localhost, ::1, 0.0.0.0, fe80::1."""
    host = (host or "").strip().lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:  # the forms inet_aton still reads: 127.1, 0x7f000001, 2130706433, 0177.0.0.1
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified or address.is_link_local


def base_url_problems():
    """The public address links in e-mails carry: set, and not this machine (unless the
    local try-out says so, ALLOW_LOCAL_BASE_URL=1: make production, bench/)."""
    try:
        host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""
    except ValueError:
        host = ""
    local = is_local_host(host) and not getattr(settings, "ALLOW_LOCAL_BASE_URL", False)
    if settings.BASE_URL_CONFIGURED and host and not local:
        return []
    return [
        (
            "portal.E003",
            "WAGTAILADMIN_BASE_URL 未设置或指向本机：邮件中的链接必须是网站的公开地址，"
            "例如 https://cases.example.org。",
        )
    ]


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
