import pytest
from django.contrib.auth.models import Group

from cases.models import Application, ExpertProfile
from cases.models.review import start_review
from tests import roles
from tests.factories import CasePageFactory, OrganizationFactory


def member(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="pw", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(db, django_user_model, campaign, django_capture_on_commit_callbacks):
    return make_people(django_user_model, campaign, django_capture_on_commit_callbacks)


def make_people(django_user_model, campaign, capture_on_commit):
    """The review roles and a case in review; also built once per module
    (tests/admin/test_chinese.py)."""
    applicant_org = OrganizationFactory(name="申报单位甲")
    users = {
        "editor": member(django_user_model, "editor", roles.EDITORS),
        "expert_a": member(django_user_model, "expert_a", roles.EXPERTS),
        "expert_b": member(django_user_model, "expert_b", roles.EXPERTS),
        "expert_c": member(django_user_model, "expert_c", roles.EXPERTS),
        "expert_own": member(django_user_model, "expert_own", roles.EXPERTS),
        "approver": member(django_user_model, "approver", roles.APPROVERS),
    }
    ExpertProfile.objects.create(user=users["expert_own"], organization=applicant_org)
    case = CasePageFactory(parent=campaign, organization=applicant_org, live=False)
    case.save_revision()
    Application.objects.create(
        case=case,
        contact_name="私密联系人",
        contact_email="applicant@example.org",
        contact_mobile="13911112222",
    )
    with capture_on_commit(execute=True):  # e-mails go out on commit
        start_review(case)
    users["case"] = case
    return users
