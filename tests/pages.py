"""Helpers for reading pages as a visitor sees them."""

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def visible_text(response):
    page = soup(response)
    for tag in page(["script", "style"]):
        tag.decompose()
    return " ".join(page.get_text(" ").split())
