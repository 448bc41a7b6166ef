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
    "PURGE_FROM": "127.0.0.1",
    "CACHE_DIR": "/var/cache/nginx/portal",
}


def render(text, values):
    def fill(match):
        name = match.group(1)
        if name not in values:
            sys.exit(f"deploy/render.py: set {name} (for @{name}@)")
        return values[name]

    return re.sub(r"@([A-Z_]+)@", fill, text)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as template:
        sys.stdout.write(render(template.read(), {**DEFAULTS, **os.environ}))
