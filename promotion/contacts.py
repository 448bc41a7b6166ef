"""What of the private 申报表 goes to the city level: the contacts it needs to reach the
applicant and the recommending organisation, nothing else (README, 推荐市级)."""

from cases.fields.application_form import BY_NAME

# Addresses, faxes, the recommender's opinion and date and the stamped scan stay here.
CITY_CONTACTS = (
    "contact_name",
    "contact_phone",
    "contact_mobile",
    "contact_email",
    "recommender",
    "recommender_contact_name",
    "recommender_phone",
    "recommender_email",
)
CITY_CONTACT_LABELS = tuple(BY_NAME[name].label for name in CITY_CONTACTS)


def city_contacts(case) -> dict:
    application = getattr(case, "application", None)
    return {name: getattr(application, name, "") or "" for name in CITY_CONTACTS}
