"""The applicant's self-service block on the private status page."""

from django import template

from cases.submission import withdrawal
from cases.submission.selfservice import sent_photos

register = template.Library()


@register.inclusion_tag("cases/selfservice/status_panel.html")
def selfservice_panel(case, token):
    return {
        "case": case,
        "token": token,
        "photos": sent_photos(case),
        "withdrawn": withdrawal.is_withdrawn(case),
        "withdrawable": withdrawal.withdrawable(case),
    }
