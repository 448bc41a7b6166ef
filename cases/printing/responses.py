"""PDF and file responses for staff downloads.

WeasyPrint is imported when a PDF is asked for, not when the views are: a web worker
that never prints does not carry it (about 40 MB a process)."""

import re
from functools import cache
from urllib.parse import quote

from django.utils.cache import add_never_cache_headers


def content_disposition(filename, fallback, inline=False):
    """RFC 6266: an ASCII filename for old clients, the real one as RFC 5987 filename*."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", fallback)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def private_download(response, filename, fallback, inline=False):
    """A response holding private data: named for download and never cached."""
    response["Content-Disposition"] = content_disposition(filename, fallback, inline)
    add_never_cache_headers(response)
    return response


@cache
def _pdf_response_class():
    from django_weasyprint import WeasyTemplateResponse

    from cases.printing.fetcher import PORTAL_ORIGIN, PortalURLFetcher

    class PortalPDFResponse(WeasyTemplateResponse):
        """A template rendered to PDF with the portal's fetcher."""

        url_fetcher_class = PortalURLFetcher

        def get_base_url(self):
            # Not the request's host: relative URLs resolve to an origin only the fetcher
            # knows, and a Host header cannot point WeasyPrint at another server.
            return PORTAL_ORIGIN + "/"

    return PortalPDFResponse


def pdf_response(request, template, context, **kwargs):
    """A template rendered to PDF with the portal's fetcher."""
    return _pdf_response_class()(request, template, context, **kwargs)
