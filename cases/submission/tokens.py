"""The case a private status link names (the signed token: cases/mail/links.py)."""

from django.http import Http404

from cases.mail.links import case_id_from_token
from cases.models import CasePage


def case_for_token(token, *related):
    """The case the token was issued for, with `related` selected; a 404 in Chinese for a
    forged or outdated token, or a case no longer under a campaign."""
    case_id = case_id_from_token(token)
    case = None
    if case_id is not None:
        case = CasePage.objects.select_related("campaign", *related).filter(pk=case_id).first()
    if case is None or case.campaign is None:
        raise Http404("链接无效或已失效。")
    return case
