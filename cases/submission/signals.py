"""What the submission room tells other apps, which it never imports."""

from django.dispatch import Signal

# A case was created from the online form: campaign, case, email (the contact's) and
# notices (whether the applicant agreed to receive the campaign's later notices by e-mail).
submitted = Signal()
