"""Characters and character pairs of a folded text, and the posting lists that say
which entries hold them (no Django).

A word is found as written, however the segmenter cut the text around it, by the
entries holding every pair of its characters (one character: that character). Scanning
every folded text for each query word instead (SQLite instr(), PostgreSQL strpos())
costs about 17 ms per 1,000 cases and query: 170 ms at 10,000, beyond what a search
page may spend. Pairs answer a two-character word exactly; for a longer word they may
also find a text that holds its pairs apart (楼上 … 上漏 … 漏水), which is why such a
match weighs little, and why a quoted phrase or an excluded word is checked against the
candidates' text.
"""

import sys
from array import array

# Separators of folded_text's fields and words: no pair spans them.
_BREAKS = frozenset(" |")


def _runs(text):
    run = []
    for char in text:
        if char in _BREAKS:
            if run:
                yield "".join(run)
            run = []
        else:
            run.append(char)
    if run:
        yield "".join(run)


def text_grams(text: str) -> set[str]:
    """Every character and every pair of adjacent characters within a word of `text`."""
    found = set()
    for run in _runs(text):
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def word_grams(word: str) -> set[str]:
    """The grams an entry must hold to hold `word` as written."""
    found = set()
    for run in _runs(word):
        found.update([run] if len(run) == 1 else (run[i : i + 2] for i in range(len(run) - 1)))
    return found


def exact(word: str) -> bool:
    """Whether holding word_grams(word) means holding the word itself."""
    runs = list(_runs(word))
    return len(runs) == 1 and len(runs[0]) <= 2


# Sorted entry ids as 4-byte unsigned integers, little-endian on every machine.
def encode(ids) -> bytes:
    packed = array("I", sorted(ids))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def decode(blob) -> array:
    packed = array("I")
    packed.frombytes(bytes(blob))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed
