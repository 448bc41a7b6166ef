"""The demo's printed compilation for the 2016 campaign: front and back matter."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from cases.models import CampaignPage, CasePage, CompilationPage, Decision
from home.demo.data import campaign_data, compilation_data
from home.demo.photos import demo_photo


def _fields():
    """The book's page fields; the data file holds its texts one line a list item."""
    data = dict(compilation_data())
    data["published_on"] = datetime.date.fromisoformat(data["published_on"])
    for name in ("preface", "postscript", "editorial_board"):
        data[name] = "\n".join(data[name])
    return data


def _cover_image(collection):
    image_model = get_image_model()
    existing = image_model.objects.filter(title="汇编封面", collection=collection).first()
    if existing:
        return existing
    image = image_model(title="汇编封面", collection=collection)
    content = ContentFile(demo_photo("compilation-cover", "静安区优秀案例汇编"))
    image.file = ImageFile(content, name="demo-compilation-cover.jpg")
    image.save()
    return image


def _book_here(campaign):
    return CompilationPage.objects.child_of(campaign).filter(slug=compilation_data()["slug"])


def demo_compilation():
    """The demo's book: the page at the demo slug under the demo campaign."""
    campaign = CampaignPage.objects.filter(slug=campaign_data()["slug"]).first()
    if campaign is None:
        return CompilationPage.objects.none()
    return _book_here(campaign)


def ensure_compilation(campaign, collection):
    """The 2016 book holding the demo cases (all selected, as if by 终审)."""
    page = _book_here(campaign).first()
    if page is not None:
        return page
    for case in CasePage.objects.filter(campaign=campaign, is_demo=True):
        Decision.record(case, selected=True)
    page = CompilationPage(**_fields(), cover_image=_cover_image(collection))
    page.contents = page.contents_from_selection(campaign)
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page
