"""The public side: the 公示 (and, once published, its 结果公告), the objection form, the
objector's private status page and unsubscribing from the 后续通知."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cases.checks import generated_name
from cases.models import CampaignPage
from cases.submission import ratelimit
from publicity import mail, tokens
from publicity.forms import ObjectionForm
from publicity.models import NoticeOptOut, Objection, Publicity, State
from published.routing import public

# same-origin, as the portal's private pages: the private link never leaves the site, and
# the forms' POSTs keep their Origin (no-referrer would send "null" and fail CSRF).
PRIVATE_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex",
    "Cache-Control": "private, no-store",
}


def _private(response):
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def campaign_or_404(slug):
    campaign = public(CampaignPage.objects.live()).filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到这个征集活动。")
    return campaign


def _publicity(campaign_slug, pk):
    campaign = campaign_or_404(campaign_slug)
    publicity = get_object_or_404(Publicity, pk=pk, campaign=campaign)
    if publicity.state() == State.SCHEDULED:
        raise Http404("公示尚未开始。")
    return campaign, publicity


def _seconds_to_midnight(now=None):
    now = timezone.localtime(now or timezone.now())
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return max(1, int((timezone.make_aware(tomorrow) - now).total_seconds()))


def publicity_page(request, campaign_slug, pk):
    campaign, publicity = _publicity(campaign_slug, pk)
    state = publicity.state()
    entries = publicity.entries.listed().select_related(
        "case", "case__organization", "case__category"
    )
    objections = Objection.objects.filter(entry__publicity=publicity)
    context = {
        "campaign": campaign,
        "publicity": publicity,
        "state": state,
        "entries": entries,
        "announced": state == State.ANNOUNCED,
        "objection_count": objections.count() if state == State.ANNOUNCED else None,
        "withdrawn_count": objections.filter(status=Objection.Status.WITHDRAWN)
        .values("entry")
        .distinct()
        .count()
        if state == State.ANNOUNCED
        else None,
    }
    response = TemplateResponse(request, "publicity/publicity_page.html", context)
    # The page changes with time alone at midnight (the period's bounds are whole days).
    response["X-Accel-Expires"] = str(_seconds_to_midnight())
    return response


@never_cache
def objection(request, campaign_slug, pk):
    campaign, publicity = _publicity(campaign_slug, pk)
    entries = list(publicity.entries.listed().select_related("case"))
    context = {"campaign": campaign, "publicity": publicity}
    if not publicity.is_open_for_objections():
        return _private(
            TemplateResponse(request, "publicity/objection_closed.html", context, status=410)
        )
    if request.method != "POST":
        initial = {}
        wanted = request.GET.get("case", "")
        if wanted.isascii() and wanted.isdecimal() and len(wanted) < 19:
            initial["entry"] = int(wanted)
        context["form"] = ObjectionForm(entries=entries, initial=initial)
        return _private(TemplateResponse(request, "publicity/objection_form.html", context))
    form = ObjectionForm(request.POST, request.FILES, entries=entries)
    context["form"] = form
    if not ratelimit.allow_attempt(request) or request.POST.get("website"):
        context["limited"] = "提交过于频繁，请稍后再试。"
        return _private(
            TemplateResponse(request, "publicity/objection_form.html", context, status=429)
        )
    if not form.is_valid():
        return _private(
            TemplateResponse(request, "publicity/objection_form.html", context, status=400)
        )
    count, retry_at = ratelimit.hit("objection-ip", ratelimit.client_ip(request))
    limit = getattr(settings, "PUBLICITY_OBJECTIONS_PER_HOUR", 10)
    if count > limit:
        at = timezone.localtime(retry_at).strftime("%H:%M")
        context["limited"] = f"同一网络在这一小时内已提出 {limit} 件异议，请于 {at} 以后再提交。"
        return _private(
            TemplateResponse(request, "publicity/objection_form.html", context, status=429)
        )
    data = form.cleaned_data
    with transaction.atomic():
        item = Objection(
            entry_id=data["entry"],
            reason=data["reason"].strip(),
            name=data["name"].strip(),
            phone=data["phone"].strip(),
            email=data["email"],
        )
        if (scan := data.get("attachment")) is not None:
            item.attachment.save(generated_name(scan.extension), ContentFile(scan.data), save=False)
        item.save()
        mail.objection_receipt(item)
        mail.objection_waiting(item)
    path = reverse("publicity_objection_status", args=[tokens.objection_token(item)])
    return redirect(f"{path}?sent=1")


@never_cache
def objection_status(request, token):
    pk = tokens.objection_id(token)
    item = (
        Objection.objects.select_related("entry__case", "entry__publicity__campaign")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if item is None:
        raise Http404("链接无效或已失效。")
    context = {
        "objection": item,
        "case": item.entry.case,
        "publicity": item.entry.publicity,
        "campaign": item.entry.publicity.campaign,
        "sent": "sent" in request.GET,
        "final": item.status in Objection.FINAL,
    }
    return _private(TemplateResponse(request, "publicity/objection_status.html", context))


@never_cache
def unsubscribe(request, token):
    target = tokens.unsubscribe_target(token)
    campaign = CampaignPage.objects.filter(pk=target[0]).first() if target else None
    if campaign is None:
        raise Http404("退订链接无效。")
    email = target[1]
    done = NoticeOptOut.objects.filter(campaign=campaign, email=email).exists()
    if request.method == "POST" and not done:
        NoticeOptOut.objects.get_or_create(campaign=campaign, email=email)
        done = True
    context = {"campaign": campaign, "email": email, "done": done}
    return _private(TemplateResponse(request, "publicity/unsubscribe.html", context))
