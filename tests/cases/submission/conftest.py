import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import CampaignPageFactory

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def open_campaign(home):
    now = datetime.datetime.now(tz=SH)
    return CampaignPageFactory(
        parent=home,
        submission_opens_at=now - datetime.timedelta(days=3),
        submission_deadline=now + datetime.timedelta(days=10),
        target_length=2000,
    )
