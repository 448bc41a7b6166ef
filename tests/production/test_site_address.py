"""The Site's address follows the configuration: sitemap and API links name it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_set_site_makes_the_sitemap_name_the_public_address(client, demo, settings):
    settings.ALLOWED_HOSTS = ["cases.example.org", "testserver"]
    call_command("set_site", url="https://cases.example.org", stdout=io.StringIO())
    sitemap = client.get("/sitemap.xml", HTTP_HOST="cases.example.org").content.decode()
    assert "<loc>https://cases.example.org/" in sitemap and "localhost" not in sitemap
    call_command("set_site", url="http://portal.localhost:8090", stdout=io.StringIO())
    settings.ALLOWED_HOSTS = ["portal.localhost"]
    sitemap = client.get("/sitemap.xml", HTTP_HOST="portal.localhost:8090").content.decode()
    assert "<loc>http://portal.localhost:8090/" in sitemap
