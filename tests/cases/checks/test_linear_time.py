"""Every check answers a hostile 200,000-character input in well under a second.

Anyone can paste such a text into the public form (and five of them once made the
editors' listing time out): the checks' patterns must run in time linear in the input.
"""

import time

import pytest

from cases.checks import CaseRules, check_case, check_length, check_privacy, count_characters

N = 200_000
ADVERSARIAL = {
    "digits": "1" * N,
    "digit runs with separators": "13912345678-" * (N // 12),
    "repeated separators": "-" * N,
    "spaces then a number": " " * (N - 8) + "62551250",
    "near-miss e-mail local part": "a" * N,
    "near-miss e-mail domain": "a@" + "b." * (N // 2 - 2) + "1",
    "near-miss e-mails": "x.y@z " * (N // 6),
    "near-miss address": "1" * (N - 3) + "号楼室"[:2],
    "house numbers": "12弄3号楼" * (N // 6),
    "room without number": "室" * N,
    "id-like digits": "3101011990010112" * (N // 16),
    "mixed": "张阿姨 021-" * (N // 9),
    "chinese prose": "老式小区设施陈旧安全管理隐患多" * (N // 15),
}
CHECKS = {
    "length": lambda text: check_length(text),
    "count": count_characters,
    "privacy": check_privacy,
    "case": lambda text: check_case(text, [(1800, 1200)] * 2, CaseRules()),
}


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
@pytest.mark.parametrize("check", sorted(CHECKS))
def test_each_check_is_fast_on_hostile_input(check, kind):
    text = ADVERSARIAL[kind]
    CHECKS[check]("预热")  # load the segmenter once, outside the timing
    # CPU time of this process: what the check costs, whatever else the machine runs.
    started = time.process_time()
    CHECKS[check](text)
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"{check} took {elapsed:.2f} s on {kind}"
