"""The one versioned memo behind the published parts and the search backend's snapshot and
query matches (published/memo.py)."""

import threading

from published.memo import MISSING, VersionedMemo


def test_a_value_is_produced_once_per_version_and_key():
    memo, calls = VersionedMemo(4), []

    def produce():
        calls.append(1)
        return len(calls)

    assert memo.remember("v1", "a", produce) == 1
    assert memo.remember("v1", "a", produce) == 1
    assert memo.remember("v1", "b", produce) == 2
    # Another version: everything of the old one is dropped, not only the key asked for.
    assert memo.remember("v2", "a", produce) == 3
    assert memo.get("v2", "b") is MISSING
    assert len(memo) == 1


def test_the_least_recently_used_goes_first():
    memo = VersionedMemo(2)
    memo.set(1, "a", "A")
    memo.set(1, "b", "B")
    assert memo.get(1, "a") == "A"  # a is now the most recent
    memo.set(1, "c", "C")
    assert memo.get(1, "b") is MISSING
    assert (memo.get(1, "a"), memo.get(1, "c")) == ("A", "C")
    assert len(memo) == 2


def test_keep_refuses_values_and_no_version_keeps_nothing():
    memo = VersionedMemo(4)
    assert memo.remember(1, "big", lambda: [0] * 10, keep=lambda v: len(v) < 5) == [0] * 10
    assert memo.get(1, "big") is MISSING
    assert memo.remember(None, "x", lambda: "fresh") == "fresh"
    assert memo.remember(None, "x", lambda: "fresher") == "fresher"
    assert memo.get(None, "x", default="nothing") == "nothing"


def test_forget_drops_everything():
    memo = VersionedMemo(4)
    memo.set(1, "a", "A")
    memo.forget()
    assert memo.get(1, "a") is MISSING


def test_threads_of_several_versions_never_see_another_versions_value():
    """Threads reading and writing two versions at once: each value read back is one
    written for the version asked, the size bound holds throughout, nothing raises."""
    memo, wrong, errors = VersionedMemo(8), [], []
    start = threading.Barrier(8)

    def work(n):
        try:
            start.wait()
            for i in range(2000):
                version = (n + i) % 2
                key = i % 20
                found = memo.remember(version, key, lambda v=version, k=key: (v, k))
                if found != (version, key):
                    wrong.append(found)
                assert len(memo) <= 8
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and wrong == []
