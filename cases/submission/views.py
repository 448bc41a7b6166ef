"""The public submission pages under a campaign: apply, confirm, receipt and status."""

import uuid
from contextlib import ExitStack

from django.db import IntegrityError
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from cases.fields import application_form
from cases.fields.enums import JINGAN_STREETS
from cases.mail import notifications
from cases.mail.links import status_path
from cases.mail.people import display_name
from cases.models import ApplicationDraft, CampaignPage, CasePage, Organization
from cases.printing.responses import content_disposition
from cases.submission import drafts, ratelimit, revision, signals, staging
from cases.submission.forms import ApplyForm
from cases.submission.intake import Submission, create_submission, existing_case
from cases.submission.status import request_for_changes, stage_label
from cases.submission.tokens import case_for_token


def _render(request, template, context, status=200):
    return TemplateResponse(request, template, context, status=status)


def _submission(form, files, agent=None):
    data = form.cleaned_data
    photos = [
        (files.enter_context(staged.open()), f"{uuid.uuid4().hex}.{staged.extension}", caption)
        for staged, caption in form.staged_photos
    ]
    stamp = None
    if form.staged_stamp is not None:
        stamp = (
            files.enter_context(form.staged_stamp.open()),
            f"stamp.{form.staged_stamp.extension}",
        )
    return Submission(
        title=data["title"],
        organization_name=data["organization_name"],
        organization_kind=data["organization_kind"],
        case_text=data["case_text"],
        section=data["section"],
        participant_type=data["participant_type"],
        street=data["street"],
        application={name: data.get(name) for name in application_form.NAMES},
        photos=photos,
        stamp=stamp,
        token=data["token"],
        consented=data["consent"],
        agent=agent,
    )


def _agent(request):
    """The logged-in 社联会 officer submitting for an organisation, if it is one."""
    user = request.user
    return user if user.is_authenticated and user.has_perm("cases.submit_as_agent") else None


def _create(form, agent=None):
    token = form.cleaned_data["token"]
    with ExitStack() as files:
        try:
            case = create_submission(form.campaign, _submission(form, files, agent))
        except (IntegrityError, FileNotFoundError):
            # The same form posted twice at once: the other request created the case
            # (and removed the staged uploads this one was about to read).
            case = existing_case(token)
            if case is None:
                raise
            return case, False
    staging.discard(token)
    return case, True


def _token(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _suggestions(agent=None):
    # Only organisations with a published case: who else applied is nobody's business.
    # A 社联会 officer submits for any of them and picks the existing one by its name.
    organizations = Organization.objects.all()
    if agent is None:
        organizations = organizations.filter(cases__in=CasePage.objects.published())
    return {
        "organizations": organizations.distinct().order_by("name").values_list("name", flat=True),
        "streets": JINGAN_STREETS,
    }


def _context(request, campaign):
    """What every apply page shows; for a 申报代理, who is submitting."""
    agent = _agent(request)
    context = {"page": campaign, "campaign": campaign, **_suggestions(agent)}
    if agent is not None:
        context.update(agent=agent, agent_name=display_name(agent))
    return context


def _agent_initial(request):
    """The organisation a 申报代理 chose to submit for (?for=), with what is known of it."""
    name = request.GET.get("for", "").strip()[:120]
    if not name or _agent(request) is None:
        return {}
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        return {"organization_name": name}
    return {
        "organization_name": name,
        "organization_kind": organization.kind,
        "street": organization.street,
    }


def _campaign(slug):
    """A published campaign open to the public, or 404."""
    campaign = CampaignPage.objects.live().public().filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到这个征集活动。")
    return campaign


# The status, draft and revision links carry their private token in the path: other
# sites must not receive it as a Referer. "same-origin" keeps it home, and unlike
# "no-referrer" it lets the browser send the real Origin with the page's own form posts
# (with no-referrer Chromium sends "Origin: null", which Django's CSRF check refuses).
PRIVATE_REFERRER_POLICY = "same-origin"


def _private(response):
    """A page reached by a private link: no referrer elsewhere, no index, no cache."""
    response["Referrer-Policy"] = PRIVATE_REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def apply(request, campaign_slug):
    campaign = _campaign(campaign_slug)
    context = _context(request, campaign)
    if campaign.submission_status() != "open":
        return _render(request, "cases/apply_closed.html", context)
    context["form_action"] = reverse("apply", args=[campaign.slug])
    if request.method == "POST":
        return _post(request, campaign, context)
    initial = {"token": uuid.uuid4(), **_agent_initial(request)}
    context["form"] = ApplyForm(campaign=campaign, initial=initial)
    return _render(request, "cases/apply.html", context)


def _post(request, campaign, context, draft=None):
    """A posted application, from the apply page or a draft's page: submitted, saved
    as a draft, or shown again with everything entered (fields, staged files)."""
    if not ratelimit.allow_attempt(request):
        return _render(request, "cases/apply_refused.html", {**context, "reason": "rate"}, 429)
    if request.POST.get("website"):
        return _render(request, "cases/apply_refused.html", {**context, "reason": "bot"}, 400)
    # A retry of a form that already went through (double click, time-out, back
    # button) finds its case before anything else is checked.
    token = _token(request.POST.get("token"))
    case = existing_case(token)
    if case is not None:
        return redirect(status_path(case) + "?submitted=1")
    form = ApplyForm(request.POST, request.FILES, campaign=campaign)
    if "save_draft" in request.POST:
        return _save_draft(request, form, campaign, context)
    if draft is None and token is not None:
        # Saved earlier under this form's token: its version goes with the page, so the
        # next 保存草稿 after a failed submission is not taken for an older tab's.
        draft = ApplicationDraft.objects.filter(pk=token, campaign=campaign).first()
    if draft is not None:
        context.update(draft=draft, draft_link=drafts.link(draft, campaign), resumed=True)
    if form.is_valid():
        warnings = form.warnings()
        fingerprint = form.warnings_fingerprint()
        if warnings and form.cleaned_data["confirmed"] != fingerprint:
            # Shown once for what they are about: a changed text or photo shows anew.
            form.data = form.data.copy()
            form.data["confirmed"] = fingerprint
            context.update(form=form, warnings=warnings)
            return _render(request, "cases/apply.html", context)
        email = form.cleaned_data.get("contact_email", "")
        if refusal := ratelimit.reserve_submission(request, email):
            # Everything entered (and every staged file) stays in the form.
            context.update(form=form, limited=refusal)
            return _render(request, "cases/apply.html", context, 429)
        try:
            case, created = _create(form, _agent(request))
        except BaseException:
            ratelimit.release_submission(request, email)
            raise
        if created:
            notifications.receipt(case)
            signals.submitted.send(
                sender=ApplyForm,
                campaign=campaign,
                case=case,
                email=email,
                notices=bool(form.cleaned_data.get("notices")),
            )
        else:
            ratelimit.release_submission(request, email)
        ApplicationDraft.objects.filter(pk=form.cleaned_data["token"]).delete()
        return redirect(status_path(case) + "?submitted=1")
    context["form"] = form
    return _render(request, "cases/apply.html", context)


def _without_errors(form, uploaded=()):
    """The form as saved: uploads staged, nothing marked wrong since it is not finished,
    except a file just uploaded and refused (a hostile file gets the usual checks)."""
    form.is_valid()
    form._errors = ErrorDict({k: v for k, v in form.errors.items() if k in uploaded})
    return form


def _save_draft(request, form, campaign, context):
    saved = drafts.save(
        request,
        _without_errors(form, uploaded=set(request.FILES)),
        campaign,
        request.POST.get("draft_version"),
    )
    context.update(form=form, draft=saved.draft, draft_conflict=saved.conflict)
    context.update(draft_refused=saved.refused, draft_mailed=saved.mailed)
    if saved.draft is not None:
        context["draft_link"] = drafts.link(saved.draft, campaign)
    return _render(request, "cases/apply.html", context, saved.status)


@never_cache
def apply_draft(request, campaign_slug, token):
    """A saved draft, opened from its private link to go on filling it in; its form
    posts back here (submit or save again)."""
    campaign = _campaign(campaign_slug)
    context = _context(request, campaign)
    draft_id = drafts.id_from_token(token)
    draft = ApplicationDraft.objects.filter(pk=draft_id, campaign=campaign).first()
    if draft is None:
        case = existing_case(draft_id)
        if case is not None and request.method == "POST":
            # Submitted meanwhile (a second click, another tab): where it stands.
            return redirect(status_path(case) + "?submitted=1")
        context.update(case=case, status_path=status_path(case) if case else "")
        return _private(_render(request, "cases/draft_gone.html", context, 200 if case else 404))
    if campaign.submission_status() != "open":
        return _private(_render(request, "cases/apply_closed.html", context, 410))
    context["form_action"] = reverse("apply_draft", args=[campaign.slug, token])
    if request.method == "POST":
        return _private(_post(request, campaign, context, draft))
    form = _without_errors(ApplyForm(dict(draft.data), campaign=campaign))
    link = drafts.link(draft, campaign)
    context.update(form=form, draft=draft, draft_link=link, resumed=True)
    return _private(_render(request, "cases/apply.html", context))


def status(request, token):
    """The private status page. A plain Django view: Wagtail's page URLs cannot carry
    the signed token's separators."""
    case = case_for_token(token, "organization", "decision")
    context = {
        "campaign": case.campaign,
        "case": case,
        # The title as revised (a case under review has its changes in revisions only).
        "title": case.title if case.live else (case.draft_title or case.title),
        "stage": stage_label(case),
        "changes": request_for_changes(case),
        "submitted": request.GET.get("submitted") == "1",
        "revised": request.GET.get("revised") == "1",
        "revisable": revision.revisable(case),
        "token": token,
    }
    # The token in the URL is the key: keep it out of referrers, caches and indexes.
    return _private(_render(request, "cases/status.html", context))


def revise(request, token):
    """The applicant's online revision, from the private status link, while an editor's
    request for changes stands."""
    case = case_for_token(token)
    context = {
        "campaign": case.campaign,
        "case": case,
        "status_path": status_path(case),
        "token": token,
    }
    if not revision.revisable(case):
        return _private(_render(request, "cases/revise_closed.html", context, 409))
    form = revision.RevisionForm(
        request.POST or None, request.FILES or None, case=case, initial=revision.initial_for(case)
    )
    if request.method == "POST" and form.is_valid():
        previous_email = revision.applicant_email(case)
        fields = revision.resubmit(case, form.cleaned_data, form.photo_plan())
        case.refresh_from_db()
        notifications.revision_receipt(case, fields, revision.step_name(case), previous_email)
        return redirect(status_path(case) + "?revised=1")
    context.update(form=form, changes=request_for_changes(case))
    return _private(_render(request, "cases/revise.html", context))


def revise_photo(request, token, number):
    """A small copy of the case's photo `number`, for the applicant revising it: only
    through their private link, only while changes are requested."""
    case = case_for_token(token)
    if not revision.revisable(case):
        raise Http404("链接无效或已失效。")
    photos = revision.current_photos(case)
    if not 1 <= number <= len(photos):
        raise Http404("没有这张照片。")
    return _private(HttpResponse(revision.thumbnail(photos[number - 1]), content_type="image/jpeg"))


def blank_form(request, campaign_slug):
    """The blank 申报表 (.docx, laid out like 附件1) for applicants who fill it in Word."""
    # python-docx is loaded by the worker that writes one, not by every worker.
    from cases.submission.blank_form import build_blank_form

    campaign = _campaign(campaign_slug)
    response = HttpResponse(
        build_blank_form(campaign.title),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition(
        f"申报表-{campaign.year}.docx", f"application-form-{campaign.year}.docx"
    )
    return response
