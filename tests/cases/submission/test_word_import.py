"""Word files as the notice's route brings them: .doc and .rtf converted, several forms in
one file, stamp scans kept apart, captions by position, files that are no Word form."""

import io
import os
import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from cases.models import Application, CasePage
from cases.submission import word_files
from cases.submission.docx_import import DocxImportError, heading_level, parse_applications
from cases.submission.word_intake import import_docx
from tests.factories import section

DATA = Path(__file__).parent / "data" / "word_eval"
needs_libreoffice = pytest.mark.skipif(
    word_files.soffice() is None, reason="libreoffice-writer-nogui (make installs it)"
)


def _file(name) -> io.BytesIO:
    return io.BytesIO((DATA / name).read_bytes())


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7", "pdf"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"{\\rtf1\\ansi", "rtf"),
        (b"", "empty"),
        (b"hello", "unknown"),
    ],
)
def test_a_file_is_told_by_its_bytes_not_its_name(head, kind):
    assert word_files.kind_of(head) == kind


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (b"%PDF-1.7\n" + b"x" * 50, ("PDF", "Word")),
        (b"\xff\xd8\xff\xe0" + b"x" * 50, ("图片", "Word")),
    ],
)
def test_a_pdf_or_a_picture_is_named_with_what_to_send_instead(head, words):
    with pytest.raises(DocxImportError) as error:
        parse_applications(io.BytesIO(head))
    assert all(word in str(error.value) for word in words)
    assert ".docx" in str(error.value)


def test_a_big_rtf_is_asked_to_be_saved_as_docx(monkeypatch):
    monkeypatch.setattr(word_files, "MAX_RTF_BYTES", 1024)
    big = io.BytesIO(b"{\\rtf1\\ansi " + b"0" * 4096 + b"}")
    with pytest.raises(word_files.ConversionError, match=r"另存为” \.docx"):
        word_files.check_upload(big)


@needs_libreoffice
def test_a_conversion_past_its_time_is_stopped():
    with pytest.raises(word_files.ConversionError, match="秒"):
        word_files.to_docx(_file("w22_legacy_official.doc"), "legacy", timeout=0.05)


@needs_libreoffice
def test_the_profile_is_prepared_once_and_records_the_version(tmp_path, monkeypatch):
    """Without the version recorded, LibreOffice runs its graphics self-tests on every
    start (seconds, ~55 MB): the prepared profile carries it, and is made only once."""
    program = word_files.soffice()
    ready = word_files.prepared_profile(program, tmp_path)
    registry = (ready / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert '"ooSetupLastVersion"' in registry
    assert re.search(r'"ooSetupLastVersion" oor:op="fuse"><value>\d+\.\d+</value>', registry)
    # A locale of its own: no fork of soffice.bin to ask paperconf for the paper size.
    assert '"ooSetupSystemLocale" oor:op="fuse"><value>zh-CN</value>' in registry

    def never(*args, **kwargs):
        raise AssertionError("LibreOffice started again")

    monkeypatch.setattr(word_files, "_run", never)
    monkeypatch.setattr(word_files, "_version", never)
    assert word_files.prepared_profile(program, tmp_path) == ready


def test_a_profiles_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setattr(word_files.tempfile, "gettempdir", lambda: str(tmp_path))
    shared = tmp_path / f"portal-libreoffice-{os.getuid()}"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # a profile can hold macros: only a folder of our own is trusted
    assert word_files._profiles_folder() is None
    shared.chmod(0o700)
    assert word_files._profiles_folder() == shared


def test_a_conversion_without_a_prepared_profile_still_runs(monkeypatch):
    """The profile is a saving, never a condition: LibreOffice then makes its own."""
    commands = []
    monkeypatch.setattr(word_files, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(word_files, "prepared_profile", lambda program: None)
    monkeypatch.setattr(
        word_files, "_run", lambda command, home, timeout: commands.append(command) or True
    )
    with pytest.raises(word_files.ConversionError, match="无法转换"):
        word_files.to_docx(io.BytesIO(b"{\\rtf1 }"), "rtf")
    assert "--nodefault" in commands[0] and "--headless" in commands[0]


@needs_libreoffice
@pytest.mark.django_db
def test_a_word_97_doc_is_converted_and_imported(campaign):
    report = import_docx(campaign, _file("w22_legacy_official.doc"), "申报表.doc", section())
    assert report["error"] == ""
    case = CasePage.objects.get(pk=report["case_id"])
    assert case.organization.name == "上海市静安区江宁路文明养犬志愿者协会"
    assert [p.caption for p in case.photos.all()] == [
        "劝导队员向遛狗居民发放拾便袋",
        "“人犬和谐”座谈会现场",
    ]
    # The seal under 盖章 is the stamp scan, never a case photo.
    assert case.application.recommender_stamp


@pytest.mark.django_db
def test_two_forms_in_one_file_become_two_cases_each_with_its_own(campaign):
    report = import_docx(campaign, _file("w08_two_forms_official.docx"), "两份.docx", section())
    assert report["error"] == ""
    assert report["number"] == "JA2016-001、JA2016-002"
    first, second = (CasePage.objects.get(pk=pk) for pk in report["case_ids"])
    assert first.application.contact_mobile == "15921826673"
    assert second.application.contact_mobile == "13002106338"
    assert second.application.recommender_contact_name == "倪红"
    assert [p.caption for p in second.photos.all()] == [
        "调解员上门听取当事人诉求",
        "双方当事人在调解工作室达成协议",
    ]
    assert "吴某一家" in str(second.body) and "吴某一家" not in str(first.body)
    assert "文件中有 2 份申报表" in report["problems"][0]
    # The file is known by its first case: importing it again is refused.
    again = import_docx(campaign, _file("w08_two_forms_official.docx"), "again.docx", section())
    assert "已导入过" in again["error"]
    assert Application.objects.count() == 2


def test_the_case_text_after_the_form_replaces_a_see_attached_placeholder():
    (parsed,) = parse_applications(_file("w02_official_see_attached.docx"))
    assert "见附页" not in parsed.case_text
    assert len(parsed.case_text) > 800
    assert parsed.values["recommender"] == "静安区曹家渡街道办事处"
    # The seal is the stamp scan; the signature (150 px high) is left out as an icon.
    assert len(parsed.stamps) == 1
    assert [p.caption for p in parsed.photos] == ["社工与服务对象定期面谈", ""]
    assert parsed.uncaptioned == [2]


def test_a_text_box_caption_is_read_once_and_is_no_heading():
    (parsed,) = parse_applications(_file("w07_four_column_textbox_captions.docx"))
    assert [p.caption for p in parsed.photos] == ["守望志愿者上门看望独居老人", "独居老人茶话会"]
    assert "守望志愿者上门看望独居老人" not in parsed.case_text
    assert parsed.values["street"] == "石门二路街道"
    assert parsed.values["organization_kind"] == "volunteer"


@pytest.mark.parametrize(
    ("line", "bold", "style", "level"),
    [
        ("一、案例背景", False, None, 1),
        ("（一）摸清底数，把顾虑“晒”出来", False, None, 2),
        ("1.服务时间储蓄", False, None, 3),
        ("1、分头听取意见", False, None, 3),
        ("（1）个别辅导", False, None, 4),
        ("1．活动时间调整为每天18:30至20:00，暂停使用音响。", False, None, None),
        ("居民自己先动起来", True, None, 1),
        ("居民自己先动起来", False, None, None),
        ("我们是这样做的。", False, 2, 2),
    ],
)
def test_heading_levels_follow_chinese_numbering_bold_and_styles(line, bold, style, level):
    assert heading_level(line, bold, style) == level


def test_the_third_and_fourth_levels_render_as_h4_and_h5():
    html = render_to_string(
        "components/blocks/heading.html", {"value": {"text": "（1）个别辅导", "level": "h5"}}
    )
    assert html.strip() == '<h5 class="block-heading">（1）个别辅导</h5>'


def test_a_meeting_notice_is_no_form():
    with pytest.raises(DocxImportError, match="不是申报表"):
        parse_applications(_file("r05_meeting_notice.docx"))
