"""The applicant revises a case online when an editor asked for changes: from the
private status link, the text and the contacts; the checks run again and the case goes
back to the workflow step that asked, with what changed in the page history."""

from django import forms
from django.db import transaction
from wagtail.log_actions import log

from cases import application_form
from cases.content import body_from_text, case_text, diff_lines, summary_from_text, text_of

ACTION = "cases.applicant_revision"


def revisable(case) -> bool:
    """Only while changes are requested (after the deadline too)."""
    state = case.current_workflow_state
    return state is not None and state.status == state.STATUS_NEEDS_CHANGES


class RevisionForm(forms.Form):
    title = forms.CharField(label="案例名称", max_length=120)
    case_text = forms.CharField(
        label="案例正文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="一段一行；小标题单独成行。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in application_form.part_fields(application_form.APPLICANT):
            kind = forms.EmailField if field.kind == "email" else forms.CharField
            self.fields[field.name] = kind(
                label=field.label, max_length=field.max_length, required=False
            )


def initial_for(case) -> dict:
    application = getattr(case, "application", None)
    initial = {"title": case.title, "case_text": case_text(case)}
    for field in application_form.part_fields(application_form.APPLICANT):
        initial[field.name] = getattr(application, field.name, "") if application else ""
    return initial


def resubmit(case, data):
    """Save the applicant's revision as a new revision of the case and resume the
    workflow at the step that asked for changes; the diff goes to the page history."""
    with transaction.atomic():
        draft = case.get_latest_revision_as_object()
        before = text_of(draft)
        draft.title = data["title"].strip()
        draft.body = body_from_text(data["case_text"])
        draft.summary = summary_from_text(data["case_text"])
        revision = draft.save_revision(log_action=False)
        application = getattr(case, "application", None)
        if application is not None:
            for field in application_form.part_fields(application_form.APPLICANT):
                setattr(application, field.name, data.get(field.name, "").strip())
            application.save()
        changes = diff_lines(before, text_of(draft))
        log(
            case,
            ACTION,
            revision=revision,
            data={"changes": [f"{sign} {line}" for sign, line in changes][:200]},
        )
        # The automatic checks run on the new revision once this commits (signal_handlers).
        case.current_workflow_state.resume(user=None)
    return changes
