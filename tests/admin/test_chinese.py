"""No English where editors, experts and 终审 look: every admin page each role reaches
by links, and the workflow e-mails. Latin words are allowed only in what is not
language: URLs, file names, 申报编号, file formats and units."""

import re

import pytest
from django.core import mail

from cases.models import Assignment
from cases.models.review import start_review
from tests.admin.walk import LATIN_WORD, WESTERN_QUOTE, one_login, seen_text, sidebar, walk
from tests.cases.review.conftest import make_people, member
from tests.factories import CampaignPageFactory, CasePageFactory
from tests.rollback import rolled_back_after

pytestmark = pytest.mark.django_db

ALLOWED_WORDS = {"PDF", "Excel", "Word", "URL", "JavaScript", "DOCX", "XLSX", "MB", "KB", "ID"}
ALLOWED_WORDS |= {"JPG", "JPEG", "PNG", "GIF", "WEBP", "AVIF", "SVG", "CSV", "TSV", "WPS", "RTF"}
NOT_LANGUAGE = re.compile(
    # File names and bare extensions (.docx、.wps 和 .rtf) are not language.
    r"https?://\S+|[\w.-]+@[\w.-]+|\S*\.(?:jpe?g|png|gif|webp|avif|docx?|xlsx?|pdf|wps|rtf|odt)\b"
    r"|[A-Z]{2}\d{4}-\d{3}|/\S*",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_0-9]*\}|<[^>]+>")
NAMES = {
    "editor": ("李", "建华"),
    "expert_a": ("周", "敏"),
    "expert_b": ("陈", "静"),
    "expert_c": ("刘", "洋"),
    "expert_own": ("赵", "磊"),
    "approver": ("王", "立新"),
    "admin": ("吴", "志刚"),
}
ROLES = ["editor", "expert_a", "approver", "agent", "admin"]
# Pages each role must reach by links (the walk covers them, not only what it finds).
MUST_REACH = {
    "admin": [
        "/admin/sites/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/site-history/",
        "/admin/workflows/add/",
        "/admin/manual/",
    ],
    "editor": ["/admin/reports/workflow/", "/admin/manual/"],
    "expert_a": ["/admin/manual/"],
    "approver": ["/admin/manual/"],
    "agent": ["/admin/manual/"],
}


def english_in(text, data=()):
    """Latin words that are language; data: identifiers shown as they are (user names
    people log in with, the site's host name)."""
    for identifier in sorted(data, key=len, reverse=True):
        text = text.replace(identifier, " ")
    return [w for w in LATIN_WORD.findall(NOT_LANGUAGE.sub(" ", text)) if w not in ALLOWED_WORDS]


def identifiers():
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    logins = set(get_user_model().objects.values_list("username", flat=True))
    return logins | set(Site.objects.values_list("hostname", flat=True))


def western_order(text, people):
    """Names given name first (建华 李, 建华李), as English forms print them."""
    return [
        f"{u.first_name}{space}{u.last_name}"
        for u in people
        if u.first_name and u.last_name
        for space in ("", " ")
        if f"{u.first_name}{space}{u.last_name}" in text
    ]


def problems_on(pages, people, data):
    """{text: (url, what)} for every English word, ASCII quote in Chinese text and name
    in Western order on the pages walked."""
    found = {}
    for url, html in pages.items():
        for text in seen_text(html):
            if words := english_in(text, data):
                found.setdefault(text[:100], (url, words))
            if quotes := WESTERN_QUOTE.findall(text):
                found.setdefault(text[:100], (url, quotes))
            if names := western_order(text, people):
                found.setdefault(text[:100], (url, names))
    return found


@pytest.fixture(scope="module")
def _named_for_the_module(_demo_for_the_module, django_db_setup, django_db_blocker):
    """The demo content (loaded once per run, tests/conftest.py), with the review roles
    named in Chinese, an agent and a campaign of their own beside the demo's, built once
    for this module."""
    from django.contrib.auth import get_user_model
    from django.test import TestCase

    from home.models import HomePage

    users = get_user_model()
    with rolled_back_after(django_db_blocker):
        campaign = CampaignPageFactory(parent=HomePage.objects.get())
        people = make_people(users, campaign, TestCase.captureOnCommitCallbacks)
        for key, (family, given) in NAMES.items():
            if key not in people:  # the administrator: created by its own fixture
                continue
            user = people[key]
            user.last_name, user.first_name = family, given
            user.save()
        Assignment.objects.create(case=people["case"], expert=people["expert_a"])
        agent = member(users, "agent", "申报代理", last_name="孙", first_name="丽")
        yield {**people, "agent": agent}


@pytest.fixture
def named(_named_for_the_module, db):
    """Fresh copies for each test: what one test changes on them stays its own."""
    return {key: type(obj).objects.get(pk=obj.pk) for key, obj in _named_for_the_module.items()}


@pytest.fixture
def administrator(named, django_user_model):
    family, given = NAMES["admin"]
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "pw", last_name=family, first_name=given
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_a_role_reaches_is_in_chinese(
    client, named, administrator, role, monkeypatch
):
    user = administrator if role == "admin" else named[role]
    one_login(monkeypatch, client, user)
    pages = walk(client, limit=300)
    assert len(pages) >= (2 if role in ("expert_a", "agent") else 12)
    from django.contrib.auth import get_user_model

    found = problems_on(pages, get_user_model().objects.all(), identifiers())
    menu = sidebar(pages["/admin/"])
    # The sidebar names the account by the whole name, family name first (not "建华").
    if menu["account"] != user.last_name + user.first_name:
        found["sidebar account"] = ("/admin/", [menu["account"]])
    # Help is the portal's own manual: no English guide, no permanent "new" badge.
    if menu["badges"]:
        found["badges"] = ("/admin/", menu["badges"])
    if external := [url for url in menu["urls"] if not url.startswith(("/", "#"))]:
        found["links out of the portal"] = ("/admin/", external)
    if missing := [url for url in MUST_REACH[role] if not pages.get(url)]:
        found["not reached"] = ("/admin/", missing)
    assert not found, "\n".join(f"{url}: {text!r} {words}" for text, (url, words) in found.items())
    assert "使用手册" in menu["labels"]


def test_the_login_pages_are_in_chinese(client, named, administrator):
    pages = {
        "/admin/login/": client.get("/admin/login/").content.decode(),
        "/admin/password_reset/": client.get("/admin/password_reset/").content.decode(),
    }
    wrong = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    pages["/admin/login/ (wrong password)"] = wrong.content.decode()
    texts = seen_text(pages["/admin/login/"])
    assert "密码" in texts
    # Not a sentence built around a field name ("输入你的 用户名").
    assert "请输入用户名" in texts and "请输入密码" in texts
    found = problems_on(pages, [administrator], set())
    assert not found, "\n".join(f"{url}: {text!r} {words}" for text, (url, words) in found.items())


def test_names_are_family_name_first_without_a_space(client, named):
    client.force_login(named["editor"])
    dashboard = " ".join(seen_text(client.get("/admin/").content.decode()))
    assert "李建华" in dashboard and "建华 李" not in dashboard
    assign = " ".join(
        seen_text(client.get(f"/admin/cases/assign/{named['case'].pk}/").content.decode())
    )
    assert "周敏" in assign and "expert_a" not in assign


def test_workflow_e_mails_are_in_chinese(named, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    case = CasePageFactory(parent=named["case"].get_parent(), title="新的案例", live=False)
    case.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        start_review(case)  # the 形式审查 group is told
    assert mail.outbox, "no workflow e-mail was sent"
    for message in mail.outbox:
        assert not english_in(message.subject), message.subject
        assert not english_in(message.body), message.body
    assert any(m.body.startswith("李建华") for m in mail.outbox), mail.outbox[0].body


def test_replaced_words_keep_the_length_the_browser_reads(client, named):
    people = named
    # A Content-Length left at the English length made the browser wait for bytes that
    # never came: the admin page never finished loading.
    client.force_login(people["editor"])
    response = client.get(f"/admin/pages/{people['case'].get_parent().pk}/")
    assert 'aria-label="操作"' in response.content.decode()
    assert 'aria-label="Actions"' not in response.content.decode()
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalog_is_the_edited_one(domain):
    # Edit the .po, then compile (manage.py compilemessages, or polib's save_as_mofile).
    import gettext

    import polib
    from django.conf import settings

    folder = settings.LOCALE_PATHS[0] / "zh_Hans" / "LC_MESSAGES"
    with open(folder / f"{domain}.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    for entry in polib.pofile(str(folder / f"{domain}.po")):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert catalog._catalog[(key, 0)] == entry.msgstr_plural[0], entry.msgid
        else:
            assert catalog._catalog[key] == entry.msgstr, entry.msgid
        text = PLACEHOLDER.sub(" ", entry.msgstr or entry.msgstr_plural[0])
        assert not english_in(text), entry.msgid


def test_avatars_do_not_ask_gravatar_for_a_hash_of_the_e_mail(client, named):
    people = named
    client.force_login(people["editor"])
    assert "gravatar" not in client.get("/admin/").content.decode()


def test_success_messages_quote_titles_with_chinese_quotes(client, named, administrator):
    # Django escapes an ASCII quote as &#x27;: seen_text reads what the browser shows.
    case = named["case"]
    case.locked, case.locked_by = True, administrator
    case.save(update_fields=["locked", "locked_by"])
    client.force_login(administrator)
    response = client.post(f"/admin/pages/{case.pk}/unlock/", follow=True)
    texts = seen_text(response.content.decode())
    assert f"页面“{case.title}”已解锁。" in texts, [t for t in texts if "解锁" in t]
    assert not [t for t in texts if WESTERN_QUOTE.search(t)]


def wagtail_and_django_catalogs():
    from pathlib import Path

    import django
    import wagtail
    import wagtail_modeladmin

    roots = [Path(m.__file__).parent for m in (wagtail, wagtail_modeladmin)]
    roots.append(Path(django.__file__).parent / "contrib")
    return [po for root in roots for po in root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")]


def test_no_message_quotes_a_title_with_ascii_quotes():
    """Every translation Wagtail and Django ship that puts a title in ASCII quotes is
    shown with “…” (success messages, confirmations, headings)."""
    import polib
    from django.utils import translation

    wrong = []
    with translation.override("zh-hans"):
        for catalog in wagtail_and_django_catalogs():
            for entry in polib.pofile(str(catalog)):
                shipped = entry.msgstr or entry.msgstr_plural.get(0, "")
                if not WESTERN_QUOTE.search(PLACEHOLDER.sub("标题", shipped)):
                    continue
                shown = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                    if entry.msgctxt and entry.msgid_plural
                    else translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                    if entry.msgid_plural
                    else translation.gettext(entry.msgid)
                )
                if WESTERN_QUOTE.search(PLACEHOLDER.sub("标题", shown)):
                    wrong.append(shown)
    assert not wrong, wrong


def test_the_manual_explains_each_role_with_the_reader_s_own_first(client, named):
    client.force_login(named["expert_a"])
    texts = seen_text(client.get("/admin/manual/").content.decode())
    headings = [
        t for t in texts if t.startswith(("申报代理", "编辑", "评审专家", "终审", "管理员"))
    ]
    assert headings[0] == "评审专家（您的角色）", headings
    assert {"编辑（区社联会）", "终审（区社工委、社建办）", "申报代理（区社联会）"} <= set(headings)
    assert not [t for t in texts if english_in(t)]
