"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise.

An application server does not run Django's system checks: this one refuses to start
while production is half configured (portal/checks.py), naming what is missing.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from portal.checks import problems, secret_key_problems  # noqa: E402 - needs the apps loaded just above

if missing := problems() + secret_key_problems():
    raise ImproperlyConfigured("生产环境配置不完整：\n" + "\n".join(m for _, m in missing))
