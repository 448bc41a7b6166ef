"""The public pages' entry point: Wagtail's serve view, its route from the cache."""

from wagtail import views as wagtail_views

from published import prepared
from published.generation import reading
from published.parts import plain_request, writing_at_the_end
from published.routing import address_of, page_made_afresh, route


def serve(request, path):
    """Wagtail's serve view (named wagtail_serve in portal/urls.py) for a route kept per
    content generation; a form sent or a preview goes the whole way."""
    if not plain_request(request):
        return wagtail_views.serve(request, path)
    with reading(request), writing_at_the_end(), prepared.reading_ahead():
        route(request, path)
        response = wagtail_views.serve(request, path)
        # Rendered here, not after the view returns: the template's parts then read the
        # generation this request read (once), and their new parts go to the shared
        # cache together at the end.
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and page_made_afresh(request):
            # What it asked, for its next view made afresh (routing.route()).
            prepared.keep_asked(address_of(request))
        return response
