"""Loads the demo content: site, library, the 2016 campaign and its cases.

Idempotent: whatever exists (found by slug) is left as it is, so a second run writes
nothing. `reset=True` deletes the demo cases and their photos first.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.rich_text import RichText

from cases.demo.compilation import ensure_compilation
from cases.demo.notice import CAMPAIGN, NOTICE_BODY
from cases.demo.photos import demo_photo
from cases.demo.reference_case import REFERENCE_CASE
from cases.demo.stories import DEMO_CASES
from cases.models import (
    Application,
    CampaignContact,
    CampaignPage,
    CampaignPhase,
    CaseCategory,
    CaseLibraryPage,
    CasePage,
    CasePhoto,
    Decision,
    Organization,
)
from home.models import HomePage

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLLECTION_NAME = "演示内容"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _local(value):
    return datetime.datetime.fromisoformat(value).replace(tzinfo=SHANGHAI)


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_home():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own welcome page stands where the home page goes.
        for child in root.get_children():
            if child.specific_class is Page and child.slug == "home":
                child.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title="社区治理优秀案例征集平台",
                slug="home",
                intro="征集、评审、展示社会力量参与社区治理的优秀案例，推广典型经验做法。",
            )
        )
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="社区治理优秀案例征集平台",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_library(home):
    library = CaseLibraryPage.objects.first()
    if library is None:
        library = home.add_child(
            instance=CaseLibraryPage(
                title="案例库",
                slug="cases",
                show_in_menus=True,
                intro="已发布的社会力量参与社区治理优秀案例，可按篇和年度筛选。",
            )
        )
        _publish(library)
    return library


def ensure_collection():
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _notice_body():
    blocks = []
    for kind, text in NOTICE_BODY:
        if kind == "p":
            blocks.append(("paragraph", RichText(f"<p>{text}</p>")))
        else:
            blocks.append(("heading", {"text": text, "level": kind}))
    return blocks


def ensure_campaign(home):
    campaign = CampaignPage.objects.filter(slug=CAMPAIGN["slug"]).first()
    if campaign is not None:
        return campaign
    campaign = CampaignPage(
        title=CAMPAIGN["title"],
        slug=CAMPAIGN["slug"],
        show_in_menus=True,
        year=CAMPAIGN["year"],
        hosts=CAMPAIGN["hosts"],
        organizer=CAMPAIGN["organizer"],
        short_title=CAMPAIGN["short_title"],
        intro=CAMPAIGN["intro"],
        issued_on=_date(CAMPAIGN["issued_on"]),
        submission_opens_at=_local(CAMPAIGN["submission_opens_at"]),
        submission_deadline=_local(CAMPAIGN["submission_deadline"]),
        submission_prefix=CAMPAIGN["submission_prefix"],
        body=_notice_body(),
    )
    campaign.phases = [
        CampaignPhase(name=name, starts_on=_date(start), ends_on=_date(end), note=note)
        for name, start, end, note in CAMPAIGN["phases"]
    ]
    campaign.contacts = [CampaignContact(**contact) for contact in CAMPAIGN["contacts"]]
    home.add_child(instance=campaign)
    return _publish(campaign)


def _case_body(data):
    """Body blocks for a demo story, or for the reference case's own shape."""
    blocks = []
    for text in data.get("intro", []):
        blocks.append(("paragraph", RichText(f"<p>{text}</p>")))
    if data.get("figures"):
        items = [{"value": v, "label": label} for v, label in data["figures"]]
        blocks.append(("key_figures", {"items": items}))
    if data.get("main_heading"):
        blocks.append(("heading", {"text": data["main_heading"], "level": "h2"}))
        blocks.append(("paragraph", RichText(f"<p>{data['main_intro']}</p>")))
        for heading, paragraphs, quote in data["subsections"]:
            blocks.append(("heading", {"text": heading, "level": "h3"}))
            blocks.extend(("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs)
            if quote:
                blocks.append(("quotation", {"text": quote[0], "attribution": quote[1]}))
    for section in data.get("sections", []):
        blocks.append(("heading", {"text": section["heading"], "level": "h2"}))
        blocks.extend(("paragraph", RichText(f"<p>{p}</p>")) for p in section["paragraphs"])
        if section.get("figures"):
            items = [{"value": v, "label": label} for v, label in section["figures"]]
            blocks.append(("key_figures", {"items": items}))
        if section.get("quote"):
            blocks.append(("quotation", dict(section["quote"])))
    if data.get("closing"):
        blocks.append(("paragraph", RichText(f"<p>{data['closing']}</p>")))
    return blocks


def _organization(data):
    org, _ = Organization.objects.get_or_create(
        name=data["name"],
        defaults={"kind": data["kind"], "street": data["street"], "address": data["address"]},
    )
    return org


def ensure_case(campaign, data, number, collection, sections):
    case = CasePage.objects.filter(slug=data["slug"], campaign=campaign).first()
    if case is not None:
        return case, False
    case = CasePage(
        title=data["title"],
        slug=data["slug"],
        organization=_organization(data["organization"]),
        category=sections[data["category"]],
        participant_type=data["participant_type"],
        street=data["street"],
        summary=data["summary"],
        body=_case_body(data),
        submission_number=f"{campaign.submission_prefix}{number:03d}",
        submitted_on=_date(data["submitted_on"]),
        is_demo=True,
    )
    image_model = get_image_model()
    photos = []
    for index, caption in enumerate(data["photo_captions"], start=1):
        image = image_model(title=caption, description=caption, collection=collection)
        content = ContentFile(demo_photo(f"{data['slug']}-{index}", caption))
        image.file = ImageFile(content, name=f"demo-{data['slug']}-{index}.jpg")
        image.save()
        photos.append(CasePhoto(image=image, caption=caption))
    case.photos = photos
    case.tags.add(*data["tags"])
    campaign.add_child(instance=case)
    _publish(case)
    Decision.record(case, selected=True)  # as if by 终审
    application = dict(data["application"])
    application["recommended_on"] = _date(application.get("recommended_on"))
    Application.objects.create(case=case, **application)
    return case, True


def ensure_featured(home, cases):
    if home.featured_cases.exists():
        return
    home.featured_cases = [home.featured_cases.model(case=case) for case in cases[:6]]
    _publish(home)


def reset_demo():
    """Delete the demo cases, their photos and the demo book (its contents name the
    cases); organisations and the campaign stay."""
    from cases.demo.compilation import demo_compilation

    for page in demo_compilation():
        page.delete()
    for case in CasePage.objects.filter(is_demo=True):
        case.delete()
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is not None:
        get_image_model().objects.filter(collection=collection).delete()


def load_demo(reset=False):
    """Create whatever demo content is missing; returns how many cases were created."""
    with transaction.atomic():
        if reset:
            reset_demo()
        home = ensure_home()
        ensure_library(home)
        collection = ensure_collection()
        campaign = ensure_campaign(home)
        sections = {section.name: section for section in CaseCategory.objects.all()}
        created = 0
        cases = []
        for number, data in enumerate([REFERENCE_CASE, *DEMO_CASES], start=1):
            case, was_created = ensure_case(campaign, data, number, collection, sections)
            created += was_created
            cases.append(case)
        ensure_featured(home, cases)
        ensure_compilation(campaign, collection)
    return created
