"""The adversary: every query parameter malformed, every field 200,000 characters, digits
only, NUL, emoji. The answer is a clear message in Chinese, never a 500, and nothing
already entered is lost."""

import re

import pytest
from django.test import Client

from cases.models import CasePage
from tests.cases.submission.apply_data import QUIET_TEXT, form_data
from tests.cases.submission.conftest import open_campaign  # noqa: F401
from tests.cases.submission.test_apply import apply_url
from tests.factories import CasePageFactory

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
HOSTILE_VALUES = {
    "quote": '"',
    "unbalanced": '物业"',
    "quoted words": '"a" "b',
    "nul": "\x00",
    "huge number": "999999999999999999999",
    "negative": "-1",
    "not a number": "abc",
    "emoji": "🏠👵🏻",
    "long": "楼" * 10_000,
    "sql": "' OR 1=1 --",
    "invalid utf-8": "%ff",
}
API_PARAMETERS = [
    "search", "search_operator", "offset", "limit", "type", "fields", "order",
    "child_of", "descendant_of", "id", "title", "locale",
]  # fmt: skip
PAGE_PARAMETERS = {
    "/cases/": ["page", "year", "section", "street", "kind", "participant", "sort", "per"],
    "/search/": ["q", "page", "year", "section", "street", "kind", "participant", "sort"],
    "/sitemap.xml": ["p"],
}


@pytest.fixture
def site(campaign, library):
    case = CasePageFactory(parent=campaign, title="小区物业纠纷调解", live=False)
    case.save_revision().publish()
    return case


def _client():
    return Client(raise_request_exception=False)


def _get(client, path, name, value):
    if value == "%ff":  # a byte that is not UTF-8, as a crawler may send it
        return client.get(f"{path}?{name}=%ff")
    return client.get(path, {name: value})


@pytest.mark.parametrize("value", sorted(HOSTILE_VALUES))
def test_api_answers_every_malformed_parameter_in_chinese(site, value):
    client = _client()
    for name in API_PARAMETERS:
        response = _get(client, "/api/v2/pages/", name, HOSTILE_VALUES[value])
        assert response.status_code in (200, 400, 404), (name, value, response.status_code)
        if response.status_code != 200:
            assert CJK.search(response.json()["message"]), (name, value, response.json())


@pytest.mark.parametrize("value", sorted(HOSTILE_VALUES))
def test_public_pages_never_fail_on_their_query_strings(site, value):
    client = _client()
    for path, names in PAGE_PARAMETERS.items():
        for name in names:
            response = _get(client, path, name, HOSTILE_VALUES[value])
            if response.status_code == 301:  # the library's one address for what it read
                assert "?" not in response["Location"], (path, name, value)
                response = client.get(response["Location"])
            assert response.status_code in (200, 400, 404), (path, name, value)


def test_error_pages_are_chinese_and_in_the_site_style(site):
    client = _client()
    missing = client.get("/no-such-page/")
    body = missing.content.decode()
    assert missing.status_code == 404
    assert "没有找到这个页面" in body and "portal.css" in body and "Not Found" not in body
    bad_status = client.get("/apply/status/forged/")
    assert bad_status.status_code == 404 and "Not Found" not in bad_status.content.decode()


@pytest.mark.parametrize(
    "field", ["title", "organization_name", "contact_name", "street", "recommender_opinion"]
)
@pytest.mark.parametrize(
    "value",
    ["楼" * 200_000, "1" * 200_000, "标题\x00", "🏠" * 50],
    ids=["200k characters", "200k digits", "NUL", "emoji"],
)
def test_hostile_field_values_get_a_message_and_keep_the_rest(open_campaign, field, value):  # noqa: F811
    client = _client()
    data = form_data(
        case_text=QUIET_TEXT, contact_name="保留的联系人", contact_address="保留的地址"
    )
    data[field] = value
    response = client.post(apply_url(open_campaign), data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        body = response.content.decode()
        assert "请修改以下" in body
        kept = "保留的地址" if field == "contact_name" else "保留的联系人"
        assert kept in body
    titles = CasePage.objects.values_list("title", flat=True)
    assert not any("\x00" in title for title in titles)


def test_a_three_megabyte_paste_is_answered_beside_the_field(open_campaign):  # noqa: F811
    client = _client()
    data = form_data(case_text="楼" * 1_000_000, title="保留的标题")  # 3 MB of UTF-8
    response = client.post(apply_url(open_campaign), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "案例正文过长" in body and 'value="保留的标题"' in body


def test_a_post_too_large_for_any_form_gets_the_chinese_400(open_campaign):  # noqa: F811
    client = _client()
    response = client.post(apply_url(open_campaign), form_data(case_text="楼" * 4_000_000))
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
