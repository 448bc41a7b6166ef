from publicity.models.announcements import (
    AnnouncementAttachment,
    AnnouncementMailing,
    AnnouncementPage,
    NoticeConsent,
    NoticeOptOut,
)
from publicity.models.publicity import Objection, Publicity, PublicityEntry, State

__all__ = [
    "AnnouncementAttachment",
    "AnnouncementMailing",
    "AnnouncementPage",
    "NoticeConsent",
    "NoticeOptOut",
    "Objection",
    "Publicity",
    "PublicityEntry",
    "State",
]
