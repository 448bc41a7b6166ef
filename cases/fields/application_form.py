"""The private part of the 申报表 (附件1 of the notice), described once.

Fifteen fields: the applicant's contacts, and the recommending organisation with its
opinion, date and contacts. The Application model, the online form, the Word form
(blank and imported), the printed PDF, the 申报汇总表 and the admin all read this list,
so a field added or relabelled here is added or relabelled everywhere.

The stamped scan (盖章扫描件) is a file, stored privately, and handled on its own.
"""

from dataclasses import dataclass

APPLICANT, RECOMMENDER = "applicant", "recommender"

# Words people write on the form for each kind of contact field (in the notice's own
# form, then as filled forms vary them); docx_import finds fields by these.
KIND_LABELS = {
    "name": ("联系人",),
    "address": ("联系地址", "地址"),
    "phone": ("联系电话", "电话"),
    "mobile": ("手机",),
    "fax": ("传真",),
    "email": ("电子邮箱", "电子邮件", "邮箱"),
}
# The contact block of each part, as the notice prints it: three rows of two fields.
CONTACT_LAYOUT = (("name", "address"), ("phone", "mobile"), ("fax", "email"))


@dataclass(frozen=True)
class FormField:
    name: str  # the Application attribute, and the key in every reader and writer
    label: str  # shown on screen: unambiguous on its own (推荐单位联系电话)
    printed: str  # printed on the paper form beside its value (联系电话, 手    机)
    part: str  # APPLICANT or RECOMMENDER
    kind: str  # a KIND_LABELS key, or "organisation", "opinion", "date"
    max_length: int | None = None
    required: bool = False  # in the online form
    help_text: str = ""


FIELDS = (
    FormField("contact_name", "申报单位联系人", "申报单位联系人", APPLICANT, "name", 60, True),
    FormField("contact_address", "联系地址", "联系地址", APPLICANT, "address", 200, True),
    FormField("contact_phone", "联系电话", "联系电话", APPLICANT, "phone", 40),
    FormField("contact_mobile", "手机", "手    机", APPLICANT, "mobile", 40),
    FormField("contact_fax", "传真", "传    真", APPLICANT, "fax", 40),
    FormField(
        "contact_email",
        "电子邮箱",
        "电子邮箱",
        APPLICANT,
        "email",
        254,
        True,
        "申报回执和进度链接将发送到这个邮箱",
    ),
    FormField("recommender", "推荐单位", "推荐单位", RECOMMENDER, "organisation", 120, True),
    FormField(
        "recommender_opinion", "推荐单位意见", "推荐单位意见", RECOMMENDER, "opinion", None, True
    ),
    FormField("recommended_on", "推荐日期", "日期", RECOMMENDER, "date", None, True),
    FormField(
        "recommender_contact_name",
        "推荐单位联系人",
        "推荐单位联系人",
        RECOMMENDER,
        "name",
        60,
        True,
    ),
    FormField("recommender_address", "推荐单位联系地址", "联系地址", RECOMMENDER, "address", 200),
    FormField("recommender_phone", "推荐单位联系电话", "联系电话", RECOMMENDER, "phone", 40),
    FormField("recommender_mobile", "推荐单位手机", "手    机", RECOMMENDER, "mobile", 40),
    FormField("recommender_fax", "推荐单位传真", "传    真", RECOMMENDER, "fax", 40),
    FormField("recommender_email", "推荐单位电子邮箱", "电子邮箱", RECOMMENDER, "email", 254),
)
NAMES = tuple(field.name for field in FIELDS)
BY_NAME = {field.name: field for field in FIELDS}


def part_fields(part):
    return [field for field in FIELDS if field.part == part]


def field_of(part, kind):
    return next(field for field in FIELDS if field.part == part and field.kind == kind)


def contact_rows(part):
    """The part's contact fields in the notice's three rows of two."""
    return [tuple(field_of(part, kind) for kind in row) for row in CONTACT_LAYOUT]
