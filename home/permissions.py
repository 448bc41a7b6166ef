"""Publishing pages other than cases needs edit rights too.

Approvers hold publish_page on the whole tree only so that Wagtail lets them act on a
case at 终审; they must not publish or withdraw the home page or a campaign.
"""

from wagtail.models import PagePermissionTester


class PublishNeedsEditTester(PagePermissionTester):
    def can_publish(self):
        return super().can_publish() and self.can_edit()

    def can_unpublish(self):
        return super().can_unpublish() and self.can_edit()


class PublishNeedsEditMixin:
    def permissions_for_user(self, user):
        return PublishNeedsEditTester(user, self)
