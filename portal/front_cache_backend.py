"""Purging nginx's page cache (deploy/nginx/portal.conf) for Wagtail's frontend_cache.

Through the cache-purge module's own location, GET /purge/<path>: its other form, the
PURGE method on the cached location itself, crashed every nginx worker it reached
(measured with Debian 12's nginx 1.22 and libnginx-mod-http-cache-purge 2.3: signal 11).
A 404 means nothing was cached under that address: not an error.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends import BaseBackend

logger = logging.getLogger(__name__)
TIMEOUT = 3  # seconds: a front server that does not answer must not hold a publish


class NginxPurgeBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params.pop("LOCATION"))
        self.scheme, self.netloc = location.scheme, location.netloc

    def purge_address(self, url):
        """(address to request, Host header) for purging `url`."""
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        address = urlunsplit([self.scheme, self.netloc, "/purge" + parts.path, parts.query, ""])
        return address, host

    def purge(self, url):
        address, host = self.purge_address(url)
        try:
            urlopen(Request(address, headers={"Host": host}), timeout=TIMEOUT)  # noqa: S310 - configured
        except HTTPError as error:
            if error.code != 404:
                logger.error("前端缓存清除失败：%s（HTTP %s）", url, error.code)
        except (URLError, OSError) as error:
            logger.error("前端缓存清除失败：%s（%s）", url, error)
