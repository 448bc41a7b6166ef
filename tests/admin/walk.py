"""Walks the admin as one user: every page reachable by links from the dashboard, with
the words a user sees (text, titles, labels, placeholders, button values, and the
sidebar's menu, which is drawn by script from JSON)."""

import json
import re
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SEEN_ATTRIBUTES = (
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "data-bs-title",
    "data-w-tooltip-content-value",
)
# Links that change something when followed, or leave the admin.
SKIP = re.compile(
    r"/logout/|/delete/|/unpublish/|/copy/|/move/|/revert|/lock/|/unlock/|/export|\.xlsx|\.pdf|/download|/file/|/usage/"
)
SIDEBAR_PROPS = re.compile(
    r"<script\b[^>]*\bid=[\"']?wagtail-sidebar-props\b[^>]*>(.*?)</script>", re.S | re.I
)
CJK = r"\u3400-\u9fff"
# An ASCII quote next to Chinese (页面 'X' 已被更新): Chinese text quotes with “…”.
WESTERN_QUOTE = re.compile(rf"[{CJK}]\s*[\"'][^\"'<>=]*[\"']|[\"'][^\"'<>=]*[\"']\s*[{CJK}]")


def resolve(value, refs=None):
    """Wagtail's sidebar JSON (telepath) with its shared values put back in place."""
    refs = {} if refs is None else refs
    if isinstance(value, dict):
        if "_ref" in value:
            return refs.get(value["_ref"])
        if "_val" in value:
            refs[value["_id"]] = resolved = resolve(value["_val"], refs)
            return resolved
        return {key: resolve(item, refs) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, refs) for item in value]
    return value


def sidebar(html: str) -> dict:
    """What the sidebar shows: menu labels and URLs, the account's name, and the menu
    items drawn with a "new" badge until dismissed."""
    # The props script cut out, not the page parsed again for it: parsing took a third
    # of the walks' time, and seen_text() had parsed the page already.
    props = SIDEBAR_PROPS.search(html)
    found = {"labels": [], "urls": [], "account": None, "badges": []}
    if props is None:
        return found

    def visit(node):
        if isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.MainMenuModule":
                found["account"] = node["_args"][2]["name"]
            if "label" in node and "icon_name" in node:  # a menu item
                found["labels"].append(node["label"])
                if node.get("url"):
                    found["urls"].append(node["url"])
                attrs = node.get("attrs") or {}
                if "w-dismissible" in str(attrs.get("data-controller", "")) and not attrs.get(
                    "data-w-dismissible-dismissed-value"
                ):
                    found["badges"].append(node["label"])
            for item in node.values():
                visit(item)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(resolve(json.loads(props.group(1))))
    return found


class Page(str):
    """A walked page's HTML with what it shows, read from the parse that found its links
    (the walks parsed every page twice: a third of their time)."""

    texts: list[str]


def seen_text(html: str) -> list[str]:
    if isinstance(html, Page):
        return list(html.texts)
    return _seen_in(BeautifulSoup(html, "html.parser"), html)


def _seen_in(soup, html):
    """What seen_text() reads, from the page's parse (taken apart on the way)."""
    # Not shown: scripts, styles, icons and elements marked hidden (a noscript message
    # is shown, to a browser without JavaScript).
    for hidden in soup(["script", "style", "svg"]) + soup.find_all(attrs={"hidden": True}):
        hidden.decompose()
    texts = list(soup.stripped_strings)
    for tag in soup.find_all(True):
        texts += [tag[a] for a in SEEN_ATTRIBUTES if isinstance(tag.get(a), str)]
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            texts.append(tag.get("value", ""))
    menu = sidebar(html)
    return texts + menu["labels"] + ([menu["account"]] if menu["account"] else [])


def one_login(monkeypatch, client, user):
    """The client logged in as user, and every request served to that one user object
    while the test runs: the walks only read, so nothing they open changes who the user
    is or may see. Each request had read the session, the user and the groups'
    permissions again (a third of a visibility walk's time)."""
    from django.contrib import auth

    client.force_login(user)
    monkeypatch.setattr(auth, "get_user", lambda request: user)


def shape(url: str) -> str:
    """A URL with its numbers as N: pages of one kind are walked a few times, not all."""
    path = urlsplit(url).path
    return re.sub(r"\d+", "N", path)


def walk(client, start="/admin/", limit=400, per_shape=2):
    """{url: html} of admin pages reachable from start by GET links; each html a Page
    that seen_text() reads without parsing it again."""
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
        html = Page(response.content.decode())
        pages[url] = html
        soup = BeautifulSoup(html, "html.parser")
        hrefs = [link["href"] for link in soup.find_all("a", href=True)]
        # The sidebar's menu is drawn by script from JSON: its URLs are links too.
        for script in soup.find_all("script", type="application/json"):
            hrefs += re.findall(r'"(/admin/[^"]*)"', script.string or "")
        html.texts = _seen_in(soup, html)
        for href in hrefs:
            href = urldefrag(href)[0]
            if href.startswith("/admin/") and not SKIP.search(href) and href not in pages:
                queue.append(href)
    return pages
