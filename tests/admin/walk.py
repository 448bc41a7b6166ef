"""Walks the admin as one user: every page reachable by links from the dashboard, with
the words a user sees (text, titles, labels, placeholders, button values)."""

import re
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SEEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-bs-title")
# Links that change something when followed, or leave the admin.
SKIP = re.compile(
    r"/logout/|/delete/|/unpublish/|/copy/|/move/|/revert|/lock/|/unlock/|/export|\.xlsx|\.pdf|/download|/file/|/usage/"
)


def seen_text(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    # Not shown: scripts, styles, icons and elements marked hidden (a noscript message
    # is shown, to a browser without JavaScript).
    for hidden in soup(["script", "style", "svg"]) + soup.find_all(attrs={"hidden": True}):
        hidden.decompose()
    texts = list(soup.stripped_strings)
    for tag in soup.find_all(True):
        texts += [tag[a] for a in SEEN_ATTRIBUTES if isinstance(tag.get(a), str)]
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            texts.append(tag.get("value", ""))
    return texts


def shape(url: str) -> str:
    """A URL with its numbers as N: pages of one kind are walked a few times, not all."""
    path = urlsplit(url).path
    return re.sub(r"\d+", "N", path)


def walk(client, start="/admin/", limit=400, per_shape=2):
    """{url: html} of admin pages reachable from start by GET links."""
    pages, queue, shapes = {}, [start], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in pages:
            continue
        kind = shape(url)
        if shapes.get(kind, 0) >= per_shape:
            continue
        shapes[kind] = shapes.get(kind, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[url] = ""
            continue
        html = response.content.decode()
        pages[url] = html
        soup = BeautifulSoup(html, "html.parser")
        hrefs = [link["href"] for link in soup.find_all("a", href=True)]
        # The sidebar's menu is drawn by script from JSON: its URLs are links too.
        for script in soup.find_all("script", type="application/json"):
            hrefs += re.findall(r'"(/admin/[^"]*)"', script.string or "")
        for href in hrefs:
            href = urldefrag(href)[0]
            if href.startswith("/admin/") and not SKIP.search(href) and href not in pages:
                queue.append(href)
    return pages
