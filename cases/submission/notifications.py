"""The receipt e-mail: number, title and the private status link; nothing else private."""

from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_receipt(case, application, status_url):
    if not application.contact_email:
        return
    context = {"case": case, "status_url": status_url, "campaign": case.campaign}
    send_mail(
        subject=f"【申报回执】{case.submission_number} {case.title}",
        message=render_to_string("cases/email/receipt.txt", context),
        from_email=None,
        recipient_list=[application.contact_email],
    )
