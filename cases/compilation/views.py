"""Admin views of a compilation: start a build, watch it, download editions, proof a case.

Only users who may edit the compilation page may do any of it; the views check that
themselves as well as through Wagtail's admin-access wrapper.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import require_admin_access

from cases.compilation import colour
from cases.compilation.book import Book, PrintedSection, layout_case
from cases.compilation.builds import BuildBusy, last_press, mark_stale, start_build
from cases.compilation.layout import GEOMETRIES
from cases.compilation.pdf import book_context
from cases.compilation.renditions import make_renditions
from cases.compilation.tasks import build_compilation
from cases.models import CasePage, CompilationBuild, CompilationPage
from cases.printing.responses import pdf_response, private_download
from cases.review.selection import left_out


def _editable_page(request, page_id):
    page = get_object_or_404(CompilationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@require_admin_access
@require_http_methods(["GET", "POST"])
def builds(request, page_id):
    page = _editable_page(request, page_id)
    if request.method == "POST":
        try:
            profile, ink_limit = _press_choice(request)
            build = start_build(page, request.user, profile, ink_limit)
        except (BuildBusy, ValueError) as error:
            messages.error(request, str(error))
        else:
            transaction.on_commit(lambda: build_compilation.enqueue(build.pk))
            messages.success(request, "已开始生成PDF，完成前可以离开本页，稍后回来查看。")
        return redirect("cases_admin:compilation_builds", page.pk)
    mark_stale(page)
    history = list(page.builds.select_related("requested_by")[:20])
    latest = history[0] if history else None
    Status = CompilationBuild.Status
    running = latest is not None and latest.status in (Status.QUEUED, Status.RUNNING)
    chosen_profile, chosen_limit = last_press(page)
    response = TemplateResponse(
        request,
        "cases/admin/compilation_builds.html",
        {
            "page": page,
            "latest": latest,
            "running": running,
            "current": page.current_edition(),
            "history": history,
            "sections": page.sections(),
            "withdrawn": page.withdrawn_from_edition(),
            # Selected at 终审 but not printed: said here, with the reason.
            "left_out": left_out(page.campaign),
            # Builds read the published page: say so when editors have saved a draft.
            "draft_pending": page.has_unpublished_changes,
            "profiles": colour.installed_profiles(),
            "chosen_profile": chosen_profile,
            "chosen_limit": chosen_limit,
        },
    )
    add_never_cache_headers(response)
    return response


def _press_choice(request):
    """(profile key, ink limit) from the build form: an uploaded profile is kept and
    chosen; a key must be one of the profiles offered."""
    upload = request.FILES.get("profile_file")
    if upload is not None:
        profile = colour.save_upload(upload)
    else:
        profile = request.POST.get("profile", "")
        if profile and profile not in {p.key for p in colour.installed_profiles()}:
            raise ValueError("所选色彩配置文件不可用，请重新选择。")
    try:
        ink_limit = int(request.POST.get("ink_limit") or colour.DEFAULT_INK_LIMIT)
    except ValueError:
        raise ValueError("总墨量上限应为200到400之间的整数。") from None
    if not 200 <= ink_limit <= 400:
        raise ValueError("总墨量上限应为200到400之间的整数。")
    return profile, ink_limit


def _edition_file(request, build_id, field, name_suffix, ascii_name):
    """A file of a successful build (the book, its cover), for those who may edit it."""
    build = get_object_or_404(
        CompilationBuild, pk=build_id, status=CompilationBuild.Status.SUCCEEDED
    )
    _editable_page(request, build.page_id)
    file = getattr(build, field)
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), content_type="application/pdf")
    name = build.download_name.removesuffix(".pdf") + name_suffix
    return private_download(response, name, f"{ascii_name}-{build.pk}.pdf")


@require_admin_access
def edition_download(request, build_id):
    return _edition_file(request, build_id, "file", ".pdf", "book")


@require_admin_access
def cover_download(request, build_id):
    return _edition_file(request, build_id, "cover_file", "-封面.pdf", "cover")


@require_admin_access
def case_proof(request, page_id, case_id):
    """One case set exactly as in the book (校样), rendered on demand."""
    page = _editable_page(request, page_id)
    # Only a case of this book: the proof shows it as the book will print it.
    in_book = [case.pk for section in page.sections() for case in section.cases]
    case = get_object_or_404(
        CasePage.objects.select_related("organization", "category"), pk=case_id, pk__in=in_book
    )
    geometry = GEOMETRIES[page.page_size]
    book = Book(
        page,
        geometry,
        [PrintedSection("section-1", case.category.name, [], [layout_case(case, geometry)])],
        [],
        [],
        [],
    )
    make_renditions(book, separate=False)  # the proof is not separated
    context = book_context(book)
    context["proof"] = True
    response = pdf_response(request, "print/compilation.html", context, attachment=False)
    return private_download(response, f"校样-{case.title}.pdf", f"proof-{case.pk}.pdf", True)
