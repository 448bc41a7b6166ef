"""Fixed vocabularies of the notice, as TextChoices."""

from django.db import models


class OrganizationKind(models.TextChoices):
    # 征集领域 1: the four kinds of social organisation.
    LIFE_SERVICE = "life_service", "社区生活服务类社会组织"
    CHARITY = "charity", "社区慈善公益类社会组织"
    CULTURE_SPORTS = "culture_sports", "社区文体活动类社会组织"
    MEDIATION = "mediation", "社区专业调处类社会组织"
    # 征集领域 2: people taking part on their own account.
    SOCIAL_WORKER = "social_worker", "社会工作者"
    VOLUNTEER = "volunteer", "志愿者"
    DEPUTY = "deputy", "两代表一委员"


class ParticipantType(models.TextChoices):
    ORGANIZATION = "organization", "社会组织"
    SOCIAL_WORKER = "social_worker", "社会工作者"
    VOLUNTEER = "volunteer", "志愿者"
    DEPUTY = "deputy", "两代表一委员"


# Jing'an's streets and town, offered as suggestions: a case may also name another place.
JINGAN_STREETS = (
    "静安寺街道",
    "曹家渡街道",
    "江宁路街道",
    "石门二路街道",
    "南京西路街道",
    "天目西路街道",
    "北站街道",
    "宝山路街道",
    "共和新路街道",
    "大宁路街道",
    "彭浦新村街道",
    "临汾路街道",
    "芷江西路街道",
    "彭浦镇",
)


class PageSize(models.TextChoices):
    """Trim sizes the printed book is offered in (geometry: compilation/layout.py)."""

    A4 = "a4", "A4（210×297毫米）"
    B5 = "b5", "B5（176×250毫米）"
    K16 = "16k", "16开（185×260毫米）"
