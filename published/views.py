"""The public pages' entry point: Wagtail's serve view, its route from the cache."""

from wagtail import views as wagtail_views

from published import prepared
from published.generation import reading
from published.parts import made_afresh, plain_request, writing_at_the_end
from published.routing import route


def serve(request, path):
    """Wagtail's serve view (named wagtail_serve in portal/urls.py) for a route kept per
    content generation; a form sent or a preview goes the whole way."""
    if not plain_request(request):
        return wagtail_views.serve(request, path)
    address = (request.get_host(), request.get_full_path())
    with reading(request), writing_at_the_end(), prepared.reading_ahead():
        before = prepared.asked_before(address)
        if before and made_afresh(request):
            # Made afresh again after a change: what the last such view of the address
            # asked (the Sites, each level of its route, its parts), asked again in one
            # round trip; a query whose parameters the change altered is asked as usual
            # when it comes (published/prepared.py, ahead_again()).
            prepared.ahead_again(before)
        route(request, path)
        response = wagtail_views.serve(request, path)
        # Rendered here, not after the view returns: the template's parts then read the
        # generation this request read (once), and their new parts go to the shared
        # cache together at the end.
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and made_afresh(request):
            prepared.keep_asked(address)
        return response
