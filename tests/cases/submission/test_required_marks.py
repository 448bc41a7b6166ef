"""Photo captions are required with their photos: the forms say so before submitting."""

import pytest
from django.urls import reverse

from cases.mail.links import status_token
from tests.browser.people import case_sent_back
from tests.pages import soup

pytestmark = pytest.mark.django_db


def field_of(page, name):
    """The label text, the input and the hint of one field."""
    field = page.find(id=f"id_{name}")
    wrapper = field.find_parent(class_="field")
    hint = wrapper.find(class_="field__help")
    return wrapper.find("label").get_text(), field, hint.get_text() if hint else ""


def test_the_apply_form_marks_the_captions_of_required_photos(client, open_campaign):
    page = soup(client.get(open_campaign.url + "apply/"))
    assert open_campaign.min_photos == 2 and open_campaign.max_photos == 3
    for i in (1, 2):
        label, field, hint = field_of(page, f"caption_{i}")
        assert label == f"照片{i}说明*" and field["aria-required"] == "true"
        assert "图注" in hint
        assert field["id"] + "_helptext" in field["aria-describedby"]
    assert page.find(id="id_photo_1")["aria-required"] == "true"
    assert not page.find(id="id_photo_3").has_attr("aria-required")
    label, field, hint = field_of(page, "caption_3")
    assert label == "照片3说明" and not field.has_attr("aria-required")
    assert hint == "上传照片3时必填"


def test_the_revise_form_marks_the_captions_of_kept_and_new_photos(
    client, open_campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_sent_back(open_campaign, "请更换第二张照片。")
    page = soup(client.get(reverse("submission_revise", args=[status_token(case)])))
    for i in (1, 2):
        label, field, _ = field_of(page, f"caption_{i}")
        assert label == f"照片{i}说明*" and field["aria-required"] == "true"
    label, field, hint = field_of(page, "new_caption_1")
    assert label == "新照片1说明" and hint == "上传新照片1时必填"
