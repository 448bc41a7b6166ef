"""What applicants do for themselves: through the private status link, download their
申报表 as PDF, see the photos as sent and withdraw (撤回) before the format check; without
it, have the status links of their address's cases e-mailed to them (找回申报链接).

Every page reached through the link keeps the token out of referrers, caches and indexes."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cases.mail import notifications
from cases.mail.links import status_path
from cases.models import Application, CasePhoto
from cases.printing.responses import pdf_response, private_download
from cases.submission import ratelimit, withdrawal
from cases.submission.application_print import file_names, print_context
from cases.submission.revision import thumbnail
from cases.submission.tokens import case_for_token

# Per hour: addresses (the client's) and e-mail addresses asking for their links.
RECOVERY_PER_ADDRESS = 10
RECOVERY_PER_EMAIL = 3


# What the applicant's PDF and photos read with the case.
SENT = ("organization", "category", "application")


def _private(response, referrer="no-referrer"):
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex"
    if "no-store" not in response.get("Cache-Control", ""):
        response["Cache-Control"] = "private, no-store"
    return response


def application_pdf(request, token):
    """The applicant's own 申报表, in the layout the staff print."""
    case = case_for_token(token, *SENT)
    response = pdf_response(request, "print/application.html", print_context(case), attachment=True)
    return _private(private_download(response, *file_names(case)))


def sent_photos(case):
    """The photos as the submission sent them (the page's own row, not later drafts)."""
    return list(CasePhoto.objects.filter(page=case).select_related("image"))


def photo(request, token, number):
    """A small copy of photo `number` as sent; the image itself stays private."""
    photos = sent_photos(case_for_token(token, *SENT))
    if not 1 <= number <= len(photos):
        raise Http404("没有这张照片。")
    response = HttpResponse(thumbnail(photos[number - 1]), content_type="image/jpeg")
    return _private(response)


@never_cache
def withdraw(request, token):
    """撤回: a confirmation page, then the POST that withdraws."""
    case = case_for_token(token, *SENT)
    context = {"campaign": case.campaign, "case": case, "status_path": status_path(case)}
    if request.method == "POST":
        if withdrawal.withdraw(case):
            return redirect(status_path(case) + "?withdrawn=1")
    elif withdrawal.withdrawable(case):
        # A page with a form: "no-referrer" would make browsers send "Origin: null" with
        # its POST, which Django's CSRF check refuses; the token still leaves no site.
        page = TemplateResponse(request, "cases/selfservice/withdraw.html", context)
        return _private(page, referrer="same-origin")
    context.update(withdrawn=withdrawal.is_withdrawn(case), refusal=withdrawal.REFUSED)
    return _private(
        TemplateResponse(request, "cases/selfservice/withdraw_refused.html", context, status=409)
    )


class RecoveryForm(forms.Form):
    email = forms.EmailField(
        label="申报时填写的联系人电子邮箱",
        max_length=254,
        error_messages={"required": "请填写电子邮箱。", "invalid": "请填写有效的电子邮箱地址。"},
    )


def _limit(name, default):
    return getattr(settings, name, default)


def _send_links(email):
    """E-mail the status links of every case this address applied with (none: nothing)."""
    applications = (
        Application.objects.filter(contact_email__iexact=email, case__campaign__isnull=False)
        .select_related("case", "case__campaign")
        .order_by("case__submitted_on", "case_id")
    )
    cases = [application.case for application in applications]
    if cases:
        notifications.status_links(email, cases)


@never_cache
def recover(request):
    """找回申报链接. The answer is the same whether or not the address has cases, and the
    page never names one: only the address's own mailbox learns which."""
    form = RecoveryForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        window, retry_at = ratelimit._window()
        address = ratelimit.client_ip(request)
        if ratelimit._hit("recover-ip", address, window) > _limit(
            "STATUS_RECOVERY_PER_ADDRESS", RECOVERY_PER_ADDRESS
        ):
            context["retry_at"] = timezone.localtime(retry_at)
            return TemplateResponse(request, "cases/selfservice/recover.html", context, status=429)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            # Over the limit, nothing is sent and nothing different is said: the page
            # must not tell a known address from an unknown one.
            if ratelimit._hit("recover-email", email, window) <= _limit(
                "STATUS_RECOVERY_PER_EMAIL", RECOVERY_PER_EMAIL
            ):
                _send_links(email)
            context.update(sent=True, form=RecoveryForm())
    response = TemplateResponse(request, "cases/selfservice/recover.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
