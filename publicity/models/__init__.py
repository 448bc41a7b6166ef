from publicity.models.announcements import (
    AnnouncementAttachment,
    AnnouncementPage,
    NoticeConsent,
    NoticeOptOut,
)
from publicity.models.publicity import Objection, Publicity, PublicityEntry, State

__all__ = [
    "AnnouncementAttachment",
    "AnnouncementPage",
    "NoticeConsent",
    "NoticeOptOut",
    "Objection",
    "Publicity",
    "PublicityEntry",
    "State",
]
