"""Private images (unpublished submissions' photos) have no public URL until made public."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def jpeg_bytes():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 400), "teal").save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def private_image():
    image = get_image_model()(title="申报照片", is_private=True)
    image.file = ImageFile(ContentFile(jpeg_bytes()), name="photo.jpg")
    image.save()
    return image


def test_private_image_lives_outside_media_root(settings, private_image):
    assert private_image.file.name.startswith("private/original_images/")
    assert Path(private_image.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert private_image.file.url.startswith("/admin/cases/private-images/")
    rendition = private_image.get_rendition("max-300x300")
    assert rendition.file.name.startswith("private/images/")
    assert rendition.url.startswith("/admin/cases/private-images/")
    assert Path(rendition.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)


def test_private_image_is_served_to_admin_users_only(client, admin_client, private_image):
    url = private_image.file.url
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == private_image.file.open("rb").read()
    # Only private names are reachable through this view.
    public = ImageFactory()
    assert admin_client.get(f"/admin/cases/private-images/{public.file.name}").status_code == 404
    assert admin_client.get("/admin/cases/private-images/../db.sqlite3").status_code == 404


def test_make_public_moves_the_file_and_drops_private_renditions(
    client, settings, private_image, caplog, django_capture_on_commit_callbacks
):
    private_path = Path(private_image.file.path)
    private_rendition = Path(private_image.get_rendition("max-300x300").file.path)
    with django_capture_on_commit_callbacks(execute=True):
        private_image.make_public()
        # Nothing is deleted before the change commits.
        assert private_path.exists() and private_rendition.exists()
    # Wagtail's file clean-up task ran on the rendition and succeeded.
    assert not [r for r in caplog.records if "FAILED" in r.getMessage()]
    private_image.refresh_from_db()
    assert not private_image.is_private
    assert not private_path.exists()
    assert private_image.file.name.startswith("original_images/")
    assert Path(private_image.file.path).is_relative_to(settings.MEDIA_ROOT)
    assert private_image.renditions.count() == 0
    assert not private_rendition.exists()
    rendition = private_image.get_rendition("max-300x300")
    assert rendition.url.startswith("/media/images/")
    assert client.get(rendition.url).status_code == 200


def test_withdrawing_a_case_takes_its_photos_back_out_of_public_media(
    client, settings, campaign, django_capture_on_commit_callbacks
):
    from cases.models import CasePhoto
    from tests.factories import CasePageFactory

    case = CasePageFactory(parent=campaign, live=False)
    image = get_image_model()(title="申报照片", is_private=True)
    image.file = ImageFile(ContentFile(jpeg_bytes()), name="photo.jpg")
    image.save()
    CasePhoto.objects.create(page=case, image=image, caption="图注")
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()
    image.refresh_from_db()
    public_file = Path(image.file.path)
    rendition = image.get_rendition("max-300x300")
    public_rendition, public_url = Path(rendition.file.path), rendition.url
    assert (
        public_file.is_relative_to(settings.MEDIA_ROOT)
        and client.get(public_url).status_code == 200
    )

    with django_capture_on_commit_callbacks(execute=True):
        type(case).objects.get(pk=case.pk).unpublish()
    image.refresh_from_db()
    assert image.is_private and image.file.name.startswith("private/original_images/")
    assert Path(image.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not public_file.exists() and not public_rendition.exists()
    assert client.get(public_url).status_code == 404
    assert image.renditions.count() == 0
