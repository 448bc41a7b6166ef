"""Word 申报表 as people write them, imported whole.

The files in data/as_written/ and their labels (labels.json) were written by someone who
had read only the notice, not the importer: a form as a table, as paragraphs or in four
columns; labels with spaces, full-width or no colons; the case in the form's cell, after
"见附页", or below a form with no case row; headings typed (一、 （一） 1．), bold, centred
or in Word's heading styles; captions under, above or beside the picture; soft line
breaks; a typed 案例简介. gen.py rebuilds the files.
"""

import io
import json
import unicodedata
from pathlib import Path

import pytest

from cases.models import CasePage
from cases.submission.word_intake import import_docx
from cases.text.content import body_parts
from tests.factories import section

pytestmark = pytest.mark.django_db
DATA = Path(__file__).with_name("data") / "as_written"
LABELS = json.loads((DATA / "labels.json").read_text(encoding="utf-8"))
FIELDS = {  # the notice's label → the Application field (or the case's own)
    "申报单位联系人": "contact_name",
    "联系地址": "contact_address",
    "联系电话": "contact_phone",
    "手机": "contact_mobile",
    "电子邮箱": "contact_email",
    "推荐单位": "recommender",
}


def plain(value):
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


@pytest.fixture(params=LABELS, ids=[label["file"][:2] for label in LABELS])
def imported(request, campaign):
    label = request.param
    data = (DATA / label["file"]).read_bytes()
    report = import_docx(campaign, io.BytesIO(data), label["file"], section("mediation"))
    assert report["error"] == "", report
    case = CasePage.objects.get(pk=report["case_id"])
    return label, report, case, case.get_latest_revision_as_object()


def test_the_fields_are_read_as_written(imported):
    label, _, case, _ = imported
    fields = label["fields"]
    assert plain(case.title) == plain(fields["案例名称"])
    assert plain(case.organization.name) == plain(fields["申报单位"])
    for name, attribute in FIELDS.items():
        wanted = fields.get(name)
        got = getattr(case.application, attribute)
        assert plain(got) == plain(wanted), (name, got, wanted)


def test_missing_parts_of_the_form_are_reported(imported):
    label, report, _, _ = imported
    said = " ".join(report["problems"])
    assert ("未填写推荐单位" in said) == ("推荐单位" in label["incomplete"]), said


def test_the_text_starts_with_the_case_and_keeps_its_headings(imported):
    label, _, _, revision = imported
    parts = body_parts(revision)
    texts = [plain(value) for _, value in parts]
    # No form, title, byline or summary before the text: it opens with its first sentence.
    first = next(value for kind, value in parts if kind == "paragraph")
    assert plain(first).startswith(plain(label["first_sentence"])), first[:40]
    headings = [plain(value) for kind, value in parts if kind == "heading"]
    assert headings == [plain(h) for h in label["headings"]]
    for line in label["not_headings"]:
        if not line.startswith("——"):  # the byline is not kept at all
            assert any(t.startswith(plain(line)) for t in texts), line
    levels = {
        plain(b.value["text"]): b.value["level"] for b in revision.body if b.block_type == "heading"
    }
    for heading in label["headings"]:
        if heading.startswith("（"):
            assert levels[plain(heading)] == "h3", heading
        elif heading[0] in "一二三四五六七八九十":
            assert levels[plain(heading)] == "h2", heading
    # Nothing of the form, no caption left in the text.
    body = "".join(texts)
    assert "申报单位联系人" not in body and "推荐单位意见" not in body
    for caption in label["captions"]:
        assert plain(caption) not in body, caption


def test_pictures_keep_their_captions(imported):
    label, _, _, revision = imported
    photos = list(revision.photos.all())
    assert len(photos) == label["pictures"]
    captions = label.get("captions_without_prefix") or label["captions"]
    got = [photo.caption for photo in photos]
    assert [c for c in got if not c.startswith("照片")] == captions  # 照片N: none typed
    assert len(got) - len(captions) == label.get("pictures_without_caption", 0)


def test_a_typed_summary_becomes_the_summary_ending_a_sentence(imported):
    label, _, case, _ = imported
    typed = label.get("summary")
    if typed:
        assert plain(typed).startswith(plain(case.summary).rstrip("…"))
        assert case.summary.endswith(("。", "！", "？", "…"))
    else:
        assert plain(case.summary).startswith(plain(label["first_sentence"])[:20])
