"""The demo's printed compilation for the 2016 campaign: front and back matter."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from cases.demo.photos import demo_photo
from cases.models import CampaignPage, CasePage, CompilationPage, Decision

COMPILATION = {
    "title": "静安区社会力量参与社区治理优秀案例汇编",
    "slug": "compilation",
    "subtitle": "（2016年）",
    "edition": "第一版",
    "published_on": datetime.date(2017, 3, 1),
    "preface": (
        "社区是社会治理的基本单元。近年来，静安区的社会组织、社会工作者、志愿者和"
        "“两代表一委员”走进居民区，在为老服务、邻里互助、矛盾调处、帮困帮教等方面"
        "做了大量扎实细致的工作，形成了一批可看、可学、可复制的经验做法。\n"
        "2016年，区社会组织联合会开展社会力量参与社区治理优秀案例征集活动，"
        "经组织发动、征集审稿、专家评审，从各街道、镇报送的案例中评选出优秀案例，"
        "按生活服务、慈善公益、社区自治、矛盾调处与帮困帮教四篇汇编成册。\n"
        "书中人物多以昵称或代号出现，所记事例均经申报单位核实。希望这本汇编能为"
        "更多社会力量参与社区治理提供借鉴，也欢迎读者提出宝贵意见。"
    ),
    "postscript": (
        "本书的编印得到了区民政局、各街道办事处、镇政府以及众多社会组织的大力支持，"
        "评审专家对每一个案例逐字审读、反复推敲，在此一并致谢。\n"
        "由于时间仓促，书中难免有疏漏之处，敬请读者批评指正。"
    ),
    "editorial_board": "主　任：区社会组织联合会\n主　编：联合会秘书处\n编　委：各街道、镇社会组织服务中心\n编　务：联合会办公室",
}


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


def demo_compilation():
    """The demo's book: the page at the demo slug under the demo campaign."""
    from cases.demo.notice import CAMPAIGN

    campaign = CampaignPage.objects.filter(slug=CAMPAIGN["slug"]).first()
    if campaign is None:
        return CompilationPage.objects.none()
    return CompilationPage.objects.child_of(campaign).filter(slug=COMPILATION["slug"])


def ensure_compilation(campaign, collection):
    """The 2016 book holding the demo cases (all selected, as if by 终审)."""
    page = CompilationPage.objects.child_of(campaign).filter(slug=COMPILATION["slug"]).first()
    if page is not None:
        return page
    for case in CasePage.objects.filter(campaign=campaign, is_demo=True):
        Decision.record(case, selected=True)
    page = CompilationPage(**COMPILATION, cover_image=_cover_image(collection))
    page.contents = page.contents_from_selection(campaign)
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page
