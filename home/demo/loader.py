"""Loads the demo content: site, library, the 2016 campaign and its cases.

The content is data (home/demo/data/): campaign.json (the notice), cases/*.json (one
file a case, numbered in 申报编号 order), compilation.json (the book). Idempotent:
whatever exists (found by slug) is left as it is, so a second run writes nothing.
`reset=True` deletes the demo cases and their photos first.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.rich_text import RichText

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
from home.demo.compilation import demo_compilation, ensure_compilation
from home.demo.data import campaign_data, case_data
from home.demo.photos import demo_photo
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


def _blocks(body):
    """StreamField data from the data files' blocks (paragraph, heading, key_figures,
    quotation), as an editor would have entered them."""
    blocks = []
    for block in body:
        kind = block["type"]
        if kind == "paragraph":
            blocks.append(("paragraph", RichText(f"<p>{block['text']}</p>")))
        elif kind == "heading":
            blocks.append(("heading", {"text": block["text"], "level": block["level"]}))
        elif kind == "key_figures":
            items = [{"value": value, "label": label} for value, label in block["items"]]
            blocks.append(("key_figures", {"items": items}))
        elif kind == "quotation":
            quote = {"text": block["text"], "attribution": block.get("attribution", "")}
            blocks.append(("quotation", quote))
        else:
            raise ValueError(f"unknown block type in the demo data: {kind}")
    return blocks


def ensure_campaign(home):
    data = campaign_data()
    campaign = CampaignPage.objects.filter(slug=data["slug"]).first()
    if campaign is not None:
        return campaign
    campaign = CampaignPage(
        title=data["title"],
        slug=data["slug"],
        show_in_menus=True,
        year=data["year"],
        hosts=data["hosts"],
        organizer=data["organizer"],
        short_title=data["short_title"],
        intro=data["intro"],
        issued_on=_date(data["issued_on"]),
        submission_opens_at=_local(data["submission_opens_at"]),
        submission_deadline=_local(data["submission_deadline"]),
        submission_prefix=data["submission_prefix"],
        body=_blocks(data["body"]),
    )
    campaign.phases = [
        CampaignPhase(
            name=phase["name"],
            starts_on=_date(phase["starts_on"]),
            ends_on=_date(phase["ends_on"]),
            note=phase["note"],
        )
        for phase in data["phases"]
    ]
    campaign.contacts = [CampaignContact(**contact) for contact in data["contacts"]]
    home.add_child(instance=campaign)
    return _publish(campaign)


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
        body=_blocks(data["body"]),
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
        for number, data in enumerate(case_data(), start=1):
            case, was_created = ensure_case(campaign, data, number, collection, sections)
            created += was_created
            cases.append(case)
        ensure_featured(home, cases)
        ensure_compilation(campaign, collection)
    return created
