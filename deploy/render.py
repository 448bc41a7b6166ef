"""Fill a deploy/ template's @NAME@ placeholders from the environment (or defaults).

Usage: python deploy/render.py deploy/nginx/portal.conf > portal.conf
A placeholder left without a value stops it, naming the variable to set.
"""

import os
import re
import sys

DEFAULTS = {
    "LISTEN": "80",
    "SERVER_NAME": "_",
    "APP_ADDRESS": "127.0.0.1:8000",
    "OTHER_NAMES": '""',  # the other ALLOWED_HOSTS, redirected to the canonical address
    "CACHE_DIR": "/var/cache/nginx/portal",
}


def render(text, values):
    def fill(match):
        name = match.group(1)
        if name not in values:
            sys.exit(f"deploy/render.py: set {name} (for @{name}@)")
        return values[name]

    return re.sub(r"@([A-Z_]+)@", fill, text)


def canonical_url(values):
    """Where the other names redirect: the public address (WAGTAILADMIN_BASE_URL, in
    /etc/portal/portal.env), or the first server name over HTTP."""
    if values.get("CANONICAL_URL"):
        return values["CANONICAL_URL"].rstrip("/")
    if values.get("WAGTAILADMIN_BASE_URL"):
        return values["WAGTAILADMIN_BASE_URL"].rstrip("/")
    return "http://" + values["SERVER_NAME"].split()[0]


if __name__ == "__main__":
    values = {**DEFAULTS, **os.environ}
    values["CANONICAL_URL"] = canonical_url(values)
    with open(sys.argv[1], encoding="utf-8") as template:
        sys.stdout.write(render(template.read(), values))
