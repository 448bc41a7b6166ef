"""No English where editors, experts and 终审 look: every admin page each role reaches
by links, and the workflow e-mails. Latin words are allowed only in what is not
language: URLs, file names, 申报编号, file formats and units."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from cases.models import Assignment
from cases.models.review import start_review
from tests.admin.walk import LATIN_WORD, seen_text, walk
from tests.cases.review.conftest import member
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db

ALLOWED_WORDS = {"PDF", "Excel", "URL", "JavaScript", "DOCX", "XLSX", "MB", "KB", "ID"}
ALLOWED_WORDS |= {"JPG", "JPEG", "PNG", "GIF", "WEBP", "AVIF", "SVG"}
NOT_LANGUAGE = re.compile(
    r"https?://\S+|[\w.-]+@[\w.-]+|\S+\.(?:jpe?g|png|gif|webp|avif|docx?|xlsx?|pdf)\b"
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
}


def english_in(text):
    return [w for w in LATIN_WORD.findall(NOT_LANGUAGE.sub(" ", text)) if w not in ALLOWED_WORDS]


@pytest.fixture
def named(people, django_capture_on_commit_callbacks, django_user_model):
    for key, (family, given) in NAMES.items():
        user = people[key]
        user.last_name, user.first_name = family, given
        user.save()
    Assignment.objects.create(case=people["case"], expert=people["expert_a"])
    agent = member(django_user_model, "agent", "申报代理", last_name="孙", first_name="丽")
    people = {**people, "agent": agent}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    return people


@pytest.mark.parametrize("role", ["editor", "expert_a", "approver", "agent"])
def test_every_admin_page_a_role_reaches_is_in_chinese(client, named, role):
    client.force_login(named[role])
    pages = walk(client, limit=300)
    assert len(pages) >= (2 if role in ("expert_a", "agent") else 12)
    found = {}
    for url, html in pages.items():
        for text in seen_text(html):
            if words := english_in(text):
                found.setdefault(text[:100], (url, words))
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


def test_replaced_words_keep_the_length_the_browser_reads(client, people):
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


def test_avatars_do_not_ask_gravatar_for_a_hash_of_the_e_mail(client, people):
    client.force_login(people["editor"])
    assert "gravatar" not in client.get("/admin/").content.decode()
