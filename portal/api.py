"""Wagtail API v2: published pages only, with the public fields each page type lists.

No images or documents endpoint: those would list unpublished submissions' photos.
Every malformed parameter is answered 400 with a message in Chinese, never 500:
?search goes through the portal's own Chinese search (it cannot fail to parse), the
offset is bounded, and Wagtail's own English messages are translated.
"""

import re

from django.db.models import Case, IntegerField, Prefetch, When
from django.http import Http404
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from cases.models import CasePage, CasePageTag
from cases.models.photos import GALLERY_SPEC, photos_with_renditions
from search.backend import get_backend
from search.query import SearchQuery, SearchUnavailable

MAX_OFFSET = 100_000
SEARCH_RESULTS = 500  # the most relevant cases a search may page through
OPERATORS = {"", "and", "or"}

# Wagtail's messages (the API's own wording) → what a Chinese developer reads.
MESSAGES = [
    (r"limit must be a positive integer", "limit 必须是正整数。"),
    (r"offset must be a positive integer", "offset 必须是不小于 0 的整数。"),
    (r"limit cannot be higher than (\d+)", r"limit 不能大于 \1。"),
    (r"type doesn't exist", "type 指定的页面类型不存在。"),
    (r"fields error: (.*)", r"fields 参数有误（\1）。"),
    (r"cannot order by '(.*)' \(unknown field\)", r"不能按“\1”排序：没有这个字段。"),
    (r"cannot order by '(.*)' .*", r"不能按“\1”排序。"),
    (r"(child_of|descendant_of) must be a positive integer", r"\1 必须是正整数。"),
    (r"(ancestor|parent) page doesn't exist", "上级页面不存在。"),
    (r"field filter error\. (.*)", r"筛选参数有误（\1）。"),
    (r"query parameter is not an operation or a recognised field: (.*)", r"不认识的参数：\1。"),
    (r"filtering by tag with a search query is not supported", "不能同时按标签筛选和检索。"),
    (r"(.*) is not a valid (.*)", r"参数有误：\1 不是有效的 \2。"),
]


def chinese(message):
    if re.search(r"[\u4e00-\u9fff]", message):  # ours, already in Chinese
        return message
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return f"请求参数有误：{message}"


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset 不能大于 {MAX_OFFSET}。")
        return super().paginate_queryset(queryset, request, view)


class ChineseSearchFilter(BaseFilterBackend):
    """?search= finds published cases as the public search page does (segmented Chinese,
    synonyms), most relevant first unless ?order is given."""

    def filter_queryset(self, request, queryset, view):
        if request.GET.get("search_operator", "") not in OPERATORS:
            raise BadRequestError("search_operator 只能是 and 或 or。")
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        query = SearchQuery.from_querydict({"q": request.GET["search"]})
        try:
            results = get_backend().search(SearchQuery(text=query.text, per_page=SEARCH_RESULTS))
        except SearchUnavailable as error:
            raise BadRequestError("检索服务暂时不可用，请稍后再试。") from error
        ids = [hit.id for hit in results.hits]
        queryset = queryset.filter(pk__in=ids)
        if "order" in request.GET:
            return queryset
        rank = Case(*(When(pk=pk, then=i) for i, pk in enumerate(ids)), output_field=IntegerField())
        return queryset.order_by(rank) if ids else queryset


class PortalPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = [
        ChineseSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is CasePage:
            # What CasePage.api_fields read, fetched per listing rather than per case.
            queryset = queryset.select_related(
                "organization", "category", "campaign", "locale"
            ).prefetch_related(
                Prefetch("tagged", CasePageTag.objects.select_related("tag")),
                Prefetch("photos", queryset=photos_with_renditions(GALLERY_SPEC)),
            )
        return queryset

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": chinese(str(exc))}, status=400)
        if isinstance(exc, Http404):
            return Response({"message": "没有找到这个页面。"}, status=404)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
