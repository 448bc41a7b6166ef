"""Refuses query strings no page can use, before any view or database sees them."""

from django.core.exceptions import BadRequest
from django.http import JsonResponse

NUL_MESSAGE = "网址参数中含有空字符（NUL），无法处理。"


class RejectNulMiddleware:
    """A NUL character in a query parameter is never a real request, and PostgreSQL
    refuses it in any text lookup (a 500 otherwise): answer 400, in Chinese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"message": NUL_MESSAGE}, status=400)
            raise BadRequest(NUL_MESSAGE)
        return self.get_response(request)


# Written into Wagtail 8.0.1's templates without gettext, so no catalog can translate
# them: the header's action menu label and the screen-reader submit of the admin search.
ADMIN_UNTRANSLATABLE = {
    b'aria-label="Actions"': 'aria-label="操作"'.encode(),
    b'value="Search" class="button"': 'value="搜索" class="button"'.encode(),
}


class AdminChineseMiddleware:
    """Replaces the few English words Wagtail's admin templates hard-code (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/admin/")
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
        ):
            content = response.content
            for english, chinese in ADMIN_UNTRANSLATABLE.items():
                content = content.replace(english, chinese)
            if content != response.content:
                response.content = content
                if response.has_header("Content-Length"):  # set by CommonMiddleware
                    response["Content-Length"] = str(len(content))
        return response
