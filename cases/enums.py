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
