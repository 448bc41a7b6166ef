"""Words found as written through the posting lists of characters and their pairs."""

import pytest

from search import grams
from search.backends.database import DatabaseBackend
from search.models import SearchEntry, SearchGram
from search.query import SearchQuery
from tests.search.es_fakes import case_doc


def test_pairs_stay_inside_words_and_fields():
    found = grams.text_grams("楼上漏水 | 水淹")
    assert {"楼上", "上漏", "漏水", "水淹", "楼", "淹"} <= found
    assert not {g for g in found if " " in g or "|" in g}
    assert "水水" not in found  # 漏水 and 水淹 are different fields
    assert grams.word_grams("楼上漏水") == {"楼上", "上漏", "漏水"}
    assert grams.word_grams("餐") == {"餐"}
    assert grams.exact("业委") and grams.exact("餐")
    assert not grams.exact("业委会") and not grams.exact("a b")


def test_posting_lists_round_trip_sorted():
    assert list(grams.decode(grams.encode({70000, 3, 12}))) == [3, 12, 70000]
    assert len(grams.encode(range(1000))) == 4000


def found(text, backend=None):
    results = (backend or DatabaseBackend()).search(SearchQuery(text=text))
    return [hit.id for hit in results.hits]


@pytest.mark.django_db
def test_a_word_cut_differently_by_the_segmenter_is_found_and_follows_edits():
    backend = DatabaseBackend()
    backend.rebuild(
        [
            case_doc(1, body="三楼的住户楼上漏水淹了厨房，调解员上门。"),
            case_doc(2, body="楼上的住户说，上漏下湿，漏水的管子换了。"),
            case_doc(3, body="加装电梯的协调会开了五次。"),
        ]
    )
    # 漏水 is no term of case 1 (cut 楼上/漏/水淹) but is written there; quoted, the
    # phrase must be written as such, which case 2 (楼上 … 漏水) does not.
    assert sorted(found("楼上漏水")) == [1, 2]
    assert found('"楼上漏水"') == [1]
    assert found("梯") == [3]
    assert found("楼上漏水 -上漏下湿") == [1]
    # Publishing an edit: the old text's pairs go, the new text's come.
    backend.index(case_doc(3, body="楼道里堆物的清理。"))
    assert found("电梯") == [] and found("堆物") == [3]
    backend.remove(1)
    assert found('"楼上漏水"') == []
    entry_ids = set(SearchEntry.objects.values_list("id", flat=True))
    for gram in SearchGram.objects.all():
        assert set(grams.decode(gram.entries)) <= entry_ids, gram.gram
    assert not SearchGram.objects.filter(gram="梯").exists()  # no entry holds it any more


@pytest.mark.django_db
def test_index_one_by_one_equals_a_rebuild():
    docs = [
        case_doc(i, body=f"第{i}个案例：居委会、物业和业委会三方协商，楼上漏水。")
        for i in (1, 2, 3)
    ]
    one_by_one = DatabaseBackend()
    for doc in docs:
        one_by_one.index(doc)
    first = {g.gram: list(grams.decode(g.entries)) for g in SearchGram.objects.all()}
    by_case = dict(SearchEntry.objects.values_list("id", "case_id"))
    first = {g: sorted(by_case[i] for i in ids) for g, ids in first.items()}
    DatabaseBackend().rebuild(docs)
    by_case = dict(SearchEntry.objects.values_list("id", "case_id"))
    rebuilt = {
        g.gram: sorted(by_case[i] for i in grams.decode(g.entries))
        for g in SearchGram.objects.all()
    }
    assert rebuilt == first and rebuilt["业委"] == [1, 2, 3]
