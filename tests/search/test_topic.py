"""A case's main topic: the tag its applicant or editor gave first, kept in that order
from the tag field to the search document, and weighed above the other tags by both
backends (devlarge2 d2-008 停车难, d2-020 消防安全: the cases about the topic came after
cases that tag it in passing)."""

import pytest
from taggit.models import Tag
from wagtail.admin.forms.tags import TagField
from wagtail.admin.widgets import AdminTagWidget

from cases.models import CasePage
from search.backends.elasticsearch import document_source, text_query
from search.documents import published_cases, published_documents
from search.plan import field_terms, parse_query, plan
from search.query import SearchQuery
from tests.factories import CasePageFactory
from tests.search.es_fakes import case_doc
from tests.search.small_library import FILLER, found, rebuild

TYPED = "停车难, 业委会，物业 错峰共享"  # the Chinese comma too; unsorted on purpose
GIVEN = ["停车难", "业委会", "物业 错峰共享"]


def test_the_tag_field_keeps_the_order_typed():
    assert TagField().clean(TYPED) == GIVEN
    assert TagField().clean('"停车 自治" 停车难 业委会') == ["停车 自治", "停车难", "业委会"]
    assert TagField().clean("停车难 业委会 停车难") == ["停车难", "业委会"]


def test_the_chinese_comma_separates_inside_an_entry_the_tag_widget_quoted():
    # Wagtail's widget wraps an entry holding a space in quotes as it is typed, commas and
    # all; the hidden field then reads as below (tests/browser/test_tags.py).
    typed = '售后公房,"业主 大会，邻里 调解",物业'
    assert TagField().clean(typed) == ["售后公房", "业主 大会", "邻里 调解", "物业"]
    assert TagField().clean('"业主 大会, 业委会"') == ["业主 大会, 业委会"]  # ASCII: one name


def test_quotes_inside_a_tag_are_part_of_it_and_survive_the_edit_page():
    # Only quotes around a whole entry group it; 楼道"议事"会 was saved as 3 tags, and a
    # case holding it lost it to 楼道, 议事, 会 when an editor merely saved the page.
    assert TagField().clean('售后公房,楼道"议事"会') == ["售后公房", '楼道"议事"会']
    names = ["售后公房", '楼道"议事"会', "业主 大会", "物业,业委会"]
    shown = AdminTagWidget().format_value([Tag(name=name) for name in names])
    assert TagField().clean(shown) == names
    assert TagField().clean('"停车 自治 停车难') == ["停车", "自治", "停车难"]  # left open


def test_a_full_width_space_stays_inside_a_tag_through_the_edit_page():
    # Chinese input methods type U+3000; Wagtail's widget quotes a name only for an ASCII
    # space, so 邻里\u3000互助 alone was saved as two tags, and again at every save.
    assert TagField().clean("邻里\u3000互助") == ["邻里\u3000互助"]
    names = ["邻里\u3000互助", "养老"]
    shown = AdminTagWidget().format_value([Tag(name=name) for name in names])
    assert TagField().clean(shown) == names
    assert TagField().clean("邻里\u3000互助 养老") == names


@pytest.mark.django_db
def test_a_case_keeps_its_tags_in_the_order_typed_to_its_document_and_editor(campaign):
    case = CasePageFactory(parent=campaign, title="车位从哪里来", live=False)
    case.tags.set(TagField().clean(TYPED))
    case.save_revision().publish()

    (doc,) = published_documents(published_cases().filter(pk=case.pk))
    assert doc.tags == tuple(GIVEN) and doc.topic == ("停车难",)
    # The editor opening the case again sees them as typed.
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    shown = CasePage._meta.get_field("tags").value_from_object(latest)
    assert AdminTagWidget().format_value(shown) == '停车难, 业委会, "物业 错峰共享"'


@pytest.mark.django_db
def test_the_case_whose_first_tag_is_the_query_comes_first():
    same = {"title": "车位从哪里来", "body": FILLER + "小区停车难，居民协商。"}
    rebuild(
        {**same, "tags": ("人大代表", "停车难")},  # tags it in passing
        {**same, "tags": ("停车难", "人大代表")},  # is about it
        *[{"body": FILLER}] * 4,
    )
    assert found("停车难")[1][:2] == [2, 1]


def test_elasticsearch_weighs_the_first_tag_as_the_embedded_backend_does():
    doc = case_doc(tags=("停车难", "人大代表"))
    terms = document_source(doc)["terms"]
    assert terms["topic"] == " ".join(field_terms(case_doc(tags=("停车难",)), "tags"))
    assert "代表" in terms["tags"] and "代表" not in terms["topic"]
    query = text_query(plan(parse_query(SearchQuery(text="停车难"))))
    fields = {f for node in [query] for f in _multi_match_fields(node)}
    assert {"terms.topic^3", "terms.tags^3", "terms.title^5"} <= fields


def _multi_match_fields(node):
    if isinstance(node, dict):
        if "multi_match" in node:
            yield from node["multi_match"]["fields"]
        for value in node.values():
            yield from _multi_match_fields(value)
    elif isinstance(node, list):
        for value in node:
            yield from _multi_match_fields(value)


@pytest.mark.django_db
def test_a_case_discussing_the_query_throughout_comes_before_one_naming_it_in_passing():
    # devlarge2 (dev_queries_2.json): the cases about a topic came after those naming it
    # in their summary and once in their body (broad queries, MRR 0.959).
    rebuild(
        {"title": "楼组议事", "summary": "顺带做了垃圾分类。", "body": FILLER + "也谈垃圾分类。"},
        {"title": "楼组议事", "summary": "摘要", "body": "垃圾分类宣传，垃圾分类指导。" * 6},
        *[{"body": FILLER}] * 4,
    )
    assert found("垃圾分类")[1][:2] == [2, 1]
