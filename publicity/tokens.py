"""Private links sent by e-mail, signed as the portal signs its status links
(cases/mail/links.py): an objection's status page, and unsubscribing from a campaign's notices."""

from django.core import signing
from django.urls import reverse

from cases.mail.links import absolute

OBJECTION_SALT = "publicity.objection.status"
UNSUBSCRIBE_SALT = "publicity.notices.unsubscribe"


def objection_token(objection):
    return signing.Signer(salt=OBJECTION_SALT).sign_object(objection.pk)


def objection_id(token):
    try:
        value = signing.Signer(salt=OBJECTION_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    return value if isinstance(value, int) else None


def objection_url(objection):
    return absolute(reverse("publicity_objection_status", args=[objection_token(objection)]))


def unsubscribe_token(campaign_id, email):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([campaign_id, email.lower()])


def unsubscribe_target(token):
    """(campaign id, e-mail) the link names, or None for a broken or forged one."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return None
    return value[0], str(value[1])


def unsubscribe_url(campaign_id, email):
    return absolute(reverse("publicity_unsubscribe", args=[unsubscribe_token(campaign_id, email)]))
