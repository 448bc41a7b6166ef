"""The 申报表's private fields are described once (cases/fields/application_form.py): the model,
the online form, the Word form and the summary table all follow that description."""

import pytest

from cases.fields import application_form
from cases.models import Application
from cases.submission.blank_form import build_form
from cases.submission.docx_import import parse_application
from cases.submission.exports import CONTACT_COLUMNS
from cases.submission.forms import ApplyForm
from tests.cases.submission.docx_files import document_texts

VALUES = {
    "contact_name": "王某某",
    "contact_address": "静安区某路1号",
    "contact_phone": "021-62551250",
    "contact_mobile": "13912345678",
    "contact_fax": "021-62551251",
    "contact_email": "applicant@example.org",
    "recommender": "某某街道社区党建服务中心",
    "recommender_opinion": "同意推荐。",
    "recommended_on": "2016年6月15日",
    "recommender_contact_name": "李某某",
    "recommender_address": "静安区某路2号",
    "recommender_phone": "021-52133533",
    "recommender_mobile": "13812345678",
    "recommender_fax": "021-52133534",
    "recommender_email": "recommender@example.org",
}


def test_the_description_holds_the_fifteen_fields_of_the_notice():
    assert set(application_form.NAMES) == set(VALUES)
    for part in (application_form.APPLICANT, application_form.RECOMMENDER):
        rows = application_form.contact_rows(part)
        assert [[f.kind for f in row] for row in rows] == [
            ["name", "address"],
            ["phone", "mobile"],
            ["fax", "email"],
        ]


@pytest.mark.parametrize("field", application_form.FIELDS, ids=lambda f: f.name)
def test_model_and_online_form_follow_the_description(field, campaign):
    model_field = Application._meta.get_field(field.name)
    assert model_field.verbose_name == field.label
    if field.max_length:
        assert model_field.max_length == field.max_length
    form_field = ApplyForm(campaign=campaign).fields[field.name]
    assert (form_field.label, form_field.required) == (field.label, field.required)


def test_the_word_form_prints_every_label_and_reads_every_value_back():
    document = build_form(VALUES)
    texts = document_texts(document)
    for field in application_form.FIELDS:
        label = "".join(field.printed.split())  # document_texts drops whitespace
        assert any(text.startswith(label) for text in texts), field.printed
    parsed = parse_application(document).values
    read = {name: parsed.get(name) for name in VALUES}
    assert str(read.pop("recommended_on")) == "2016-06-15"
    assert read == {k: v for k, v in VALUES.items() if k != "recommended_on"}


def test_summary_table_names_its_contact_columns_as_the_form_does():
    labels = {field.label for field in application_form.FIELDS}
    assert all(header in labels for header, _ in CONTACT_COLUMNS)
