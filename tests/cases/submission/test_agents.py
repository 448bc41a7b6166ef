"""The notice's route: 区社联会 officers (申报代理) submit for many organisations, see
all of them with their states, and receive their receipts."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Application, ImportBatch
from tests.cases.submission.apply_data import QUIET_TEXT, form_data, with_photos
from tests.cases.submission.docx_files import VALUES, filled_form
from tests.factories import section
from tests.pages import soup

pytestmark = pytest.mark.django_db
AGENTS = "申报代理"


def agent(django_user_model, username):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@shelianhui.example.org", password="pw"
    )
    user.groups.add(Group.objects.get(name=AGENTS))
    return user


def test_an_officer_submits_for_many_organisations_and_follows_them(
    client, settings, open_campaign, django_user_model, django_capture_on_commit_callbacks
):
    settings.SUBMISSION_RATE_LIMIT_PER_HOUR = 2  # an anonymous address would stop at two
    officer = agent(django_user_model, "shelianhui")
    client.force_login(officer)
    url = open_campaign.url + "apply/"
    for i in range(3):
        data = form_data(
            title=f"代理申报案例{i}",
            organization_name=f"社会组织{i}",
            contact_email=f"org{i}@example.org",
            case_text=QUIET_TEXT,
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, with_photos(data))
        assert response.status_code == 302, response.status_code
    applications = Application.objects.select_related("case")
    assert {a.submitted_by for a in applications} == {officer}
    receipts = [m for m in mail.outbox if "申报回执" in m.subject]
    assert len(receipts) == 3
    assert all(officer.email in m.to and len(m.to) == 2 for m in receipts)

    listing = client.get(reverse("cases_admin:my_submissions")).content.decode()
    for i in range(3):
        assert f"代理申报案例{i}" in listing and f"社会组织{i}" in listing
    assert listing.count("审核中：") == 3 and listing.count("/apply/status/") == 3

    # Another officer sees none of them; a plain account may not open the list.
    client.force_login(agent(django_user_model, "other"))
    assert "代理申报案例0" not in client.get(reverse("cases_admin:my_submissions")).content.decode()
    client.force_login(django_user_model.objects.create_user("plain", password="pw"))
    assert client.get(reverse("cases_admin:my_submissions")).status_code == 302


def test_an_anonymous_submission_has_no_agent(client, open_campaign):
    data = form_data(case_text=QUIET_TEXT)
    assert client.post(open_campaign.url + "apply/", with_photos(data)).status_code == 302
    assert Application.objects.get().submitted_by is None


def test_an_officer_cannot_open_other_applications(client, open_campaign, django_user_model):
    data = form_data(case_text=QUIET_TEXT, contact_email="private@example.org")
    assert client.post(open_campaign.url + "apply/", with_photos(data)).status_code == 302
    application = Application.objects.get()
    client.force_login(agent(django_user_model, "shelianhui"))
    listing = client.get("/admin/cases/application/")
    assert listing.status_code == 302  # refused, back to the dashboard
    inspect = client.get(f"/admin/cases/application/inspect/{application.pk}/")
    assert inspect.status_code == 302
    assert "private@example.org" not in client.get("/admin/").content.decode()


def test_the_officers_list_reads_states_in_a_fixed_number_of_queries(
    client, open_campaign, django_user_model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = agent(django_user_model, "shelianhui")
    client.force_login(officer)
    url = reverse("cases_admin:my_submissions")

    def add(i):
        data = form_data(title=f"案例{i}", organization_name=f"组织{i}", case_text=QUIET_TEXT)
        data["contact_email"] = f"o{i}@example.org"
        assert client.post(open_campaign.url + "apply/", with_photos(data)).status_code == 302

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(0)
    one = count()
    add(1)
    add(2)
    assert count() == one


def test_an_officer_imports_word_forms_as_their_own_submissions(
    client, open_campaign, campaign, django_user_model, django_capture_on_commit_callbacks
):
    officer = agent(django_user_model, "shelianhui")
    client.force_login(officer)
    upload = client.get(reverse("cases_admin:import_upload")).content.decode()
    assert "以申报代理身份" in upload
    # Only the campaign taking submissions is offered; `campaign` has no open window.
    assert f'value="{open_campaign.pk}"' in upload and f'value="{campaign.pk}"' not in upload
    files = [
        SimpleUploadedFile(
            f"{i}.docx",
            filled_form(
                values={**VALUES, "title": f"代理导入{i}", "contact_email": f"o{i}@example.org"}
            ),
        )
        for i in range(2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases_admin:import_upload"),
            {"campaign": open_campaign.pk, "section": section("charity").pk, "files": files},
        )
    batch = ImportBatch.objects.get()
    assert batch.by_agent and response["Location"] == f"/admin/cases/import/{batch.pk}/"
    applications = Application.objects.select_related("case")
    assert {a.case.title for a in applications} == {"代理导入0", "代理导入1"}
    assert {a.submitted_by for a in applications} == {officer}
    receipts = [m for m in mail.outbox if "申报回执" in m.subject]
    assert sorted(tuple(m.to) for m in receipts) == [
        ("o0@example.org", officer.email),
        ("o1@example.org", officer.email),
    ]
    # The report links each case to its status page (an officer cannot open the editor).
    report = soup(client.get(response["Location"]))
    links = [a["href"] for a in report.select("table.listing a")]
    assert len(links) == 2 and all(link.startswith("/apply/status/") for link in links)
    listing = client.get(reverse("cases_admin:my_submissions")).content.decode()
    assert "代理导入0" in listing and "代理导入1" in listing

    # A closed campaign is refused with a message; another officer sees no batch of theirs.
    refused = client.post(
        reverse("cases_admin:import_upload"),
        {"campaign": campaign.pk, "section": section("charity").pk, "files": files[:1]},
    )
    assert "已截止或不接受申报" in refused.content.decode()
    client.force_login(agent(django_user_model, "other"))
    assert client.get(response["Location"]).status_code == 404
    assert "代理导入" not in client.get(reverse("cases_admin:import_upload")).content.decode()


def test_an_editors_import_is_no_submission_of_theirs(admin_client, open_campaign):
    admin_client.post(
        reverse("cases_admin:import_upload"),
        {
            "campaign": open_campaign.pk,
            "section": section("charity").pk,
            "files": [SimpleUploadedFile("a.docx", filled_form())],
        },
    )
    assert Application.objects.get().submitted_by is None
    assert not [m for m in mail.outbox if "申报回执" in m.subject]


def test_an_officer_sees_for_whom_the_form_is_submitted(client, open_campaign, django_user_model):
    from tests.factories import OrganizationFactory

    OrganizationFactory(name="彭浦镇睦邻服务社", kind="mediation", street="彭浦镇")
    officer = agent(django_user_model, "shelianhui")
    officer.last_name, officer.first_name = "周", "代理"
    officer.save()
    url = open_campaign.url + "apply/"

    # The public sees the plain form; ?for= means nothing to it.
    public = soup(client.get(url + "?for=彭浦镇睦邻服务社"))
    assert public.h1.get_text() == "在线申报：社会力量参与社区治理优秀案例申报表"
    assert not public.find(id="agent-notice")
    assert not public.find(id="id_organization_name").get("value")
    assert not public.select('#organizations option[value="彭浦镇睦邻服务社"]')  # unpublished

    client.force_login(officer)
    page = soup(client.get(url))
    assert page.h1.get_text() == "代申报单位申报：社会力量参与社区治理优秀案例申报表"
    assert "申报代理：周代理" in page.find(id="agent-notice").get_text()
    assert page.select('#organizations option[value="彭浦镇睦邻服务社"]')

    chosen = soup(client.get(url, {"for": "彭浦镇睦邻服务社"}))
    heading = "代“彭浦镇睦邻服务社”申报：社会力量参与社区治理优秀案例申报表"
    assert chosen.h1.get_text() == heading
    assert "代“彭浦镇睦邻服务社”提交" in chosen.find(id="agent-notice").get_text()
    assert chosen.find(id="id_organization_name")["value"] == "彭浦镇睦邻服务社"
    assert chosen.find(id="id_organization_kind").find("option", selected=True)["value"] == (
        "mediation"
    )
    assert chosen.find(id="id_street")["value"] == "彭浦镇"

    # Typed in the form instead: the page that comes back (here with errors) names it.
    response = client.post(url, form_data(organization_name="石门二路街道邻里中心", title=""))
    assert "代“石门二路街道邻里中心”申报" in soup(response).h1.get_text()
