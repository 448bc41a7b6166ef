"""Builders for a filled-in online application form."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import section

CASE_TEXT = "\n".join(
    [
        "老式小区设施陈旧、安全管理隐患多，居民怪物业公司不作为。" * 10,
        "社会组织介入后，先后完成了88个小区的业主大会组建换届工作，受益近9万人次。" * 10,
        "善于指导找到症结，三驾马车形成合力，物业矛盾同比减少60%以上。" * 10,
    ]
)


def jpeg(width=1800, height=1200):
    """A real photo-sized JPEG with detail (a flat colour would compress to a few bytes)."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def stamp_pdf():
    """A one-page scan of a stamped opinion, as a scanner writes it."""
    out = io.BytesIO()
    Image.new("RGB", (850, 1100), "white").save(out, format="PDF", resolution=100)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(**overrides):
    data = {
        "token": str(uuid.uuid4()),
        "title": "依托社会组织 化解物业难题",
        "organization_name": "新家园建设与合作事务所",
        "organization_kind": "mediation",
        "contact_name": "申报联系人甲",
        "contact_address": "静安区示例路1号",
        "contact_phone": "021-55550101",
        "contact_mobile": "13900000101",
        "contact_fax": "",
        "contact_email": "applicant@example.org",
        "section": str(section("mediation").pk),
        "participant_type": "organization",
        "street": "彭浦镇",
        "case_text": CASE_TEXT,
        "caption_1": "与楼组长面对面沟通",
        "caption_2": "法规政策培训现场",
        "caption_3": "",
        "recommender": "彭浦镇社区服务办公室",
        "recommender_opinion": "同意推荐。",
        "recommended_on": "2016-06-16",
        "recommender_contact_name": "推荐联系人乙",
        "recommender_address": "",
        "recommender_phone": "021-55550201",
        "recommender_mobile": "",
        "recommender_fax": "",
        "recommender_email": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def with_photos(data, count=2):
    files = {f"photo_{i}": upload(f"照片{i}.jpg", jpeg()) for i in range(1, count + 1)}
    files["recommender_stamp"] = upload("stamp.pdf", stamp_pdf(), "application/pdf")
    return {**data, **files}


# About 2000 characters without names or numbers: no warnings, so one POST submits.
QUIET_TEXT = "\n".join(
    [
        "老式小区设施陈旧、安全管理隐患多，居民怪物业公司不作为。" * 22,
        "社会组织介入后，先后完成了小区的业主大会组建换届工作，受益居民众多。" * 22,
        "善于指导找到症结，三驾马车形成合力，物业矛盾大为减少。" * 22,
    ]
)
